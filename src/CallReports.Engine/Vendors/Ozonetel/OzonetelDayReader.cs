using System.IO;
using System.Runtime.CompilerServices;
using CallReports.Engine.Json;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Reads every call of whole days with the current API: each local day with <c>fetchCDRDetails</c>, or page by
/// page with <c>fetchCdrByPagination</c>, streamed as the records arrive. A failed day is a non-terminating error
/// and the other days are still read; an empty day at the edge of the 15-day retention says it may be deleted.
/// </summary>
internal sealed class OzonetelDayReader
{
    internal const string DetailsPath = "ca_reports/fetchCDRDetails";
    internal const string PaginationPath = "ca_reports/fetchCdrByPagination";

    private readonly ConnectionOptions connection;
    private readonly OzonetelCredentials credentials;
    private readonly OperationLog log;

    public OzonetelDayReader(ConnectionOptions connection, OzonetelCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    /// <summary>Streams the calls of each local day of the query's range.</summary>
    public async IAsyncEnumerable<OzonetelCallDetail> ReadAsync(OzonetelQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var days = query.Days();
        var path = query.PageSize is null ? DetailsPath : PaginationPath;
        var session = new OzonetelSession(connection, credentials, query, path, log);
        log.Verbose(string.Format(CultureInfo.InvariantCulture, "Reading {0} day(s) in {1} with {2}.", days.Count, ZoneResolver.IanaName(query.Zone), path));
        try
        {
            foreach (var day in days)
            {
                await foreach (var record in ReadDayAsync(session, query, path, day, cancellationToken).ConfigureAwait(false))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            log.CompleteProgress(OzonetelClient.ProgressId, OzonetelClient.Activity);
            log.CompleteProgress(OzonetelClient.WaitProgressId, OzonetelClient.Activity);
        }
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

    private async IAsyncEnumerable<OzonetelCallDetail> ReadDayAsync(OzonetelSession session, OzonetelQuery query, string path, TimeWindow day, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var what = string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd}", TimeZoneInfo.ConvertTime(day.Start, query.Zone));
        var (fromDate, toDate) = OzonetelClient.RequestRange(day, query.Zone);
        var body = OzonetelClient.BuildBody(credentials.UserName, new Dictionary<string, string> { ["fromDate"] = fromDate, ["toDate"] = toDate });
        var page = new Page(query.PageSize is null ? "day " + what : string.Format(CultureInfo.InvariantCulture, "day {0} page {1}", what, 1));
        long seen = 0;
        var dropped = 0;
        for (var number = 1; ; number++)
        {
            log.Progress(OzonetelClient.ProgressId, OzonetelClient.Activity, "Reading " + page.Label, (day.Index * 100) / day.Count);
            var pageQuery = query.PageSize is { } size ? string.Format(CultureInfo.InvariantCulture, "?pageNo={0}&pageSize={1}", number, size) : string.Empty;
            using var response = await session.GetAsync(path + pageQuery, body, page.Label, cancellationToken).ConfigureAwait(false);
            await foreach (var record in ReadPageAsync(response, query.Zone, day, page, cancellationToken).ConfigureAwait(false))
            {
                yield return record;
            }

            if (page.Failure is { } failure)
            {
                ReportFailedDay(failure, page.Label);
                yield break;
            }

            seen += page.Count;
            dropped += page.Dropped;
            log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} records.", page.Label, page.Count));
            if (dropped > 0)
            {
                log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} record(s) so far started outside {2:yyyy-MM-dd HH:mm:ss.FFF} to {3:yyyy-MM-dd HH:mm:ss.FFF} (the range is half-open) and were left out.", page.Label, dropped, TimeZoneInfo.ConvertTime(day.Start, query.Zone), TimeZoneInfo.ConvertTime(day.End, query.Zone)));
            }

            if (query.PageSize is not { } pageSize || page.Count < pageSize || (page.Total is { } all && seen >= all))
            {
                WarnIfOldestDayEmpty(query, day, what, seen, page.Message);
                yield break;
            }

            page = new Page(string.Format(CultureInfo.InvariantCulture, "day {0} page {1}", what, number + 1));
        }
    }

    /// <summary>Streams the records of one answer into <paramref name="page"/>'s counts; reads an answer without records as a failure or an empty day.</summary>
    private async IAsyncEnumerable<OzonetelCallDetail> ReadPageAsync(HttpResponseMessage response, TimeZoneInfo zone, TimeWindow day, Page page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            using var stream = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            var reader = JsonItemReader.ReadAsync(stream, "details", page.OnProperty, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (await NextAsync(reader, zone, page).ConfigureAwait(false) is { } record)
                {
                    if (!OzonetelClient.InWindow(record, day))
                    {
                        page.Dropped++;
                        continue;
                    }

                    yield return record;
                }
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            if (page.Failure is not null || page.Count > 0)
            {
                yield break;
            }
        }
        else
        {
            await page.ReadEnvelopeAsync(response, cancellationToken).ConfigureAwait(false);
        }

        page.Failure = OzonetelErrors.Classify((int)response.StatusCode, page.Status, page.Message, page.Label, out _);
        if (page.Failure?.ErrorId == OzonetelErrors.UcidNotFound)
        {
            // "No Data Found" for a day is an empty day, not an error.
            page.Failure = null;
        }
    }

    /// <summary>The next record, or null at the end or when the body broke off (then <see cref="Page.Failure"/> says so).</summary>
    private async Task<OzonetelCallDetail?> NextAsync(IAsyncEnumerator<JsonElement> reader, TimeZoneInfo zone, Page page)
    {
        try
        {
            if (!await reader.MoveNextAsync().ConfigureAwait(false))
            {
                return null;
            }

            var record = OzonetelRecordMapper.ToRecord(reader.Current, zone, credentials.UserName);
            page.Count++;
            return record;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException or JsonException)
        {
            page.Failure = new CallReportsException(
                OzonetelErrors.ResponseInterrupted,
                FailureKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "The response for {0} was cut off or malformed after {1} records: {2} The rest of that day is missing; run the command again for that day.", page.Label, page.Count, ex.Message),
                inner: ex) { Target = page.Label };
            return null;
        }
    }

    private void ReportFailedDay(CallReportsException failure, string label)
    {
        if (failure.IsTerminating)
        {
            throw failure;
        }

        log.Error(new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " The other days are still read; this one is incomplete.", false, failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = label });
    }

    private void WarnIfOldestDayEmpty(OzonetelQuery query, TimeWindow day, string what, long seen, string? vendorMessage)
    {
        if (seen == 0 && TimeZoneInfo.ConvertTime(day.Start, query.Zone).Date == query.OldestDay)
        {
            log.Warning(OldestDayEmpty(what, vendorMessage));
        }
    }

    /// <summary>What one answer held: its records counted, its top-level fields, its failure.</summary>
    private sealed class Page
    {
        public Page(string label) => Label = label;

        public string Label { get; }

        public int Count { get; set; }

        public int Dropped { get; set; }

        public long? Total { get; private set; }

        public string? Status { get; private set; }

        public string? Message { get; private set; }

        public CallReportsException? Failure { get; set; }

        /// <summary>A top-level field beside <c>details</c>.</summary>
        public void OnProperty(string name, JsonElement value)
        {
            if (name == "status")
            {
                Status = OzonetelRecordMapper.Text(value);
            }
            else if (name == "message")
            {
                Message = OzonetelRecordMapper.Text(value);
            }
            else if (name == "totalCount" && long.TryParse(OzonetelRecordMapper.Text(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var total))
            {
                Total = total;
            }
        }

        /// <summary>An unsuccessful answer's <c>status</c> and <c>message</c>; a proxy's page has none (its status code speaks).</summary>
        public async Task ReadEnvelopeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
        {
            var text = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(text);
                (Status, Message) = OzonetelErrors.Envelope(document.RootElement);
            }
            catch (JsonException)
            {
                // Not JSON.
            }
        }
    }
}
