using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Files;
using CallReports.Engine.Http;
using CallReports.Engine.Streaming;
using CallReports.Models;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>Call report definitions, completed reports and their files (the legacy report engine).</summary>
public sealed partial class PortSipClient
{
    private const int DownloadProgressId = 0x5154;

    private static readonly PortSipList<PortSipCallReport> CallReports = new("api/call_reports", "call report", "Get-PortSipCallReport", 0x5152, PortSipRecordMapper.ToCallReport, r => r.Id);
    private static readonly PortSipList<PortSipCompletedCallReport> CompletedCallReports = new("api/completed_call_reports", "completed call report", "Get-PortSipCompletedCallReport", 0x5153, PortSipRecordMapper.ToCompletedCallReport, r => r.Id);

    /// <summary>Streams the call report definitions (<c>GET /api/call_reports</c>).</summary>
    /// <param name="query">Filter, search, order and paging (no time window); validated before any request.</param>
    /// <param name="totalCount">Receives the server's total (<c>count</c>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCallReport> GetCallReports(PortSipCdrQuery query, Action<long>? totalCount, CancellationToken cancellationToken)
    {
        CheckListQuery(query);
        return new BlockingStream<PortSipCallReport>(ct => ListAsync(CallReports, query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>Streams the definition detail of each id (<c>GET /api/call_reports/{id}</c>); a missing id is a non-terminating error.</summary>
    /// <param name="ids">Definition ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCallReport> GetCallReportDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        CheckIds(ids, "call report");
        return new BlockingStream<PortSipCallReport>(ct => GetDetailsAsync(CallReports, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }

    /// <summary>Streams the completed reports (<c>GET /api/completed_call_reports</c>).</summary>
    /// <param name="query">Filter, search, order and paging (no time window); validated before any request.</param>
    /// <param name="totalCount">Receives the server's total (<c>count</c>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCompletedCallReport> GetCompletedCallReports(PortSipCdrQuery query, Action<long>? totalCount, CancellationToken cancellationToken)
    {
        CheckListQuery(query);
        return new BlockingStream<PortSipCompletedCallReport>(ct => ListAsync(CompletedCallReports, query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>Streams the completed report of each id (<c>GET /api/completed_call_reports/{id}</c>).</summary>
    /// <param name="ids">Completed report ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCompletedCallReport> GetCompletedCallReportDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        CheckIds(ids, "completed call report");
        return new BlockingStream<PortSipCompletedCallReport>(ct => GetDetailsAsync(CompletedCallReports, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }

    /// <summary>
    /// Creates a report (<c>POST /api/call_reports</c>, 201 <c>{id}</c>) and returns the definition as the PBX
    /// then reports it (<c>GET /api/call_reports/{id}</c>).
    /// </summary>
    /// <param name="definition">The report; validated before any request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public PortSipCallReport CreateCallReport(PortSipCallReportDefinition definition, CancellationToken cancellationToken)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        definition.Validate();
        var body = definition.ToJson();
        return RunOne(ct => CreateCallReportAsync(definition.Name, body, ct), cancellationToken);
    }

    /// <summary>Deletes a definition (<c>POST /api/call_reports/{id}/destroy</c>) or a completed report (<c>/api/completed_call_reports/{id}/destroy</c>).</summary>
    /// <param name="id">The id.</param>
    /// <param name="completed">True for a completed report.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public void RemoveCallReport(string id, bool completed, CancellationToken cancellationToken)
    {
        CheckIds(new[] { id }, completed ? "completed call report" : "call report");
        RunOne(ct => RemoveAsync(id, completed, ct), cancellationToken);
    }

    /// <summary>The ids of the completed reports named <paramref name="name"/> now, so a wait can tell a new run from older ones.</summary>
    /// <param name="name">Report name.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IReadOnlyCollection<string> GetCompletedReportIds(string name, CancellationToken cancellationToken) =>
        new HashSet<string>(GetCompletedCallReports(ByName(name), null, cancellationToken).Select(r => r.Id), StringComparer.Ordinal);

    /// <summary>
    /// Polls the completed reports named <paramref name="name"/> (the only documented link between a definition
    /// and its runs) until one not in <paramref name="known"/> appears, or <paramref name="timeout"/> passes.
    /// </summary>
    /// <param name="name">Report name.</param>
    /// <param name="known">Completed ids that existed before the report was created.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="pollInterval">Pause between polls.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="CallReportsException">PortSipCallReportTimeout when nothing appeared in time.</exception>
    public PortSipCompletedCallReport WaitForCompletedReport(string name, IReadOnlyCollection<string> known, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The report name is empty.", nameof(name));
        }

        return RunOne(ct => WaitAsync(name, known ?? Array.Empty<string>(), timeout, pollInterval, ct), cancellationToken);
    }

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

    /// <summary>A query for the completed reports with exactly this name, newest first.</summary>
    /// <param name="name">Report name.</param>
    public static PortSipCdrQuery ByName(string name) => new()
    {
        Filter = "name eq '" + (name ?? throw new ArgumentNullException(nameof(name))).Replace("'", "''") + "'",
        OrderBy = null,
    };

    private static void CheckListQuery(PortSipCdrQuery query)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (query.StartTime is not null || query.EndTime is not null)
        {
            throw new ArgumentException("Call report lists have no time window.", nameof(query));
        }

        query.Validate();
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

    private T RunOne<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        new BlockingStream<T>(ct => One(work, ct), log, cancellationToken).First();

    private static async IAsyncEnumerable<T> One<T>(Func<CancellationToken, Task<T>> work, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await work(cancellationToken).ConfigureAwait(false);
    }

    private async Task<PortSipCallReport> CreateCallReportAsync(string name, string body, CancellationToken cancellationToken)
    {
        var what = "new call report '" + name + "'";
        string? id;
        using (var response = await session.SendAsync(HttpMethod.Post, "api/call_reports", what, cancellationToken, () => new StringContent(body, Encoding.UTF8, "application/json")).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                var failure = await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
                throw new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " The report was not created.", terminating: true, failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = what };
            }

            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(text);
                id = document.RootElement.ValueKind == JsonValueKind.Object ? PortSipRecordMapper.Text(document.RootElement, "id") : null;
            }
            catch (JsonException)
            {
                id = null;
            }
        }

        if (id is null)
        {
            throw new CallReportsException(PortSipErrors.InvalidResponse, FailureKind.InvalidData, $"PortSIP accepted {what} but returned no id; look for it with Get-PortSipCallReport -Name '{name}'.", terminating: true) { Target = what };
        }

        log.Verbose($"Created call report '{name}' with id {id}.");
        await foreach (var created in GetDetailsAsync(CallReports, new[] { id }, (r, i) => r.Id = r.Id.Length == 0 ? i : r.Id, cancellationToken).ConfigureAwait(false))
        {
            return created;
        }

        // The detail failed (already reported as an error); the creation itself succeeded.
        return new PortSipCallReport { Id = id, Name = name };
    }

    private async Task<bool> RemoveAsync(string id, bool completed, CancellationToken cancellationToken)
    {
        var path = (completed ? "api/completed_call_reports/" : "api/call_reports/") + Uri.EscapeDataString(id) + "/destroy";
        var what = (completed ? "completed call report " : "call report ") + id;
        using var response = await session.SendAsync(HttpMethod.Post, path, what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        log.Verbose($"Removed {what}.");
        return true;
    }

    private async Task<PortSipCompletedCallReport> WaitAsync(string name, IReadOnlyCollection<string> known, TimeSpan timeout, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var polls = 0;
        try
        {
            while (true)
            {
                polls++;
                var elapsed = DateTimeOffset.UtcNow - started;
                log.Progress(0x5155, "Waiting for call report", string.Format(CultureInfo.InvariantCulture, "'{0}': {1:0} s of {2:0} s", name, elapsed.TotalSeconds, timeout.TotalSeconds), (int)Math.Min(100, elapsed.TotalMilliseconds * 100 / Math.Max(1, timeout.TotalMilliseconds)));
                await foreach (var report in ListAsync(CompletedCallReports, ByName(name), null, cancellationToken).ConfigureAwait(false))
                {
                    if (!known.Contains(report.Id) && string.Equals(report.Name, name, StringComparison.Ordinal))
                    {
                        log.Verbose($"Call report '{name}' completed after {polls} polls: {report.FileName} ({report.FileSize} bytes).");
                        return report;
                    }
                }

                var left = timeout - (DateTimeOffset.UtcNow - started);
                if (left <= TimeSpan.Zero)
                {
                    throw new CallReportsException(
                        PortSipErrors.CallReportTimeout,
                        FailureKind.Timeout,
                        string.Format(CultureInfo.InvariantCulture, "Call report '{0}' did not complete within {1:0} s. It is still defined on the PBX: look for it later with Get-PortSipCompletedCallReport -Name '{0}', or raise -TimeoutSec.", name, timeout.TotalSeconds),
                        terminating: false) { Target = name };
                }

                await Task.Delay(pollInterval < left ? pollInterval : left, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            log.CompleteProgress(0x5155, "Waiting for call report");
        }
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
