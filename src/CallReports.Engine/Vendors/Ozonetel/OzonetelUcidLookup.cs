using System.Collections.Concurrent;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Finds a call by UCID with the current API's <c>fetchCdrByUCID</c>: over the whole 15 days in one request, or,
/// when a range is named or the server takes one calendar day per request, day by day, newest first.
/// </summary>
internal sealed class OzonetelUcidLookup
{
    internal const string ByUcidPath = "ca_reports/fetchCdrByUCID";

    /// <summary>Servers whose fetchCdrByUCID refused a range longer than a day: asked day by day for the rest of the process.</summary>
    private static readonly ConcurrentDictionary<string, bool> SingleDayServers = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConnectionOptions connection;
    private readonly OzonetelCredentials credentials;
    private readonly OperationLog log;
    private readonly OzonetelQuery query;
    private readonly OzonetelSession session;

    public OzonetelUcidLookup(ConnectionOptions connection, OzonetelCredentials credentials, OzonetelQuery query, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.query = query;
        this.log = log;
        session = new OzonetelSession(connection, credentials, query, ByUcidPath, log);
    }

    /// <summary>Forgets that a server refused multi-day UCID ranges.</summary>
    internal static void ForgetSingleDayServer(ConnectionOptions server) => SingleDayServers.TryRemove(server.ServerDisplay, out _);

    /// <summary>The call with the UCID, or why there is none.</summary>
    public async Task<OzonetelLookupAnswer> FindAsync(string ucid, string what, CancellationToken cancellationToken)
    {
        var zone = query.Zone;

        // The endpoint wants a range with the UCID; Ozonetel keeps 15 days, so ask for all of them.
        var from = WallClock.ToInstant(query.OldestDay, zone);
        var now = query.CurrentTime;
        if (query.StartTime is null && !SingleDayServers.ContainsKey(connection.ServerDisplay))
        {
            var range = await LookupAsync(ucid, OzonetelClient.Format(from, zone), OzonetelClient.Format(now, zone), what, cancellationToken).ConfigureAwait(false);
            if (range.Failure?.ErrorId != OzonetelErrors.InvalidDate)
            {
                return range;
            }

            // This server takes one calendar day per request here too: look day by day, newest first, and
            // never send it a range again in this process (pipeline input makes a client per UCID).
            log.Verbose($"Ozonetel refused a 15-day range for {what} ({range.Failure.VendorCode}); looking UCIDs up at {connection.ServerDisplay} one day at a time, newest first, for the rest of this session. Pass -Date (or -StartTime/-EndTime) with -Ucid to name the day and save requests.");
            SingleDayServers[connection.ServerDisplay] = true;
        }

        var days = query.StartTime is not null ? query.Days() : TimeWindows.SplitByLocalDay(from, now, zone);
        OzonetelLookupAnswer? answer = null;
        for (var d = days.Count - 1; d >= 0; d--)
        {
            answer = await DayAsync(ucid, what, days[d], cancellationToken).ConfigureAwait(false);
            if (!answer.NotFound)
            {
                return answer;
            }
        }

        answer!.Failure = NotOnAnyDay(answer.Failure!, what, days);
        return answer;
    }

    private async Task<OzonetelLookupAnswer> DayAsync(string ucid, string what, TimeWindow day, CancellationToken cancellationToken)
    {
        var dayWhat = string.Format(CultureInfo.InvariantCulture, "{0} on {1:yyyy-MM-dd}", what, TimeZoneInfo.ConvertTime(day.Start, query.Zone));
        var (fromDate, toDate) = OzonetelClient.RequestRange(day, query.Zone);
        var answer = await LookupAsync(ucid, fromDate, toDate, dayWhat, cancellationToken).ConfigureAwait(false);
        if (answer.Failure is null && answer.Records.RemoveAll(r => !OzonetelClient.InWindow(r, day)) > 0 && answer.Records.Count == 0)
        {
            // The server's range reached past the window (an inclusive toDate): the call belongs to the next one.
            answer.Failure = new CallReportsException(OzonetelErrors.UcidNotFound, FailureKind.NotFound, $"Ozonetel's call with {dayWhat} starts outside the range asked for.") { Target = what };
        }

        return answer;
    }

    private async Task<OzonetelLookupAnswer> LookupAsync(string ucid, string fromDate, string toDate, string what, CancellationToken cancellationToken)
    {
        var body = OzonetelClient.BuildBody(credentials.UserName, new Dictionary<string, string> { ["fromDate"] = fromDate, ["toDate"] = toDate, ["ucid"] = ucid });
        var response = await session.GetAsync(ByUcidPath, body, what, cancellationToken).ConfigureAwait(false);
        return await OzonetelLookupAnswer.ReadAsync(response, query.Zone, credentials.UserName, what, cancellationToken).ConfigureAwait(false);
    }

    private CallReportsException NotOnAnyDay(CallReportsException failure, string what, IReadOnlyList<TimeWindow> days)
    {
        var oldest = TimeZoneInfo.ConvertTime(days[0].Start, query.Zone).Date == query.OldestDay
            ? string.Format(CultureInfo.InvariantCulture, " The oldest of them, {0:yyyy-MM-dd}, lies at the edge of Ozonetel's retention window (\"the last {1} days\" may end at today minus {2}) and may already be deleted.", query.OldestDay, OzonetelQuery.HistoryDays, OzonetelQuery.HistoryDays - 1)
            : string.Empty;
        return new CallReportsException(failure.ErrorId, failure.Kind, $"Ozonetel has no call with {what} on the {days.Count} day(s) asked for.{oldest}", false, failure) { Target = what, VendorCode = failure.VendorCode };
    }
}
