using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using CallReports.Engine.Csv;
using CallReports.Engine.Files;
using CallReports.Engine.Streaming;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// Reads the RingCX "Cloud Call Detail" report (<c>CASPER_REPORT</c>) from
/// <c>POST …/admin/accounts/{accountId}/reportsStreaming</c>: window by window, parsing the CSV as it
/// streams. Ranges are half-open on the reported enqueue minute, so a call on the edge of two windows
/// (or of two runs) is returned by exactly one, whether or not RingCX includes a range's end.
/// </summary>
public sealed class CasperClient
{
    private const int ProgressId = 0xCA5;

    /// <summary>The progress activity of the command.</summary>
    internal const string Activity = "Get-CasperCallDetail";
    private static int deprecationWarned;

    private readonly ConnectionOptions connection;
    private readonly OperationLog log;
    private readonly CasperSession session;

    /// <summary>Creates a client; nothing is sent until records are enumerated.</summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="credentials">How to authenticate.</param>
    /// <param name="log">Where messages go.</param>
    public CasperClient(ConnectionOptions connection, CasperCredentials credentials, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        session = new CasperSession(connection, credentials ?? throw new ArgumentNullException(nameof(credentials)), log);
    }

    /// <summary>For tests: the once-per-session warnings show again.</summary>
    internal static void ResetWarnings()
    {
        Interlocked.Exchange(ref deprecationWarned, 0);
        CasperTokenExchange.ResetWarnings();
    }

    /// <summary>Streams the report's rows as typed records.</summary>
    /// <param name="query">What to ask for; validated before any request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<CasperCallDetail> GetCallDetails(CasperCallDetailQuery query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Validate();
        return new BlockingStream<CasperCallDetail>(ct => GetCallDetailsAsync(query, ct), log, cancellationToken);
    }

    /// <summary>
    /// Writes the report for the whole range, in one request, to <paramref name="path"/> exactly as RingCX
    /// sends it, streamed to a temporary file that replaces the target only when the body is complete: a
    /// failed or cut-off transfer leaves an existing file as it was.
    /// </summary>
    /// <param name="query">What to ask for; validated before any request.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The number of bytes written.</returns>
    public long SaveCsv(CasperCallDetailQuery query, string path, bool overwrite, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The output path is empty.", nameof(path));
        }

        query.Validate();
        long written = 0;
        foreach (var bytes in new BlockingStream<long>(ct => SaveCsvAsync(query, path, overwrite, ct), log, cancellationToken))
        {
            written = bytes;
        }

        return written;
    }

    internal async IAsyncEnumerable<CasperCallDetail> GetCallDetailsAsync(CasperCallDetailQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WarnDeprecated();
        var (zone, zoneName) = await ResolveZoneAsync(query, cancellationToken).ConfigureAwait(false);
        var selection = await CasperRoutingLookup.ResolveAsync(session, query, log, cancellationToken).ConfigureAwait(false);
        var windows = TimeWindows.Split(query.StartTime, query.EndTime, query.WindowSize);
        var account = query.RequestAccountId.Trim();

        // A call without an enqueue time cannot be placed in one window: it is returned once, by uii.
        var unplaced = new HashSet<string>(StringComparer.Ordinal);
        long emitted = 0;
        long skipped = 0;
        try
        {
            foreach (var window in windows)
            {
                if (windows.Count > 1)
                {
                    log.Progress(ProgressId, Activity, string.Format(CultureInfo.InvariantCulture, "Account {0}, {1} – {2} ({3})", account, WallClock.Format(window.Start, zone, "yyyy-MM-dd HH:mm"), WallClock.Format(window.End, zone, "yyyy-MM-dd HH:mm"), zoneName), window.Index * 100 / window.Count);
                }

                var body = query.BuildBody(selection, window.Start, window.End, zone, zoneName);
                var what = string.Format(CultureInfo.InvariantCulture, "the Cloud Call Detail report for account {0}, {1}", account, window);
                await foreach (var record in ReadWindowAsync(query, account, body, window, zone, what, unplaced, cancellationToken).ConfigureAwait(false))
                {
                    if (skipped < query.Skip)
                    {
                        skipped++;
                        continue;
                    }

                    emitted++;
                    yield return record;
                    if (query.First is { } first && emitted >= first)
                    {
                        yield break;
                    }
                }
            }
        }
        finally
        {
            if (windows.Count > 1)
            {
                log.CompleteProgress(ProgressId, Activity);
            }
        }
    }

    /// <summary>
    /// One window's calls as the CSV streams: a row whose enqueue minute lies outside the window belongs to
    /// another window and is left out; a call without one is returned once (by uii) over all windows. A cut body
    /// or a bad row is reported and the rest of the run goes on.
    /// </summary>
    private async IAsyncEnumerable<CasperCallDetail> ReadWindowAsync(CasperCallDetailQuery query, string account, string body, TimeWindow window, TimeZoneInfo zone, string what, HashSet<string> unplaced, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await RequestReportAsync(account, body, what, cancellationToken).ConfigureAwait(false);
        if (response is null)
        {
            yield break;
        }

        var from = CasperCallDetailQuery.UpToMinute(window.Start);
        var to = CasperCallDetailQuery.UpToMinute(window.End);
        var rows = 0;
        using var stream = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
        CasperRecordMapper? mapper = null;
        var reader = CsvRecordReader.ReadAsync(stream, query.Separator, header => mapper = CreateMapper(header, zone), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await MoveNextAsync(reader, what, rows).ConfigureAwait(false))
            {
                rows++;
                if (ToRecord(mapper!, reader.Current, what) is { } record && Belongs(record, from, to, unplaced))
                {
                    yield return record;
                }
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows.", what, rows));
    }

    /// <summary>The next row, or false at the end of the body or where it broke off (reported: the rows before the cut were returned).</summary>
    private async Task<bool> MoveNextAsync(IAsyncEnumerator<CsvRow> reader, string what, int rows)
    {
        try
        {
            return await reader.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
        {
            log.Error(new CallReportsException(
                CasperErrors.ResponseInterrupted,
                FailureKind.InvalidData,
                $"The response for {what} was cut off after {rows} rows: {ex.Message} The rest of this window was not read; run the command again for it.",
                inner: ex) { Target = what });
            return false;
        }
    }

    /// <summary>The row as a record, or null (reported) when it cannot be read.</summary>
    private CasperCallDetail? ToRecord(CasperRecordMapper mapper, CsvRow row, string what)
    {
        try
        {
            return mapper.ToRecord(row);
        }
        catch (InvalidDataException ex)
        {
            log.Error(new CallReportsException(CasperErrors.InvalidRow, FailureKind.InvalidData, $"Skipped a row of {what}: {ex.Message}", inner: ex) { Target = what });
            return null;
        }
    }

    /// <summary>Whether this window returns the call: its enqueue minute is in [from, to), or it has none and was not returned yet.</summary>
    private bool Belongs(CasperCallDetail record, DateTimeOffset from, DateTimeOffset to, HashSet<string> unplaced)
    {
        if (record.EnqueueTime is { } queued && (queued < from || queued >= to))
        {
            log.Debug(string.Format(CultureInfo.InvariantCulture, "Skipped call {0}: queued at {1:yyyy-MM-dd HH:mm:ss zzz}, outside [{2:yyyy-MM-dd HH:mm:ss zzz}, {3:yyyy-MM-dd HH:mm:ss zzz}) (a call on a range's end belongs to the next range).", record.Uii, queued, from.ToOffset(queued.Offset), to.ToOffset(queued.Offset)));
            return false;
        }

        if (record.EnqueueTime is null && record.Uii.Length > 0 && !unplaced.Add(record.Uii))
        {
            log.Debug($"Skipped call {record.Uii}: already returned (it has no enqueue time to place it in one window).");
            return false;
        }

        return true;
    }

    private async IAsyncEnumerable<long> SaveCsvAsync(CasperCallDetailQuery query, string path, bool overwrite, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        WarnDeprecated();
        var (zone, zoneName) = await ResolveZoneAsync(query, cancellationToken).ConfigureAwait(false);
        var selection = await CasperRoutingLookup.ResolveAsync(session, query, log, cancellationToken).ConfigureAwait(false);
        var account = query.RequestAccountId.Trim();
        var what = string.Format(CultureInfo.InvariantCulture, "the Cloud Call Detail report for account {0}, {1} – {2} ({3})", account, WallClock.Format(query.StartTime, zone, "yyyy-MM-dd HH:mm"), WallClock.Format(query.EndTime, zone, "yyyy-MM-dd HH:mm"), zoneName);
        var body = query.BuildBody(selection, query.StartTime, query.EndTime, zone, zoneName);
        using var response = await RequestReportAsync(account, body, what, cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(CasperErrors.DownloadFailed, FailureKind.Connection, $"Could not download {what}; nothing was written to {path}.") { Target = what };
        using var file = AtomicFileWriter.Create(path, overwrite, CasperErrors.Prefix);
        using (var source = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false))
        {
            await file.CopyFromAsync(source, what, response.Content.Headers.ContentLength, null, null, cancellationToken).ConfigureAwait(false);
        }

        file.Commit();
        log.Verbose(string.Format(CultureInfo.InvariantCulture, "Wrote {0} bytes of {1} to {2}.", file.Length, what, path));
        yield return file.Length;
    }

    private async Task<HttpResponseMessage?> RequestReportAsync(string account, string body, string what, CancellationToken cancellationToken)
    {
        var response = await session.SendAsync(
            HttpMethod.Post,
            session.ApiPrefix + "admin/accounts/" + Uri.EscapeDataString(account) + "/reportsStreaming",
            () => new StringContent(body, Encoding.UTF8, "application/json"),
            "text/csv, application/json",
            what,
            cancellationToken,
            idempotent: true).ConfigureAwait(false);

        // Errors come back as JSON even though CSV was asked for, sometimes with a 200.
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (response.IsSuccessStatusCode && mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return response;
        }

        using (response)
        {
            var failure = await CasperErrors.FromResponseAsync(response, what, account, cancellationToken).ConfigureAwait(false);
            if (failure.IsTerminating)
            {
                throw failure;
            }

            log.Error(failure);
            return null;
        }
    }

    /// <summary>
    /// The report zone: -TimeZone, else the path account's <c>primaryTimezone</c> when it names a zone. RingCX's
    /// published specification declares <c>primaryTimezone</c> an <c>int32</c> and documents no list of what the
    /// numbers mean, so a number (or anything else that is not a known zone name) stops the command with a
    /// request for -TimeZone rather than a guess: a wrong zone moves every window and every time returned.
    /// </summary>
    private async Task<(TimeZoneInfo Zone, string Name)> ResolveZoneAsync(CasperCallDetailQuery query, CancellationToken cancellationToken)
    {
        if (query.TimeZone is { } given)
        {
            return (given, string.IsNullOrWhiteSpace(query.TimeZoneName) || query.TimeZoneName!.IndexOf('/') < 0 ? ZoneResolver.IanaName(given) : query.TimeZoneName!.Trim());
        }

        var account = query.RequestAccountId.Trim();
        const string What = "the account list";
        using var response = await session.SendAsync(HttpMethod.Get, session.ApiPrefix + "admin/accounts", null, "application/json", What, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await CasperErrors.FromResponseAsync(response, What, null, cancellationToken).ConfigureAwait(false);
            throw failure.Kind == FailureKind.Authentication ? failure : ZoneRequired(account, "zone could not be read: " + failure.Message);
        }

        string reason;
        try
        {
            using var stream = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var item = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().FirstOrDefault(a => a.ValueKind == JsonValueKind.Object && string.Equals(CasperRecordMapper.Text(a, "accountId"), account, StringComparison.Ordinal))
                : default;
            var primary = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("primaryTimezone", out var value) ? value : default;
            var name = primary.ValueKind == JsonValueKind.String ? primary.GetString()!.Trim() : null;
            var number = primary.ValueKind == JsonValueKind.Number || (name is { Length: > 0 } && name.All(char.IsDigit));
            if (!number && name is { Length: > 0 } && ZoneResolver.TryResolve(name, out var zone))
            {
                log.Verbose($"Reading the report in account {account}'s primary time zone, {name}.");
                return (zone, name);
            }

            reason = item.ValueKind != JsonValueKind.Object ? "zone is unknown: the account is not in the account list (GET admin/accounts)"
                : number ? $"primaryTimezone is {primary.ToString().Trim()}, a number: RingCX's API specification declares it an integer and publishes no list of the zones the numbers stand for"
                : name is { Length: > 0 } ? $"primaryTimezone '{name}' is not a time zone this machine knows"
                : "account list entry has no primaryTimezone";
        }
        catch (JsonException ex)
        {
            reason = "zone could not be read: the account list is not JSON (" + ex.Message + ")";
        }

        throw ZoneRequired(account, reason);
    }

    private static CallReportsException ZoneRequired(string account, string reason) => new(
        CasperErrors.TimeZoneRequired,
        FailureKind.InvalidArgument,
        $"The report zone is not known: account {account}'s {reason}. Pass -TimeZone with the zone the account's reports use (an IANA name such as America/Phoenix, an alias such as US/Arizona, or a Windows id).",
        terminating: true) { Target = account };

    private static CasperRecordMapper CreateMapper(CsvHeader header, TimeZoneInfo zone)
    {
        try
        {
            return new CasperRecordMapper(header, zone);
        }
        catch (InvalidDataException ex)
        {
            throw new CallReportsException(CasperErrors.UnexpectedColumns, FailureKind.InvalidData, ex.Message, terminating: true);
        }
    }

    private void WarnDeprecated()
    {
        if (Interlocked.Exchange(ref deprecationWarned, 1) == 0)
        {
            log.Warning("RingCentral deprecated the Cloud Call Detail report API (reportsStreaming) in 2024 and may switch it off; its documented successor is the interaction-metadata API. This warning shows once per session.");
        }
    }
}
