using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Json;
using CallReports.Engine.Streaming;
using CallReports.Engine.Time;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Reads Ozonetel CloudAgent call details through the current <c>/ca_reports</c> API: a GET carrying a
/// JSON body, the <c>apiKey</c> header with <c>userName</c> in the body, one calendar day per request,
/// paced by a process-wide limiter at the documented 2 requests a minute per endpoint.
/// </summary>
public sealed class OzonetelClient
{
    internal const string Vendor = "Ozonetel";
    internal const string ByUcidPath = "ca_reports/fetchCdrByUCID";
    internal const string DetailsPath = "ca_reports/fetchCDRDetails";
    internal const string PaginationPath = "ca_reports/fetchCdrByPagination";
    internal const string TokenPath = "ca_apis/CAToken/generateToken";
    internal const string LegacyPath = "CAServices/cdr/callbacks.php";

    /// <summary>Between midnight and this hour (IST) yesterday's calls move from the current-day store to the historical one.</summary>
    private const int MigrationEndHour = 3;

    /// <summary>Ozonetel allows 10 token generations an hour; a token lives 60 minutes.</summary>
    internal const int TokensPerHour = 10;
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(60);
    private const int ProgressId = 0x0207;
    private const int WaitProgressId = 0x0208;
    private const string Activity = "Get-OzonetelCallDetail";
    private const int RateLimitRetries = 5;

    /// <summary>Servers whose fetchCdrByUCID refused a range longer than a day: asked day by day for the rest of the process.</summary>
    private static readonly ConcurrentDictionary<string, bool> SingleDayServers = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConnectionOptions connection;
    private readonly OzonetelCredentials credentials;
    private readonly OperationLog log;
    private string? lastToken;
    private string? rejectedToken;

    /// <summary>Creates a client; nothing is sent until records are enumerated.</summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="credentials">Account name and API key.</param>
    /// <param name="log">Where messages go.</param>
    public OzonetelClient(ConnectionOptions connection, OzonetelCredentials credentials, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>
    /// Streams the calls of the query: one record set per UCID (a UCID Ozonetel does not know is a
    /// non-terminating error and the others continue), or every call of each local day of the range.
    /// </summary>
    /// <param name="query">UCIDs or a range; validated before any request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<OzonetelCallDetail> GetCallDetails(OzonetelQuery query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Validate();
        if (query.ApiVersion == OzonetelApiVersion.Current)
        {
            EnsureGetWithBodySupported();
        }
        return new BlockingStream<OzonetelCallDetail>(
            ct => query.Ucids.Count > 0 ? ByUcidAsync(query, ct) : ByDayAsync(query, ct),
            log,
            cancellationToken);
    }

    /// <summary>Forgets that a server refused multi-day UCID ranges (for tests that switch the emulator's mode).</summary>
    internal static void ForgetSingleDayServer(ConnectionOptions server) => SingleDayServers.TryRemove(server.ServerDisplay, out _);

    /// <summary>
    /// .NET Framework's HttpClient (Windows PowerShell 5.1) refuses a body on GET, and Ozonetel refuses
    /// the same fields as a query string, so fail clearly instead of sending something else.
    /// </summary>
    internal static void EnsureGetWithBodySupported()
    {
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
        {
            throw new CallReportsException(
                Vendor + "RequiresPowerShell7",
                FailureKind.NotImplemented,
                "Ozonetel's current API takes a GET request with a JSON body, which .NET Framework (Windows PowerShell 5.1) cannot send. Run Get-OzonetelCallDetail in PowerShell 7.2 or later.",
                terminating: true);
        }
    }

    /// <summary>The body of a request: <c>userName</c> plus the endpoint's fields, as JSON.</summary>
    internal string BuildBody(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var body = new Dictionary<string, string> { ["userName"] = credentials.UserName };
        foreach (var field in fields)
        {
            body[field.Key] = field.Value;
        }

        return JsonSerializer.Serialize(body);
    }

    internal static string Format(DateTimeOffset instant, TimeZoneInfo zone) => WallClock.Format(instant, zone, "yyyy-MM-dd HH:mm:ss");

    /// <summary>
    /// <c>fromDate</c> and <c>toDate</c> for one window [Start, End) within one calendar day. Ozonetel's times
    /// are whole seconds and its pages do not say whether <c>toDate</c> is inclusive, so <c>fromDate</c> is
    /// the start cut to its second and <c>toDate</c> the first whole second at or after the end: under either
    /// reading the server returns every call of the window, and what it returns beyond it (the start's
    /// second before the start, calls at the end itself) <see cref="InWindow"/> drops. A request must stay
    /// within one calendar day, so a window ending at midnight asks up to 23:59:59.
    /// </summary>
    internal static (string From, string To) RequestRange(TimeWindow window, TimeZoneInfo zone)
    {
        var from = TimeZoneInfo.ConvertTime(window.Start, zone).DateTime;
        from = from.AddTicks(-(from.Ticks % TimeSpan.TicksPerSecond));
        var end = TimeZoneInfo.ConvertTime(window.End, zone).DateTime;
        var to = end.Ticks % TimeSpan.TicksPerSecond == 0 ? end : end.AddTicks(TimeSpan.TicksPerSecond - (end.Ticks % TimeSpan.TicksPerSecond));
        var lastSecondOfDay = from.Date.AddDays(1).AddSeconds(-1);
        if (to > lastSecondOfDay)
        {
            to = lastSecondOfDay;
        }

        return (from.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// "The last 15 days" may end at today minus 14 or today minus 15 (the pages do not say), so an empty
    /// answer for today minus 15 cannot tell a day without calls from one already deleted: say so.
    /// </summary>
    private static string OldestDayEmpty(string day, string? vendorMessage) => string.Format(
        CultureInfo.InvariantCulture,
        "Ozonetel returned no calls for {0} ({1}), and that day lies at the edge of its retention window: it keeps \"the last {2} days\", which may end at today minus {3} (then {0} is already deleted) or at today minus {2}. The empty answer does not prove the day had no calls; read days within the last {3} days to be sure of them.",
        day,
        vendorMessage is null ? "an empty list" : "\"" + vendorMessage + "\"",
        OzonetelQuery.HistoryDays,
        OzonetelQuery.HistoryDays - 1);

    /// <summary>Whether a record starts within the half-open window; one without a start time is kept (nothing to judge by).</summary>
    internal static bool InWindow(OzonetelCallDetail record, TimeWindow window) =>
        record.StartTime is not { } start || (start >= window.Start && start < window.End);

    /// <summary>Maps Ozonetel's <c>status</c>/<c>message</c> (its documented strings) to an error; null when it is a success.</summary>
    internal static CallReportsException? Classify(int httpStatus, string? status, string? message, string what, out bool rateLimited)
    {
        rateLimited = httpStatus == 429 || (message?.IndexOf("limit exceeded", StringComparison.OrdinalIgnoreCase) >= 0);
        if (rateLimited)
        {
            return new CallReportsException(Vendor + "RateLimitExceeded", FailureKind.LimitsExceeded, $"Ozonetel refused {what}: rate limit reached ({message ?? "HTTP 429"}).") { StatusCode = httpStatus, VendorCode = message, Target = what };
        }

        var ok = httpStatus is >= 200 and < 300 &&
            (status is null || status.Equals("success", StringComparison.OrdinalIgnoreCase) || status.Equals("true", StringComparison.OrdinalIgnoreCase));
        var text = message ?? string.Empty;
        if (ok && text.IndexOf("No Data Found", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        string id;
        FailureKind kind;
        var terminating = false;
        string advice;
        if (text.IndexOf("No Data Found", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            (id, kind, advice) = ("UcidNotFound", FailureKind.NotFound, " Ozonetel keeps 15 days of calls; check the UCID and its day.");
        }
        else if (text.IndexOf("Token Expired", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            (id, kind, terminating, advice) = ("TokenExpired", FailureKind.Authentication, true, " Generate a new token.");
        }
        else if (text.IndexOf("apiKey", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("userName", StringComparison.OrdinalIgnoreCase) >= 0 || httpStatus == 401)
        {
            (id, kind, terminating, advice) = ("AuthenticationFailed", FailureKind.Authentication, true, " Check the CloudAgent account name (-UserName or the credential's user name) and the API key from the CloudAgent admin login; the account's 'API Authentication' setting must allow API keys.");
        }
        else if (text.IndexOf("Invalid Json", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            (id, kind, terminating, advice) = ("InvalidJson", FailureKind.InvalidArgument, true, " Ozonetel did not receive the JSON body of the GET request; a proxy between here and Ozonetel may drop bodies on GET.");
        }
        else if (text.IndexOf("fromDate", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("toDate", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            (id, kind, advice) = ("InvalidDate", FailureKind.InvalidArgument, " Ozonetel serves one calendar day within the last 15 days per request.");
        }
        else if (text.IndexOf("campaignName", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            (id, kind, advice) = ("InvalidCampaign", FailureKind.InvalidArgument, string.Empty);
        }
        else if (text.IndexOf("reportType", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("ucid should", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            (id, kind, advice) = ("InvalidRequest", FailureKind.InvalidArgument, string.Empty);
        }
        else if (httpStatus == 405)
        {
            (id, kind, terminating, advice) = ("MethodNotAllowed", FailureKind.InvalidArgument, true, " The server does not take GET with a body here; check -Server.");
        }
        else if (httpStatus == 404)
        {
            (id, kind, terminating, advice) = ("NotFound", FailureKind.NotFound, true, " Check -Server (the domestic API is https://in1-ccaas-api.ozonetel.com, the international one https://api.ccaas.ozonetel.com).");
        }
        else
        {
            id = httpStatus is >= 200 and < 300 ? "RequestFailed" : HttpFailure.IdOf((System.Net.HttpStatusCode)httpStatus);
            kind = httpStatus is >= 200 and < 300 ? FailureKind.Unknown : HttpFailure.KindOf((System.Net.HttpStatusCode)httpStatus);
            terminating = kind is FailureKind.Authentication or FailureKind.PermissionDenied;
            advice = string.Empty;
        }

        var said = message is null ? "HTTP " + httpStatus.ToString(CultureInfo.InvariantCulture) : "\"" + message + "\"";
        return new CallReportsException(Vendor + id, kind, $"Ozonetel refused {what}: {said}.{advice}", terminating) { StatusCode = httpStatus, VendorCode = message, Target = what };
    }

    private async IAsyncEnumerable<OzonetelCallDetail> ByUcidAsync(OzonetelQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = query.Zone;
        var now = query.CurrentTime;

        // The endpoint wants a range with the UCID; Ozonetel keeps 15 days, so ask for all of them.
        var from = WallClock.ToInstant(query.OldestDay, zone);
        try
        {
            for (var i = 0; i < query.Ucids.Count; i++)
            {
                var ucid = query.Ucids[i];
                var what = "UCID " + ucid;
                if (query.Ucids.Count > 1)
                {
                    log.Progress(ProgressId, Activity, string.Format(CultureInfo.InvariantCulture, "UCID {0} ({1} of {2})", ucid, i + 1, query.Ucids.Count), i * 100 / query.Ucids.Count);
                }

                List<OzonetelCallDetail> records;
                CallReportsException? failure;
                if (query.ApiVersion == OzonetelApiVersion.Legacy)
                {
                    (records, failure) = await LegacyLookupAsync(query, ucid, what, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    (records, failure) = (new List<OzonetelCallDetail>(), null);
                    var singleDaysOnly = SingleDayServers.ContainsKey(connection.ServerDisplay);
                    if (query.StartTime is null && !singleDaysOnly)
                    {
                        var body = BuildBody(new Dictionary<string, string> { ["fromDate"] = Format(from, zone), ["toDate"] = Format(now, zone), ["ucid"] = ucid });
                        (records, failure) = await LookupAsync(query, ByUcidPath, what, () => SendAsync(query, ByUcidPath, string.Empty, body, what, cancellationToken), cancellationToken).ConfigureAwait(false);
                        if (failure?.ErrorId == Vendor + "InvalidDate")
                        {
                            // This server takes one calendar day per request here too: look day by day, newest first, and
                            // never send it a range again in this process (pipeline input makes a client per UCID).
                            log.Verbose($"Ozonetel refused a 15-day range for {what} ({failure.VendorCode}); looking UCIDs up at {connection.ServerDisplay} one day at a time, newest first, for the rest of this session. Pass -Date (or -StartTime/-EndTime) with -Ucid to name the day and save requests.");
                            SingleDayServers[connection.ServerDisplay] = true;
                            singleDaysOnly = true;
                        }
                    }

                    if (query.StartTime is not null || singleDaysOnly)
                    {
                        var days = query.StartTime is not null ? query.Days() : TimeWindows.SplitByLocalDay(from, now, zone);
                        for (var d = days.Count - 1; d >= 0; d--)
                        {
                            var day = days[d];
                            var dayWhat = string.Format(CultureInfo.InvariantCulture, "{0} on {1:yyyy-MM-dd}", what, TimeZoneInfo.ConvertTime(day.Start, zone));
                            var (fromDate, toDate) = RequestRange(day, zone);
                            var body = BuildBody(new Dictionary<string, string> { ["fromDate"] = fromDate, ["toDate"] = toDate, ["ucid"] = ucid });
                            (records, failure) = await LookupAsync(query, ByUcidPath, dayWhat, () => SendAsync(query, ByUcidPath, string.Empty, body, dayWhat, cancellationToken), cancellationToken).ConfigureAwait(false);
                            if (failure is null && records.RemoveAll(r => !InWindow(r, day)) > 0 && records.Count == 0)
                            {
                                // The server's range reached past the window (an inclusive toDate): the call belongs to the next one.
                                failure = new CallReportsException(Vendor + "UcidNotFound", FailureKind.NotFound, $"Ozonetel's call with {dayWhat} starts outside the range asked for.") { Target = what };
                            }
                            if (failure?.ErrorId != Vendor + "UcidNotFound")
                            {
                                break;
                            }
                        }

                        if (failure?.ErrorId == Vendor + "UcidNotFound")
                        {
                            var oldest = TimeZoneInfo.ConvertTime(days[0].Start, zone).Date == query.OldestDay
                                ? string.Format(CultureInfo.InvariantCulture, " The oldest of them, {0:yyyy-MM-dd}, lies at the edge of Ozonetel's retention window (\"the last {1} days\" may end at today minus {2}) and may already be deleted.", query.OldestDay, OzonetelQuery.HistoryDays, OzonetelQuery.HistoryDays - 1)
                                : string.Empty;
                            failure = new CallReportsException(failure.ErrorId, failure.Kind, $"Ozonetel has no call with {what} on the {days.Count} day(s) asked for.{oldest}", false, failure) { Target = what, VendorCode = failure.VendorCode };
                        }
                    }
                }

                if (failure is not null)
                {
                    if (failure.IsTerminating)
                    {
                        throw failure;
                    }

                    log.Error(failure);
                    continue;
                }

                foreach (var record in records)
                {
                    yield return record;
                }
            }
        }
        finally
        {
            if (query.Ucids.Count > 1)
            {
                log.CompleteProgress(ProgressId, Activity);
            }

            log.CompleteProgress(WaitProgressId, Activity);
        }
    }

    private async IAsyncEnumerable<OzonetelCallDetail> ByDayAsync(OzonetelQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = query.Zone;
        var days = query.Days();
        var path = query.PageSize is null ? DetailsPath : PaginationPath;
        log.Verbose(string.Format(CultureInfo.InvariantCulture, "Reading {0} day(s) in {1} with {2}.", days.Count, ZoneResolver.IanaName(zone), path));
        try
        {
            foreach (var day in days)
            {
                var what = string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd}", TimeZoneInfo.ConvertTime(day.Start, zone));
                var (fromDate, toDate) = RequestRange(day, zone);
                var body = BuildBody(new Dictionary<string, string> { ["fromDate"] = fromDate, ["toDate"] = toDate });
                var page = 1;
                long seen = 0;
                var dropped = 0;
                string? vendorMessage = null;
                while (true)
                {
                    var label = query.PageSize is null ? "day " + what : string.Format(CultureInfo.InvariantCulture, "day {0} page {1}", what, page);
                    log.Progress(ProgressId, Activity, "Reading " + label, (day.Index * 100) / day.Count);
                    var pageQuery = query.PageSize is { } size ? string.Format(CultureInfo.InvariantCulture, "?pageNo={0}&pageSize={1}", page, size) : string.Empty;
                    var count = 0;
                    long? total = null;
                    CallReportsException? failure = null;
                    var renewed = false;
                    for (var attempt = 0; ; attempt++)
                    {
                        // Each attempt starts clean: what a refused attempt (an expired token, a rate
                        // limit) left here must not outlive the attempt that succeeds after it.
                        failure = null;
                        total = null;
                        string? status = null;
                        string? message = null;
                        using var response = await SendAsync(query, path, pageQuery, body, label, cancellationToken).ConfigureAwait(false);
                        if (response.IsSuccessStatusCode)
                        {
                            using var stream = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
                            var reader = JsonItemReader.ReadAsync(
                                stream,
                                "details",
                                (name, value) =>
                                {
                                    if (name == "status")
                                    {
                                        status = OzonetelRecordMapper.Text(value);
                                    }
                                    else if (name == "message")
                                    {
                                        message = OzonetelRecordMapper.Text(value);
                                    }
                                    else if (name == "totalCount" && long.TryParse(OzonetelRecordMapper.Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var t))
                                    {
                                        total = t;
                                    }
                                },
                                cancellationToken).GetAsyncEnumerator(cancellationToken);
                            try
                            {
                                while (true)
                                {
                                    OzonetelCallDetail record;
                                    try
                                    {
                                        if (!await reader.MoveNextAsync().ConfigureAwait(false))
                                        {
                                            break;
                                        }

                                        record = OzonetelRecordMapper.ToRecord(reader.Current, zone, credentials.UserName);
                                    }
                                    catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException or JsonException)
                                    {
                                        failure = new CallReportsException(
                                            Vendor + "ResponseInterrupted",
                                            FailureKind.InvalidData,
                                            string.Format(CultureInfo.InvariantCulture, "The response for {0} was cut off or malformed after {1} records: {2} The rest of that day is missing; run the command again for that day.", label, count, ex.Message),
                                            inner: ex) { Target = label };
                                        break;
                                    }

                                    count++;
                                    if (!InWindow(record, day))
                                    {
                                        dropped++;
                                        continue;
                                    }

                                    yield return record;
                                }
                            }
                            finally
                            {
                                await reader.DisposeAsync().ConfigureAwait(false);
                            }

                            if (failure is not null || count > 0)
                            {
                                break;
                            }
                        }
                        else
                        {
                            var text = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
                            try
                            {
                                using var document = JsonDocument.Parse(text);
                                if (document.RootElement.ValueKind == JsonValueKind.Object)
                                {
                                    status = document.RootElement.TryGetProperty("status", out var s) ? OzonetelRecordMapper.Text(s) : null;
                                    message = document.RootElement.TryGetProperty("message", out var m) ? OzonetelRecordMapper.Text(m) : null;
                                }
                            }
                            catch (JsonException)
                            {
                                // A proxy's page: the status code speaks.
                            }
                        }

                        failure = Classify((int)response.StatusCode, status, message, label, out var rateLimited);
                        vendorMessage = message;
                        if (RenewAfter(failure, query, ref renewed))
                        {
                            continue;
                        }

                        if (failure?.Kind == FailureKind.NotFound && failure.ErrorId == Vendor + "UcidNotFound")
                        {
                            // "No Data Found" for a day is an empty day, not an error.
                            failure = null;
                        }

                        if (rateLimited && attempt < RateLimitRetries)
                        {
                            Backoff(query, path, label);
                            continue;
                        }

                        break;
                    }

                    if (failure is not null)
                    {
                        if (failure.IsTerminating)
                        {
                            throw failure;
                        }

                        log.Error(new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " The other days are still read; this one is incomplete.", false, failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = label });
                        break;
                    }

                    seen += count;
                    log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} records.", label, count));
                    if (dropped > 0)
                    {
                        log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} record(s) so far started outside {2:yyyy-MM-dd HH:mm:ss.FFF} to {3:yyyy-MM-dd HH:mm:ss.FFF} (the range is half-open) and were left out.", label, dropped, TimeZoneInfo.ConvertTime(day.Start, zone), TimeZoneInfo.ConvertTime(day.End, zone)));
                    }

                    if (query.PageSize is not { } pageSize || count < pageSize || (total is { } all && seen >= all))
                    {
                        if (seen == 0 && TimeZoneInfo.ConvertTime(day.Start, zone).Date == query.OldestDay)
                        {
                            log.Warning(OldestDayEmpty(what, vendorMessage));
                        }

                        break;
                    }

                    page++;
                }
            }
        }
        finally
        {
            log.CompleteProgress(ProgressId, Activity);
            log.CompleteProgress(WaitProgressId, Activity);
        }
    }

    /// <summary>
    /// The legacy lookup: <c>reportType</c> historical first, then currentday (a call of today is only in
    /// the current-day store). When neither has it between 00:00 and 03:00 IST, the call may be one of
    /// yesterday's still migrating, and the error says when to try again.
    /// </summary>
    private async Task<(List<OzonetelCallDetail> Records, CallReportsException? Failure)> LegacyLookupAsync(OzonetelQuery query, string ucid, string what, CancellationToken cancellationToken)
    {
        (List<OzonetelCallDetail> Records, CallReportsException? Failure) result = (new List<OzonetelCallDetail>(), null);
        foreach (var reportType in new[] { "historical", "currentday" })
        {
            var uri = LegacyPath + "?userName=" + Uri.EscapeDataString(credentials.UserName) + "&ucid=" + Uri.EscapeDataString(ucid) + "&reportType=" + reportType;
            result = await LookupAsync(query, LegacyPath, what, () => SendLegacyAsync(query, uri, what + " (" + reportType + ")", cancellationToken), cancellationToken).ConfigureAwait(false);
            if (result.Failure?.ErrorId != Vendor + "UcidNotFound")
            {
                return result;
            }
        }

        var istNow = TimeZoneInfo.ConvertTime(query.CurrentTime, ZoneResolver.Resolve(OzonetelQuery.DefaultZone));
        if (istNow.Hour < MigrationEndHour)
        {
            var retry = istNow.Date.AddHours(MigrationEndHour);
            return (result.Records, new CallReportsException(
                Vendor + "UcidNotFound",
                FailureKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "Ozonetel has no call with {0} in either store yet. Between 00:00 and 03:00 IST yesterday's calls are migrating from the current-day store to the historical one; if the call was yesterday, try again after {1:yyyy-MM-dd HH:mm} IST.", what, retry),
                inner: result.Failure) { Target = what, VendorCode = result.Failure?.VendorCode });
        }

        return result;
    }

    /// <summary>A legacy request: every field in the query string, as that API takes them; the key never reaches a log (query strings are not logged).</summary>
    private async Task<HttpResponseMessage> SendLegacyAsync(OzonetelQuery query, string uriWithoutKey, string what, CancellationToken cancellationToken)
    {
        connection.EnsureCredentialsAllowed(Vendor);
        var limiter = Limiter(query, LegacyPath);
        var apiKey = credentials.ApiKey;
        Redactor.Register(apiKey);
        return await SendPacedAsync(
            limiter,
            wait => log.Progress(
                WaitProgressId,
                Activity,
                string.Format(CultureInfo.InvariantCulture, "Waiting {0:0.#} s for Ozonetel's rate limit ({1} requests per {2:g}, legacy API) before {3}", wait.TotalSeconds, limiter.Limit, limiter.Window, what)),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.BaseUri, uriWithoutKey + "&apiKey=" + Uri.EscapeDataString(apiKey)));
                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            log,
            Vendor,
            what,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One UCID request, with rate-limit waits and one token renewal; returns its records or its failure.</summary>
    private async Task<(List<OzonetelCallDetail> Records, CallReportsException? Failure)> LookupAsync(OzonetelQuery query, string limiterPath, string what, Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var zone = query.Zone;
        var records = new List<OzonetelCallDetail>();
        CallReportsException? failure = null;
        var renewed = false;
        for (var attempt = 0; ; attempt++)
        {
            using var response = await send().ConfigureAwait(false);
            var text = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            string? status = null;
            string? message = null;
            records = new List<OzonetelCallDetail>();
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    status = root.TryGetProperty("status", out var s) ? OzonetelRecordMapper.Text(s) : null;
                    if (root.TryGetProperty("message", out var m))
                    {
                        if (m.ValueKind == JsonValueKind.Array)
                        {
                            // The legacy shape: the records under "message".
                            foreach (var item in m.EnumerateArray())
                            {
                                records.Add(OzonetelRecordMapper.ToRecord(item, zone, credentials.UserName));
                            }
                        }
                        else
                        {
                            message = OzonetelRecordMapper.Text(m);
                        }
                    }

                    if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in details.EnumerateArray())
                        {
                            records.Add(OzonetelRecordMapper.ToRecord(item, zone, credentials.UserName));
                        }
                    }
                }
            }
            catch (JsonException) when ((int)response.StatusCode >= 300)
            {
                // Not JSON (a proxy's page): the status code speaks.
            }
            catch (JsonException ex)
            {
                failure = new CallReportsException(Vendor + "InvalidResponse", FailureKind.InvalidData, $"Ozonetel's answer for {what} is not JSON: {ex.Message}", inner: ex) { Target = what };
                break;
            }

            failure = Classify((int)response.StatusCode, status, message, what, out var rateLimited);
            if (RenewAfter(failure, query, ref renewed))
            {
                continue;
            }

            if (failure is null && records.Count == 0)
            {
                failure = new CallReportsException(Vendor + "UcidNotFound", FailureKind.NotFound, $"Ozonetel has no call with {what} in the last 15 days.") { Target = what, VendorCode = message };
            }

            if (rateLimited && attempt < RateLimitRetries)
            {
                Backoff(query, limiterPath, what);
                continue;
            }

            break;
        }

        return (records, failure);
    }

    /// <summary>"Token Expired" in token mode: drop the token, get a new one, and send the request once more.</summary>
    private bool RenewAfter(CallReportsException? failure, OzonetelQuery query, ref bool renewed)
    {
        if (failure?.ErrorId != Vendor + "TokenExpired" || query.AuthMode != OzonetelAuthMode.Token || renewed)
        {
            return false;
        }

        renewed = true;
        rejectedToken = lastToken;
        log.Verbose("Ozonetel said the token expired; generating a new one and sending the request once more.");
        return true;
    }

    private async Task<string> GetTokenAsync(string apiKey, CancellationToken cancellationToken)
    {
        var state = await TokenCache.GetAsync(
            CallReportsVendor.Ozonetel,
            connection.ServerDisplay,
            credentials.UserName.ToLowerInvariant(),
            apiKey,
            (_, ct) => GenerateTokenAsync(apiKey, ct),
            rejectedToken,
            cancellationToken).ConfigureAwait(false);
        rejectedToken = null;
        lastToken = state.AccessToken;
        return state.AccessToken;
    }

    private async Task<TokenState> GenerateTokenAsync(string apiKey, CancellationToken cancellationToken)
    {
        // Never more than Ozonetel's 10 generations an hour, counted for the whole process.
        var limiter = RequestRateLimiter.For(connection.ServerDisplay + "|" + credentials.UserName.ToLowerInvariant() + "|" + TokenPath, TokensPerHour, TimeSpan.FromHours(1));
        var response = await SendPacedAsync(
            limiter,
            wait => log.Progress(WaitProgressId, Activity, string.Format(CultureInfo.InvariantCulture, "Waiting {0:0} s: Ozonetel allows {1} token generations an hour", wait.TotalSeconds, TokensPerHour)),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(connection.BaseUri, TokenPath))
                {
                    Content = new StringContent(BuildBody(Array.Empty<KeyValuePair<string, string>>()), Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("apiKey", apiKey);
                return request;
            },
            log,
            Vendor,
            "token generation",
            cancellationToken).ConfigureAwait(false);
        using var disposeResponse = response;
        var text = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? token = null;
        string? status = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                token = document.RootElement.TryGetProperty("token", out var t) ? OzonetelRecordMapper.Text(t) : null;
                status = document.RootElement.TryGetProperty("status", out var s) ? OzonetelRecordMapper.Text(s) : null;
                message = document.RootElement.TryGetProperty("message", out var m) ? OzonetelRecordMapper.Text(m) : null;
            }
        }
        catch (JsonException)
        {
            // Reported below.
        }

        Redactor.Register(token);
        if (token is null || !response.IsSuccessStatusCode)
        {
            var failure = Classify((int)response.StatusCode, status ?? "false", message, "token generation", out var rateLimited);
            throw new CallReportsException(
                rateLimited ? Vendor + "TokenLimitReached" : failure?.ErrorId ?? Vendor + "InvalidTokenResponse",
                rateLimited ? FailureKind.LimitsExceeded : failure?.Kind ?? FailureKind.InvalidData,
                (failure?.Message ?? $"Ozonetel {connection.ServerDisplay} answered the token request without a token.") + " Ozonetel allows 10 token generations an hour; -AuthMode ApiKey needs none.",
                terminating: true) { StatusCode = (int)response.StatusCode, VendorCode = message, Target = "token generation" };
        }

        log.Verbose($"Generated an Ozonetel token for {credentials.UserName} at {connection.ServerDisplay}; it is reused for an hour.");
        return new TokenState(token, null, TokenLifetime, "/" + TokenPath);
    }

    /// <summary>
    /// Sends one request per limiter slot. Transient failures (408, 5xx, network, timeout) are retried
    /// here rather than inside the HTTP pipeline, so every attempt takes its own slot and a retry can
    /// never break the vendor's limit; 429 goes back to the caller, which pauses a whole window.
    /// </summary>
    private async Task<HttpResponseMessage> SendPacedAsync(RequestRateLimiter limiter, Action<TimeSpan> onWait, Func<HttpRequestMessage> createRequest, OperationLog operationLog, string vendor, string what, CancellationToken cancellationToken)
    {
        var single = new ConnectionOptions(connection.BaseUri)
        {
            SkipCertificateCheck = connection.SkipCertificateCheck,
            AllowUnencryptedAuthentication = connection.AllowUnencryptedAuthentication,
            Timeout = connection.Timeout,
            MaximumRetryCount = 0,
            RetryInterval = connection.RetryInterval,
        };
        for (var attempt = 0; ; attempt++)
        {
            var slot = await limiter.WaitAsync(onWait, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage response;
            try
            {
                response = await HttpPipeline.SendAsync(single, createRequest, operationLog, vendor, what, cancellationToken).ConfigureAwait(false);
            }
            catch (CallReportsException ex) when (attempt < connection.MaximumRetryCount && ex.Kind is FailureKind.Connection or FailureKind.Timeout)
            {
                slot.Complete();
                await RetryDelayAsync(attempt, null, what, ex.Message, cancellationToken).ConfigureAwait(false);
                continue;
            }
            finally
            {
                slot.Complete();
            }

            if (attempt < connection.MaximumRetryCount && (int)response.StatusCode != 429 && HttpPipeline.IsTransient(response.StatusCode))
            {
                var after = HttpPipeline.RetryAfter(response);
                var reason = "HTTP " + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                response.Dispose();
                await RetryDelayAsync(attempt, after, what, reason, cancellationToken).ConfigureAwait(false);
                continue;
            }

            return response;
        }
    }

    private Task RetryDelayAsync(int attempt, TimeSpan? retryAfter, string what, string reason, CancellationToken cancellationToken)
    {
        var delay = retryAfter ?? TimeSpan.FromTicks(connection.RetryInterval.Ticks * (1L << Math.Min(attempt, 10)));
        log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} failed ({1}); retrying in {2:0.###} s.", what, reason, delay.TotalSeconds));
        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    private RequestRateLimiter Limiter(OzonetelQuery query, string path) =>
        RequestRateLimiter.For(connection.ServerDisplay + "|" + credentials.UserName.ToLowerInvariant() + "|" + path, query.RequestsPerMinute, query.RateLimitWindow);

    private void Backoff(OzonetelQuery query, string path, string what)
    {
        var limiter = Limiter(query, path);
        log.Warning(string.Format(CultureInfo.InvariantCulture, "Ozonetel said the rate limit was reached for {0} (another client may share the account); waiting {1:0} s and trying again.", what, limiter.Window.TotalSeconds));
        limiter.Block(limiter.Window);
    }

    private async Task<HttpResponseMessage> SendAsync(OzonetelQuery query, string path, string pageQuery, string body, string what, CancellationToken cancellationToken)
    {
        connection.EnsureCredentialsAllowed(Vendor);
        var limiter = Limiter(query, path);
        var apiKey = credentials.ApiKey;
        Redactor.Register(apiKey);
        var token = query.AuthMode == OzonetelAuthMode.Token ? await GetTokenAsync(apiKey, cancellationToken).ConfigureAwait(false) : null;
        return await SendPacedAsync(
            limiter,
            wait => log.Progress(
                WaitProgressId,
                Activity,
                string.Format(CultureInfo.InvariantCulture, "Waiting {0:0.#} s for Ozonetel's rate limit ({1} requests per {2:g} on {3}) before {4}", wait.TotalSeconds, limiter.Limit, limiter.Window, path, what)),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.BaseUri, path + pageQuery))
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("apiKey", apiKey);
                if (token is not null)
                {
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                }

                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            log,
            Vendor,
            what,
            cancellationToken).ConfigureAwait(false);
    }
}
