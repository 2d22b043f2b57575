using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Json;
using CallReports.Engine.Streaming;
using CallReports.Models;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// Reads CDRs and call logs, and manages call reports, through a PortSIP PBX REST API. Every list
/// endpoint goes through one pager (<see cref="ListAsync{T}"/>) and every detail through one reader.
/// </summary>
public sealed partial class PortSipClient
{
    private static readonly PortSipList<PortSipCdr> Cdrs = new("api/cdrs", "CDR", "Get-PortSipCdr", 0x5150, PortSipRecordMapper.ToCdr, r => r.Id);
    private static readonly PortSipList<PortSipCallLog> CallLogs = new("api/calllogs", "call log", "Get-PortSipCallLog", 0x5151, PortSipRecordMapper.ToCallLog, r => r.Id)
    {
        // PBXs before v22.1 have no /api/calllogs: a 404 on the list means the version, not the query.
        Explain = (failure, server) => failure.StatusCode is 404 or 405 or 501
            ? new CallReportsException(
                PortSipSession.Vendor + "CallLogsUnsupported",
                FailureKind.NotImplemented,
                $"PortSIP {server} has no call logs (GET /api/calllogs answered HTTP {failure.StatusCode}): call logs need PortSIP PBX v22.1 or later. Use Get-PortSipCdr on older PBXs.",
                terminating: true,
                failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "call logs" }
            : null,
        ExplainDetail = (failure, server) => failure.StatusCode == 404
            ? new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " (No such call log, or the PBX is older than v22.1 and has no call logs.)", failure.IsTerminating, failure) { StatusCode = 404, VendorCode = failure.VendorCode, Target = failure.Target }
            : null,
    };

    private readonly ConnectionOptions connection;
    private readonly OperationLog log;
    private readonly PortSipSession session;

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
        CheckIds(ids, "call log");
        return new BlockingStream<PortSipCallLog>(ct => GetDetailsAsync(CallLogs, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }

    /// <summary>Streams the detail record for each id (<c>GET /api/cdrs/{id}</c>); a missing id is a non-terminating error.</summary>
    /// <param name="ids">Record ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCdr> GetCdrDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        CheckIds(ids, "CDR");
        return new BlockingStream<PortSipCdr>(ct => GetDetailsAsync(Cdrs, ids, (r, id) => r.Id = r.Id.Length == 0 ? id : r.Id, ct), log, cancellationToken);
    }

    /// <summary>
    /// The one pager behind every PortSIP list: <c>top</c>/<c>skip</c> paging with <c>count=true</c>, stopping at a
    /// short page or the server's total, de-duplicating records that shift across a page edge, honouring -First.
    /// </summary>
    internal async IAsyncEnumerable<T> ListAsync<T>(PortSipList<T> list, PortSipCdrQuery query, Action<long>? totalCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = query.BuildFilter();
        var offset = query.Skip;
        long emitted = 0;
        long? firstTotal = null;
        long? lastTotal = null;
        var previousPage = new HashSet<string>(StringComparer.Ordinal);
        var page = 0;
        try
        {
            while (query.First is not { } first || emitted < first)
            {
                page++;
                var top = query.First is { } limit ? (int)Math.Min(query.PageSize, limit - emitted) : query.PageSize;
                var what = string.Format(CultureInfo.InvariantCulture, "{0} page {1} (records {2}–{3})", list.Noun, page, offset + 1, offset + top);
                if (lastTotal is { } known && known > 0)
                {
                    log.Progress(list.ProgressId, list.Activity, what, (int)Math.Min(100, offset * 100 / known));
                }

                using var response = await session.SendAsync(HttpMethod.Get, BuildListUri(list.Path, filter, query, top, offset), what, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var failure = await PortSipSession.ToExceptionAsync(response, what, cancellationToken).ConfigureAwait(false);
                    failure = list.Explain?.Invoke(failure, connection.ServerDisplay) ?? failure;
                    throw emitted > 0 ? Interrupted(failure, what, emitted) : failure;
                }

                long? pageTotal = null;
                var currentPage = new HashSet<string>(StringComparer.Ordinal);
                var items = 0;
                using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
                var reader = JsonItemReader.ReadAsync(body, "items", (name, value) =>
                {
                    if (name == "count" && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count))
                    {
                        pageTotal = count;
                    }
                }, cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    while (true)
                    {
                        T record;
                        try
                        {
                            if (!await reader.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            record = list.Map(reader.Current);
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
                        {
                            throw Interrupted(
                                new CallReportsException(PortSipSession.Vendor + "ResponseInterrupted", FailureKind.InvalidData, $"The response for {what} was cut off after {items} records: {ex.Message}", inner: ex),
                                what,
                                emitted);
                        }

                        items++;
                        if (pageTotal is { } total && firstTotal is null)
                        {
                            firstTotal = total;
                            totalCount?.Invoke(total);
                        }

                        var id = list.IdOf(record);
                        if (id.Length > 0 && (!currentPage.Add(id) || previousPage.Contains(id)))
                        {
                            log.Debug($"Skipped {list.Noun} {id}: already returned (records shifted between pages).");
                            continue;
                        }

                        emitted++;
                        yield return record;
                        if (query.First is { } cap && emitted >= cap)
                        {
                            yield break;
                        }
                    }
                }
                finally
                {
                    await reader.DisposeAsync().ConfigureAwait(false);
                }

                if (pageTotal is { } pt)
                {
                    if (firstTotal is null)
                    {
                        firstTotal = pt;
                        totalCount?.Invoke(pt);
                    }
                    else if (lastTotal is { } before && pt != before)
                    {
                        log.Verbose($"The PBX now holds {pt} matching {list.Noun}s (was {before}): records were added while paging. Records shifted across a page edge are returned once.");
                    }

                    lastTotal = pt;
                }

                offset += items;
                previousPage = currentPage;
                if (items < top || (pageTotal is { } end && offset >= end))
                {
                    yield break;
                }
            }
        }
        finally
        {
            log.CompleteProgress(list.ProgressId, list.Activity);
        }
    }

    /// <summary>Reads each id's detail; the CDR detail is wrapped as {"items":[{...}]}, the others are plain objects: both are accepted.</summary>
    private async IAsyncEnumerable<T> GetDetailsAsync<T>(PortSipList<T> list, IReadOnlyList<string> ids, Action<T, string> fixId, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        foreach (var id in ids)
        {
            var what = list.Noun + " " + id;
            T? record = null;
            using (var response = await session.SendAsync(HttpMethod.Get, list.Path + "/" + Uri.EscapeDataString(id), what, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    var failure = await PortSipSession.ToExceptionAsync(response, what, cancellationToken).ConfigureAwait(false);
                    failure = list.ExplainDetail?.Invoke(failure, connection.ServerDisplay) ?? failure;
                    if (failure.IsTerminating)
                    {
                        throw failure;
                    }

                    log.Error(failure);
                    continue;
                }

                // The detail is wrapped as {"items":[{...}]}; accept a plain object too.
                JsonDocument document;
                try
                {
                    using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
                    document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or JsonException)
                {
                    log.Error(new CallReportsException(PortSipSession.Vendor + "ResponseInterrupted", FailureKind.InvalidData, $"The response for {what} was cut off or is not JSON: {ex.Message}", inner: ex) { Target = what });
                    continue;
                }

                using (document)
                {
                    var root = document.RootElement;
                    if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        if (items.GetArrayLength() > 0)
                        {
                            record = list.Map(items[0]);
                        }
                    }
                    else if (root.ValueKind == JsonValueKind.Object)
                    {
                        record = list.Map(root);
                    }
                }
            }

            if (record is null)
            {
                log.Error(new CallReportsException(PortSipSession.Vendor + "NotFound", FailureKind.NotFound, $"PortSIP returned no record for {list.Noun} {id}.") { Target = what });
                continue;
            }

            fixId(record, id);
            yield return record;
        }
    }

    private static void CheckIds(IReadOnlyList<string> ids, string noun)
    {
        if (ids is null)
        {
            throw new ArgumentNullException(nameof(ids));
        }

        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException($"A {noun} id is empty.", nameof(ids));
            }
        }
    }

    private static string BuildListUri(string path, string? filter, PortSipCdrQuery query, int top, long offset)
    {
        var uri = new StringBuilder(path).Append('?');
        if (filter is not null)
        {
            uri.Append("filter=").Append(Uri.EscapeDataString(filter)).Append('&');
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            uri.Append("search=").Append(Uri.EscapeDataString(query.Search!.Trim())).Append('&');
        }

        if (query.OrderBy is not null)
        {
            uri.Append("orderby=").Append(Uri.EscapeDataString(query.OrderBy.Trim())).Append('&');
        }

        uri.Append("top=").Append(top.ToString(CultureInfo.InvariantCulture))
            .Append("&skip=").Append(offset.ToString(CultureInfo.InvariantCulture))
            .Append("&count=true");
        return uri.ToString();
    }

    private static CallReportsException Interrupted(CallReportsException failure, string what, long emitted) =>
        emitted == 0
            ? failure
            : new CallReportsException(
                failure.ErrorId,
                failure.Kind,
                $"{failure.Message} {emitted} records were returned before {what} failed; the rest of the range was not read.",
                failure.IsTerminating,
                failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = what };
}
