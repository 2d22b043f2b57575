using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using CallReports.Engine.Streaming;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>Call report definitions and completed reports (the legacy report engine): listed, created, removed, waited for.</summary>
public sealed partial class PortSipClient
{
    private static readonly PortSipList<PortSipCallReport> CallReports = new("api/call_reports", "call report", "Get-PortSipCallReport", 0x5152, PortSipRecordMapper.ToCallReport, r => r.Id);
    private static readonly PortSipList<PortSipCompletedCallReport> CompletedCallReports = new("api/completed_call_reports", "completed call report", "Get-PortSipCompletedCallReport", 0x5153, PortSipRecordMapper.ToCompletedCallReport, r => r.Id);

    /// <summary>Streams the call report definitions (<c>GET /api/call_reports</c>).</summary>
    /// <param name="query">Filter, search, order and paging (no time window); validated before any request.</param>
    /// <param name="totalCount">Receives the server's total (<c>count</c>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCallReport> GetCallReports(PortSipCdrQuery query, Action<long>? totalCount, CancellationToken cancellationToken)
    {
        (query ?? throw new ArgumentNullException(nameof(query))).ValidateWithoutWindow();
        return new BlockingStream<PortSipCallReport>(ct => ListAsync(CallReports, query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>Streams the definition detail of each id (<c>GET /api/call_reports/{id}</c>); a missing id is a non-terminating error.</summary>
    /// <param name="ids">Definition ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCallReport> GetCallReportDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        PortSipCdrQuery.ValidateIds(ids, "call report");
        return new BlockingStream<PortSipCallReport>(ct => GetDetailsAsync(CallReports, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }

    /// <summary>Streams the completed reports (<c>GET /api/completed_call_reports</c>).</summary>
    /// <param name="query">Filter, search, order and paging (no time window); validated before any request.</param>
    /// <param name="totalCount">Receives the server's total (<c>count</c>).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCompletedCallReport> GetCompletedCallReports(PortSipCdrQuery query, Action<long>? totalCount, CancellationToken cancellationToken)
    {
        (query ?? throw new ArgumentNullException(nameof(query))).ValidateWithoutWindow();
        return new BlockingStream<PortSipCompletedCallReport>(ct => ListAsync(CompletedCallReports, query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>Streams the completed report of each id (<c>GET /api/completed_call_reports/{id}</c>).</summary>
    /// <param name="ids">Completed report ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCompletedCallReport> GetCompletedCallReportDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        PortSipCdrQuery.ValidateIds(ids, "completed call report");
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
        PortSipCdrQuery.ValidateIds(new[] { id }, completed ? "completed call report" : "call report");
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

    /// <summary>A query for the completed reports with exactly this name, newest first.</summary>
    /// <param name="name">Report name.</param>
    public static PortSipCdrQuery ByName(string name) => new()
    {
        Name = name ?? throw new ArgumentNullException(nameof(name)),
        OrderBy = null,
    };

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
}
