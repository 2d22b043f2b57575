using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// Authenticates to RingCX and sends authorized requests. RingCX access tokens live 5 minutes and are
/// not renewed by the server: tokens from the JWT exchange or the Engage login are kept in the
/// <see cref="TokenCache"/> and renewed through <c>/api/auth/token/refresh</c> (which rotates the
/// refresh token), one renewal at a time; a 401 that says the token expired renews once and replays.
/// </summary>
internal sealed class CasperSession
{
    internal const string Vendor = "Casper";

    /// <summary>RingCX access tokens live 5 minutes (documented).</summary>
    internal static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The token exchange allows 5 requests a minute (documented), counted for the whole process.</summary>
    private const int ExchangesPerWindow = 5;

    /// <summary>How many times a refused (429) exchange waits for the window to pass before giving up.</summary>
    private const int ExchangeRefusals = 3;

    private const string ExchangePath = "api/auth/login/rc/accesstoken";
    private const int WaitProgressId = 0xCA6;

    /// <summary>A refusal asking for a longer wait than this is reported rather than waited out.</summary>
    private static readonly TimeSpan LongestExchangeWait = TimeSpan.FromMinutes(5);
    private static int engageLoginWarned;

    private readonly ConnectionOptions connection;
    private readonly CasperCredentials credentials;
    private readonly OperationLog log;

    public CasperSession(ConnectionOptions connection, CasperCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
        var host = connection.BaseUri.Host;
        IsLegacyHost = host.EndsWith("vacd.biz", StringComparison.OrdinalIgnoreCase) || host.EndsWith("virtualacd.biz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>portal.vacd.biz / portal.virtualacd.biz: paths without <c>/voice</c>, API tokens only.</summary>
    public bool IsLegacyHost { get; }

    /// <summary>The admin API prefix: <c>voice/api/v1/</c>, or <c>api/v1/</c> on the legacy hosts.</summary>
    public string ApiPrefix => IsLegacyHost ? "api/v1/" : "voice/api/v1/";

    /// <summary>For tests: the once-per-session warnings show again.</summary>
    internal static void ResetWarnings() => Interlocked.Exchange(ref engageLoginWarned, 0);

    /// <summary>Sends an authorized request to <paramref name="relativeUri"/> (under the base URI), renewing an expired token once.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, Func<HttpContent>? content, string accept, string what, CancellationToken cancellationToken, bool idempotent = false)
    {
        connection.EnsureCredentialsAllowed(Vendor);
        if (IsLegacyHost && credentials.Mode != CasperAuthMode.ApiToken)
        {
            throw new CallReportsException(
                Vendor + "LegacyHostNeedsApiToken",
                FailureKind.InvalidArgument,
                $"{connection.ServerDisplay} is a legacy Engage host: it accepts only permanent API tokens. Use -ApiToken.",
                terminating: true);
        }

        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = await GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
            var response = await HttpPipeline.SendAsync(
                connection,
                () =>
                {
                    var request = new HttpRequestMessage(method, new Uri(connection.BaseUri, relativeUri)) { Content = content?.Invoke() };
                    if (credentials.Mode == CasperAuthMode.ApiToken)
                    {
                        request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
                    }
                    else
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    }

                    request.Headers.Accept.ParseAdd(accept);
                    return request;
                },
                log,
                Vendor,
                what,
                cancellationToken,
                idempotent).ConfigureAwait(false);

            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            var renewable = credentials.Mode is CasperAuthMode.RingCentralJwt or CasperAuthMode.EngageLogin;
            if (!renewable || attempt > 0)
            {
                var failure = await ToExceptionAsync(response, what, null, cancellationToken).ConfigureAwait(false);
                response.Dispose();
                var advice = credentials.Mode switch
                {
                    CasperAuthMode.AccessToken => " The access token was rejected; RingCX tokens live 5 minutes. Use -RingCentralJwt with -ClientCredential so tokens are renewed, or -ApiToken.",
                    CasperAuthMode.ApiToken => " The API token was rejected; check that it was not revoked (GET /voice/api/v1/admin/token lists them).",
                    _ => " A renewed token was rejected too; check that the user may read reports on the account.",
                };
                throw new CallReportsException(Vendor + "Unauthorized", FailureKind.Authentication, failure.Message + advice, terminating: true)
                {
                    StatusCode = 401,
                    Target = what,
                };
            }

            log.Verbose(what + ": RingCX rejected the token (HTTP 401, RingCX tokens live 5 minutes); renewing it and trying once more.");
            response.Dispose();
            rejected = token;
        }
    }

    /// <summary>Reads a RingCX error body (<c>{generalMessage, developerMessage, validationErrors, errorCode}</c> or plain text) into an exception.</summary>
    /// <param name="response">The unsuccessful (or JSON-instead-of-CSV) response.</param>
    /// <param name="what">What was requested.</param>
    /// <param name="accountId">The account the request was for, when it matters for the message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<CallReportsException> ToExceptionAsync(HttpResponseMessage response, string what, string? accountId, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? code = null;
        var details = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                code = Text(root, "errorCode");
                foreach (var name in new[] { "generalMessage", "developerMessage", "details", "cause" })
                {
                    if (Text(root, name) is { } message && !details.Contains(message))
                    {
                        details.Add(message);
                    }
                }

                if (root.TryGetProperty("validationErrors", out var errors) && errors.ValueKind == JsonValueKind.Array)
                {
                    foreach (var error in errors.EnumerateArray())
                    {
                        details.Add(string.Format(CultureInfo.InvariantCulture, "{0}: {1}{2}", Text(error, "attributeName") ?? "(field)", Text(error, "message") ?? "invalid", Text(error, "value") is { } v ? " (" + v + ")" : string.Empty));
                    }
                }
            }
        }
        catch (JsonException)
        {
            var plain = body.Trim();
            if (plain.Length > 0 && plain.Length < 300 && plain.IndexOf('<') < 0)
            {
                details.Add(plain);
            }
        }

        var status = (int)response.StatusCode;
        var success = response.IsSuccessStatusCode;
        var kind = success ? FailureKind.InvalidData : HttpFailure.KindOf(response.StatusCode);
        if (details.Count > 0 && (code?.IndexOf("validation", StringComparison.OrdinalIgnoreCase) >= 0 || body.IndexOf("validationErrors\":[{", StringComparison.Ordinal) >= 0))
        {
            kind = FailureKind.InvalidArgument;
        }

        var said = details.Count == 0 ? string.Empty : ": " + string.Join(" ", details);
        var text = success
            ? $"RingCX answered {what} with an error document instead of CSV{said}."
            : string.Format(CultureInfo.InvariantCulture, "RingCX answered HTTP {0} {1} for {2}{3}.", status, response.ReasonPhrase, what, said);
        var id = Vendor + (success ? "ErrorResponse" : HttpFailure.IdOf(response.StatusCode));
        switch (kind)
        {
            case FailureKind.PermissionDenied:
                id = Vendor + "AccessDenied";
                text += accountId is null
                    ? " The user lacks permission for this resource."
                    : $" The user may not read reports on account {accountId}: it needs READ permission on the account (and its sub-accounts) in the RingCX admin portal.";
                break;
            case FailureKind.NotFound when accountId is not null:
                id = Vendor + "ReportApiUnavailable";
                text += $" RingCentral deprecated the Cloud Call Detail report API (reportsStreaming) in 2024 and may have switched it off for account {accountId}; check the account id, or move to the interaction-metadata API.";
                break;
            case FailureKind.InvalidArgument:
                id = Vendor + "InvalidRequest";
                break;
            case FailureKind.LimitsExceeded:
                text += accountId is null
                    ? " RingCX's rate limit was still exceeded after waiting; try again in a minute."
                    : " RingCX's rate limit was exceeded even after retries; wait a minute or use a larger -WindowSize.";
                break;
        }

        return new CallReportsException(id, kind, text, terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied or FailureKind.NotFound or FailureKind.InvalidArgument)
        {
            StatusCode = status,
            VendorCode = code,
            Target = what,
        };
    }

    private async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (credentials.Mode is CasperAuthMode.AccessToken or CasperAuthMode.ApiToken)
        {
            var plain = new NetworkCredential(string.Empty, credentials.Token).Password;
            Redactor.Register(plain);
            return plain;
        }

        var secret = credentials.Mode == CasperAuthMode.RingCentralJwt
            ? new NetworkCredential(string.Empty, credentials.Token).Password + "\n" + credentials.Client!.Password
            : credentials.Password!.Password;
        Redactor.Register(secret);
        var state = await TokenCache.GetAsync(CallReportsVendor.Casper, connection.ServerDisplay, credentials.Principal, secret, AcquireAsync, rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    private async Task<TokenState> AcquireAsync(TokenState? existing, CancellationToken cancellationToken)
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
            new Uri(connection.BaseUri, "api/auth/token/refresh"),
            new[] { Pair("refresh_token", existing.RefreshToken!), Pair("rcTokenType", "Bearer") },
            null,
            "token refresh",
            cancellationToken).ConfigureAwait(false);
        var state = await ReadRingCxTokenAsync(response, existing.Method, "token refresh", cancellationToken).ConfigureAwait(false);
        return state;
    }

    private async Task<TokenState> ExchangeJwtAsync(CancellationToken cancellationToken)
    {
        var rcServer = credentials.RingCentralServer;
        if (rcServer.Scheme != Uri.UriSchemeHttps && !connection.AllowUnencryptedAuthentication && !rcServer.IsLoopback)
        {
            throw new CallReportsException(Vendor + "UnencryptedAuthentication", FailureKind.Security, $"Refusing to send the RingCentral JWT over unencrypted http to {rcServer.Host}. Use https.", terminating: true);
        }

        var jwt = new NetworkCredential(string.Empty, credentials.Token).Password;
        var client = credentials.Client!;
        Redactor.Register(jwt);
        Redactor.Register(client.Password);
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(client.UserName + ":" + client.Password));
        Redactor.Register(basic);

        string rcToken;
        using (var response = await PostFormAsync(
            new Uri(rcServer, "restapi/oauth/token"),
            new[] { Pair("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), Pair("assertion", jwt) },
            basic,
            "RingCentral JWT sign-in",
            cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                var failure = await ToExceptionAsync(response, "RingCentral JWT sign-in", null, cancellationToken).ConfigureAwait(false);
                throw SignInFailed(failure, $"RingCentral rejected the JWT sign-in for app {client.UserName}: {failure.Message} Check the JWT, the client id and secret, and that the app is a private REST API app with the JWT auth flow.");
            }

            var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            rcToken = ReadJson(body, "access_token")
                ?? throw new CallReportsException(Vendor + "InvalidSignInResponse", FailureKind.InvalidData, "RingCentral accepted the JWT but returned no access_token.", terminating: true);
            Redactor.Register(rcToken);
            Redactor.Register(ReadJson(body, "refresh_token"));
        }

        using var exchange = await ExchangeAsync(rcToken, cancellationToken).ConfigureAwait(false);
        var state = await ReadRingCxTokenAsync(exchange, "/" + ExchangePath, "RingCX token exchange", cancellationToken).ConfigureAwait(false);
        log.Verbose($"Exchanged the RingCentral token for a RingCX token ({credentials.Principal}); it expires at {state.ExpiresAt:u}.");
        return state;
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
        using var response = await PostFormAsync(uri, Array.Empty<KeyValuePair<string, string>>(), null, "Engage sign-in", cancellationToken).ConfigureAwait(false);
        var state = await ReadRingCxTokenAsync(response, "/api/auth/login/admin", "Engage sign-in", cancellationToken).ConfigureAwait(false);
        log.Verbose($"Signed in to RingCX as {credentials.Principal}; the token expires at {state.ExpiresAt:u}.");
        return state;
    }

    private async Task<TokenState> ReadRingCxTokenAsync(HttpResponseMessage response, string method, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var failure = await ToExceptionAsync(response, what, null, cancellationToken).ConfigureAwait(false);
            throw SignInFailed(failure, $"RingCX {what} for {credentials.Principal} failed: {failure.Message}");
        }

        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var accessToken = ReadJson(body, "accessToken");
        var refreshToken = ReadJson(body, "refreshToken");
        Redactor.Register(accessToken);
        Redactor.Register(refreshToken);
        if (accessToken is null)
        {
            throw new CallReportsException(Vendor + "InvalidSignInResponse", FailureKind.InvalidData, $"RingCX accepted the {what} but returned no accessToken.", terminating: true) { Target = what };
        }

        return new TokenState(accessToken, refreshToken, TokenLifetime, method);
    }

    private static CallReportsException SignInFailed(CallReportsException failure, string message)
    {
        if (failure.Kind is FailureKind.LimitsExceeded or FailureKind.Connection or FailureKind.Timeout)
        {
            return failure;
        }

        return new CallReportsException(Vendor + "SignInFailed", FailureKind.Authentication, message, terminating: true)
        {
            StatusCode = failure.StatusCode,
            VendorCode = failure.VendorCode,
            Target = failure.Target,
        };
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
        var once = new ConnectionOptions(connection.BaseUri)
        {
            SkipCertificateCheck = connection.SkipCertificateCheck,
            AllowUnencryptedAuthentication = connection.AllowUnencryptedAuthentication,
            Timeout = connection.Timeout,
            MaximumRetryCount = 0,
        };
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

    private Task<HttpResponseMessage> PostFormAsync(Uri uri, IEnumerable<KeyValuePair<string, string>> form, string? basic, string what, CancellationToken cancellationToken) =>
        PostFormAsync(connection, uri, form, basic, what, cancellationToken);

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
            Vendor,
            what,
            cancellationToken);

    private static KeyValuePair<string, string> Pair(string name, string value) => new(name, value);

    private static string? ReadJson(string body, string name)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? Text(document.RootElement, name) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }
}
