using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using CallReports.Engine.Files;
using CallReports.Engine.Streaming;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>The files of completed call reports: saved to disk whole, or read as CSV rows; the token goes only to the server.</summary>
public sealed partial class PortSipClient
{
    private const int DownloadProgressId = 0x5154;

    /// <summary>
    /// Downloads a report file (<c>GET /api/blobs/{digest}</c>, the bearer always sent) to disk, streaming it
    /// through a temporary file that replaces the target only when complete (<see cref="AtomicFileWriter"/>).
    /// </summary>
    /// <param name="report">The completed report (its <c>file_url</c>, <c>file_name</c> and <c>file_size</c>).</param>
    /// <param name="path">A file path, or an existing directory to receive the server's file name.</param>
    /// <param name="force">Overwrite an existing file.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public FileInfo SaveReport(PortSipCompletedCallReport report, string path, bool force, CancellationToken cancellationToken)
    {
        var relative = BlobPath(report);
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("The target path is empty.", nameof(path));
        }

        var full = Path.GetFullPath(path);
        var toDirectory = Directory.Exists(full);
        if (!toDirectory)
        {
            CheckTarget(full, force);
            var parent = Path.GetDirectoryName(full);
            if (parent is not null && !Directory.Exists(parent))
            {
                throw new ArgumentException($"The folder '{parent}' does not exist.", nameof(path));
            }
        }

        return RunOne(ct => SaveAsync(report, relative, full, toDirectory, force, ct), cancellationToken);
    }

    /// <summary>Streams the rows of a CSV report file, each as (column, value) pairs in the header's order.</summary>
    /// <param name="report">The completed report; it must be a CSV report.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<IReadOnlyList<KeyValuePair<string, string>>> ReadReportRows(PortSipCompletedCallReport report, CancellationToken cancellationToken)
    {
        var relative = BlobPath(report);
        if (report.Format is { } format && !string.Equals(format, "CSV", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Report '{report.Name}' is {(format.StartsWith("H", StringComparison.OrdinalIgnoreCase) ? "an" : "a")} {format} report; -AsObject reads CSV reports only. Save it to a file instead.", nameof(report));
        }

        return new BlockingStream<IReadOnlyList<KeyValuePair<string, string>>>(ct => ReadRowsAsync(report, relative, ct), log, cancellationToken);
    }

    private static void CheckTarget(string file, bool force)
    {
        if (File.Exists(file) && !force)
        {
            throw new ArgumentException($"'{file}' already exists. Use -Force to overwrite it.", nameof(file));
        }

        if (Directory.Exists(file))
        {
            throw new ArgumentException($"'{file}' is a folder.", nameof(file));
        }
    }

    /// <summary>The blob path relative to the server; another host's URL is fetched from the server, so the bearer never leaves it.</summary>
    private string BlobPath(PortSipCompletedCallReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        var url = report.FileUrl;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new ArgumentException($"Completed report {report.Id} has no file_url; get it again with Get-PortSipCompletedCallReport -Id {report.Id}.", nameof(report));
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.OrdinalIgnoreCase))
        {
            var server = connection.BaseUri;
            if (string.Equals(absolute.Scheme, server.Scheme, StringComparison.OrdinalIgnoreCase) &&
                string.Equals(absolute.Host, server.Host, StringComparison.OrdinalIgnoreCase) && absolute.Port == server.Port)
            {
                return absolute.ToString();
            }

            // A PBX behind NAT or a proxy names a host the client may not reach, and the token must not go
            // anywhere but the server the user named: the path is fetched from that server instead.
            log.Verbose($"The file_url of report '{report.Name}' names {absolute.GetLeftPart(UriPartial.Authority)}; downloading {absolute.AbsolutePath} from {connection.ServerDisplay} instead, the only host the token is sent to.");
            url = absolute.PathAndQuery;
        }

        // file_url is "/api/blobs/<digest>": resolve it under the server, which may sit below a path
        // prefix (a reverse proxy); a file_url that already carries that prefix is taken as it is.
        var prefix = connection.BaseUri.AbsolutePath;
        if (prefix.Length > 1 && url!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(connection.BaseUri, url).ToString();
        }

        return url!.TrimStart('/');
    }

    private async Task<HttpResponseMessage> GetBlobAsync(PortSipCompletedCallReport report, string relative, CancellationToken cancellationToken)
    {
        var what = "report file of '" + (report.Name ?? report.Id) + "'";
        var response = await session.SendAsync(HttpMethod.Get, relative, what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private async Task<FileInfo> SaveAsync(PortSipCompletedCallReport report, string relative, string target, bool toDirectory, bool force, CancellationToken cancellationToken)
    {
        using var response = await GetBlobAsync(report, relative, cancellationToken).ConfigureAwait(false);
        if (toDirectory)
        {
            var disposition = response.Content.Headers.ContentDisposition;
            var name = AtomicFileWriter.SafeFileName(disposition?.FileNameStar) ?? AtomicFileWriter.SafeFileName(disposition?.FileName) ?? AtomicFileWriter.SafeFileName(report.FileName)
                ?? (report.Id + (string.Equals(report.Format, "HTML", StringComparison.OrdinalIgnoreCase) ? ".html" : ".csv"));
            target = Path.Combine(target, name);
            CheckTarget(target, force);
        }

        var total = response.Content.Headers.ContentLength ?? (report.FileSize > 0 ? report.FileSize : (long?)null);
        var activity = "Save-PortSipCallReport";
        var what = "report '" + (report.Name ?? report.Id) + "'";
        using var file = AtomicFileWriter.Create(target, force, PortSipErrors.Prefix, interruptionIsTerminating: false);
        try
        {
            using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            await file.CopyFromAsync(
                body,
                what,
                response.Content.Headers.ContentLength,
                null,
                written => log.Progress(DownloadProgressId, activity, string.Format(CultureInfo.InvariantCulture, "{0}: {1:N0} bytes", Path.GetFileName(target), written), total is { } t && t > 0 ? (int)Math.Min(100, written * 100 / t) : -1),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            log.CompleteProgress(DownloadProgressId, activity);
        }

        var saved = file.Commit();
        log.Verbose($"Saved report '{report.Name}' ({file.Length:N0} bytes) to {target}.");
        return saved;
    }

    private async IAsyncEnumerable<IReadOnlyList<KeyValuePair<string, string>>> ReadRowsAsync(PortSipCompletedCallReport report, string relative, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await GetBlobAsync(report, relative, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            throw new CallReportsException(PortSipErrors.ReportNotCsv, FailureKind.InvalidData, $"Report '{report.Name}' is HTML ({media}); -AsObject reads CSV reports only. Save it to a file instead.", terminating: true) { Target = report.Name };
        }

        using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
        using var text = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(text, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null, MissingFieldFound = null, DetectDelimiter = true });
        string[]? header = null;
        long rows = 0;
        while (true)
        {
            bool more;
            try
            {
                more = await csv.ReadAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or CsvHelperException)
            {
                throw new CallReportsException(PortSipErrors.ResponseInterrupted, FailureKind.InvalidData, $"Reading report '{report.Name}' failed after {rows} rows: {ex.Message}", inner: ex) { Target = report.Name };
            }

            if (!more)
            {
                yield break;
            }

            if (header is null)
            {
                csv.ReadHeader();
                header = UniqueNames(csv.HeaderRecord ?? Array.Empty<string>());
                continue;
            }

            var row = new KeyValuePair<string, string>[header.Length];
            for (var i = 0; i < header.Length; i++)
            {
                row[i] = new KeyValuePair<string, string>(header[i], csv.TryGetField<string>(i, out var value) ? value ?? string.Empty : string.Empty);
            }

            rows++;
            yield return row;
        }
    }

    /// <summary>Header names as property names: trimmed, blanks named ColumnN, duplicates suffixed.</summary>
    private static string[] UniqueNames(string[] names)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            var name = string.IsNullOrWhiteSpace(names[i]) ? "Column" + (i + 1).ToString(CultureInfo.InvariantCulture) : names[i].Trim();
            var candidate = name;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = name + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            result[i] = candidate;
        }

        return result;
    }
}
