using System.IO;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// The pages a PortSIP list has asked for and not yet handed to its caller, oldest first. At most
/// <see cref="Concurrency"/> of them are in flight at once. A page that has arrived frees its request at once, even
/// while the caller is still busy with an earlier page or an earlier page is late, so <see cref="Concurrency"/>
/// requests stay in flight; arrived pages wait their turn, at most <see cref="Capacity"/> pages ahead of the caller.
/// The window opens slowly (as TCP's slow start does): <see cref="Fill"/> may ask for one page at first, and each
/// page the caller has consumed (<see cref="Consumed"/>) pays for two more, so a caller that stops early has caused
/// at most one request more than twice the pages it read, and one that reads on reaches the full window after
/// <see cref="Concurrency"/> pages.
/// Not thread-safe: only the pager's iterator uses it, one step at a time.
/// </summary>
/// <typeparam name="TPage">What one request produces.</typeparam>
internal sealed class PortSipPageWindow<TPage> : IDisposable
{
    private readonly Queue<Task<TPage>> pending = new();
    private readonly Func<CancellationToken, Task<TPage>?> request;
    private readonly CancellationToken cancellationToken;
    private CancellationTokenSource ahead;

    // Requests the caller's consumption has paid for and Fill has not made yet.
    private int credit = 1;

    /// <summary>Creates an empty window.</summary>
    /// <param name="concurrency">Most requests in flight (at least 1).</param>
    /// <param name="request">Starts the request for the next page, or returns null when there is none to ask for.</param>
    /// <param name="cancellationToken">The caller's cancellation; each request also stops when the window restarts or closes.</param>
    public PortSipPageWindow(int concurrency, Func<CancellationToken, Task<TPage>?> request, CancellationToken cancellationToken)
    {
        Concurrency = Math.Max(1, concurrency);

        // One page at a time holds nothing back; fetch-ahead holds as many arrived pages as it has requests.
        Capacity = Concurrency == 1 ? 1 : 2 * Concurrency;
        this.request = request ?? throw new ArgumentNullException(nameof(request));
        this.cancellationToken = cancellationToken;
        ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Most requests in flight.</summary>
    public int Concurrency { get; }

    /// <summary>Most pages asked for and not yet taken (in flight or arrived).</summary>
    public int Capacity { get; }

    /// <summary>Pages asked for and not yet taken.</summary>
    public int Count => pending.Count;

    /// <summary>Requests not yet finished.</summary>
    public int InFlight
    {
        get
        {
            var running = 0;
            foreach (var page in pending)
            {
                if (!page.IsCompleted)
                {
                    running++;
                }
            }

            return running;
        }
    }

    /// <summary>Requests <see cref="Fill"/> may still make before the caller consumes another page.</summary>
    public int Credit => credit;

    /// <summary>
    /// Asks for the next page whatever the window holds and whatever has been paid for (the first page, one page
    /// at a time, or the page to read again after a restart).
    /// </summary>
    /// <returns>False when there is nothing left to ask for.</returns>
    public bool RequestOne()
    {
        var next = request(ahead.Token);
        if (next is null)
        {
            return false;
        }

        pending.Enqueue(next);
        credit = Math.Max(0, credit - 1);
        return true;
    }

    /// <summary>The caller has consumed a whole page: it pays for two more requests (one to replace it, one to widen the window).</summary>
    public void Consumed() => credit += 2;

    /// <summary>
    /// Asks for pages until <see cref="Concurrency"/> are in flight, <see cref="Capacity"/> are waiting, the pages
    /// consumed have paid for no more, or there is nothing left. Nothing more is asked for once a request has failed:
    /// the list stops at that page anyway.
    /// </summary>
    public void Fill()
    {
        var running = 0;
        foreach (var page in pending)
        {
            if (page.IsFaulted || page.IsCanceled)
            {
                return;
            }

            if (!page.IsCompleted)
            {
                running++;
            }
        }

        while (running < Concurrency && pending.Count < Capacity && credit > 0 && RequestOne())
        {
            running++;
        }
    }

    /// <summary>
    /// Removes the oldest page and returns it once it has arrived. With <paramref name="fetchAhead"/>, every page
    /// that arrives meanwhile is replaced by a request for another, and the window is filled before returning.
    /// </summary>
    /// <param name="fetchAhead">Keep the window full while waiting (false: one page at a time, or the first page).</param>
    /// <exception cref="InvalidOperationException">The window is empty.</exception>
    public async Task<TPage> TakeAsync(bool fetchAhead)
    {
        if (pending.Count == 0)
        {
            throw new InvalidOperationException("No page was asked for.");
        }

        var oldest = pending.Peek();
        if (fetchAhead)
        {
            Fill();
            while (!oldest.IsCompleted)
            {
                var running = new List<Task>(Concurrency);
                foreach (var page in pending)
                {
                    if (!page.IsCompleted)
                    {
                        running.Add(page);
                    }
                }

                // The oldest (and every other) request may have ended since the loop's check: look again.
                if (running.Count == 0)
                {
                    continue;
                }

                // Wakes when any request ends, so its slot is used again at once; never throws (a failure
                // surfaces when its page's turn comes).
                await Task.WhenAny(running).ConfigureAwait(false);
                Fill();
            }
        }

        _ = pending.Dequeue(); // it is oldest, awaited below
        if (fetchAhead && oldest.Status == TaskStatus.RanToCompletion)
        {
            Fill();
        }

        return await oldest.ConfigureAwait(false);
    }

    /// <summary>
    /// Cancels and forgets every page asked for (their outcome no longer matters), so paging can go on from elsewhere.
    /// The requests cancelled are paid back: the pages they were for are asked for again.
    /// </summary>
    public async Task RestartAsync()
    {
        credit += pending.Count;
        await CancelAllAsync().ConfigureAwait(false);
        ahead.Dispose();
        ahead = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>Cancels every page asked for and waits until each request has ended (the caller stopped or the list ended).</summary>
    public Task CloseAsync() => CancelAllAsync();

    /// <inheritdoc />
    public void Dispose() => ahead.Dispose();

    private async Task CancelAllAsync()
    {
        ahead.Cancel();
        while (pending.Count > 0)
        {
            try
            {
                await pending.Dequeue().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or CallReportsException or IOException or HttpRequestException)
            {
                // Not wanted any more: the caller stopped, or the pages were planned on the wrong size or total.
            }
        }
    }
}
