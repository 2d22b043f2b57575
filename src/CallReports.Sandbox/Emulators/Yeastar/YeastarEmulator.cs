using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.WebSockets;
using System.Threading;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.Yeastar;

/// <summary>
/// An emulated Yeastar P-Series PBX OpenAPI: <c>get_token</c>/<c>refresh_token</c>/<c>del_token</c> with the
/// 8-live-token cap and the IP block after 5 bad logins, a mandatory <c>User-Agent</c>, the token in the
/// query string, HTTP 200 with <c>errcode</c> for every API answer, <c>system/information</c> with
/// configurable display formats, <c>system/get_menuoptions</c>, and <c>call_report/download</c> with the
/// per-type required parameters (40002 when one is missing), a header-only file when the times do not
/// match the display format (as the real PBX does), the v1.0/v2.0 split, and download links that expire.
/// Tests can switch on a call log (<see cref="Calls"/>) filtered by range, a firmware upgrade on a date
/// (<see cref="UpgradedAt"/>), a zone with daylight saving (<see cref="Zone"/>), and faults: missing links,
/// a busy PBX, expired refresh tokens.
/// </summary>
public sealed class YeastarEmulator : IVendorEmulator
{
    /// <summary>The demo Client ID.</summary>
    public const string ClientId = "sandbox-yeastar-client";

    /// <summary>The demo Client Secret.</summary>
    public const string ClientSecret = "Sandbox-Yeastar-Secret-7Q";

    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["extcallstatistics"] = new[] { "ext_id_list" },
        ["extcallactivity"] = new[] { "ext_id_list", "time" },
        ["trunkactivity"] = new[] { "trunk_id_list", "time" },
        ["trunkdiddodactivity"] = new[] { "trunk_id", "time" },
        ["ivr"] = new[] { "ivr_id_list" },
        ["aisttusage"] = Array.Empty<string>(),
        ["unreturnmisscall"] = Array.Empty<string>(),
        ["queueavgwaittalktime"] = new[] { "queue_id_list", "time" },
        ["queueperformance"] = new[] { "queue_id_list" },
        ["queueperformanceactivity"] = new[] { "queue_id_list", "time" },
        ["queuecallbackssummary"] = new[] { "queue_id_list" },
        ["queuecallbacksactivity"] = new[] { "queue_id_list" },
        ["queuesatisfaction"] = new[] { "queue_id" },
        ["queuesatisfactiondetail"] = new[] { "queue_id" },
        ["queueagentlogintime"] = new[] { "queue_id" },
        ["queueagentpausetime"] = new[] { "queue_id" },
        ["queueagentmisscalls"] = new[] { "queue_id" },
        ["queueagentperformance"] = new[] { "queue_id" },
        ["queueagentinoutcalls"] = new[] { "queue_id" },
        ["ringgroupstatistics"] = new[] { "ring_group_id_list" },
        ["extcallbilling"] = new[] { "trunk_id_list" },
        ["extcallbillingdetails"] = new[] { "trunk_id_list" },
    };

    /// <summary>The types whose rows are single calls or events (the "Details"/"Activity" lists), not figures.</summary>
    private static readonly HashSet<string> PerCallTypes = new(StringComparer.Ordinal)
    {
        "aisttusage", "unreturnmisscall", "queuecallbacksactivity", "queuesatisfactiondetail", "queueagentlogintime", "queueagentpausetime", "queueagentmisscalls", "extcallbillingdetails",
    };

    /// <summary>The page's miss_call_type values as a report row writes them (ASSUMED), one call after another.</summary>
    private static readonly string[] MissedCallTypes = { "No Answer", "Busy", "Abandoned" };

    /// <summary>The time of the fixed reports' first row.</summary>
    private static readonly DateTime FixedStart = new(2026, 11, 2, 8, 0, 0);

    private readonly object gate = new();
    private readonly Dictionary<string, DateTimeOffset> accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Csv, BulkReport? Bulk, DateTimeOffset Expires)> files = new(StringComparer.Ordinal);
    private readonly List<(WebSocket Socket, SemaphoreSlim Gate)> subscribers = new();
    private int failedLogins;
    private int missingLinkAnswers;
    private int busyAnswers;
    private DateTimeOffset? blockedUntil;
    private int tokensIssued;
    private int downloads;

    internal YeastarEmulator(string mountPath)
    {
        MountPath = mountPath;
        BaseUri = new Uri("http://127.0.0.1/" + mountPath.TrimStart('/'));
    }

    /// <inheritdoc />
    public string MountPath { get; }

    /// <inheritdoc />
    public Uri BaseUri { get; internal set; }

    /// <summary><c>system_date_format</c>; null leaves the field out (older firmware).</summary>
    public string? DateFormat { get; set; } = "DD/MM/YYYY";

    /// <summary><c>system_time_format</c>; null leaves the field out.</summary>
    public string? TimeFormat { get; set; } = "hh:mm:ss AM";

    /// <summary><c>firmware_version</c>; x.21.0.117 and later serve report data on v2.0.</summary>
    public string Firmware { get; set; } = "37.23.0.123";

    /// <summary>The PBX's UTC offset.</summary>
    public TimeSpan Offset { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Access token lifetime (the real PBX: 30 minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Download link lifetime (the real PBX: 30 minutes).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Live access tokens allowed per application (the real PBX: 8).</summary>
    public int TokenLimit { get; set; } = 8;

    /// <summary>Rows per report (per ID for the per-ID reports).</summary>
    public int RowsPerReport { get; set; } = 6;

    /// <summary>
    /// For scale scenarios: when above zero, a report with data has this many rows (per ID for the per-ID
    /// reports) instead of <see cref="RowsPerReport"/>, one minute apart for the time-based types. They are
    /// generated from a fixed seed while the file is downloaded and streamed without a Content-Length,
    /// never held in memory, so every download of the same report gives the same bytes; such files are
    /// not kept in <see cref="LastServed"/>.
    /// </summary>
    public int BulkRows { get; set; }

    /// <summary>
    /// The PBX's zone, with its daylight-saving rules; null keeps the fixed <see cref="Offset"/>. Times in
    /// <c>system/information</c> and in the reports are written as wall-clock time of this zone.
    /// </summary>
    public TimeZoneInfo? Zone { get; set; }

    /// <summary>
    /// ASSUMED (the page documents no zone field): when set, <c>system/information</c> names the PBX's zone
    /// in a <c>time_zone</c> field with this value (an IANA name), as some firmware may.
    /// </summary>
    public string? ReportedZoneName { get; set; }

    /// <summary>
    /// A call log: when set, the reports are built from these calls instead of <see cref="RowsPerReport"/>
    /// fixed rows. Per-call types (<c>extcallbillingdetails</c> and the other detail/activity lists) get one
    /// row per call in range, with the call's index in this list as its caller (<c>Call From</c> = 2000 +
    /// index); <c>extcallstatistics</c> and <c>queueperformance</c> get one row per ID (calls are shared out
    /// round-robin); every other type one summary row. ASSUMED: the PBX compares <c>start_time</c>/<c>end_time</c>
    /// with each call's wall-clock time in its own zone, to the second.
    /// </summary>
    public IReadOnlyList<DateTimeOffset>? Calls { get; set; }

    /// <summary>
    /// When the firmware was upgraded to x.21.0.117: calls before it are legacy data served by
    /// <c>openapi/v1.0</c>, calls from it on new data served by <c>openapi/v2.0</c> (the page: "openapi/v2.0 for
    /// new data and openapi/v1.0 for historical data"). Null: every call is on the path the firmware implies.
    /// </summary>
    public DateTimeOffset? UpgradedAt { get; set; }

    /// <summary>ASSUMED either way (the page is silent): whether <c>openapi/v1.0</c> also serves the new data. Default false.</summary>
    public bool LegacyIncludesNewData { get; set; }

    /// <summary>
    /// ASSUMED (the page is silent; its example range "04/01/2022 00:00:00-05/31/2022 23:59:59" reads as an
    /// inclusive end): whether a call exactly at <c>end_time</c> is left out. Default false: it is included.
    /// </summary>
    public bool EndTimeExclusive { get; set; }

    /// <summary>ASSUMED (the page is silent): whether a call exactly at <c>start_time</c> is left out. Default false: it is included.</summary>
    public bool StartTimeExclusive { get; set; }

    /// <summary>
    /// ASSUMED (the page is silent): with <see cref="Calls"/>, whether an ID without calls in range is left out
    /// of <c>extcallstatistics</c>/<c>queueperformance</c>. Default false: it gets a row of zeros, as the web
    /// portal lists every selected extension.
    /// </summary>
    public bool OmitIdleRows { get; set; }

    /// <summary>ASSUMED (the page is silent on what follows the cleanup): <c>openapi/v1.0/call_report/download</c> answers 10002 API VERSION OUT OF MAINTENANCE.</summary>
    public bool LegacyReportsRetired { get; set; }

    /// <summary>How many of the next report downloads are answered HTTP 404 with an HTML page (as some servers do for an expired or unknown link, instead of JSON 60001); <see cref="int.MaxValue"/> for all.</summary>
    public int MissingLinkAnswers
    {
        get => Volatile.Read(ref missingLinkAnswers);
        set => Volatile.Write(ref missingLinkAnswers, value);
    }

    /// <summary>
    /// The status of <see cref="MissingLinkAnswers"/>: 404 (default), or 200 as a web portal gives for any path it
    /// does not know (its own page, text/html).
    /// </summary>
    public int MissingLinkStatus { get; set; } = 404;

    /// <summary>How many of the next <c>call_report/download</c> requests are answered <see cref="BusyCode"/>.</summary>
    public int BusyAnswers
    {
        get => Volatile.Read(ref busyAnswers);
        set => Volatile.Write(ref busyAnswers, value);
    }

    /// <summary>The errcode of <see cref="BusyAnswers"/>: -2 INTERNAL SERVER ERROR (default) or 70082 OVERLOAD_TASK_RUNNING.</summary>
    public int BusyCode { get; set; } = -2;

    /// <summary>How many tokens <c>get_token</c> issued.</summary>
    public int TokensIssued
    {
        get
        {
            lock (gate)
            {
                return tokensIssued;
            }
        }
    }

    /// <summary>How many report files were served.</summary>
    public int Downloads
    {
        get
        {
            lock (gate)
            {
                return downloads;
            }
        }
    }

    /// <summary>
    /// The Content-Type of every <c>{errcode, errmsg}</c> answer. Assumed: the page shows the bodies but not the type;
    /// JSON by default, settable so a test can prove the client does not depend on it.
    /// </summary>
    public string EnvelopeContentType { get; set; } = "application/json; charset=utf-8";

    /// <summary>
    /// Report files served as <c>text/plain</c> without a Content-Disposition, where the emulator otherwise sends
    /// <c>application/octet-stream</c> as an attachment. Assumed: the page shows the download link, not the answer's
    /// headers; a web server in front of the PBX may send either.
    /// </summary>
    public bool FileServedAsText { get; set; }

    /// <summary>When set, every access token expires right after the next download link is issued (once).</summary>
    public bool ExpireTokensAfterNextLink { get; set; }

    /// <summary>How long an <c>is_async=1</c> report takes before event 30027 is pushed.</summary>
    public TimeSpan AsyncDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether a <c>topic_list</c> is answered with <c>{errcode:0}</c> (some firmware stays silent).</summary>
    public bool ConfirmSubscriptions { get; set; } = true;

    /// <summary>How many <c>heartbeat</c> messages subscribers sent.</summary>
    public int Heartbeats { get; private set; }

    /// <summary>
    /// An asynchronous report is announced only once this many heartbeats have come in since it was requested (and
    /// <see cref="AsyncDelay"/> has passed), at most 10 s after it: a test of the heartbeat then depends on no timing.
    /// </summary>
    public int AsyncAfterHeartbeats { get; set; }

    /// <summary>The bytes of the last report file served (empty after a <see cref="BulkRows"/> file).</summary>
    public byte[] LastServed { get; private set; } = Array.Empty<byte>();

    /// <summary>Live access tokens.</summary>
    public int LiveTokens
    {
        get
        {
            lock (gate)
            {
                return accessTokens.Count(t => t.Value > DateTimeOffset.UtcNow);
            }
        }
    }

    /// <summary>Every access token ever issued and still known (for leak scans).</summary>
    public IReadOnlyList<string> IssuedTokens
    {
        get
        {
            lock (gate)
            {
                return accessTokens.Keys.Concat(refreshTokens.Keys).ToList();
            }
        }
    }

    /// <summary>Forgets tokens, files, the block and the counters, and restores the defaults.</summary>
    public void Reset()
    {
        lock (gate)
        {
            accessTokens.Clear();
            refreshTokens.Clear();
            files.Clear();
            failedLogins = 0;
            blockedUntil = null;
            tokensIssued = 0;
            downloads = 0;
        }

        DateFormat = "DD/MM/YYYY";
        TimeFormat = "hh:mm:ss AM";
        Firmware = "37.23.0.123";
        TokenLifetime = TimeSpan.FromMinutes(30);
        LinkLifetime = TimeSpan.FromMinutes(30);
        TokenLimit = 8;
        RowsPerReport = 6;
        BulkRows = 0;
        ExpireTokensAfterNextLink = false;
        FileServedAsText = false;
        EnvelopeContentType = "application/json; charset=utf-8";
        Offset = TimeSpan.FromHours(1);
        Zone = null;
        ReportedZoneName = null;
        Calls = null;
        UpgradedAt = null;
        LegacyIncludesNewData = false;
        EndTimeExclusive = false;
        StartTimeExclusive = false;
        OmitIdleRows = false;
        LegacyReportsRetired = false;
        MissingLinkAnswers = 0;
        MissingLinkStatus = 404;
        BusyAnswers = 0;
        BusyCode = -2;
        AsyncDelay = TimeSpan.FromMilliseconds(100);
        ConfirmSubscriptions = true;
        Heartbeats = 0;
        AsyncAfterHeartbeats = 0;
    }

    /// <summary>Expires every access token now (as 30 minutes passing would).</summary>
    public void ExpireAccessTokens()
    {
        lock (gate)
        {
            foreach (var key in accessTokens.Keys.ToList())
            {
                accessTokens[key] = DateTimeOffset.UtcNow.AddSeconds(-1);
            }
        }
    }

    /// <summary>Expires every refresh token now (as 24 hours passing would): the next refresh is answered 10004.</summary>
    public void ExpireRefreshTokens()
    {
        lock (gate)
        {
            foreach (var key in refreshTokens.Keys.ToList())
            {
                refreshTokens[key] = DateTimeOffset.UtcNow.AddSeconds(-1);
            }
        }
    }

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context, string relativePath)
    {
        if (string.IsNullOrWhiteSpace(context.Request.Headers.UserAgent.ToString()))
        {
            // The real PBX does not answer properly without a User-Agent.
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("User-Agent required", context.RequestAborted);
            return;
        }

        var path = relativePath.TrimEnd('/');
        if (path.StartsWith("api/download/", StringComparison.Ordinal) && context.Request.Method == "GET")
        {
            await DownloadAsync(context, path.Substring("api/download/".Length));
            return;
        }

        var version = path.StartsWith("openapi/v1.0/", StringComparison.Ordinal) ? 1 : path.StartsWith("openapi/v2.0/", StringComparison.Ordinal) ? 2 : 0;
        var endpoint = version == 0 ? path : path.Substring("openapi/v1.0/".Length);
        switch (version, endpoint, context.Request.Method)
        {
            case (1, "get_token", "POST"):
                await GetTokenAsync(context);
                return;
            case (1, "refresh_token", "POST"):
                await RefreshAsync(context);
                return;
            case (0, _, _):
                context.Response.StatusCode = 404;
                return;
        }

        var token = context.Request.Query["access_token"].ToString();
        if (!IsLive(token))
        {
            await Envelope(context, 10004, "TOKEN EXPIRED");
            return;
        }

        switch (version, endpoint)
        {
            case (1, "del_token"):
                lock (gate)
                {
                    accessTokens.Remove(token);
                }

                await Envelope(context, 0, "SUCCESS");
                return;
            case (1, "system/information"):
                await InformationAsync(context);
                return;
            case (1, "subscribe") when context.WebSockets.IsWebSocketRequest:
                await SubscribeAsync(context);
                return;
            case (1, "system/get_menuoptions"):
                await MenuOptionsAsync(context);
                return;
            case (_, "call_report/download"):
                await ReportAsync(context, version);
                return;
            default:
                await Envelope(context, 10001, "INTERFACE NOT EXISTED");
                return;
        }
    }

    private Task Envelope(HttpContext context, int code, string message, Dictionary<string, object?>? extra = null)
    {
        var body = new Dictionary<string, object?> { ["errcode"] = code, ["errmsg"] = message };
        foreach (var pair in extra ?? new Dictionary<string, object?>())
        {
            body[pair.Key] = pair.Value;
        }

        context.Response.StatusCode = 200;
        return context.Response.WriteAsJsonAsync(body, (System.Text.Json.JsonSerializerOptions?)null, EnvelopeContentType, context.RequestAborted);
    }

    private bool IsLive(string token)
    {
        lock (gate)
        {
            return token.Length > 0 && accessTokens.TryGetValue(token, out var expires) && expires > DateTimeOffset.UtcNow;
        }
    }

    private async Task GetTokenAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var user = document.RootElement.TryGetProperty("username", out var u) ? u.GetString() : null;
        var password = document.RootElement.TryGetProperty("password", out var p) ? p.GetString() : null;
        Dictionary<string, object?>? issued = null;
        (int Code, string Message, Dictionary<string, object?>? Extra) answer;
        lock (gate)
        {
            if (blockedUntil is { } until && until > DateTimeOffset.UtcNow)
            {
                answer = (70004, "ACCOUNT IP BLOCKED", new() { ["block_expire_time"] = until.ToUnixTimeSeconds() });
            }
            else if (user != ClientId || password != ClientSecret)
            {
                failedLogins++;
                if (failedLogins >= 5)
                {
                    blockedUntil = DateTimeOffset.UtcNow.AddMinutes(10);
                }

                answer = (-1, "FAILURE", new() { ["invalid_param_list"] = new[] { new { field = "username or password", value = "error" } } });
            }
            else if (accessTokens.Count(t => t.Value > DateTimeOffset.UtcNow) >= TokenLimit)
            {
                answer = (60002, "MAX LIMITATION EXCEEDED", null);
            }
            else
            {
                failedLogins = 0;
                issued = Issue();
                answer = (0, "SUCCESS", issued);
            }
        }

        await Envelope(context, answer.Code, answer.Message, answer.Extra);
    }

    private async Task RefreshAsync(HttpContext context)
    {
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var refresh = document.RootElement.TryGetProperty("refresh_token", out var r) ? r.GetString() ?? string.Empty : string.Empty;
        Dictionary<string, object?>? issued = null;
        lock (gate)
        {
            if (refreshTokens.TryGetValue(refresh, out var expires) && expires > DateTimeOffset.UtcNow)
            {
                refreshTokens.Remove(refresh);
                issued = Issue();
            }
        }

        await (issued is null ? Envelope(context, 10004, "TOKEN EXPIRED") : Envelope(context, 0, "SUCCESS", issued));
    }

    private Dictionary<string, object?> Issue()
    {
        var access = NewToken();
        var refresh = NewToken();
        accessTokens[access] = DateTimeOffset.UtcNow + TokenLifetime;
        refreshTokens[refresh] = DateTimeOffset.UtcNow.AddDays(1);
        tokensIssued++;
        return new()
        {
            ["access_token_expire_time"] = (long)TokenLifetime.TotalSeconds,
            ["access_token"] = access,
            ["refresh_token_expire_time"] = 86400,
            ["refresh_token"] = refresh,
        };
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=');

    private Task InformationAsync(HttpContext context)
    {
        var now = ToPbx(DateTimeOffset.UtcNow);
        var data = new Dictionary<string, object?>
        {
            ["device_name"] = "Sandbox P570",
            ["model_name"] = "P570",
            ["firmware_version"] = Firmware,
            ["system_time"] = now.ToString(DotNet(DateFormat ?? "YYYY/MM/DD") + " HH:mm:ss", CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToUnixTimeSeconds(),
        };
        if (DateFormat is not null)
        {
            data["system_date_format"] = DateFormat;
        }

        if (TimeFormat is not null)
        {
            data["system_time_format"] = TimeFormat;
        }

        if (ReportedZoneName is not null)
        {
            data["time_zone"] = ReportedZoneName;
        }

        return Envelope(context, 0, "SUCCESS", new() { ["data"] = data });
    }

    private Task MenuOptionsAsync(HttpContext context)
    {
        var menu = context.Request.Query["menu"].ToString();
        var data = (menu, context.Request.Query["id"].ToString()) switch
        {
            ("extension", _) => new[] { ("1001 - Alice Smith", "11"), ("1002 - Bob Jones", "12"), ("1003 - Carol White", "13") },
            ("queue", _) => new[] { ("6400 - Sales", "1"), ("6401 - Sales Overflow", "3"), ("6402 - Support", "2") },
            ("trunk", _) => new[] { ("SIP Trunk A", "21"), ("SIP Trunk B", "22") },
            ("ivr", _) => new[] { ("6500 - Main Menu", "31") },
            ("ring_group", _) => new[] { ("6300 - Front Desk", "41") },
            ("queue_agent", "1") => new[] { ("1001 - Alice Smith", "11"), ("1002 - Bob Jones", "12") },
            _ => Array.Empty<(string, string)>(),
        };
        var items = data.Select(d => new { text = d.Item1, value = d.Item2, type = menu }).ToArray();
        return Envelope(context, 0, "SUCCESS", new() { ["data"] = items });
    }

    private async Task ReportAsync(HttpContext context, int version)
    {
        if (TakeOne(ref busyAnswers))
        {
            await Envelope(context, BusyCode, BusyCode == 70082 ? "OVERLOAD_TASK_RUNNING" : "INTERNAL SERVER ERROR");
            return;
        }

        if (version == 1 && LegacyReportsRetired)
        {
            await Envelope(context, 10002, "API VERSION OUT OF MAINTENANCE");
            return;
        }

        var query = context.Request.Query;
        var type = query["type"].ToString();
        if (!Required.TryGetValue(type, out var required))
        {
            await Envelope(context, 40002, "PARAMETER ERROR", new() { ["invalid_param_list"] = new[] { new { field = "type", validation_type = "invalid" } } });
            return;
        }

        var missing = required.FirstOrDefault(r => string.IsNullOrEmpty(query[r].ToString()));
        if (missing is not null)
        {
            await Envelope(context, 40002, "PARAMETER ERROR", new() { ["invalid_param_list"] = new[] { new { field = missing, validation_type = "required" } } });
            return;
        }

        var dateFormat = DotNet(DateFormat ?? "YYYY/MM/DD");
        var timeFormat = (TimeFormat ?? "HH:mm:ss").IndexOf('A') >= 0 ? "hh:mm:ss tt" : "HH:mm:ss";
        var matches = true;
        foreach (var name in new[] { "start_time", "end_time" })
        {
            var value = query[name].ToString();
            if (value.Length > 0 && !DateTime.TryParseExact(value, dateFormat + " " + timeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                matches = false;
            }
        }

        var time = query["time"].ToString();
        if (time.Length > 0 && !new[] { dateFormat, WithoutDay(dateFormat), "yyyy" }.Any(f => DateTime.TryParseExact(time, f, CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            matches = false;
        }

        // v2.0 holds the data of firmware x.21.0.117+; v1.0 only legacy data, which this PBX has none of.
        var hasData = matches && (version == 2) == IsV2Firmware(Firmware);
        var bulkRows = BulkRows;
        var calls = Calls;
        var bulk = hasData && bulkRows > 0 && calls is null ? NewBulkReport(type, query, dateFormat + " " + timeFormat, bulkRows) : null;
        var csv = bulk is not null ? null
            : calls is not null ? RenderCalls(type, query, version, matches, calls, dateFormat, dateFormat + " " + timeFormat)
            : Render(type, query, hasData, dateFormat + " " + timeFormat);
        var name2 = string.Format(CultureInfo.InvariantCulture, "{0}-{1}-download-{2:yyyyMMddHHmmss}-{3}.csv", type, Firmware, DateTime.UtcNow, NewToken().Substring(0, 16));
        lock (gate)
        {
            files[name2] = (csv, bulk, DateTimeOffset.UtcNow + LinkLifetime);
        }

        if (query["is_async"].ToString() == "1")
        {
            // Only the subscriptions open now hear of this report, so a late event never reaches a later client.
            (WebSocket Socket, SemaphoreSlim Gate)[] listening;
            lock (subscribers)
            {
                listening = subscribers.ToArray();
            }

            _ = PushLaterAsync(listening, name2, "/api/download/" + name2);
            await Envelope(context, 2, "PROCESSING");
            return;
        }

        if (ExpireTokensAfterNextLink)
        {
            ExpireTokensAfterNextLink = false;
            ExpireAccessTokens();
        }

        await Envelope(context, 0, "SUCCESS", new() { ["file"] = name2, ["download_resource_url"] = "/api/download/" + name2 });
    }

    private async Task SubscribeAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var sendGate = new SemaphoreSlim(1, 1);
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                // The real PBX drops a socket that stays silent for 60 s.
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
                idle.CancelAfter(TimeSpan.FromSeconds(60));
                var result = await socket.ReceiveAsync(buffer, idle.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                if (text == "heartbeat")
                {
                    Heartbeats++;
                    await SendAsync(socket, sendGate, "heartbeat response");
                }
                else if (text.Contains("topic_list", StringComparison.Ordinal))
                {
                    lock (subscribers)
                    {
                        subscribers.Add((socket, sendGate));
                    }

                    if (ConfirmSubscriptions)
                    {
                        await SendAsync(socket, sendGate, "{\"errcode\":0,\"errmsg\":\"SUCCESS\"}");
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
        finally
        {
            lock (subscribers)
            {
                subscribers.RemoveAll(s => s.Socket == socket);
            }
        }
    }

    private async Task PushLaterAsync((WebSocket Socket, SemaphoreSlim Gate)[] targets, string file, string link)
    {
        var heartbeats = Heartbeats + AsyncAfterHeartbeats;
        await Task.Delay(AsyncDelay);
        for (var waited = 0; Heartbeats < heartbeats && waited < 10_000; waited += 10)
        {
            await Task.Delay(10);
        }

        var message = JsonSerializer.Serialize(new { type = 30027, msg = JsonSerializer.Serialize(new { key = "report_download", result = "success", file, download_resource_url = link, error = string.Empty, download_id = 8 }) });
        foreach (var (socket, gate) in targets)
        {
            try
            {
                await SendAsync(socket, gate, message);
            }
            catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException)
            {
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim gate, string text)
    {
        await gate.WaitAsync();
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DownloadAsync(HttpContext context, string name)
    {
        if (TakeOne(ref missingLinkAnswers))
        {
            // What a web server in front of the API says for a file it does not have, instead of JSON 60001.
            context.Response.StatusCode = MissingLinkStatus;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>", context.RequestAborted);
            return;
        }

        if (!IsLive(context.Request.Query["access_token"].ToString()))
        {
            await Envelope(context, 10004, "TOKEN EXPIRED");
            return;
        }

        string? csv = null;
        BulkReport? bulk = null;
        lock (gate)
        {
            if (files.TryGetValue(name, out var file) && file.Expires > DateTimeOffset.UtcNow)
            {
                (csv, bulk) = (file.Csv, file.Bulk);
                downloads++;
            }
        }

        if (bulk is not null)
        {
            LastServed = Array.Empty<byte>();
            await StreamBulkAsync(context, name, bulk);
            return;
        }

        if (csv is null)
        {
            await Envelope(context, 60001, "DATA NOT FOUND");
            return;
        }

        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        LastServed = bytes;
        ServeAsFile(context, name);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private string Render(string type, IQueryCollection query, bool hasData, string dateTimeFormat)
    {
        var text = new StringBuilder();
        var random = new Random(type.GetHashCode(StringComparison.Ordinal) & 0x7fff);
        text.Append(Header(type));
        if (hasData)
        {
            foreach (var (id, i) in RowKeys(type, Ids(type, query), RowsPerReport))
            {
                AppendRow(text, type, id, i, random, dateTimeFormat, FixedStart, TimeSpan.FromHours(1));
            }
        }

        return text.ToString();
    }

    /// <summary>A report built from <see cref="Calls"/>: the calls this API path serves whose time is in range.</summary>
    private string RenderCalls(string type, IQueryCollection query, int version, bool matches, IReadOnlyList<DateTimeOffset> calls, string dateFormat, string dateTimeFormat)
    {
        // ASSUMED: the page says v2.0 has "a new data structure ... more comprehensive call details" but shows
        // no columns; here a v2.0 call list has one column more than the same list on v1.0.
        var perCall = PerCallTypes.Contains(type);
        var extra = version == 2 ? ",Communication Type" : string.Empty;

        // ASSUMED (the page shows no columns): the Unreturned Missed Call report names each call's miss_call_type
        // ("No Answer", "Busy", "Abandoned": the page's no_answer, busy, abandoned as the web interface writes
        // them) and its return status (unreturn_status) instead of a call status and a talk time.
        var missed = type == "unreturnmisscall";
        var text = new StringBuilder(!perCall ? Header(type) : missed ? "Time,Call From,Call To,Missed Call Type,Status" + extra + "\r\n" : "Time,Call From,Call To,Status,Talk Duration" + extra + "\r\n");
        if (!matches)
        {
            return text.ToString();
        }

        var served = new List<(int Index, DateTime Wall)>();
        for (var i = 0; i < calls.Count; i++)
        {
            var wall = ToPbx(calls[i]).DateTime;
            if (Serves(version, calls[i]) && InRange(wall, query, dateFormat, dateTimeFormat))
            {
                served.Add((i, wall));
            }
        }

        if (perCall)
        {
            // The Extension Call Accounting Details report lists outbound calls (Yeastar's admin guide); the other
            // lists here calls that came in.
            var direction = extra.Length == 0 ? string.Empty : type == "extcallbillingdetails" ? ",Outbound" : ",Inbound";
            foreach (var (index, wall) in served)
            {
                var outcome = missed ? MissedCallTypes[index % MissedCallTypes.Length] + ",Not Returned" : "ANSWERED,00:01:00";
                text.Append(CultureInfo.InvariantCulture, $"{wall.ToString(dateTimeFormat, CultureInfo.InvariantCulture)},{2000 + index},1001,{outcome}{direction}\r\n");
            }
        }
        else if (type is "extcallstatistics" or "queueperformance")
        {
            var ids = Ids(type, query);
            for (var k = 0; k < ids.Length; k++)
            {
                var count = served.Count(c => c.Index % ids.Length == k);
                if (count == 0 && OmitIdleRows)
                {
                    continue;
                }

                var number = int.TryParse(ids[k], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : k;
                if (type == "extcallstatistics")
                {
                    text.Append(CultureInfo.InvariantCulture, $"{1000 + number},\"Agent {ids[k]}, Sales\",{count},0,0,0,0,{count},00:00:00,{Clock(count * 60)}\r\n");
                }
                else
                {
                    text.Append(CultureInfo.InvariantCulture, $"Queue {ids[k]},{6400 + number},{count},{count},0,0,00:00:00,{Clock(count == 0 ? 0 : 60)},00:00:00,{(count == 0 ? "0.00" : "100.00")},{(count == 0 ? 0 : 100)}%\r\n");
                }
            }
        }
        else if (served.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{served[0].Wall.ToString(dateTimeFormat, CultureInfo.InvariantCulture)},{type} summary,{served.Count},{served.Count},{Clock(served.Count * 60)}\r\n");
        }

        return text.ToString();
    }

    /// <summary>Whether <paramref name="version"/>'s path holds the call (see <see cref="UpgradedAt"/> and <see cref="LegacyIncludesNewData"/>).</summary>
    private bool Serves(int version, DateTimeOffset call)
    {
        var isNew = IsV2Firmware(Firmware) && (UpgradedAt is not { } upgraded || call >= upgraded);
        return version == 2 ? isNew : !isNew || LegacyIncludesNewData;
    }

    /// <summary>The range filter as the PBX applies it to a call's wall-clock time (ends per <see cref="StartTimeExclusive"/>/<see cref="EndTimeExclusive"/>).</summary>
    private bool InRange(DateTime wall, IQueryCollection query, string dateFormat, string dateTimeFormat)
    {
        var start = query["start_time"].ToString();
        if (start.Length > 0 && DateTime.TryParseExact(start, dateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) && (StartTimeExclusive ? wall <= from : wall < from))
        {
            return false;
        }

        var end = query["end_time"].ToString();
        if (end.Length > 0 && DateTime.TryParseExact(end, dateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) && (EndTimeExclusive ? wall >= to : wall > to))
        {
            return false;
        }

        var time = query["time"].ToString();
        if (time.Length == 0)
        {
            return true;
        }

        if (DateTime.TryParseExact(time, dateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return wall.Date == day;
        }

        if (DateTime.TryParseExact(time, WithoutDay(dateFormat), CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return wall.Year == month.Year && wall.Month == month.Month;
        }

        return int.TryParse(time, NumberStyles.Integer, CultureInfo.InvariantCulture, out var year) && wall.Year == year;
    }

    /// <summary>The instant as the PBX's wall-clock time.</summary>
    private void ServeAsFile(HttpContext context, string name)
    {
        if (FileServedAsText)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"" + name + "\"";
    }

    private DateTimeOffset ToPbx(DateTimeOffset instant) => Zone is { } zone ? TimeZoneInfo.ConvertTime(instant, zone) : instant.ToOffset(Offset);

    /// <summary>Writes a <see cref="BulkRows"/> report as it is generated, in chunks of about 64 KiB.</summary>
    private async Task StreamBulkAsync(HttpContext context, string name, BulkReport bulk)
    {
        ServeAsFile(context, name);
        const int Chunk = 64 * 1024;
        var text = new StringBuilder(Chunk + 1024);
        text.Append('\uFEFF').Append(Header(bulk.Type));

        // A seed that does not depend on the process (string hash codes do), so every run serves the same rows.
        var seed = 17;
        foreach (var c in bulk.Type)
        {
            seed = unchecked((seed * 31) + c);
        }

        var random = new Random(seed & 0x7fffffff);
        foreach (var (id, i) in RowKeys(bulk.Type, bulk.Ids, bulk.Rows))
        {
            AppendRow(text, bulk.Type, id, i, random, bulk.DateTimeFormat, bulk.Start, bulk.Step);
            if (text.Length >= Chunk)
            {
                await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), context.RequestAborted);
                text.Clear();
            }
        }

        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), context.RequestAborted);
    }

    private static string Header(string type) => type switch
    {
        "extcallstatistics" => "Extension Number,Extension Name,Answered Calls,No Answer Calls,Busy Calls,Failed Calls,Voicemail Calls,Total Calls,Total Holding Time,Total Talking Time\r\n",
        "queueperformance" => "Queue,Queue Number,Total Calls,Answered Calls,Missed Calls,Abandoned Calls,Average Waiting Time,Average Talking Time,Max Waiting Time,Answered Rate,SLA\r\n",
        _ => "Time,Name,Total Calls,Answered Calls,Talking Duration\r\n",
    };

    /// <summary>The IDs the per-ID report types have rows for; none for the others.</summary>
    private static string[] Ids(string type, IQueryCollection query) => type switch
    {
        "extcallstatistics" => query["ext_id_list"].ToString().Split(','),
        "queueperformance" => query["queue_id_list"].ToString().Split(','),
        _ => Array.Empty<string>(),
    };

    /// <summary>The rows of a report: <paramref name="rows"/> per ID for the per-ID types, else <paramref name="rows"/> in all.</summary>
    private static IEnumerable<(string Id, int Index)> RowKeys(string type, string[] ids, int rows)
    {
        if (type is "extcallstatistics" or "queueperformance")
        {
            foreach (var id in ids)
            {
                for (var i = 0; i < rows; i++)
                {
                    yield return (id, i);
                }
            }

            yield break;
        }

        for (var i = 0; i < rows; i++)
        {
            yield return (string.Empty, i);
        }
    }

    private static void AppendRow(StringBuilder text, string type, string id, int i, Random random, string dateTimeFormat, DateTime start, TimeSpan step)
    {
        switch (type)
        {
            case "extcallstatistics":
                var answered = random.Next(5, 60);
                var missed = random.Next(0, 9);
                text.Append(CultureInfo.InvariantCulture, $"{1000 + (id.Length > 0 ? int.Parse(id, CultureInfo.InvariantCulture) : 0) * 10 + i},\"Agent {id}-{i}, Sales\",{answered},{missed},1,0,2,{answered + missed + 3},{Clock(random.Next(0, 900))},{Clock(random.Next(600, 20000))}\r\n");
                break;
            case "queueperformance":
                var total = random.Next(20, 200);
                var taken = total - random.Next(0, 15);
                text.Append(CultureInfo.InvariantCulture, $"Queue {id},{6400 + i},{total},{taken},{total - taken},0,{Clock(random.Next(5, 90))},{Clock(random.Next(60, 400))},{Clock(random.Next(90, 600))},{(100.0 * taken / total).ToString("0.00", CultureInfo.InvariantCulture)},{random.Next(70, 100)}%\r\n");
                break;
            default:
                text.Append(CultureInfo.InvariantCulture, $"{(start + (step * i)).ToString(dateTimeFormat, CultureInfo.InvariantCulture)},{type} item {i},{random.Next(1, 50)},{random.Next(1, 40)},{Clock(random.Next(30, 5000))}\r\n");
                break;
        }
    }

    /// <summary>Uses up one of a fault's answers (<see cref="int.MaxValue"/>: never used up); false when none is left.</summary>
    private bool TakeOne(ref int remaining)
    {
        lock (gate)
        {
            if (remaining <= 0)
            {
                return false;
            }

            if (remaining != int.MaxValue)
            {
                remaining--;
            }

            return true;
        }
    }

    private static string Clock(int seconds) => TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);

    private static bool IsV2Firmware(string firmware)
    {
        var parts = firmware.Split('.');
        return parts.Length == 4 && int.TryParse(parts[1], out var major) && int.TryParse(parts[3], out var build) && (major > 21 || (major == 21 && build >= 117));
    }

    private static string DotNet(string format) => format.Replace("YYYY", "yyyy", StringComparison.Ordinal).Replace("DD", "dd", StringComparison.Ordinal);

    private static string WithoutDay(string format)
    {
        var index = format.IndexOf("dd", StringComparison.Ordinal);
        return index == 0 ? format.Substring(3) : format.Remove(index - 1, 3);
    }

    /// <summary>A <see cref="BulkRows"/> report: what to generate when its file is downloaded.</summary>
    private sealed record BulkReport(string Type, string[] Ids, string DateTimeFormat, int Rows, DateTime Start, TimeSpan Step);

    /// <summary>
    /// Bulk rows are one minute apart from <see cref="FixedStart"/>; with a range given, they are spread over it
    /// instead, so that a range's rows are all in it, however many there are.
    /// </summary>
    private static BulkReport NewBulkReport(string type, IQueryCollection query, string dateTimeFormat, int rows)
    {
        var (start, step) = (FixedStart, TimeSpan.FromMinutes(1));
        if (DateTime.TryParseExact(query["start_time"].ToString(), dateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) &&
            DateTime.TryParseExact(query["end_time"].ToString(), dateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) && to > from)
        {
            (start, step) = (from, TimeSpan.FromTicks((to - from).Ticks / rows));
        }

        return new BulkReport(type, Ids(type, query), dateTimeFormat, rows, start, step);
    }
}
