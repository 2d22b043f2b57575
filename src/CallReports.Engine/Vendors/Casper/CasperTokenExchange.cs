using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// How a RingCX token is had when the user signs in rather than giving one: a RingCentral JWT is signed in at
/// RingCentral (<c>restapi/oauth/token</c>) and that token exchanged for a RingCX one
/// (<c>api/auth/login/rc/accesstoken</c>, 5 a minute for the whole process); or the deprecated Engage login
/// (<c>api/auth/login/admin</c>). RingCX access tokens live 5 minutes and are renewed through
/// <c>api/auth/token/refresh</c>, which rotates the refresh token: the token cache keeps the new one.
/// </summary>
internal sealed class CasperTokenExchange
{
    /// <summary>RingCX access tokens live 5 minutes (documented).</summary>
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>A refusal asking for a longer wait than this is reported rather than waited out.</summary>
    private static readonly TimeSpan LongestExchangeWait = TimeSpan.FromMinutes(5);

    /// <summary>The token exchange allows 5 requests a minute (documented), counted for the whole process.</summary>
    private const int ExchangesPerWindow = 5;

    /// <summary>How many times a refused (429) exchange waits for the window to pass before giving up.</summary>
    private const int ExchangeRefusals = 3;

    private const string ExchangePath = "api/auth/login/rc/accesstoken";
    private const int WaitProgressId = 0xCA6;
    private static int engageLoginWarned;

    private readonly ConnectionOptions connection;
    private readonly CasperCredentials credentials;
    private readonly OperationLog log;

    /// <summary>Creates the flows for one command's credentials.</summary>
    /// <param name="connection">The RingCX server and HTTP options.</param>
    /// <param name="credentials">A RingCentral JWT or an Engage login.</param>
    /// <param name="log">Where messages go.</param>
    public CasperTokenExchange(ConnectionOptions connection, CasperCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    /// <summary>For tests: the once-per-session warning about the Engage login shows again.</summary>
    internal static void ResetWarnings() => Interlocked.Exchange(ref engageLoginWarned, 0);

    /// <summary>
    /// A token for the <see cref="TokenCache"/>: <paramref name="existing"/> refreshed when it has a refresh token,
    /// otherwise (or when the refresh token is refused) a new sign-in.
    /// </summary>
    /// <param name="existing">The cached token, expired or refused, or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The new token.</returns>
    public async Task<TokenState> AcquireAsync(TokenState? existing, CancellationToken cancellationToken)
    {
        if (existing?.RefreshToken is not null)
        {
            try
            {
                var refreshed = await RefreshAsync(existing, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Renewed the RingCX token for {credentials.Principal}; it expires at {refreshed.ExpiresAt:u}.");
                return refreshed;
            }
            catch (CallReportsException ex) when (ex.Kind is FailureKind.Authentication or FailureKind.InvalidArgument or FailureKind.InvalidData or FailureKind.NotFound)
            {
                log.Verbose($"Renewing the RingCX token failed ({ex.Message}); signing in again.");
            }
        }

        return credentials.Mode == CasperAuthMode.RingCentralJwt
            ? await ExchangeJwtAsync(cancellationToken).ConfigureAwait(false)
            : await EngageLoginAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<TokenState> RefreshAsync(TokenState existing, CancellationToken cancellationToken)
    {
        using var response = await PostFormAsync(
            connection,
            new Uri(connection.BaseUri, "api/auth/token/refresh"),
            new[] { Pair("refresh_token", existing.RefreshToken!), Pair("rcTokenType", "Bearer") },
            null,
            "token refresh",
            cancellationToken).ConfigureAwait(false);
        return await ReadRingCxTokenAsync(response, existing.Method, "token refresh", cancellationToken).ConfigureAwait(false);
    }

    private async Task<TokenState> ExchangeJwtAsync(CancellationToken cancellationToken)
    {
        var rcToken = await SignInToRingCentralAsync(cancellationToken).ConfigureAwait(false);
        using var exchange = await ExchangeAsync(rcToken, cancellationToken).ConfigureAwait(false);
        var state = await ReadRingCxTokenAsync(exchange, "/" + ExchangePath, "RingCX token exchange", cancellationToken).ConfigureAwait(false);
        log.Verbose($"Exchanged the RingCentral token for a RingCX token ({credentials.Principal}); it expires at {state.ExpiresAt:u}.");
        return state;
    }

    /// <summary>The JWT bearer grant at RingCentral; returns RingCentral's access token.</summary>
    private async Task<string> SignInToRingCentralAsync(CancellationToken cancellationToken)
    {
        var rcServer = credentials.RingCentralServer;
        if (rcServer.Scheme != Uri.UriSchemeHttps && !connection.AllowUnencryptedAuthentication && !rcServer.IsLoopback)
        {
            throw new CallReportsException(CasperErrors.UnencryptedAuthentication, FailureKind.Security, $"Refusing to send the RingCentral JWT over unencrypted http to {rcServer.Host}. Use https.", terminating: true);
        }

        var jwt = new NetworkCredential(string.Empty, credentials.Token).Password;
        var client = credentials.Client!;
        Redactor.Register(jwt);
        Redactor.Register(client.Password);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(client.UserName + ":" + client.Password));
        Redactor.Register(basic);

        const string What = "RingCentral JWT sign-in";
        using var response = await PostFormAsync(
            connection,
            new Uri(rcServer, "restapi/oauth/token"),
            new[] { Pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), Pair("assertion", jwt) },
            basic,
            What,
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await CasperErrors.FromResponseAsync(response, What, null, cancellationToken).ConfigureAwait(false);
            throw CasperErrors.SignInFailure(failure, $"RingCentral rejected the JWT sign-in for app {client.UserName}: {failure.Message} Check the JWT, the client id and secret, and that the app is a private REST API app with the JWT auth flow.");
        }

        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var rcToken = ReadJson(body, "access_token")
            ?? throw new CallReportsException(CasperErrors.InvalidSignInResponse, FailureKind.InvalidData, "RingCentral accepted the JWT but returned no access_token.", terminating: true);
        Redactor.Register(rcToken);
        Redactor.Register(ReadJson(body, "refresh_token"));
        return rcToken;
    }

    private async Task<TokenState> EngageLoginAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref engageLoginWarned, 1) == 0)
        {
            log.Warning("The direct Engage login (/api/auth/login/admin, -Credential with -PlatformId) is deprecated by RingCentral and will stop working. Move to -RingCentralJwt with -ClientCredential, or -ApiToken.");
        }

        var password = credentials.Password!;
        Redactor.Register(password.Password);

        // The documented endpoint takes the credentials in the query string; the log shows only the query's length.
        var uri = new Uri(connection.BaseUri, string.Format(
            CultureInfo.InvariantCulture,
            "api/auth/login/admin?username={0}&password={1}&platformId={2}",
            Uri.EscapeDataString(password.UserName),
            Uri.EscapeDataString(password.Password),
            Uri.EscapeDataString(credentials.PlatformId!)));
        Redactor.Register(Uri.EscapeDataString(password.Password));
        using var response = await PostFormAsync(connection, uri, Array.Empty<KeyValuePair<string, string>>(), null, "Engage sign-in", cancellationToken).ConfigureAwait(false);
        var state = await ReadRingCxTokenAsync(response, "/api/auth/login/admin", "Engage sign-in", cancellationToken).ConfigureAwait(false);
        log.Verbose($"Signed in to RingCX as {credentials.Principal}; the token expires at {state.ExpiresAt:u}.");
        return state;
    }

    private async Task<TokenState> ReadRingCxTokenAsync(HttpResponseMessage response, string method, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var failure = await CasperErrors.FromResponseAsync(response, what, null, cancellationToken).ConfigureAwait(false);
            throw CasperErrors.SignInFailure(failure, $"RingCX {what} for {credentials.Principal} failed: {failure.Message}");
        }

        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var accessToken = ReadJson(body, "accessToken");
        var refreshToken = ReadJson(body, "refreshToken");
        Redactor.Register(accessToken);
        Redactor.Register(refreshToken);
        if (accessToken is null)
        {
            throw new CallReportsException(CasperErrors.InvalidSignInResponse, FailureKind.InvalidData, $"RingCX accepted the {what} but returned no accessToken.", terminating: true) { Target = what };
        }

        return new TokenState(accessToken, refreshToken, TokenLifetime, method);
    }

    /// <summary>
    /// Exchanges the RingCentral token, at most 5 times a minute for the whole process. One attempt per slot,
    /// and a 429 is not retried within the minute (with or without <c>Retry-After</c>): another process or
    /// runbook may have used the minute, and quick retries inside it fail too. The wait for the window to pass
    /// is shown as progress. A 503 (refused outright) is tried again after the usual back-off.
    /// </summary>
    private async Task<HttpResponseMessage> ExchangeAsync(string rcToken, CancellationToken cancellationToken)
    {
        var limiter = RequestRateLimiter.For(connection.ServerDisplay + "|" + ExchangePath, ExchangesPerWindow, credentials.ExchangeWindow);
        var once = connection.WithoutRetries();
        var refused = 0;
        var unavailable = 0;
        try
        {
            while (true)
            {
                var slot = await limiter.WaitAsync(
                    wait => log.Progress(WaitProgressId, CasperClient.Activity, string.Format(CultureInfo.InvariantCulture, "Waiting {0:0} s: RingCX allows {1} token exchanges a minute", Math.Ceiling(wait.TotalSeconds), ExchangesPerWindow)),
                    cancellationToken).ConfigureAwait(false);
                HttpResponseMessage response;
                try
                {
                    response = await PostFormAsync(once, new Uri(connection.BaseUri, ExchangePath + "?includeRefresh=true"), new[] { Pair("rcAccessToken", rcToken), Pair("rcTokenType", "Bearer") }, null, "RingCX token exchange", cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    slot.Complete();
                }

                var retryAfter = HttpPipeline.RetryAfter(response);
                if ((int)response.StatusCode == 429 && !(retryAfter > LongestExchangeWait) && refused++ < ExchangeRefusals)
                {
                    var pause = retryAfter > limiter.Window ? retryAfter.Value : limiter.Window;
                    response.Dispose();
                    log.Verbose(string.Format(CultureInfo.InvariantCulture, "RingCX refused the token exchange (HTTP 429: {0} a minute, which another process or runbook may have used); waiting {1:0.#} s for the window to pass.", ExchangesPerWindow, pause.TotalSeconds));
                    limiter.Block(pause);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && unavailable < connection.MaximumRetryCount)
                {
                    response.Dispose();
                    var delay = TimeSpan.FromTicks(connection.RetryInterval.Ticks << Math.Min(unavailable++, 10));
                    log.Verbose(string.Format(CultureInfo.InvariantCulture, "RingCX token exchange: HTTP 503; retrying in {0:0.0} s.", delay.TotalSeconds));
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return response;
            }
        }
        finally
        {
            log.CompleteProgress(WaitProgressId, CasperClient.Activity);
        }
    }

    private Task<HttpResponseMessage> PostFormAsync(ConnectionOptions options, Uri uri, IEnumerable<KeyValuePair<string, string>> form, string? basic, string what, CancellationToken cancellationToken) =>
        HttpPipeline.SendAsync(
            options,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new FormUrlEncodedContent(form) };
                if (basic is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                }

                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            log,
            CasperErrors.Prefix,
            what,
            cancellationToken);

    private static KeyValuePair<string, string> Pair(string name, string value) => new(name, value);

    private static string? ReadJson(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return CasperRecordMapper.Text(document.RootElement, name);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
