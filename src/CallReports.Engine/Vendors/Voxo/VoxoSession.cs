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

namespace CallReports.Engine.Vendors.Voxo;

/// <summary>
/// Signs in to VOXO (<c>POST /authentication</c>, Feathers' local strategy) and sends authorized requests.
/// The JWT is cached for the lifetime its <c>exp</c> claim gives (renewed at 80% of it, the cache's rule)
/// and re-issued once on a 401.
/// </summary>
internal sealed class VoxoSession
{
    internal const string Vendor = "Voxo";

    /// <summary>Feathers' default <c>expiresIn</c>, for a token whose exp cannot be read.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

    private readonly ConnectionOptions connection;
    private readonly VoxoCredentials credentials;
    private readonly OperationLog log;

    public VoxoSession(ConnectionOptions connection, VoxoCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    /// <summary>Sends a GET with the bearer token, signing in again once on a 401.</summary>
    public async Task<HttpResponseMessage> GetAsync(string relativeUri, string what, CancellationToken cancellationToken)
    {
        connection.EnsureCredentialsAllowed(Vendor);
        string? rejected = null;
        for (var attempt = 0; ; attempt++)
        {
            var token = await GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
            var response = await HttpPipeline.SendAsync(
                connection,
                () =>
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.BaseUri, relativeUri));
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    request.Headers.Accept.ParseAdd("application/json");
                    return request;
                },
                log,
                Vendor,
                what,
                cancellationToken).ConfigureAwait(false);

            if (response.StatusCode != HttpStatusCode.Unauthorized)
            {
                return response;
            }

            if (attempt > 0 || credentials.AccessToken is not null)
            {
                var failure = await ToExceptionAsync(response, what, cancellationToken).ConfigureAwait(false);
                response.Dispose();
                throw new CallReportsException(
                    failure.ErrorId,
                    FailureKind.Authentication,
                    credentials.AccessToken is not null
                        ? failure.Message + " The access token was rejected (expired or revoked); issue a new one in the VOXO portal, or use -Credential so the token can be renewed."
                        : failure.Message + " A fresh sign-in was also rejected; check that the user is an account admin, reports admin or partner admin.",
                    terminating: true) { StatusCode = 401, VendorCode = failure.VendorCode, Target = what };
            }

            log.Verbose(what + ": VOXO rejected the token (HTTP 401); signing in again and trying once more.");
            response.Dispose();
            rejected = token;
        }
    }

    /// <summary>Reads a Feathers error (<c>{name, message, code, className, data, errors}</c>) into an exception.</summary>
    public static async Task<CallReportsException> ToExceptionAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? name = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                name = VoxoRecordMapper.Text(root, "name");
                message = VoxoRecordMapper.Text(root, "message");
            }
        }
        catch (JsonException)
        {
            // Not a Feathers error body (a proxy's HTML page); the status speaks for itself.
        }

        var status = (int)response.StatusCode;
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "VOXO answered HTTP {0} {1} for {2}{3}",
            status,
            name ?? response.ReasonPhrase,
            what,
            message is null ? "." : ": " + message.TrimEnd('.') + ".");
        var kind = HttpFailure.KindOf(response.StatusCode);
        if (kind == FailureKind.PermissionDenied)
        {
            text += " Call reports need an account admin, reports admin or partner admin user; billing codes and partner-wide reports need a partner admin.";
        }

        // Feathers error names are PascalCase already (BadRequest, NotAuthenticated).
        var suffix = name is not null && IsIdentifier(name) ? char.ToUpperInvariant(name[0]) + name.Substring(1) : HttpFailure.IdOf(response.StatusCode);
        return new CallReportsException(Vendor + suffix, kind, text, terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied)
        {
            StatusCode = status,
            VendorCode = name,
            Target = what,
        };
    }

    /// <summary>The <c>exp</c> claim of a JWT, read without checking the signature; null when it is not a JWT.</summary>
    internal static DateTimeOffset? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(payload));
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("exp", out var exp) &&
                   exp.ValueKind == JsonValueKind.Number &&
                   exp.TryGetInt64(out var seconds) &&
                   seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsIdentifier(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return name.Length is > 0 and <= 64;
    }

    private async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (credentials.AccessToken is { } secure)
        {
            var plain = new NetworkCredential(string.Empty, secure).Password;
            Redactor.Register(plain);
            return plain;
        }

        var state = await TokenCache.GetAsync(CallReportsVendor.Voxo, connection.ServerDisplay, credentials.Principal, credentials.Password!.Password, (_, ct) => SignInAsync(ct), rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    private async Task<TokenState> SignInAsync(CancellationToken cancellationToken)
    {
        var password = credentials.Password!;
        Redactor.Register(password.Password);
        using var response = await HttpPipeline.SendAsync(
            connection,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(connection.BaseUri, "authentication"))
            {
                Content = new StringContent(
                    JsonSerializer.Serialize(new Dictionary<string, string> { ["strategy"] = "local", ["email"] = password.UserName.Trim(), ["password"] = password.Password }),
                    Encoding.UTF8,
                    "application/json"),
            },
            log,
            Vendor,
            "sign-in",
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            var failure = await ToExceptionAsync(response, "sign-in", cancellationToken).ConfigureAwait(false);
            if (failure.Kind is FailureKind.LimitsExceeded or FailureKind.Connection or FailureKind.Timeout)
            {
                throw failure;
            }

            if (failure.Kind == FailureKind.NotFound || failure.StatusCode == 405)
            {
                throw new CallReportsException(
                    failure.ErrorId,
                    FailureKind.NotFound,
                    $"{connection.ServerDisplay} has no VOXO sign-in endpoint: {failure.Message} Check -Server (the VOXO API is https://api.voxo.co).",
                    terminating: true) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "sign-in" };
            }

            throw new CallReportsException(
                failure.Kind == FailureKind.Authentication ? Vendor + "SignInFailed" : failure.ErrorId,
                FailureKind.Authentication,
                $"Signing in to VOXO {connection.ServerDisplay} as {credentials.Principal} failed: {failure.Message} Check the email address and password, or use -AccessToken with a token from the VOXO portal. Failed sign-ins are not retried.",
                terminating: true) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "sign-in" };
        }

        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? accessToken = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            accessToken = VoxoRecordMapper.Text(document.RootElement, "accessToken");
        }
        catch (JsonException)
        {
            // Reported below.
        }

        if (accessToken is null)
        {
            throw new CallReportsException(
                Vendor + "InvalidSignInResponse",
                FailureKind.InvalidData,
                $"VOXO {connection.ServerDisplay} accepted the sign-in but returned no accessToken.",
                terminating: true) { Target = "sign-in" };
        }

        Redactor.Register(accessToken);
        var now = DateTimeOffset.UtcNow;
        var lifetime = ExpiryOf(accessToken) is { } exp && exp > now ? exp - now : DefaultLifetime;
        var state = new TokenState(accessToken, null, lifetime, "/authentication (local)");
        log.Verbose($"Signed in to VOXO {connection.ServerDisplay} as {credentials.Principal}; the token expires at {state.ExpiresAt.ToUniversalTime():u}.");
        return state;
    }
}
