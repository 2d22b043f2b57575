using System.IO;
using System.Runtime.CompilerServices;
using CallReports.Engine.Csv;
using CallReports.Engine.Files;
using CallReports.Engine.Streaming;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Downloads Yeastar P-Series call reports: <c>call_report/download</c> returns a link that lives 30
/// minutes, which is fetched at once with the token (renewed and the same link reused if the PBX says
/// the token expired), then written to disk or parsed as CSV rows. Times are sent in the PBX's display
/// format from <c>system/information</c>, because any other format silently yields an empty report.
/// </summary>
public sealed class YeastarClient
{
    private const int ProgressId = 0x1EA5;
    private const string Activity = "Invoke-YeastarReportDownload";

    private readonly ConnectionOptions connection;
    private readonly OperationLog log;
    private readonly YeastarSession session;

    /// <summary>Creates a client; nothing is sent until a download starts.</summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="credentials">Client ID and Client Secret of the PBX's API application.</param>
    /// <param name="log">Where messages go.</param>
    public YeastarClient(ConnectionOptions connection, YeastarCredentials credentials, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        session = new YeastarSession(connection, credentials ?? throw new ArgumentNullException(nameof(credentials)), log);
    }

    /// <summary>Streams the report's rows, typed.</summary>
    /// <param name="query">What to download; validated before any request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<YeastarReportRow> GetRows(YeastarReportQuery query, CancellationToken cancellationToken)
    {
        (query ?? throw new ArgumentNullException(nameof(query))).Validate();
        return new BlockingStream<YeastarReportRow>(ct => GetRowsAsync(query, ct), log, cancellationToken);
    }

    /// <summary>Writes the report file, as the PBX sends it, to <paramref name="path"/> through a temporary file; a cut-off transfer leaves an existing file as it was.</summary>
    /// <param name="query">What to download; validated before any request.</param>
    /// <param name="path">The file to write, or an existing folder to write the PBX's file name into.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The file written and the name the PBX gave the report (its <c>file</c>).</returns>
    public (FileInfo File, string ReportFile) SaveFile(YeastarReportQuery query, string path, bool overwrite, CancellationToken cancellationToken)
    {
        (query ?? throw new ArgumentNullException(nameof(query))).Validate();
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The output path is empty.", nameof(path));
        }

        (FileInfo File, string ReportFile) saved = default;
        foreach (var result in new BlockingStream<(FileInfo, string)>(ct => SaveFileAsync(query, path, overwrite, ct), log, cancellationToken))
        {
            saved = result;
        }

        return saved;
    }

    private async IAsyncEnumerable<YeastarReportRow> GetRowsAsync(YeastarReportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var plan = await YeastarReportPlan.CreateAsync(session, query, forRows: true, log, cancellationToken).ConfigureAwait(false);
        if (plan.AskLegacy && !plan.Definition.ListsCalls)
        {
            await WarnLegacyAsync(plan, toFile: false, cancellationToken).ConfigureAwait(false);
        }

        long found = 0;
        long emitted = 0;
        await foreach (var row in MergedAsync(plan, cancellationToken).ConfigureAwait(false))
        {
            if (++found <= query.Skip)
            {
                continue;
            }

            emitted++;
            yield return row;
            if (query.First is { } first && emitted >= first)
            {
                yield break;
            }
        }

        if (found == 0)
        {
            WarnEmpty(plan.What(plan.Version), plan.Sent, plan.Format);
        }
    }

    /// <summary>
    /// The rows of the chosen API path in range; for a call list that -ApiVersion Auto read from v2.0, then
    /// the older calls from v1.0. Should v1.0 serve new calls too (the page does not say), those from the
    /// earliest v2.0 call on are there already and are left out.
    /// </summary>
    private async IAsyncEnumerable<YeastarReportRow> MergedAsync(YeastarReportPlan plan, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        DateTimeOffset? earliest = null;
        var (response, what, _) = await OpenAsync(plan, plan.Version, cancellationToken).ConfigureAwait(false);
        await foreach (var (row, time) in RowsAsync(plan, response, what, cancellationToken).ConfigureAwait(false))
        {
            if (time is { } at && (earliest is null || at < earliest))
            {
                earliest = at;
            }

            if (plan.InRange(time))
            {
                yield return row;
            }
        }

        if (!plan.AskLegacy || !plan.Definition.ListsCalls || await OpenLegacyAsync(plan, cancellationToken).ConfigureAwait(false) is not { } legacy)
        {
            yield break;
        }

        long added = 0;
        long repeated = 0;
        await foreach (var (row, time) in RowsAsync(plan, legacy.Response, legacy.What, cancellationToken).ConfigureAwait(false))
        {
            if (!plan.InRange(time))
            {
                continue;
            }

            if (time is { } at && earliest is { } first && at >= first)
            {
                repeated++;
                continue;
            }

            added++;
            yield return row;
        }

        log.Verbose(string.Format(CultureInfo.InvariantCulture, "openapi/v1.0 added {0} calls from before the firmware upgrade{1}.", added, repeated > 0 ? string.Format(CultureInfo.InvariantCulture, "; {0} it also had from {1:u} on came from openapi/v2.0 already and were left out", repeated, earliest) : string.Empty));
    }

    /// <summary>One report's rows with their time (the first time column), parsed as they stream; disposes the response.</summary>
    private async IAsyncEnumerable<(YeastarReportRow Row, DateTimeOffset? Time)> RowsAsync(YeastarReportPlan plan, HttpResponseMessage response, string what, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (response)
        {
            using var stream = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            var reader = CsvRecordReader.ReadAsync(stream, ',', null, cancellationToken).GetAsyncEnumerator(cancellationToken);
            long rows = 0;
            string[]? names = null;
            string[]? properties = null;
            try
            {
                while (await NextAsync(reader, what, rows).ConfigureAwait(false))
                {
                    rows++;
                    names ??= YeastarRecordMapper.ColumnNames(reader.Current.Columns);
                    properties ??= YeastarRecordMapper.PropertyNames(names);
                    var row = YeastarRecordMapper.ToRow(plan.Query.Type, reader.Current, names, properties, plan.Format, plan.Clock);
                    yield return (row, YeastarRecordMapper.FirstTime(row));
                }
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows.", what, rows));
        }
    }

    /// <summary>The next CSV row; a transfer cut off on the way is <see cref="YeastarErrors.ResponseInterrupted"/>, saying after how many rows.</summary>
    private static async Task<bool> NextAsync(IAsyncEnumerator<CsvRow> reader, string what, long rows)
    {
        try
        {
            return await reader.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
        {
            throw new CallReportsException(YeastarErrors.ResponseInterrupted, FailureKind.InvalidData, $"The download of {what} was cut off after {rows} rows: {ex.Message} Run the command again.", inner: ex) { Target = what };
        }
    }

    /// <summary>
    /// Reads what openapi/v1.0 has for the range and, when it counts calls, warns that they are not in what
    /// follows: figures cannot be added up, and a file is written as the PBX sends it. Should v1.0 serve new
    /// data too (the page does not say), it cannot be told here whether its calls repeat v2.0's, so the
    /// warning says what is known.
    /// </summary>
    private async Task WarnLegacyAsync(YeastarReportPlan plan, bool toFile, CancellationToken cancellationToken)
    {
        if (await OpenLegacyAsync(plan, cancellationToken).ConfigureAwait(false) is not { } legacy)
        {
            return;
        }

        var lists = plan.Definition.ListsCalls;
        long rows = 0;
        long counting = 0;
        await foreach (var (row, _) in RowsAsync(plan, legacy.Response, legacy.What, cancellationToken).ConfigureAwait(false))
        {
            rows++;
            if (lists || YeastarLegacyFigures.CountsCalls(row))
            {
                counting++;
            }
        }

        if (counting == 0)
        {
            return;
        }

        const string Where = "openapi/v1.0, where the PBX keeps the data from before the firmware upgrade to x.21.0.117 until CDR Auto Cleanup removes it,";
        log.Warning(lists
            ? string.Format(CultureInfo.InvariantCulture, "{0} has {1} rows for this range too. The file holds the report of openapi/v2.0 alone: save the older part with -ApiVersion V1 to a second file, or read the rows without -OutFile, which merges both without duplicates.", Where, counting)
            : string.Format(CultureInfo.InvariantCulture, "{0} counts calls in this range too ({1} of its {2} rows). The {3} openapi/v2.0's alone, and figures from the two cannot be added up: for a range that reaches back before the upgrade they are partial. Run the command again with -ApiVersion V1 for the part before the upgrade.", Where, counting, rows, toFile ? "file holds" : "figures here are"));
    }

    /// <summary>The openapi/v1.0 part; null (and a verbose note) when the PBX answers that it no longer serves it.</summary>
    private async Task<(HttpResponseMessage Response, string What)?> OpenLegacyAsync(YeastarReportPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            var (response, what, _) = await OpenAsync(plan, "v1.0", cancellationToken).ConfigureAwait(false);
            return (response, what);
        }
        catch (CallReportsException ex) when (ex.VendorCode is "10001" or "10002" or "10003")
        {
            log.Verbose($"openapi/v1.0 answered errcode {ex.VendorCode} for the data from before the firmware upgrade: the PBX no longer serves it, so there is nothing to add.");
            return null;
        }
    }

    private async IAsyncEnumerable<(FileInfo, string)> SaveFileAsync(YeastarReportQuery query, string path, bool overwrite, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (format, response, what, sent, reportFile) = await RequestAsync(query, cancellationToken).ConfigureAwait(false);
        var lines = 0;
        using (response)
        {
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, AtomicFileWriter.SafeFileName(reportFile) ?? query.Definition.ApiName + ".csv");
            }

            using var file = AtomicFileWriter.Create(path, overwrite, YeastarErrors.Prefix);
            try
            {
                using var source = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
                var total = response.Content.Headers.ContentLength;
                await file.CopyFromAsync(
                    source,
                    what,
                    total,
                    (buffer, count) => lines += CountLines(buffer, count, 2 - lines),
                    written => log.Progress(ProgressId, Activity, string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} bytes", what, written), total is > 0 ? (int)(written * 100 / total.Value) : -1),
                    cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                log.CompleteProgress(ProgressId, Activity);
            }

            var saved = file.Commit();
            log.Verbose(string.Format(CultureInfo.InvariantCulture, "Wrote {0} bytes of {1} ({2}) to {3}.", file.Length, what, reportFile, path));
            if (lines < 2)
            {
                WarnEmpty(what, sent, format);
            }

            yield return (saved, reportFile);
        }
    }

    /// <summary>Counts line feeds in a chunk, up to <paramref name="most"/> (a header and one row are enough to know the report is not empty).</summary>
    private static int CountLines(byte[] buffer, int count, int most)
    {
        var lines = 0;
        for (var i = 0; i < count && lines < most; i++)
        {
            if (buffer[i] == (byte)'\n')
            {
                lines++;
            }
        }

        return lines;
    }

    /// <summary>
    /// For -OutFile: the file of the chosen API path, opened. When -ApiVersion Auto chose v2.0, openapi/v1.0 is
    /// asked too, and a warning says so when it has rows for the range: the file is the PBX's, as sent, so
    /// the two parts are not merged into it.
    /// </summary>
    private async Task<(YeastarDisplayFormat Format, HttpResponseMessage Response, string What, string Sent, string ReportFile)> RequestAsync(YeastarReportQuery query, CancellationToken cancellationToken)
    {
        var plan = await YeastarReportPlan.CreateAsync(session, query, forRows: false, log, cancellationToken).ConfigureAwait(false);
        if (plan.AskLegacy)
        {
            await WarnLegacyAsync(plan, toFile: true, cancellationToken).ConfigureAwait(false);
        }

        var (response, what, reportFile) = await OpenAsync(plan, plan.Version, cancellationToken).ConfigureAwait(false);
        return (plan.Format, response, what, plan.Sent, reportFile);
    }

    /// <summary>
    /// Asks for the download link and opens the file behind it. A link the server no longer has (JSON 60001,
    /// or an HTTP 404 or HTML page from the web server in front) is asked for afresh once: a link lives 30 minutes.
    /// </summary>
    private async Task<(HttpResponseMessage Response, string What, string File)> OpenAsync(YeastarReportPlan plan, string version, CancellationToken cancellationToken)
    {
        var what = plan.What(version);
        var path = "openapi/" + version + "/call_report/download";
        for (var attempt = 1; ; attempt++)
        {
            log.Progress(ProgressId, Activity, "Requesting " + what);
            string file;
            string link;
            if (plan.Query.Async)
            {
                (file, link) = await YeastarAsyncWaiter.RequestAsync(session, path, plan.Parameters, what, log, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var document = await session.GetJsonAsync(path, plan.Parameters, what, cancellationToken).ConfigureAwait(false);
                var root = document.RootElement;
                file = YeastarRecordMapper.Text(root, "file") ?? "(unnamed)";
                link = YeastarRecordMapper.Text(root, "download_resource_url")
                    ?? throw new CallReportsException(YeastarErrors.InvalidResponse, FailureKind.InvalidData, $"The PBX answered {what} without a download_resource_url.", terminating: true) { Target = what };
            }

            log.Verbose($"The PBX prepared {file}; downloading it now (the link lives 30 minutes).");
            var (response, missing) = await DownloadAsync(file, link, what, cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                return (response, what, file);
            }

            if (attempt == 2)
            {
                throw new CallReportsException(
                    YeastarErrors.DownloadLinkExpired,
                    FailureKind.NotFound,
                    $"The download of {file} ({what}) was answered with {missing}, as was the one before it: the download link expired or the file is gone. A link lives 30 minutes and the command asked for a fresh one; if this happens every time, something between here and the PBX (a proxy, the remote-access relay) may not pass /api/download/ through.",
                    terminating: true) { Target = what };
            }

            log.Verbose($"The download of {file} was answered with {missing}: the link expired or the file is gone; asking for a fresh link.");
        }
    }

    /// <summary>
    /// The file behind the link, or null and what the server answered when it does not have it. A token that expired
    /// since the link was made is renewed by the session, which sends the same link again.
    /// </summary>
    private async Task<(HttpResponseMessage? Response, string? Missing)> DownloadAsync(string file, string link, string what, CancellationToken cancellationToken)
    {
        var download = "the download of " + file;
        HttpResponseMessage response;
        try
        {
            response = await session.GetAsync(link, Array.Empty<KeyValuePair<string, string>>(), download, cancellationToken).ConfigureAwait(false);
        }
        catch (CallReportsException ex) when (ex.StatusCode is 404 or 410)
        {
            // Some servers answer a link they no longer have with an HTML error page, not JSON 60001.
            return (null, "HTTP " + ex.StatusCode.Value.ToString(CultureInfo.InvariantCulture));
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
        if (mediaType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            // A web portal that answers any unknown path with its page; a report is never HTML.
            response.Dispose();
            return (null, "an HTML page instead of the file");
        }

        if (mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return (response, null);
        }

        // A JSON body instead of the file: an error envelope.
        using (response)
        using (var document = await YeastarErrors.ReadEnvelopeAsync(response, download, cancellationToken).ConfigureAwait(false))
        {
            return YeastarErrors.ErrorCode(document.RootElement) switch
            {
                60001 => (null, "errcode 60001 DATA NOT FOUND"),
                0 => throw new CallReportsException(YeastarErrors.InvalidResponse, FailureKind.InvalidData, $"The download of {file} returned a JSON document instead of the report file.", terminating: true) { Target = what },
                _ => throw YeastarErrors.FromEnvelope(document.RootElement, download, signIn: false),
            };
        }
    }

    private void WarnEmpty(string what, string sent, YeastarDisplayFormat format) =>
        log.Warning($"{what} has no rows. Times were sent as {format.DateFormat} {format.TimeFormat}{(sent.Length > 0 ? " (" + sent + ")" : string.Empty)}; if the PBX's display format (System > Date and Time > Display Format) differs, it returns an empty report without an error — pass -DateFormat/-TimeFormat. Data from before a firmware upgrade to x.21.0.117 is on -ApiVersion V1.");
}
