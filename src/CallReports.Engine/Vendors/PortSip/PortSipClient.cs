using System.IO;
using System.Runtime.CompilerServices;
using CallReports.Engine.Streaming;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// Reads CDRs and call logs, and manages call reports, through a PortSIP PBX REST API. Every list
/// endpoint goes through one pager (<see cref="ListAsync{T}"/>) and every detail through one reader.
/// </summary>
public sealed partial class PortSipClient
{
    private static readonly PortSipList<PortSipCdr> Cdrs = new("api/cdrs", "CDR", "Get-PortSipCdr", 0x5150, PortSipRecordMapper.ToCdr, r => r.Id) { StartedAtOf = r => r.StartedAt };
    private static readonly PortSipList<PortSipCallLog> CallLogs = new("api/calllogs", "call log", "Get-PortSipCallLog", 0x5151, PortSipRecordMapper.ToCallLog, r => r.Id)
    {
        StartedAtOf = r => r.StartedAt,

        // PBXs before v22.1 have no /api/calllogs: a 404 on the list means the version, not the query.
        Explain = (failure, server) => failure.StatusCode is 404 or 405 or 501
            ? new CallReportsException(
                PortSipErrors.CallLogsUnsupported,
                FailureKind.NotImplemented,
                $"PortSIP {server} has no call logs (GET /api/calllogs answered HTTP {failure.StatusCode}): call logs need PortSIP PBX v22.1 or later. Use Get-PortSipCdr on older PBXs.",
                terminating: true,
                failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "call logs" }
            : null,
        ExplainDetail = (failure, server) => failure.StatusCode == 404
            ? new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " (No such call log, or the PBX is older than v22.1 and has no call logs.)", failure.IsTerminating, failure) { StatusCode = 404, VendorCode = failure.VendorCode, Target = failure.Target }
            : null,
    };

    /// <summary>How often one listing reads pages again after the PBX's total changed, before it just goes on.</summary>
    private const int MaximumRefetches = 10;

    private readonly ConnectionOptions connection;
    private readonly OperationLog log;
    private readonly PortSipSession session;

    // One warning per client (one command) about a PBX that lists records outside the window.
    private bool warnedOutside;

    /// <summary>Creates a client; nothing is sent until records are enumerated.</summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="credentials">How to sign in.</param>
    /// <param name="log">Where messages go.</param>
    public PortSipClient(ConnectionOptions connection, PortSipCredentials credentials, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        session = new PortSipSession(connection, credentials ?? throw new ArgumentNullException(nameof(credentials)), log);
    }

    /// <summary>
    /// Streams the CDR list (<c>GET /api/cdrs</c>) page by page, de-duplicated by id across page edges.
    /// </summary>
    /// <param name="query">Window, options and paging; validated before any request.</param>
    /// <param name="totalCount">Receives the server's total (<c>count</c>) from the first page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCdr> GetCdrs(PortSipCdrQuery query, Action<long>? totalCount, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Validate();
        return new BlockingStream<PortSipCdr>(ct => ListAsync(Cdrs, query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>
    /// Streams the call log list (<c>GET /api/calllogs</c>, PBX v22.1+) page by page, de-duplicated by id.
    /// A PBX without call logs fails with the terminating error <c>PortSipCallLogsUnsupported</c>.
    /// </summary>
    /// <param name="query">Window, options and paging; validated before any request.</param>
    /// <param name="totalCount">Receives the server's total (<c>count</c>) from the first page.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCallLog> GetCallLogs(PortSipCdrQuery query, Action<long>? totalCount, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Validate();
        return new BlockingStream<PortSipCallLog>(ct => ListAsync(CallLogs, query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>Streams the detail of each call log (<c>GET /api/calllogs/{id}</c>, a plain object with cost and billed account).</summary>
    /// <param name="ids">Call log ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCallLog> GetCallLogDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        PortSipCdrQuery.ValidateIds(ids, "call log");
        return new BlockingStream<PortSipCallLog>(ct => GetDetailsAsync(CallLogs, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }

    /// <summary>Streams the detail record for each id (<c>GET /api/cdrs/{id}</c>); a missing id is a non-terminating error.</summary>
    /// <param name="ids">Record ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCdr> GetCdrDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        PortSipCdrQuery.ValidateIds(ids, "CDR");
        return new BlockingStream<PortSipCdr>(ct => GetDetailsAsync(Cdrs, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }


    /// <summary>Reads each id's detail; an id that fails is a non-terminating error and the rest go on.</summary>
    private async IAsyncEnumerable<T> GetDetailsAsync<T>(PortSipList<T> list, IReadOnlyList<string> ids, Action<T, string> fixId, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        foreach (var id in ids)
        {
            T? record;
            try
            {
                record = await ReadDetailAsync(list, id, cancellationToken).ConfigureAwait(false)
                    ?? throw new CallReportsException(PortSipErrors.NotFound, FailureKind.NotFound, $"PortSIP returned no record for {list.Noun} {id}.") { Target = list.Noun + " " + id };
            }
            catch (CallReportsException failure) when (!failure.IsTerminating)
            {
                log.Error(failure);
                continue;
            }

            fixId(record, id);
            yield return record;
        }
    }

    /// <summary>
    /// Reads one detail (<c>GET {list}/{id}</c>), or null when the PBX returned none. The CDR detail is wrapped as
    /// {"items":[{...}]}, the others are plain objects: both are accepted.
    /// </summary>
    /// <exception cref="CallReportsException">The PBX refused, or the body was cut off or is not JSON.</exception>
    private async Task<T?> ReadDetailAsync<T>(PortSipList<T> list, string id, CancellationToken cancellationToken)
        where T : class
    {
        var what = list.Noun + " " + id;
        using var response = await session.SendAsync(HttpMethod.Get, list.Path + "/" + Uri.EscapeDataString(id), what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
            throw list.ExplainDetail?.Invoke(failure, connection.ServerDisplay) ?? failure;
        }

        JsonDocument document;
        try
        {
            using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
        {
            throw new CallReportsException(PortSipErrors.ResponseInterrupted, FailureKind.InvalidData, $"The response for {what} was cut off or is not JSON: {ex.Message}", inner: ex) { Target = what };
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                return items.GetArrayLength() > 0 ? list.Map(items[0]) : null;
            }

            return root.ValueKind == JsonValueKind.Object ? list.Map(root) : null;
        }
    }
}
