using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// Getting, refreshing and giving back a PortSIP token. Three sign-in generations are probed in order and the
/// one a server speaks is remembered: <c>POST /api/auth/sign_in</c> (v22.2+), <c>POST /api/login/oauth/token</c>
/// (v22.0/22.1) and <c>POST /api/login</c> + <c>GET /api/login</c> (v16). A token is refreshed on the endpoint
/// of its generation; when that fails, a fresh sign-in follows. Each token carries its sign-out, which the
/// <see cref="TokenCache"/> calls when it is cleared with revocation, or at process exit.
/// </summary>
internal sealed class PortSipSignIn
{
    /// <summary>The fixed client id PortSIP documents for its OAuth-style endpoint.</summary>
    private const string OAuthClientId = "9d806019-75b2-4b3d-bb8b-f5a3a412cc0a";

    private const string OAuthMethod = "/api/login/oauth/token";

    private static readonly ConcurrentDictionary<string, Generation> KnownGenerations = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConnectionOptions connection;
    private readonly PortSipCredentials credentials;
    private readonly OperationLog log;

    public PortSipSignIn(ConnectionOptions connection, PortSipCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    private enum Generation
    {
        SignIn,
        OAuthToken,
        Login,
    }

    /// <summary>A new token for the cache: the existing one refreshed when it can be, otherwise a fresh sign-in.</summary>
    /// <param name="existing">The cached token, or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The token.</returns>
    public async Task<TokenState> AcquireAsync(TokenState? existing, CancellationToken cancellationToken)
    {
        if (existing?.RefreshToken is not null)
        {
            try
            {
                var refreshed = await RefreshAsync(existing, cancellationToken).ConfigureAwait(false);
                log.Verbose($"Refreshed the PortSIP token for {credentials.Principal} ({existing.Method}).");
                return refreshed;
            }
            catch (CallReportsException ex)
            {
                log.Verbose($"Refreshing the PortSIP token failed ({ex.Message}); signing in again.");
            }
        }

        return await SignInAsync(cancellationToken).ConfigureAwait(false);
    }

    private static string Describe(Generation generation) => generation switch
    {
        Generation.SignIn => "/api/auth/sign_in (v22.2+)",
        Generation.OAuthToken => "/api/login/oauth/token (v22.0/22.1)",
        _ => "/api/login (v16)",
    };

    private static bool IsMissingEndpoint(HttpStatusCode status) =>
        status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented;

    private static StringContent Json(Dictionary<string, string> body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private async Task<TokenState> SignInAsync(CancellationToken cancellationToken)
    {
        var password = credentials.Password!;
        Redactor.Register(password.Password);
        var order = KnownGenerations.TryGetValue(connection.ServerDisplay, out var known)
            ? new[] { known }
            : new[] { Generation.SignIn, Generation.OAuthToken, Generation.Login };
        foreach (var generation in order)
        {
            var state = generation switch
            {
                Generation.SignIn => await SignInV222Async(password, cancellationToken).ConfigureAwait(false),
                Generation.OAuthToken => await SignInOAuthAsync(password, cancellationToken).ConfigureAwait(false),
                _ => await SignInV16Async(password, cancellationToken).ConfigureAwait(false),
            };
            if (state is not null)
            {
                KnownGenerations[connection.ServerDisplay] = generation;
                log.Verbose($"Signed in to PortSIP {connection.ServerDisplay} as {credentials.Principal} with {state.Method}; the token expires at {state.ExpiresAt:u}.");
                return state;
            }

            log.Verbose($"PortSIP {connection.ServerDisplay} has no {Describe(generation)} endpoint; trying an older sign-in.");
        }

        throw new CallReportsException(
            PortSipErrors.UnsupportedVersion,
            FailureKind.NotImplemented,
            $"{connection.ServerDisplay} answered none of the PortSIP sign-in endpoints (/api/auth/sign_in, /api/login/oauth/token, /api/login). Is it a PortSIP PBX v16 or later, on its REST API port (8887 by default)?",
            terminating: true);
    }

    /// <summary>The user, password and tenant domain as the JSON sign-ins (v22.2+ and v16) take them.</summary>
    private Dictionary<string, string> SignInBody(NetworkCredential password)
    {
        var body = new Dictionary<string, string> { ["username"] = password.UserName, ["password"] = password.Password };
        if (credentials.Domain is not null)
        {
            body["domain"] = credentials.Domain;
        }

        return body;
    }

    private Task<TokenState?> SignInV222Async(NetworkCredential password, CancellationToken cancellationToken)
    {
        var body = SignInBody(password);
        return PostForTokenAsync("api/auth/sign_in", () => Json(body), "/api/auth/sign_in", "api/auth/sign_out", cancellationToken);
    }

    private Task<TokenState?> SignInOAuthAsync(NetworkCredential password, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "password"),
            new("username", password.UserName),
            new("password", password.Password),
            new("scope", "all"),
            new("client_id", OAuthClientId),
        };
        if (credentials.Domain is not null)
        {
            form.Add(new("domain", credentials.Domain));
        }

        return PostForTokenAsync("api/login/oauth/token", () => new FormUrlEncodedContent(form), OAuthMethod, "api/login/oauth/revoke", cancellationToken);
    }

    private async Task<TokenState?> SignInV16Async(NetworkCredential password, CancellationToken cancellationToken)
    {
        var body = SignInBody(password);
        using var response = await PostAnonymousAsync("api/login", () => Json(body), "sign-in", cancellationToken).ConfigureAwait(false);
        if (IsMissingEndpoint(response.StatusCode))
        {
            return null;
        }

        await EnsureSignedInAsync(response, cancellationToken).ConfigureAwait(false);
        var immediate = await ReadTokenAsync(response, "/api/login", cancellationToken).ConfigureAwait(false);
        if (immediate is not null)
        {
            immediate.Revoke = SignOutWith("api/logout");
            return immediate;
        }

        // v16 answers the POST with a session cookie and hands the token out on GET /api/login.
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values)
            ? string.Join("; ", values.Select(v => v.Split(';')[0]))
            : null;
        using var status = await HttpPipeline.SendAsync(
            connection,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.BaseUri, "api/login"));
                if (cookies is not null)
                {
                    request.Headers.TryAddWithoutValidation("Cookie", cookies);
                }

                return request;
            },
            log,
            PortSipErrors.Prefix,
            "sign-in status",
            cancellationToken).ConfigureAwait(false);
        await EnsureSignedInAsync(status, cancellationToken).ConfigureAwait(false);
        var state = await ReadTokenAsync(status, "/api/login", cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(PortSipErrors.InvalidSignInResponse, FailureKind.InvalidData, $"{connection.ServerDisplay} accepted the sign-in but GET /api/login returned no access_token.", terminating: true);
        state.Revoke = SignOutWith("api/logout");
        return state;
    }

    private async Task<TokenState> RefreshAsync(TokenState existing, CancellationToken cancellationToken)
    {
        var oauth = existing.Method == OAuthMethod;
        Func<HttpContent> content = oauth
            ? () => new FormUrlEncodedContent(new[]
            {
                new KeyValuePair<string, string>("grant_type", "refresh_token"),
                new KeyValuePair<string, string>("refresh_token", existing.RefreshToken!),
                new KeyValuePair<string, string>("client_id", OAuthClientId),
            })
            : () => Json(new Dictionary<string, string> { ["refresh_token"] = existing.RefreshToken! });
        using var response = await PostAnonymousAsync(oauth ? "api/login/oauth/token" : "api/auth/refresh_token", content, "token refresh", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await PortSipErrors.FromResponseAsync(response, "token refresh", cancellationToken).ConfigureAwait(false);
        }

        var state = await ReadTokenAsync(response, existing.Method, cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(PortSipErrors.InvalidSignInResponse, FailureKind.InvalidData, "The token refresh returned no access_token.");
        state.Revoke = existing.Revoke;
        return state;
    }

    private async Task<TokenState?> PostForTokenAsync(string path, Func<HttpContent> content, string method, string signOutPath, CancellationToken cancellationToken)
    {
        using var response = await PostAnonymousAsync(path, content, "sign-in", cancellationToken).ConfigureAwait(false);
        if (IsMissingEndpoint(response.StatusCode))
        {
            return null;
        }

        await EnsureSignedInAsync(response, cancellationToken).ConfigureAwait(false);
        var state = await ReadTokenAsync(response, method, cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(PortSipErrors.InvalidSignInResponse, FailureKind.InvalidData, $"{connection.ServerDisplay} accepted the sign-in on {method} but returned no access_token.", terminating: true);
        state.Revoke = SignOutWith(signOutPath);
        return state;
    }

    /// <summary>Sends a request without a token; the content is built afresh for every attempt.</summary>
    private Task<HttpResponseMessage> PostAnonymousAsync(string path, Func<HttpContent> content, string what, CancellationToken cancellationToken) =>
        HttpPipeline.SendAsync(
            connection,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(connection.BaseUri, path)) { Content = content() },
            log,
            PortSipErrors.Prefix,
            what,
            cancellationToken);

    private async Task EnsureSignedInAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var failure = await PortSipErrors.FromResponseAsync(response, "sign-in", cancellationToken).ConfigureAwait(false);
        if (failure.Kind is FailureKind.LimitsExceeded or FailureKind.Connection or FailureKind.Timeout)
        {
            throw failure;
        }

        throw new CallReportsException(
            failure.ErrorId == PortSipErrors.Unauthorized ? PortSipErrors.SignInFailed : failure.ErrorId,
            FailureKind.Authentication,
            $"Signing in to PortSIP {connection.ServerDisplay} as {credentials.Principal} failed: {failure.Message} Check the user name, the password and -Domain (the tenant SIP domain). Failed sign-ins are not retried: the PBX can block an IP after repeated failures.",
            terminating: true) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "sign-in" };
    }

    /// <summary>The token in a sign-in or refresh answer; null when there is none.</summary>
    /// <exception cref="CallReportsException">PortSipTwoFactorRequired: the PBX asks for a second factor.</exception>
    private async Task<TokenState?> ReadTokenAsync(HttpResponseMessage response, string method, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("two_factor_enabled", out var twoFactor) && twoFactor.ValueKind == JsonValueKind.True)
            {
                Redactor.Register(PortSipRecordMapper.Text(root, "token"));
                throw new CallReportsException(
                    PortSipErrors.TwoFactorRequired,
                    FailureKind.Authentication,
                    $"PortSIP {connection.ServerDisplay} asks {credentials.Principal} for a two-factor code, which an unattended command cannot give. Use a service account without two-factor authentication (a tenant Admin or QueueManager).",
                    terminating: true) { Target = "sign-in" };
            }

            var accessToken = PortSipRecordMapper.Text(root, "access_token");
            if (accessToken is null)
            {
                return null;
            }

            var lifetime = PortSipRecordMapper.Number(root, "expires_in") is { } seconds
                ? TimeSpan.FromSeconds(seconds)
                : PortSipRecordMapper.Time(root, "expires_at") is { } at ? at - DateTimeOffset.UtcNow : TimeSpan.FromMinutes(30);
            return new TokenState(accessToken, PortSipRecordMapper.Text(root, "refresh_token"), lifetime, method);
        }
    }

    /// <summary>The sign-out of a token's generation; a token the PBX no longer knows (401) counts as signed out.</summary>
    private Func<TokenState, CancellationToken, Task> SignOutWith(string path)
    {
        var options = connection;
        return async (state, cancellationToken) =>
        {
            var quiet = new OperationLog(_ => { });
            using var response = await HttpPipeline.SendAsync(
                options,
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Post, new Uri(options.BaseUri, path));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", state.AccessToken);
                    return request;
                },
                quiet,
                PortSipErrors.Prefix,
                "sign-out",
                cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw await PortSipErrors.FromResponseAsync(response, "sign-out", cancellationToken).ConfigureAwait(false);
            }
        };
    }
}
