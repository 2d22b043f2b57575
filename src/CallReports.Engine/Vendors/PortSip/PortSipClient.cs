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

/// <summary>Reads call detail records from a PortSIP PBX REST API.</summary>
public sealed class PortSipClient
{
    private const int ProgressId = 0x5150;

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
        return new BlockingStream<PortSipCdr>(ct => GetCdrsAsync(query, totalCount, ct), log, cancellationToken);
    }

    /// <summary>Streams the detail record for each id (<c>GET /api/cdrs/{id}</c>); a missing id is a non-terminating error.</summary>
    /// <param name="ids">Record ids.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<PortSipCdr> GetCdrDetails(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids is null)
        {
            throw new ArgumentNullException(nameof(ids));
        }

        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ArgumentException("A CDR id is empty.", nameof(ids));
            }
        }

        return new BlockingStream<PortSipCdr>(ct => GetCdrDetailsAsync(ids, ct), log, cancellationToken);
    }

    internal async IAsyncEnumerable<PortSipCdr> GetCdrsAsync(PortSipCdrQuery query, Action<long>? totalCount, [EnumeratorCancellation] CancellationToken cancellationToken)
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
                var what = string.Format(CultureInfo.InvariantCulture, "CDR page {0} (records {1}–{2})", page, offset + 1, offset + top);
                if (lastTotal is { } known && known > 0)
                {
                    log.Progress(ProgressId, "Get-PortSipCdr", what, (int)Math.Min(100, offset * 100 / known));
                }

                using var response = await session.SendAsync(HttpMethod.Get, BuildListUri(filter, query, top, offset), what, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    var failure = await PortSipSession.ToExceptionAsync(response, what, cancellationToken).ConfigureAwait(false);
                    throw emitted > 0 ? Interrupted(failure, what, emitted) : failure;
                }

                long? pageTotal = null;
                var currentPage = new HashSet<string>(StringComparer.Ordinal);
                var items = 0;
                using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
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
                        PortSipCdr record;
                        try
                        {
                            if (!await reader.MoveNextAsync().ConfigureAwait(false))
                            {
                                break;
                            }

                            record = PortSipRecordMapper.ToCdr(reader.Current);
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

                        if (!currentPage.Add(record.Id) || previousPage.Contains(record.Id))
                        {
                            log.Debug($"Skipped CDR {record.Id}: already returned (records shifted between pages).");
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
                        log.Verbose($"The PBX now holds {pt} matching CDRs (was {before}): calls were recorded while paging. Records shifted across a page edge are returned once.");
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
            log.CompleteProgress(ProgressId, "Get-PortSipCdr");
        }
    }

    private async IAsyncEnumerable<PortSipCdr> GetCdrDetailsAsync(IReadOnlyList<string> ids, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var id in ids)
        {
            var what = "CDR " + id;
            PortSipCdr? record = null;
            using (var response = await session.SendAsync(HttpMethod.Get, "api/cdrs/" + Uri.EscapeDataString(id), what, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    var failure = await PortSipSession.ToExceptionAsync(response, what, cancellationToken).ConfigureAwait(false);
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
                    using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
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
                            record = PortSipRecordMapper.ToCdr(items[0]);
                        }
                    }
                    else if (root.ValueKind == JsonValueKind.Object)
                    {
                        record = PortSipRecordMapper.ToCdr(root);
                    }
                }
            }

            if (record is null)
            {
                log.Error(new CallReportsException(PortSipSession.Vendor + "NotFound", FailureKind.NotFound, $"PortSIP returned no record for CDR {id}.") { Target = what });
                continue;
            }

            if (string.IsNullOrEmpty(record.Id))
            {
                record.Id = id;
            }

            yield return record;
        }
    }

    private static string BuildListUri(string? filter, PortSipCdrQuery query, int top, long offset)
    {
        var uri = new StringBuilder("api/cdrs?");
        if (filter is not null)
        {
            uri.Append("filter=").Append(Uri.EscapeDataString(filter)).Append('&');
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            uri.Append("search=").Append(Uri.EscapeDataString(query.Search!.Trim())).Append('&');
        }

        uri.Append("orderby=").Append(Uri.EscapeDataString(query.OrderBy.Trim()))
            .Append("&top=").Append(top.ToString(CultureInfo.InvariantCulture))
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
