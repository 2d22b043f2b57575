using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Csv;
using CallReports.Engine.Text;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Files;
using CallReports.Engine.Http;
using CallReports.Engine.Streaming;
using CallReports.Models;

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
    /// <param name="credential">Client ID (user name) and Client Secret (password) of the PBX's API application.</param>
    /// <param name="log">Where messages go.</param>
    public YeastarClient(ConnectionOptions connection, NetworkCredential credential, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        session = new YeastarSession(connection, credential ?? throw new ArgumentNullException(nameof(credential)), log);
    }

    /// <summary>For tests: forget the cached PBX display formats.</summary>
    internal static void ForgetInformation() => YeastarSession.ForgetInformation();

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
    /// <param name="path">The file to write.</param>
    /// <param name="overwrite">Replace an existing file.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The number of bytes written.</returns>
    public long SaveFile(YeastarReportQuery query, string path, bool overwrite, CancellationToken cancellationToken)
    {
        (query ?? throw new ArgumentNullException(nameof(query))).Validate();
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The output path is empty.", nameof(path));
        }

        long written = 0;
        foreach (var bytes in new BlockingStream<long>(ct => SaveFileAsync(query, path, overwrite, ct), log, cancellationToken))
        {
            written = bytes;
        }

        return written;
    }

    private async IAsyncEnumerable<YeastarReportRow> GetRowsAsync(YeastarReportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (format, offset, response, what, sent) = await RequestAsync(query, cancellationToken).ConfigureAwait(false);
        using (response)
        {
            using var stream = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            var reader = CsvRecordReader.ReadAsync(stream, ',', null, cancellationToken).GetAsyncEnumerator(cancellationToken);
            long rows = 0;
            long emitted = 0;
            string[]? names = null;
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await reader.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                    catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
                    {
                        throw new CallReportsException(YeastarSession.Vendor + "ResponseInterrupted", FailureKind.InvalidData, $"The download of {what} was cut off after {rows} rows: {ex.Message} Run the command again.", inner: ex) { Target = what };
                    }

                    rows++;
                    if (rows <= query.Skip)
                    {
                        continue;
                    }

                    emitted++;
                    names ??= ColumnNames(reader.Current.Columns);
                    yield return ToRow(query.Type, reader.Current, names, format, offset);
                    if (query.First is { } first && emitted >= first)
                    {
                        yield break;
                    }
                }
            }
            finally
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: {1} rows.", what, rows));
            if (rows == 0)
            {
                WarnEmpty(what, sent, format);
            }
        }
    }

    private async IAsyncEnumerable<long> SaveFileAsync(YeastarReportQuery query, string path, bool overwrite, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (format, _, response, what, sent) = await RequestAsync(query, cancellationToken).ConfigureAwait(false);
        var lines = 0;
        using (response)
        {
            using var file = AtomicFileWriter.Create(path, overwrite, YeastarSession.Vendor);
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

            file.Commit();
            log.Verbose(string.Format(CultureInfo.InvariantCulture, "Wrote {0} bytes of {1} to {2}.", file.Length, what, path));
            if (lines < 2)
            {
                WarnEmpty(what, sent, format);
            }

            yield return file.Length;
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

    /// <summary>Asks for the download link and opens the file behind it.</summary>
    private async Task<(YeastarDisplayFormat Format, TimeSpan Offset, HttpResponseMessage Response, string What, string Sent)> RequestAsync(YeastarReportQuery query, CancellationToken cancellationToken)
    {
        var definition = query.Definition;
        if (query.Names.Count > 0)
        {
            await YeastarNameResolver.ResolveAsync(session, query, cancellationToken).ConfigureAwait(false);
        }

        var info = await session.GetInformationAsync(cancellationToken).ConfigureAwait(false);
        var format = ResolveFormat(query, info);
        var offset = info.Offset ?? DateTimeOffset.Now.Offset;
        var version = query.ApiVersion switch
        {
            YeastarApiVersion.V1 => "v1.0",
            YeastarApiVersion.V2 => "v2.0",
            _ => IsV2Firmware(info.Firmware) ? "v2.0" : "v1.0",
        };
        var parameters = query.BuildParameters(format, offset);
        var sent = string.Join(", ", FilterTimes(parameters));
        var what = $"the {definition.Title} report ({definition.ApiName}{(sent.Length > 0 ? ", " + sent : string.Empty)}) on openapi/{version}";
        log.Progress(ProgressId, Activity, "Requesting " + what);

        string file;
        string link;
        if (query.Async)
        {
            (file, link) = await YeastarAsyncWaiter.RequestAsync(session, "openapi/" + version + "/call_report/download", parameters, what, log, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            using var document = await session.GetJsonAsync("openapi/" + version + "/call_report/download", parameters, what, cancellationToken).ConfigureAwait(false);
            var root = document.RootElement;
            file = YeastarSession.Text(root, "file") ?? "(unnamed)";
            link = YeastarSession.Text(root, "download_resource_url")
                ?? throw new CallReportsException(YeastarSession.Vendor + "InvalidResponse", FailureKind.InvalidData, $"The PBX answered {what} without a download_resource_url.", terminating: true) { Target = what };
        }

        log.Verbose($"The PBX prepared {file}; downloading it now (the link lives 30 minutes).");
        string? rejected = null;
        while (true)
        {
            var token = await session.GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
            var response = await session.SendWithTokenAsync(link, Array.Empty<KeyValuePair<string, string>>(), token, "the download of " + file, cancellationToken).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            if (mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return (format, offset, response, what, sent);
            }

            // A JSON body instead of the file: an error envelope (an expired token is renewed once, the link reused).
            using (response)
            using (var document = await YeastarSession.ReadEnvelopeAsync(response, "the download of " + file, cancellationToken).ConfigureAwait(false))
            {
                var code = YeastarSession.ErrorCode(document.RootElement);
                if (code == 10004 && rejected is null)
                {
                    log.Verbose("The token expired before the download; renewing it and reusing the same link.");
                    rejected = token;
                    continue;
                }

                if (code == 0)
                {
                    throw new CallReportsException(YeastarSession.Vendor + "InvalidResponse", FailureKind.InvalidData, $"The download of {file} returned a JSON document instead of the report file.", terminating: true) { Target = what };
                }

                throw YeastarSession.ToException(document.RootElement, "the download of " + file, signIn: false);
            }
        }
    }

    private YeastarDisplayFormat ResolveFormat(YeastarReportQuery query, YeastarSystemInfo info)
    {
        var date = query.DateFormat ?? info.DateFormat;
        var time = query.TimeFormat ?? info.TimeFormat;
        if (date is null || time is null)
        {
            log.Warning($"The PBX does not report its {(date is null ? "date" : "time")} display format (older firmware); assuming {(date is null ? "YYYY/MM/DD" : time ?? "HH:mm:ss")}. If the report is empty, pass -DateFormat and -TimeFormat as set under System > Date and Time > Display Format.");
        }

        try
        {
            return YeastarDisplayFormat.Parse(date ?? "YYYY/MM/DD", time ?? "HH:mm:ss");
        }
        catch (ArgumentException ex)
        {
            throw new CallReportsException(YeastarSession.Vendor + "UnknownDisplayFormat", FailureKind.InvalidData, ex.Message + " (as reported by the PBX); pass -DateFormat/-TimeFormat.", terminating: true);
        }
    }

    /// <summary>Firmware x.21.0.117 and later keep new report data on openapi/v2.0.</summary>
    internal static bool IsV2Firmware(string? firmware)
    {
        if (firmware is null)
        {
            return false;
        }

        var parts = firmware.Trim().TrimStart('v', 'V').Split('.');
        if (parts.Length < 4 || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var major) ||
            !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minor) ||
            !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var build))
        {
            return false;
        }

        return major > 21 || (major == 21 && (minor > 0 || build >= 117));
    }

    private void WarnEmpty(string what, string sent, YeastarDisplayFormat format) =>
        log.Warning($"{what} has no rows. Times were sent as {format.DateFormat} {format.TimeFormat}{(sent.Length > 0 ? " (" + sent + ")" : string.Empty)}; if the PBX's display format (System > Date and Time > Display Format) differs, it returns an empty report without an error — pass -DateFormat/-TimeFormat. Data from before a firmware upgrade to x.21.0.117 is on -ApiVersion V1.");

    private static IEnumerable<string> FilterTimes(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        foreach (var pair in parameters)
        {
            if (pair.Key is "start_time" or "end_time" or "time")
            {
                yield return pair.Key + " " + pair.Value;
            }
        }
    }

    /// <summary>The header's names as the rows show them (trimmed, no byte order mark); worked out once per report.</summary>
    internal static string[] ColumnNames(IReadOnlyList<string> header)
    {
        var names = new string[header.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = header[i].Trim().TrimStart('\uFEFF');
        }

        return names;
    }

    internal static YeastarReportRow ToRow(YeastarReportType type, CsvRow row, string[] names, YeastarDisplayFormat format, TimeSpan offset)
    {
        var columns = new KeyValuePair<string, object?>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            columns[i] = new(names[i], Convert(row.Text(i), format, offset));
        }

        return new YeastarReportRow { Type = type, RowNumber = row.Number, Columns = columns };
    }

    internal static object? Convert(string? raw, YeastarDisplayFormat format, TimeSpan offset)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var text = raw!;

        // Leading zeros are identifiers (extension 0101), not numbers.
        if (!(text.Length > 1 && text[0] == '0' && char.IsDigit(text[1])))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            {
                return whole;
            }

            if (text.IndexOf('.') > 0 && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var real))
            {
                return real;
            }
        }

        if (TryParseDuration(text, out var duration))
        {
            return duration;
        }

        if (text.Length >= 10 && char.IsDigit(text[0]) && format.TryParseDateTime(text, out var wall))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), offset);
        }

        return text;
    }

    /// <summary>A Yeastar duration, <c>h:mm:ss</c> with 1–4 hour digits (what the reports write for talk and hold times).</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var hoursLength = text.Length - 6;
        if (hoursLength is < 1 or > 4 || text[hoursLength] != ':' || text[hoursLength + 3] != ':')
        {
            return false;
        }

        if (!AsciiDigits.TryRead(text, 0, hoursLength, out var hours) ||
            !AsciiDigits.TryRead(text, hoursLength + 1, hoursLength + 3, out var minutes) ||
            !AsciiDigits.TryRead(text, hoursLength + 4, hoursLength + 6, out var seconds))
        {
            return false;
        }

        duration = new TimeSpan(hours, minutes, seconds);
        return true;
    }
}
