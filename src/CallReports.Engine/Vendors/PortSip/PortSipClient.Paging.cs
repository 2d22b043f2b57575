using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using CallReports.Engine.Json;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>Paging through a PortSIP list: pages fetched ahead, de-duplicated across page edges, checked against the window.</summary>
public sealed partial class PortSipClient
{
    /// <summary>
    /// The one pager behind every PortSIP list: <c>top</c>/<c>skip</c> paging with <c>count=true</c>, stopping at the
    /// server's total (or a short page when the server gives none), de-duplicating records that shift across a page
    /// edge, honouring -First. Once the caller has consumed a whole page it wants more, so from then on the next pages
    /// are fetched ahead (<see cref="PortSipPageWindow{TPage}"/>: up to <see cref="PortSipCdrQuery.FetchAhead"/>
    /// requests in flight, each replaced as soon as its page arrives, pages handed out in order). The window widens
    /// only as pages are consumed (two requests per consumed page), so a caller that stops within the first page
    /// causes one request and one that stops within page k+1 at most 2k+1. With a fetch-ahead of 1 the next page is
    /// asked for only once the caller has consumed the one before.
    /// </summary>
    internal async IAsyncEnumerable<T> ListAsync<T>(PortSipList<T> list, PortSipCdrQuery query, Action<long>? totalCount, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = query.BuildFilter();
        var pageSize = query.PageSize;
        var nextOffset = query.Skip;
        long requested = 0;
        long emitted = 0;

        // Records received that were not returned (repeats, or outside the window): -First asks for that many more.
        long lost = 0;
        long outside = 0;
        long? total = null;

        // A page is named by its place in the list: pages handed out so far plus those asked for since. A page read
        // again keeps its number; the requests cancelled before it are forgotten.
        var taken = 0;
        var asked = 0;
        var previousPage = new HashSet<string>(StringComparer.Ordinal);
        var refetches = 0;
        var fetchingAhead = false;
        var checkWindow = list.StartedAtOf is not null && query.HasWindow;

        Task<Page<T>>? RequestNext(CancellationToken token)
        {
            // Once the PBX has listed records outside the window, how many of a page will be returned is anyone's
            // guess: -First then reads whole pages.
            var top = query.First is { } first && outside == 0 ? (int)Math.Min(pageSize, first - (requested - lost)) : pageSize;
            if (top <= 0 || (total is { } t && nextOffset >= t))
            {
                return null;
            }

            asked++;
            var what = string.Format(CultureInfo.InvariantCulture, "{0} page {1} (records {2}–{3})", list.Noun, taken + asked, nextOffset + 1, nextOffset + top);
            var page = FetchPageAsync(list, filter, query, nextOffset, top, what, token);
            nextOffset += top;
            requested += top;
            return page;
        }

        using var window = new PortSipPageWindow<Page<T>>(query.FetchAhead, RequestNext, cancellationToken);
        try
        {
            window.RequestOne();
            while (window.Count > 0)
            {
                Page<T> page;
                try
                {
                    page = await window.TakeAsync(fetchingAhead).ConfigureAwait(false);
                }
                catch (CallReportsException failure)
                {
                    throw emitted > 0 ? Interrupted(failure, failure.Target ?? list.Noun, emitted) : failure;
                }

                asked--;
                taken++;

                if (page.Total is { } pageTotal)
                {
                    if (total is null)
                    {
                        totalCount?.Invoke(pageTotal);
                    }
                    else if (pageTotal != total && window.Concurrency > 1 && refetches < MaximumRefetches)
                    {
                        // Records were added or removed between this page and the one before. Pages fetched
                        // concurrently may straddle the change, so this page and those after it are asked
                        // for again: a shift then shows as a repeat (de-duplicated), never as a gap.
                        log.Verbose($"The PBX now holds {pageTotal} matching {list.Noun}s (was {total}): records were added or removed while paging; reading again from record {page.Offset + 1}.");
                        refetches++;
                        total = pageTotal;
                        await window.RestartAsync().ConfigureAwait(false);
                        taken--;
                        asked = 0;
                        nextOffset = page.Offset;
                        requested = page.Offset - query.Skip;
                        window.RequestOne();
                        continue;
                    }

                    total = pageTotal;
                }

                if (total is { } known && known > 0)
                {
                    log.Progress(list.ProgressId, list.Activity, page.What, (int)Math.Min(100, (page.Offset + page.Items.Count) * 100 / known));
                }

                var currentPage = new HashSet<string>(StringComparer.Ordinal);
                foreach (var record in page.Items)
                {
                    var id = list.IdOf(record);
                    if (id.Length > 0 && (!currentPage.Add(id) || previousPage.Contains(id)))
                    {
                        log.Debug($"Skipped {list.Noun} {id}: already returned (records shifted between pages).");
                        lost++;
                        continue;
                    }

                    if (checkWindow && list.StartedAtOf!(record) is var startedAt && !query.Contains(startedAt))
                    {
                        lost++;
                        outside++;
                        LeaveOut(list, query, id, startedAt);
                        continue;
                    }

                    emitted++;
                    yield return record;
                    if (query.First is { } cap && emitted >= cap)
                    {
                        yield break;
                    }

                    if (fetchingAhead)
                    {
                        // A page that arrived while the caller was busy with this one frees its request now.
                        window.Fill();
                    }
                }

                previousPage = currentPage;
                var end = page.Offset + page.Items.Count;
                if (page.Items.Count < page.Top)
                {
                    if (total is not { } expected || end >= expected)
                    {
                        yield break;
                    }

                    if (page.Items.Count == 0)
                    {
                        log.Warning($"The PBX reports {expected} matching {list.Noun}s but returned none from record {page.Offset + 1} on; the list stops there.");
                        yield break;
                    }

                    // The PBX serves smaller pages than asked for: the pages fetched ahead assumed full pages,
                    // so they are dropped and paging goes on from where this page really ended.
                    log.Verbose($"The PBX returned {page.Items.Count} of the {page.Top} {list.Noun}s asked for; continuing with pages of {page.Items.Count}.");
                    pageSize = page.Items.Count;
                    await window.RestartAsync().ConfigureAwait(false);
                    asked = 0;
                    nextOffset = end;
                    requested = end - query.Skip;
                }
                else if (total is { } expected && end >= expected)
                {
                    yield break;
                }

                // The caller consumed a whole page and wants more: it pays for two more requests (slow start),
                // and from now on the next pages are kept in flight (or, one page at a time, the next one is
                // asked for only now).
                window.Consumed();
                fetchingAhead = window.Concurrency > 1;
                if (fetchingAhead)
                {
                    window.Fill();
                }
                else if (window.Count == 0)
                {
                    window.RequestOne();
                }
            }
        }
        finally
        {
            await window.CloseAsync().ConfigureAwait(false);
            log.CompleteProgress(list.ProgressId, list.Activity);
            if (outside > 0)
            {
                log.Verbose($"Left out {outside} {list.Noun}s the PBX listed outside the window.");
            }
        }
    }

    /// <summary>
    /// Reports a record left out because it started outside [StartTime, EndTime). One the PBX was asked for (the window
    /// is sent rounded outward to the millisecond, and a PBX may read lt as le) is expected; the first one it was not
    /// asked for is a warning: the PBX does not apply the filter, and every record it lists is read and checked here.
    /// </summary>
    private void LeaveOut<T>(PortSipList<T> list, PortSipCdrQuery query, string id, DateTimeOffset? startedAt)
    {
        var when = startedAt is { } t ? "started at " + t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : "has no start time";
        var window = string.Format(
            CultureInfo.InvariantCulture,
            "[{0}, {1})",
            query.StartTime is { } s ? s.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : "…",
            query.EndTime is { } e ? e.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) : "…");
        if (query.WasAskedFor(startedAt) || warnedOutside)
        {
            log.Debug($"Left out {list.Noun} {id}: it {when}, outside the window {window}.");
            return;
        }

        warnedOutside = true;
        log.Warning($"PortSIP {connection.ServerDisplay} listed {list.Noun} {id}, which {when}, outside the window {window} sent as the filter of GET /{list.Path}: the PBX does not seem to apply the filter. Records outside the window are left out; every record the PBX lists is read and checked here, which is slower, and -IncludeTotalCount counts records outside the window too.");
    }

    /// <summary>Fetches and parses one page whole (at most 100 small records), so a cut-off page emits nothing.</summary>
    private async Task<Page<T>> FetchPageAsync<T>(PortSipList<T> list, string? filter, PortSipCdrQuery query, long offset, int top, string what, CancellationToken cancellationToken)
    {
        using var response = await session.SendAsync(HttpMethod.Get, BuildListUri(list.Path, filter, query, top, offset), what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
            throw list.Explain?.Invoke(failure, connection.ServerDisplay) ?? failure;
        }

        long? pageTotal = null;
        var items = new List<T>(top);
        try
        {
            using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
            await foreach (var element in JsonItemReader.ReadAsync(body, "items", (name, value) =>
            {
                if (name == "count" && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var count))
                {
                    pageTotal = count;
                }
            }, cancellationToken).ConfigureAwait(false))
            {
                items.Add(list.Map(element));
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
        {
            throw new CallReportsException(PortSipErrors.ResponseInterrupted, FailureKind.InvalidData, $"The response for {what} was cut off after {items.Count} records: {ex.Message}", inner: ex) { Target = what };
        }

        return new Page<T>(items, pageTotal, offset, top, what);
    }

    private sealed record Page<T>(List<T> Items, long? Total, long Offset, int Top, string What);

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
