using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.Ozonetel;

/// <summary>
/// An emulated Ozonetel CloudAgent current CDR API: <c>/ca_reports/fetchCdrByUCID</c>,
/// <c>/fetchCDRDetails</c> and <c>/fetchCdrByPagination</c> as GET requests carrying a JSON body
/// (fields in the query string → "Invalid Json Pass Valid Json", POST → 405), the <c>apiKey</c> header
/// with <c>userName</c> in the body, the documented error strings, one calendar day (IST) per request
/// within the last 15 days (older days are empty, not an error), 2 requests a minute per endpoint
/// (429 "max limit exceeded" beyond; the window is configurable so tests stay fast), and
/// <c>CallID</c> numbers above 2^53. Calls are generated per day relative to the current time.
/// </summary>
public sealed partial class OzonetelEmulator : IVendorEmulator
{
    /// <summary>The demo CloudAgent account.</summary>
    public const string UserName = "sandbox_ozonetel";

    /// <summary>Its API key.</summary>
    public const string ApiKey = "KK7SandboxOzonetelKey014c05b3efba1f70";

    /// <summary>The first CallID of a day: the documented sample's value, above 2^53.</summary>
    public const long CallIdBase = 31733467784618213;

    private static readonly TimeZoneInfo Ist = TimeZoneInfo.CreateCustomTimeZone("IST", TimeSpan.FromMinutes(330), "IST", "IST");
    private static readonly string[] Statuses = { "Answered", "Unanswered" };

    /// <summary>The index of the first placed call: its UCID ends in 900001.</summary>
    private const int PlacedBase = 900_000;

    private readonly object gate = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> arrivals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> generations = new(StringComparer.Ordinal);
    private int rejections;
    private int tokensIssued;

    internal OzonetelEmulator(string mountPath)
    {
        MountPath = mountPath;
        BaseUri = new Uri("http://127.0.0.1/" + mountPath.TrimStart('/'));
    }

    /// <inheritdoc />
    public string MountPath { get; }

    /// <inheritdoc />
    public Uri BaseUri { get; internal set; }

    /// <summary>Requests allowed per endpoint and account in one <see cref="RateLimitWindow"/> (Ozonetel: 2).</summary>
    public int RequestsPerWindow { get; set; } = 2;

    /// <summary>The sliding window the limit counts over (Ozonetel: one minute).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests allowed per account on the legacy API in one <see cref="RateLimitWindow"/> (Ozonetel: 50).</summary>
    public int LegacyRequestsPerWindow { get; set; } = 50;

    /// <summary>Whether <c>fetchCdrByUCID</c> also insists on one calendar day per request (undocumented either way).</summary>
    public bool UcidSingleDayOnly { get; set; }

    /// <summary>Calls per IST day.</summary>
    public int CallsPerDay { get; set; } = 6;

    /// <summary>
    /// Extra calls starting at these IST wall-clock times, besides the <see cref="CallsPerDay"/> spread over
    /// each day (for calls placed exactly on a boundary); see <see cref="PlacedUcid"/>.
    /// </summary>
    public IReadOnlyList<DateTime> PlacedCalls { get; set; } = Array.Empty<DateTime>();

    /// <summary>
    /// Whether <c>toDate</c> is exclusive (calls starting before it) rather than inclusive (at or before it).
    /// ASSUMED: the vendor pages do not say; inclusive (false) is the default, and tests run both.
    /// </summary>
    public bool ExclusiveToDate { get; set; }

    /// <summary>
    /// How many days back "the last 15 days" reaches: 15 (default, ASSUMED: today minus 15 is still served)
    /// or 14 (today minus 14 is the oldest day). The pages say "the last 15 days" and nothing more.
    /// </summary>
    public int OldestDayBack { get; set; } = 15;

    /// <summary>
    /// Whether a day without calls answers <c>"message":"No Data Found"</c> beside its empty <c>details</c>.
    /// ASSUMED: the pages show no empty day; by default (false) it is an empty <c>details</c> with status
    /// success, as third-party clients report for days older than 15; tests run both.
    /// </summary>
    public bool NoDataFoundForEmptyDays { get; set; }

    /// <summary>Requests refused with 429 so far.</summary>
    public int RateLimitRejections
    {
        get
        {
            lock (gate)
            {
                return rejections;
            }
        }
    }

    /// <summary>Token generations allowed per hour and account (Ozonetel: 10).</summary>
    public int TokensPerHour { get; set; } = 10;

    /// <summary>Lifetime of generated tokens (Ozonetel: 60 minutes).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Tokens generated so far.</summary>
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

    /// <summary>Every token issued so far (for secret scans).</summary>
    public IReadOnlyCollection<string> IssuedTokens
    {
        get
        {
            lock (gate)
            {
                return new List<string>(tokens.Keys);
            }
        }
    }

    /// <summary>Makes every issued token expire now, as an hour passing would.</summary>
    public void ExpireTokens()
    {
        lock (gate)
        {
            foreach (var key in new List<string>(tokens.Keys))
            {
                tokens[key] = DateTimeOffset.MinValue;
            }
        }
    }

    /// <summary>Forgets the rate-limit history (between tests).</summary>
    public void ResetLimits()
    {
        lock (gate)
        {
            arrivals.Clear();
            generations.Clear();
            rejections = 0;
        }
    }

    /// <summary>
    /// The UCID of call <paramref name="index"/> (0-based) of an IST day: the date and a 6-digit number.
    /// The date in it is this emulator's convenience; Ozonetel documents no structure of its UCIDs.
    /// </summary>
    public static string UcidOf(DateTime istDay, int index) => istDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + (index + 1).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The UCID of <see cref="PlacedCalls"/>[<paramref name="placed"/>].</summary>
    public string PlacedUcid(int placed) => UcidOf(PlacedCalls[placed].Date, PlacedBase + placed);

    /// <summary>The CallID of that call: above 2^53, exact only if never read as a double.</summary>
    public static long CallIdOf(DateTime istDay, int index) => CallIdBase + ((long)(istDay - new DateTime(2020, 1, 1)).TotalDays * 100_000L) + (index >= PlacedBase ? 90_000 + index - PlacedBase : index);

    /// <summary>When that call started, on the IST wall clock.</summary>
    public DateTime StartOf(DateTime istDay, int index) => index >= PlacedBase
        ? PlacedCalls[index - PlacedBase]
        : istDay.AddSeconds(Math.Floor(((index * 2) + 1) * 86400.0 / ((CallsPerDay * 2) + 1)));

    /// <summary>Today on the IST wall clock.</summary>
    public static DateTime TodayIst => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Ist).Date;

    /// <inheritdoc />
    public async Task HandleAsync(HttpContext context, string relativePath)
    {
        var path = relativePath.TrimEnd('/');
        if (path == "ca_apis/CAToken/generateToken")
        {
            await GenerateTokenAsync(context);
            return;
        }

        if (path == "CAServices/cdr/callbacks.php")
        {
            await LegacyAsync(context);
            return;
        }

        var endpoint = path switch
        {
            "ca_reports/fetchCdrByUCID" => "ucid",
            "ca_reports/fetchCDRDetails" => "details",
            "ca_reports/fetchCdrByPagination" => "pagination",
            _ => null,
        };
        if (endpoint is null)
        {
            await WriteAsync(context, 404, new { status = "false", message = "Not Found" });
            return;
        }

        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = 405;
            await context.Response.WriteAsync("Method Not Allowed");
            return;
        }

        var query = context.Request.Query;
        var queryFields = endpoint == "pagination" ? query.Count - (query.ContainsKey("pageNo") ? 1 : 0) - (query.ContainsKey("pageSize") ? 1 : 0) : query.Count;
        string text;
        using (var reader = new StreamReader(context.Request.Body))
        {
            text = await reader.ReadToEndAsync();
        }

        JsonElement body;
        try
        {
            using var document = JsonDocument.Parse(text);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            body = default;
        }

        if (queryFields > 0 || body.ValueKind != JsonValueKind.Object)
        {
            await WriteAsync(context, 200, new { status = "false", message = "Invalid Json Pass Valid Json" });
            return;
        }

        var user = Field(body, "userName");
        var key = context.Request.Headers["apiKey"].ToString();
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(key))
        {
            await WriteAsync(context, 401, new { status = "false", message = "Missing userName or apiKey" });
            return;
        }

        if (!IsAccount(context, user, key))
        {
            await WriteAsync(context, 200, new { status = "false", message = "userName or apiKey is Invalid" });
            return;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            bool valid;
            lock (gate)
            {
                valid = tokens.TryGetValue(authorization.Substring(7).Trim(), out var expires) && expires > DateTimeOffset.UtcNow;
            }

            if (!valid)
            {
                await WriteAsync(context, 200, new { status = "false", message = "Token Expired", data = (object?)null });
                return;
            }
        }

        if (!Admit(endpoint + "|" + user, out var retryAfter))
        {
            context.Response.Headers["Retry-After"] = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await WriteAsync(context, 429, new { status = "false", message = "max limit exceeded" });
            return;
        }

        var fromText = Field(body, "fromDate");
        var toText = Field(body, "toDate");
        if (string.IsNullOrEmpty(fromText) || string.IsNullOrEmpty(toText))
        {
            await WriteAsync(context, 200, new { message = "Missing fromDate and toDate", status = "fail" });
            return;
        }

        if (!DateTime.TryParseExact(fromText, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ||
            !DateTime.TryParseExact(toText, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to))
        {
            await WriteAsync(context, 200, new { message = "Invalid fromDate format. Please pass the date in the format yyyy-MM-dd HH:mm:ss", status = "fail" });
            return;
        }

        var nowIst = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Ist).DateTime;
        if (from > nowIst.AddMinutes(1) || to < from)
        {
            await WriteAsync(context, 200, new { message = "fromDate should not be greater than toDate or the current time", status = "fail" });
            return;
        }

        if (endpoint == "ucid")
        {
            var ucid = Field(body, "ucid");
            if (string.IsNullOrEmpty(ucid))
            {
                await WriteAsync(context, 200, new { status = "fail", message = "ucid should not be empty" });
                return;
            }

            if (!IsDigits(ucid))
            {
                await WriteAsync(context, 200, new { status = "fail", message = "ucid should be numeric only" });
                return;
            }

            if (UcidSingleDayOnly && from.Date != to.Date)
            {
                await WriteAsync(context, 200, new { message = "fromDate and toDate should be of the same day", status = "fail" });
                return;
            }

            var found = Find(ucid, from, to, nowIst);
            await WriteCallsAsync(context, found is { } f ? new[] { f } : Array.Empty<(DateTime, int)>(), null, found is null ? "No Data Found with UCID " + ucid : null);
            return;
        }

        if (from.Date != to.Date)
        {
            await WriteAsync(context, 200, new { message = "fromDate and toDate should be of the same day", status = "fail" });
            return;
        }

        var calls = new List<(DateTime Day, int Index)>();
        if (from.Date >= nowIst.Date.AddDays(-OldestDayBack))
        {
            foreach (var i in CallsOn(from.Date))
            {
                if (InRange(StartOf(from.Date, i), from, to, nowIst))
                {
                    calls.Add((from.Date, i));
                }
            }
        }

        if (endpoint == "pagination")
        {
            var pageNo = int.TryParse(query["pageNo"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
            var pageSize = int.TryParse(query["pageSize"], NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? s : 100;
            var total = calls.Count;
            var skip = (long)(pageNo - 1) * pageSize;
            calls = skip >= calls.Count ? new List<(DateTime, int)>() : calls.GetRange((int)skip, Math.Min(pageSize, calls.Count - (int)skip));
            await WriteCallsAsync(context, calls, total, null);
            return;
        }

        await WriteCallsAsync(context, calls, null, calls.Count == 0 && NoDataFoundForEmptyDays ? "No Data Found" : null);
    }

    /// <summary>The calls of an IST day in the order they started: the generated ones and the placed ones.</summary>
    private List<int> CallsOn(DateTime day)
    {
        var indexes = new List<int>();
        for (var i = 0; i < CallsPerDay; i++)
        {
            indexes.Add(i);
        }

        var placed = PlacedCalls;
        for (var k = 0; k < placed.Count; k++)
        {
            if (placed[k].Date == day)
            {
                indexes.Add(PlacedBase + k);
            }
        }

        indexes.Sort((a, b) => StartOf(day, a).CompareTo(StartOf(day, b)));
        return indexes;
    }

    /// <summary>Whether a call start lies in the request's range, under the configured reading of <c>toDate</c>.</summary>
    private bool InRange(DateTime start, DateTime from, DateTime to, DateTime nowIst) =>
        start >= from && (ExclusiveToDate ? start < to : start <= to) && start <= nowIst;

    private async Task GenerateTokenAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = 405;
            await context.Response.WriteAsync("Method Not Allowed");
            return;
        }

        JsonElement body = default;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Handled as a missing userName.
        }

        var user = body.ValueKind == JsonValueKind.Object ? Field(body, "userName") : null;
        var key = context.Request.Headers["apiKey"].ToString();
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(key))
        {
            await WriteAsync(context, 401, new { status = "false", message = "Missing userName or apiKey" });
            return;
        }

        if (!IsAccount(context, user, key))
        {
            await WriteAsync(context, 200, new { status = "false", message = "userName or apiKey is Invalid" });
            return;
        }

        string token;
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (!generations.TryGetValue(user, out var generated))
            {
                generations[user] = generated = new Queue<DateTimeOffset>();
            }

            while (generated.Count > 0 && now - generated.Peek() >= TimeSpan.FromHours(1))
            {
                generated.Dequeue();
            }

            if (generated.Count >= TokensPerHour)
            {
                token = string.Empty;
            }
            else
            {
                generated.Enqueue(now);
                token = "eyJhbGciOiJIUzUxMiJ9." + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".sandbox";
                tokens[token] = now + TokenLifetime;
                tokensIssued++;
            }
        }

        if (token.Length == 0)
        {
            await WriteAsync(context, 200, new { status = "false", message = "Token generation limit exceeded, max limit exceeded" });
            return;
        }

        await WriteAsync(context, 200, new { token });
    }

    /// <summary>
    /// The legacy UCID API: every field in the query string, <c>"status":"error"</c> messages, records under
    /// <c>message</c> with full <c>yyyy-MM-dd HH:mm:ss</c> times and the account's <c>Apikey</c> echoed;
    /// today's calls only with <c>reportType=currentday</c>, older ones only with <c>historical</c>.
    /// </summary>
    private async Task LegacyAsync(HttpContext context)
    {
        var q = context.Request.Query;
        string? Get(string name) => q.TryGetValue(name, out var v) ? v.ToString() : null;
        var user = Get("userName");
        var key = Get("apiKey");
        var ucid = Get("ucid");
        var reportType = Get("reportType");
        string? error = string.IsNullOrEmpty(user) ? "userName should not be empty"
            : string.IsNullOrEmpty(key) ? "apiKey should not be empty"
            : string.IsNullOrEmpty(ucid) ? "ucid should not be empty"
            : string.IsNullOrEmpty(reportType) ? "reportType should not be empty"
            : reportType is not ("historical" or "currentday") ? "Invalid reportType"
            : !IsDigits(ucid) ? "ucid should be numeric only"
            : user != UserName || key != ApiKey ? "userName or apiKey is Invalid"
            : null;
        if (error is null && !Admit("legacy|" + user, LegacyRequestsPerWindow, out _))
        {
            error = "max limit exceeded";
        }

        if (error is not null)
        {
            await WriteAsync(context, 200, new { status = "error", message = error });
            return;
        }

        var nowIst = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Ist).DateTime;
        var found = Find(ucid!, nowIst.Date.AddDays(-OldestDayBack), nowIst, nowIst);
        if (found is not { } call || (call.Day == nowIst.Date) != (reportType == "currentday"))
        {
            await WriteAsync(context, 200, new { status = "success", message = "No Data Found with UCID " + ucid });
            return;
        }

        var start = StartOf(call.Day, call.Index);
        var end = start.AddSeconds(57 + call.Index);
        var conference = call.Index % 3 == 1;
        await WriteAsync(context, 200, new
        {
            status = "success",
            message = new[]
            {
                new Dictionary<string, object>
                {
                    ["monitorUCID"] = UcidOf(call.Day, call.Index),
                    ["UUI"] = "",
                    ["Did"] = "918069000000",
                    ["CampaignName"] = "Inbound_Sales",
                    ["CallerID"] = "09800000001",
                    ["StartTime"] = start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    ["EndTime"] = end.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    ["TimeToAnswer"] = "00:00:11",
                    ["CallDuration"] = (end - start).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
                    ["Duration"] = (end - start - TimeSpan.FromSeconds(11)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
                    ["Type"] = "manual",
                    ["Status"] = "Answered",
                    ["Apikey"] = ApiKey,
                    ["UserName"] = UserName,
                    ["CallCompleted"] = "TRUE",
                    ["CallerConfAudioFile"] = conference ? "https://recordings.sandbox.invalid/conf-" + UcidOf(call.Day, call.Index) + ".mp3" : "",
                    ["ConfDuration"] = conference ? "00:00:42" : "00:00:00",
                    ["ConferenceData"] = conference ? ConferenceLegs(start) : "",
                },
            },
        });
    }

    /// <summary>
    /// The legacy record's <c>ConferenceData</c>. The vendor page lists the field without a value
    /// (<c>"ConferenceData":}</c>); ASSUMED here: "" without a conference, and with one a list of the
    /// legs, one object each, which is how the other conference fields of the record read.
    /// </summary>
    private static object ConferenceLegs(DateTime start) => new[]
    {
        new Dictionary<string, string>
        {
            ["ConfNumber"] = "09800000077",
            ["ConfType"] = "Phone",
            ["ConfStartTime"] = start.AddSeconds(15).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["ConfEndTime"] = start.AddSeconds(57).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            ["ConfDuration"] = "00:00:42",
        },
    };

    private static bool IsDigits(string text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static string? Field(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    private static Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    private (DateTime Day, int Index)? Find(string ucid, DateTime from, DateTime to, DateTime nowIst)
    {
        if (ucid.Length != 14 ||
            !DateTime.TryParseExact(ucid.Substring(0, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ||
            !int.TryParse(ucid.Substring(8), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
            !CallsOn(day).Contains(number - 1))
        {
            return null;
        }

        var start = StartOf(day, number - 1);
        return day >= nowIst.Date.AddDays(-OldestDayBack) && InRange(start, from, to, nowIst) ? (day, number - 1) : null;
    }

    private bool Admit(string key, out TimeSpan retryAfter) => Admit(key, RequestsPerWindow, out retryAfter);

    private bool Admit(string key, int limit, out TimeSpan retryAfter)
    {
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            if (!arrivals.TryGetValue(key, out var queue))
            {
                arrivals[key] = queue = new Queue<DateTimeOffset>();
            }

            while (queue.Count > 0 && now - queue.Peek() >= RateLimitWindow)
            {
                queue.Dequeue();
            }

            if (queue.Count >= limit)
            {
                retryAfter = queue.Peek() + RateLimitWindow - now;
                rejections++;
                return false;
            }

            queue.Enqueue(now);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }

    private async Task WriteCallsAsync(HttpContext context, IReadOnlyList<(DateTime Day, int Index)> calls, int? total, string? message)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", "success");
        if (message is not null)
        {
            writer.WriteString("message", message);
        }

        if (total is { } t)
        {
            writer.WriteNumber("totalCount", t);
        }

        writer.WriteStartArray("details");
        foreach (var (day, index) in calls)
        {
            var start = StartOf(day, index);
            var talk = TimeSpan.FromSeconds(30 + (index * 17 % 600));
            var answered = index % 4 != 3;
            writer.WriteStartObject();
            writer.WriteNumber("CallID", CallIdOf(day, index));
            writer.WriteString("CallDate", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("StartTime", start.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("EndTime", (start + talk + TimeSpan.FromSeconds(12)).ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            writer.WriteString("Duration", (talk + TimeSpan.FromSeconds(12)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
            writer.WriteString("TalkTime", (answered ? talk : TimeSpan.Zero).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture));
            writer.WriteString("TimeToAnswer", "00:00:12");
            writer.WriteString("CallerID", "0" + (9800000000L + (index % 100_000 * 7919L)).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("DialedNumber", "08069" + (index % 10).ToString(CultureInfo.InvariantCulture) + "00000");
            writer.WriteString("E164", "+9180690000" + (index % 10).ToString(CultureInfo.InvariantCulture));
            writer.WriteString("DID", DidOf(context));
            writer.WriteString("AgentID", answered ? "agent" + (index % 5).ToString(CultureInfo.InvariantCulture) : "");
            writer.WriteString("AgentName", answered ? "Agent " + (index % 5).ToString(CultureInfo.InvariantCulture) : "");
            writer.WriteString("CampaignName", index % 2 == 0 ? "Inbound_Sales" : "Support_IVR");
            writer.WriteString("Type", index % 3 == 0 ? "Progressive" : "InBound");
            writer.WriteString("Status", answered ? Statuses[0] : Statuses[1]);
            writer.WriteString("DialStatus", answered ? "answered" : "NoAnswer");
            writer.WriteString("Disposition", index % 5 == 0 ? "Wrap up time exceeded :1" : "");
            writer.WriteString("HangupBy", index % 2 == 0 ? "UserHangup" : "AgentHangup");
            writer.WriteString("ConferenceDuration", "00:00:00");
            writer.WriteNumber("DialCount", 1);
            writer.WriteString("UCID", UcidOf(day, index));
            writer.WriteString("CallAudio", "https://recordings.sandbox.invalid/" + UcidOf(day, index) + ".mp3");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
