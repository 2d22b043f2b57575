using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Time;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>What <c>system/information</c> said about a PBX, cached per server: <paramref name="Offset"/> is its UTC offset when asked, <paramref name="Zone"/> the zone it names, if any.</summary>
internal sealed record YeastarSystemInfo(string? Firmware, string? DateFormat, string? TimeFormat, TimeSpan? Offset, TimeZoneInfo? Zone = null);

/// <summary>
/// Signs in to the Yeastar OpenAPI and sends token-bearing requests. Only 8 tokens may be live per
/// application and 5 bad logins block the caller's IP, so a token is got once per server and Client ID
/// and kept in the <see cref="TokenCache"/> (refreshed with <c>refresh_token</c> before it expires,
/// revoked with <c>del_token</c> when the cache is cleared), and a rejected login is never retried.
/// The token travels in the query string: every URI is logged as path plus query length only.
/// </summary>
internal sealed class YeastarSession
{
    internal const string AuthPath = "openapi/v1.0/";

    private static readonly ConcurrentDictionary<string, YeastarSystemInfo> Information = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConnectionOptions connection;
    private readonly NetworkCredential credential;
    private readonly OperationLog log;

    public YeastarSession(ConnectionOptions connection, NetworkCredential credential, OperationLog log)
    {
        this.connection = connection;
        this.credential = credential;
        this.log = log;
        Redactor.Register(credential.Password);
    }

    public ConnectionOptions Connection => connection;

    /// <summary>For tests: forget the cached display formats.</summary>
    internal static void ForgetInformation() => Information.Clear();

    /// <summary>The PBX's firmware, display formats and UTC offset (<c>system/information</c>), once per server per process.</summary>
    public async Task<YeastarSystemInfo> GetInformationAsync(CancellationToken cancellationToken)
    {
        if (Information.TryGetValue(connection.ServerDisplay, out var cached))
        {
            return cached;
        }

        using var document = await GetJsonAsync(AuthPath + "system/information", Array.Empty<KeyValuePair<string, string>>(), "the PBX information", cancellationToken).ConfigureAwait(false);
        var data = document.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : document.RootElement;
        var info = new YeastarSystemInfo(Text(data, "firmware_version"), Text(data, "system_date_format"), Text(data, "system_time_format"), null);
        if (Text(data, "system_time") is { } systemTime && long.TryParse(Text(data, "timestamp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp))
        {
            var format = info.DateFormat is not null && info.TimeFormat is not null ? TryParse(info.DateFormat, info.TimeFormat) : null;
            if ((format ?? YeastarDisplayFormat.Default).TryParseDateTime(systemTime, out var wall))
            {
                var utc = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime;
                var minutes = Math.Round((wall - utc).TotalMinutes / 15) * 15;
                info = info with { Offset = TimeSpan.FromMinutes(minutes) };
            }
        }

        // The page documents no zone field; a firmware that names its zone anyway gets its daylight-saving rules applied.
        var zoneName = Text(data, "time_zone") ?? Text(data, "timezone");
        if (zoneName is not null)
        {
            if (ZoneResolver.TryResolve(zoneName, out var zone))
            {
                info = info with { Zone = zone };
            }
            else
            {
                log.Verbose($"PBX {connection.ServerDisplay} names its time zone '{zoneName}', which this machine does not know; pass -TimeZone.");
            }
        }

        log.Verbose($"PBX {connection.ServerDisplay}: firmware {info.Firmware ?? "(not reported)"}, date format {info.DateFormat ?? "(not reported)"}, time format {info.TimeFormat ?? "(not reported)"}, time zone {(info.Zone is { } named ? ZoneResolver.IanaName(named) : "(not reported)")}.");
        Information[connection.ServerDisplay] = info;
        return info;
    }

    /// <summary>GETs a JSON endpoint with the token; an <c>errcode</c> other than 0 is an exception. 10004 renews the token once; -2 and 70082 back off and retry.</summary>
    public async Task<JsonDocument> GetJsonAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, string what, CancellationToken cancellationToken, bool processingIsSuccess = false)
    {
        string? rejected = null;
        var busy = 0;
        while (true)
        {
            var token = await GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
            using var response = await SendWithTokenAsync(path, parameters, token, what, cancellationToken).ConfigureAwait(false);
            var document = await ReadEnvelopeAsync(response, what, cancellationToken).ConfigureAwait(false);
            var code = ErrorCode(document.RootElement);
            if (code == 0 || (code == 2 && processingIsSuccess))
            {
                return document;
            }

            if (code == 10004 && rejected is null)
            {
                document.Dispose();
                log.Verbose(what + ": the PBX said the token expired (10004); renewing it and trying once more.");
                rejected = token;
                continue;
            }

            if (code is -2 or 70082 && busy < connection.MaximumRetryCount)
            {
                document.Dispose();
                var wait = TimeSpan.FromTicks(connection.RetryInterval.Ticks * (1L << busy));
                busy++;
                log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: the PBX answered {1} ({2}); retrying in {3:0.0} s.", what, code, code == -2 ? "INTERNAL SERVER ERROR" : "OVERLOAD_TASK_RUNNING", wait.TotalSeconds));
                await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
                continue;
            }

            using (document)
            {
                throw ToException(document.RootElement, what, signIn: false);
            }
        }
    }

    /// <summary>GETs <paramref name="path"/> with the current token appended; the caller reads the response.</summary>
    public async Task<HttpResponseMessage> SendWithTokenAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, string token, string what, CancellationToken cancellationToken)
    {
        var query = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)).Append("access_token=" + Uri.EscapeDataString(token)));
        var uri = new Uri(connection.BaseUri, path.TrimStart('/') + (path.IndexOf('?') >= 0 ? "&" : "?") + query);
        var response = await HttpPipeline.SendAsync(
            connection,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.ParseAdd("application/json");
                request.Headers.Accept.ParseAdd("*/*");
                return request;
            },
            log,
            YeastarErrors.Prefix,
            what,
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
                var kind = HttpFailure.KindOf(response.StatusCode);
                throw new CallReportsException(
                    YeastarErrors.Prefix + HttpFailure.IdOf(response.StatusCode),
                    kind,
                    string.Format(CultureInfo.InvariantCulture, "{0} answered HTTP {1} {2} for {3} (the Yeastar API answers 200 even for errors: a proxy or the remote-access relay may be in the way).{4}", connection.ServerDisplay, (int)response.StatusCode, response.ReasonPhrase, what, body.Length is > 0 and < 300 ? " " + body.Trim() : string.Empty),
                    terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied or FailureKind.NotFound)
                { StatusCode = (int)response.StatusCode, Target = what };
            }
        }

        return response;
    }

    /// <summary>A fresh access token from the cache (signing in or refreshing as needed).</summary>
    public async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        connection.EnsureCredentialsAllowed(YeastarErrors.Prefix);
        var state = await TokenCache.GetAsync(CallReportsVendor.Yeastar, connection.ServerDisplay, credential.UserName, credential.Password, AcquireAsync, rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    /// <summary>Parses an <c>{errcode, errmsg}</c> body.</summary>
    public static async Task<JsonDocument> ReadEnvelopeAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errcode", out _))
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
        }

        throw new CallReportsException(YeastarErrors.InvalidResponse, FailureKind.InvalidData, $"The PBX answered {what} with something that is not a Yeastar API response (no errcode).", terminating: true) { Target = what };
    }

    internal static int ErrorCode(JsonElement root) =>
        root.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var value) ? value : int.MinValue;

    /// <summary>A non-zero <c>errcode</c> as an exception with a stable id (Yeastar + the problem), the errmsg and the invalid parameters.</summary>
    internal static CallReportsException ToException(JsonElement root, string what, bool signIn)
    {
        var code = ErrorCode(root);
        var message = Text(root, "errmsg") ?? "(no errmsg)";
        var invalid = new List<string>();
        if (root.TryGetProperty("invalid_param_list", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                invalid.Add((Text(item, "field") ?? "(field)") + "=" + (Text(item, "value") ?? Text(item, "validation_type") ?? "?"));
            }
        }

        var said = string.Format(CultureInfo.InvariantCulture, "The PBX answered {0} with errcode {1} {2}{3}.", what, code, message, invalid.Count == 0 ? string.Empty : " (invalid: " + string.Join(", ", invalid) + ")");
        (string id, FailureKind kind, bool terminating, string advice) = code switch
        {
            -1 when signIn => ("SignInFailed", FailureKind.Authentication, true, " The Client ID or Client Secret is wrong (Integrations > API on the PBX). It was not retried: after 5 failed logins the PBX blocks this IP."),
            60002 when signIn => ("TokenLimitReached", FailureKind.LimitsExceeded, true, " The application already has 8 live access tokens, the most Yeastar allows; a new one is issued only when one expires (30 minutes) or is revoked. Stop other scripts using this Client ID, or wait."),
            70004 => ("IpBlocked", FailureKind.Security, true, " This IP is blocked after repeated failed logins" + (Text(root, "block_expire_time") is { } until ? " until " + until : string.Empty) + "; an administrator can remove it under PBX Security > Blocked IPs."),
            70087 => ("IpForbidden", FailureKind.Security, true, " This IP is not in the API's IP allow-list (Integrations > API > IP restriction on the PBX)."),
            10004 => ("TokenExpired", FailureKind.Authentication, true, " A renewed token was rejected too."),
            10005 => ("AccessDenied", FailureKind.PermissionDenied, true, " The API application lacks permission for this."),
            10001 => ("InterfaceNotFound", FailureKind.NotFound, true, " The endpoint does not exist on this firmware (or on this API version); try -ApiVersion V1."),
            10002 or 10003 => ("ApiVersionUnsupported", FailureKind.NotFound, true, " Try -ApiVersion V1."),
            10009 => ("OperationFailed", FailureKind.PermissionDenied, true, " The feature is disabled or not licensed on the PBX."),
            40001 or 40002 => ("ParameterError", FailureKind.InvalidArgument, true, string.Empty),
            60001 => ("DataNotFound", FailureKind.NotFound, false, string.Empty),
            60002 => ("LimitExceeded", FailureKind.LimitsExceeded, false, string.Empty),
            70082 => ("Overloaded", FailureKind.LimitsExceeded, false, " The PBX is busy with an overload task; try again later."),
            -2 => ("InternalError", FailureKind.Unknown, false, " Some PBX firmware also answers -2 for a malformed report request."),
            -1 => ("Failure", FailureKind.Unknown, false, string.Empty),
            _ => ("Error" + code.ToString(CultureInfo.InvariantCulture).Replace("-", "Minus"), FailureKind.Unknown, false, string.Empty),
        };
        return new CallReportsException(YeastarErrors.Prefix + id, kind, said + advice, terminating) { VendorCode = code.ToString(CultureInfo.InvariantCulture), Target = what };
    }

    internal static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static YeastarDisplayFormat? TryParse(string date, string time)
    {
        try
        {
            return YeastarDisplayFormat.Parse(date, time);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private async Task<TokenState> AcquireAsync(TokenState? existing, CancellationToken cancellationToken)
    {
        if (existing?.RefreshToken is { } refresh)
        {
            try
            {
                var renewed = await PostTokenAsync("refresh_token", "{\"refresh_token\":" + JsonSerializer.Serialize(refresh) + "}", "token refresh", cancellationToken).ConfigureAwait(false);
                log.Verbose($"Refreshed the Yeastar token of {credential.UserName}; it expires at {renewed.ExpiresAt:u}.");
                return renewed;
            }
            catch (CallReportsException ex) when (ex.Kind is not FailureKind.Security and not FailureKind.Connection and not FailureKind.Timeout)
            {
                log.Verbose($"Refreshing the Yeastar token failed ({ex.Message}); getting a new one.");
            }
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = credential.UserName, ["password"] = credential.Password });
        var state = await PostTokenAsync("get_token", body, "sign-in", cancellationToken).ConfigureAwait(false);
        log.Verbose($"Got a Yeastar token for {credential.UserName} at {connection.ServerDisplay}; it expires at {state.ExpiresAt:u}.");
        return state;
    }

    private async Task<TokenState> PostTokenAsync(string endpoint, string json, string what, CancellationToken cancellationToken)
    {
        var uri = new Uri(connection.BaseUri, AuthPath + endpoint);

        // One attempt only: a transient failure might hide a counted failed login, and 5 of those block the IP.
        var once = new ConnectionOptions(connection.BaseUri)
        {
            SkipCertificateCheck = connection.SkipCertificateCheck,
            AllowUnencryptedAuthentication = connection.AllowUnencryptedAuthentication,
            Timeout = connection.Timeout,
            MaximumRetryCount = 0,
            RetryInterval = connection.RetryInterval,
        };
        using var response = await HttpPipeline.SendAsync(
            once,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            log,
            YeastarErrors.Prefix,
            what,
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CallReportsException(YeastarErrors.Prefix + HttpFailure.IdOf(response.StatusCode), HttpFailure.KindOf(response.StatusCode), string.Format(CultureInfo.InvariantCulture, "{0} answered HTTP {1} for the {2}.", connection.ServerDisplay, (int)response.StatusCode, what), terminating: true) { StatusCode = (int)response.StatusCode, Target = what };
        }

        using var document = await ReadEnvelopeAsync(response, "the " + what, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var access = Text(root, "access_token");
        var refresh = Text(root, "refresh_token");
        Redactor.Register(access);
        Redactor.Register(refresh);
        if (ErrorCode(root) != 0)
        {
            throw ToException(root, "the " + what + " of " + credential.UserName, signIn: true);
        }

        if (access is null)
        {
            throw new CallReportsException(YeastarErrors.InvalidSignInResponse, FailureKind.InvalidData, $"The PBX accepted the {what} but returned no access_token.", terminating: true);
        }

        var seconds = long.TryParse(Text(root, "access_token_expire_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 1800;
        return new TokenState(access, refresh, TimeSpan.FromSeconds(seconds), AuthPath + endpoint) { Revoke = RevokeWith(connection, credential.UserName) };
    }

    // The cache outlives the command that got the token: revoke through a session with a silent log.
    private static Func<TokenState, CancellationToken, Task> RevokeWith(ConnectionOptions options, string clientId) =>
        (state, cancellationToken) => new YeastarSession(options, new NetworkCredential(clientId, string.Empty), new OperationLog(_ => { })).RevokeAsync(state, cancellationToken);

    private async Task RevokeAsync(TokenState state, CancellationToken cancellationToken)
    {
        using var response = await SendWithTokenAsync(AuthPath + "del_token", Array.Empty<KeyValuePair<string, string>>(), state.AccessToken, "token revocation", cancellationToken).ConfigureAwait(false);
        using var document = await ReadEnvelopeAsync(response, "the token revocation", cancellationToken).ConfigureAwait(false);
        if (ErrorCode(document.RootElement) != 0)
        {
            throw ToException(document.RootElement, "the token revocation", signIn: false);
        }
    }
}
