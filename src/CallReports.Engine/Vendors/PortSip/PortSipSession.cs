using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
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

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// Signs in to a PortSIP PBX and sends authorized requests. Three sign-in generations are probed in
/// order and the one a server speaks is remembered: <c>POST /api/auth/sign_in</c> (v22.2+),
/// <c>POST /api/login/oauth/token</c> (v22.0/22.1) and <c>POST /api/login</c> + <c>GET /api/login</c> (v16).
/// Tokens live in the <see cref="TokenCache"/>; on a 401 the token is refreshed once, then a fresh
/// sign-in is made.
/// </summary>
internal sealed class PortSipSession
{
    internal const string Vendor = "PortSip";

    /// <summary>The fixed client id PortSIP documents for its OAuth-style endpoint.</summary>
    private const string OAuthClientId = "9d806019-75b2-4b3d-bb8b-f5a3a412cc0a";

    /// <summary>PortSIP's documented REST limit per IP from v16.2 (v16.0–16.1: 1,000; a 429 is waited out and retried).</summary>
    private const int RequestsPerMinute = 5000;

    private static readonly ConcurrentDictionary<string, Generation> KnownGenerations = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConnectionOptions connection;
    private readonly PortSipCredentials credentials;
    private readonly OperationLog log;

    public PortSipSession(ConnectionOptions connection, PortSipCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    internal enum Generation
    {
        SignIn,
        OAuthToken,
        Login,
    }

    /// <summary>Sends a GET (or other request) with the bearer token, renewing the token once on a 401.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, string what, CancellationToken cancellationToken, Func<HttpContent>? content = null)
    {
        connection.EnsureCredentialsAllowed(Vendor);
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = await GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);

            // The PBX allows 5,000 REST requests a minute per IP (v16.2+): stay under it rather than bounce off it,
            // whatever the fetch-ahead and however many commands share the process (each retry takes a slot too).
            var response = await HttpPipeline.SendAsync(
                connection,
                () =>
                {
                    var request = new HttpRequestMessage(method, new Uri(connection.BaseUri, relativeUri)) { Content = content?.Invoke() };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Accept.ParseAdd("application/json");
                    return request;
                },
                log,
                Vendor,
                what,
                cancellationToken,
                limiter: RequestRateLimiter.For(connection.ServerDisplay, RequestsPerMinute, TimeSpan.FromMinutes(1)),
                onLimiterWait: wait => log.Verbose($"{what}: waiting {wait.TotalSeconds:0.0} s to stay under PortSIP's {RequestsPerMinute} requests a minute.")).ConfigureAwait(false);

            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0 || credentials.AccessToken is not null)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    var failure = await ToExceptionAsync(response, what, cancellationToken).ConfigureAwait(false);
                    response.Dispose();
                    throw new CallReportsException(
                        failure.ErrorId,
                        FailureKind.Authentication,
                        credentials.AccessToken is not null
                            ? failure.Message + " The access token was rejected; issue a new one, or sign in with -Credential so the token can be renewed."
                            : failure.Message + " A fresh sign-in was also rejected; check that the account may read CDRs (tenant Admin or QueueManager).",
                        terminating: true) { StatusCode = 401, VendorCode = failure.VendorCode, Target = what };
                }

                return response;
            }

            log.Verbose(what + ": the PBX rejected the token (HTTP 401); renewing it and trying once more.");
            response.Dispose();
            rejected = token;
        }
    }

    /// <summary>Reads a PortSIP error body (<c>{"errors":[{code,message,detail}]}</c>) into an exception.</summary>
    public static async Task<CallReportsException> ToExceptionAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) &&
                errors.ValueKind == JsonValueKind.Array &&
                errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                code = PortSipRecordMapper.Text(first, "code");
                message = PortSipRecordMapper.Text(first, "message");
                if (first.TryGetProperty("detail", out var detail) && detail.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
                {
                    message = (message is null ? string.Empty : message + " ") + "(" + (detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText()) + ")";
                }
            }
        }
        catch (JsonException)
        {
            // Not a PortSIP error body (a proxy's HTML page, an empty {}); the status speaks for itself.
        }

        var status = (int)response.StatusCode;
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "PortSIP answered HTTP {0} {1} for {2}{3}.",
            status,
            response.ReasonPhrase,
            what,
            message is null ? string.Empty : ": " + message);
        var kind = HttpFailure.KindOf(response.StatusCode);
        if (kind == FailureKind.LimitsExceeded)
        {
            text += " The PBX's REST rate limit (5,000 requests a minute per IP by default, [apigateway] access_limit) was exceeded even after retries.";
        }

        return new CallReportsException(
            Vendor + (code is null || string.Equals(code, "UNKNOWN", StringComparison.OrdinalIgnoreCase) && status != 400 ? HttpFailure.IdOf(response.StatusCode) : HttpFailure.PascalCase(code)),
            kind,
            text,
            terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied)
        {
            StatusCode = status,
            VendorCode = code,
            Target = what,
        };
    }

    private async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (credentials.AccessToken is { } secure)
        {
            var plain = new NetworkCredential(string.Empty, secure).Password;
            Redactor.Register(plain);
            return plain;
        }

        var state = await TokenCache.GetAsync(CallReportsVendor.PortSip, connection.ServerDisplay, credentials.Principal, credentials.Password!.Password, AcquireAsync, rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    private async Task<TokenState> AcquireAsync(TokenState? existing, CancellationToken cancellationToken)
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
            Vendor + "UnsupportedVersion",
            FailureKind.NotImplemented,
            $"{connection.ServerDisplay} answered none of the PortSIP sign-in endpoints (/api/auth/sign_in, /api/login/oauth/token, /api/login). Is it a PortSIP PBX v16 or later, on its REST API port (8887 by default)?",
            terminating: true);
    }

    private static string Describe(Generation generation) => generation switch
    {
        Generation.SignIn => "/api/auth/sign_in (v22.2+)",
        Generation.OAuthToken => "/api/login/oauth/token (v22.0/22.1)",
        _ => "/api/login (v16)",
    };

    private Task<TokenState?> SignInV222Async(NetworkCredential password, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["username"] = password.UserName, ["password"] = password.Password };
        if (credentials.Domain is not null)
        {
            body["domain"] = credentials.Domain;
        }

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

        return PostForTokenAsync("api/login/oauth/token", () => new FormUrlEncodedContent(form), "/api/login/oauth/token", "api/login/oauth/revoke", cancellationToken);
    }

    private async Task<TokenState?> SignInV16Async(NetworkCredential password, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["username"] = password.UserName, ["password"] = password.Password };
        if (credentials.Domain is not null)
        {
            body["domain"] = credentials.Domain;
        }

        using var response = await PostAnonymousAsync("api/login", () => Json(body), "sign-in", cancellationToken).ConfigureAwait(false);
        if (IsMissingEndpoint(response.StatusCode))
        {
            return null;
        }

        await EnsureSignedInAsync(response, cancellationToken).ConfigureAwait(false);
        var immediate = await ReadTokenAsync(response, "/api/login", cancellationToken).ConfigureAwait(false);
        if (immediate is not null)
        {
            immediate.Revoke = RevokeWith("api/logout");
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
            Vendor,
            "sign-in status",
            cancellationToken).ConfigureAwait(false);
        await EnsureSignedInAsync(status, cancellationToken).ConfigureAwait(false);
        var state = await ReadTokenAsync(status, "/api/login", cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(Vendor + "InvalidSignInResponse", FailureKind.InvalidData, $"{connection.ServerDisplay} accepted the sign-in but GET /api/login returned no access_token.", terminating: true);
        state.Revoke = RevokeWith("api/logout");
        return state;
    }

    private async Task<TokenState> RefreshAsync(TokenState existing, CancellationToken cancellationToken)
    {
        Func<HttpContent> content = existing.Method == "/api/login/oauth/token"
            ? () => new FormUrlEncodedContent(new[]
            {
                new KeyValuePair<string, string>("grant_type", "refresh_token"),
                new KeyValuePair<string, string>("refresh_token", existing.RefreshToken!),
                new KeyValuePair<string, string>("client_id", OAuthClientId),
            })
            : () => Json(new Dictionary<string, string> { ["refresh_token"] = existing.RefreshToken! });
        var path = existing.Method == "/api/login/oauth/token" ? "api/login/oauth/token" : "api/auth/refresh_token";
        using var response = await PostAnonymousAsync(path, content, "token refresh", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await ToExceptionAsync(response, "token refresh", cancellationToken).ConfigureAwait(false);
        }

        var state = await ReadTokenAsync(response, existing.Method, cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(Vendor + "InvalidSignInResponse", FailureKind.InvalidData, "The token refresh returned no access_token.");
        state.Revoke = existing.Revoke;
        return state;
    }

    private async Task<TokenState?> PostForTokenAsync(string path, Func<HttpContent> content, string method, string revokePath, CancellationToken cancellationToken)
    {
        using var response = await PostAnonymousAsync(path, content, "sign-in", cancellationToken).ConfigureAwait(false);
        if (IsMissingEndpoint(response.StatusCode))
        {
            return null;
        }

        await EnsureSignedInAsync(response, cancellationToken).ConfigureAwait(false);
        var state = await ReadTokenAsync(response, method, cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(Vendor + "InvalidSignInResponse", FailureKind.InvalidData, $"{connection.ServerDisplay} accepted the sign-in on {method} but returned no access_token.", terminating: true);
        state.Revoke = RevokeWith(revokePath);
        return state;
    }

    /// <summary>Sends a request without a token; the content is built afresh for every attempt.</summary>
    private Task<HttpResponseMessage> PostAnonymousAsync(string path, Func<HttpContent> content, string what, CancellationToken cancellationToken) =>
        HttpPipeline.SendAsync(
            connection,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(connection.BaseUri, path)) { Content = content() },
            log,
            Vendor,
            what,
            cancellationToken);

    private static bool IsMissingEndpoint(HttpStatusCode status) =>
        status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented;

    private async Task EnsureSignedInAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var failure = await ToExceptionAsync(response, "sign-in", cancellationToken).ConfigureAwait(false);
        if (failure.Kind is FailureKind.LimitsExceeded or FailureKind.Connection or FailureKind.Timeout)
        {
            throw failure;
        }

        throw new CallReportsException(
            failure.ErrorId == Vendor + "Unauthorized" ? Vendor + "SignInFailed" : failure.ErrorId,
            FailureKind.Authentication,
            $"Signing in to PortSIP {connection.ServerDisplay} as {credentials.Principal} failed: {failure.Message} Check the user name, the password and -Domain (the tenant SIP domain). Failed sign-ins are not retried: the PBX can block an IP after repeated failures.",
            terminating: true) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "sign-in" };
    }

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
                    Vendor + "TwoFactorRequired",
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

    private Func<TokenState, CancellationToken, Task> RevokeWith(string path)
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
                Vendor,
                "sign-out",
                cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Unauthorized)
            {
                throw await ToExceptionAsync(response, "sign-out", cancellationToken).ConfigureAwait(false);
            }
        };
    }

    private static StringContent Json(Dictionary<string, string> body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
