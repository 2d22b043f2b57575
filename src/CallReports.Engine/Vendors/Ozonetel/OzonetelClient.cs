using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using CallReports.Engine.Streaming;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Reads Ozonetel CloudAgent call details: by UCID (<see cref="OzonetelUcidLookup"/>, or with the legacy API
/// <see cref="OzonetelLegacyLookup"/>) or every call of whole days (<see cref="OzonetelDayReader"/>). The current
/// <c>/ca_reports</c> API takes a GET carrying a JSON body, the <c>apiKey</c> header with <c>userName</c> in the
/// body, one calendar day per request, paced by a process-wide limiter at the documented 2 requests a minute per
/// endpoint (<see cref="OzonetelSession"/>).
/// </summary>
public sealed class OzonetelClient
{
    internal const int ProgressId = 0x0207;
    internal const int WaitProgressId = 0x0208;
    internal const string Activity = "Get-OzonetelCallDetail";

    private readonly ConnectionOptions connection;
    private readonly OzonetelCredentials credentials;
    private readonly OperationLog log;

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
            ct => query.Ucids.Count > 0 ? ByUcidAsync(query, ct) : new OzonetelDayReader(connection, credentials, log).ReadAsync(query, ct),
            log,
            cancellationToken);
    }

    /// <summary>Forgets that a server refused multi-day UCID ranges (for tests that switch the emulator's mode).</summary>
    internal static void ForgetSingleDayServer(ConnectionOptions server) => OzonetelUcidLookup.ForgetSingleDayServer(server);

    /// <summary>
    /// .NET Framework's HttpClient (Windows PowerShell 5.1) refuses a body on GET, and Ozonetel refuses
    /// the same fields as a query string, so fail clearly instead of sending something else.
    /// </summary>
    internal static void EnsureGetWithBodySupported()
    {
        if (RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase))
        {
            throw new CallReportsException(
                OzonetelErrors.RequiresPowerShell7,
                FailureKind.NotImplemented,
                "Ozonetel's current API takes a GET request with a JSON body, which .NET Framework (Windows PowerShell 5.1) cannot send. Run Get-OzonetelCallDetail in PowerShell 7.2 or later.",
                terminating: true);
        }
    }

    /// <summary>The body of a current-API request: <c>userName</c> plus the endpoint's fields, as JSON.</summary>
    internal static string BuildBody(string userName, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var body = new Dictionary<string, string> { ["userName"] = userName };
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

    /// <summary>Whether a record starts within the half-open window; one without a start time is kept (nothing to judge by).</summary>
    internal static bool InWindow(OzonetelCallDetail record, TimeWindow window) =>
        record.StartTime is not { } start || (start >= window.Start && start < window.End);

    private async IAsyncEnumerable<OzonetelCallDetail> ByUcidAsync(OzonetelQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var legacy = query.ApiVersion == OzonetelApiVersion.Legacy ? new OzonetelLegacyLookup(connection, credentials, query, log) : null;
        var current = legacy is null ? new OzonetelUcidLookup(connection, credentials, query, log) : null;
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

                var answer = legacy is not null
                    ? await legacy.FindAsync(ucid, what, cancellationToken).ConfigureAwait(false)
                    : await current!.FindAsync(ucid, what, cancellationToken).ConfigureAwait(false);
                if (answer.Failure is { } failure)
                {
                    Report(failure);
                    continue;
                }

                foreach (var record in answer.Records)
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

    /// <summary>A UCID that failed: a terminating failure stops the command, another is an error and the next UCID is looked up.</summary>
    private void Report(CallReportsException failure)
    {
        if (failure.IsTerminating)
        {
            throw failure;
        }

        log.Error(failure);
    }
}
