using System.Collections.Concurrent;

namespace CallReports.Engine.Http;

/// <summary>
/// A strict sliding-log limiter: never more than <see cref="Limit"/> starts in any <see cref="Window"/>
/// (plus a small margin for network latency), shared by every command in the process for the same
/// key. A strict log rather than System.Threading.RateLimiting's segmented sliding window: that one
/// frees a permit up to one segment early, and a server counting in a true sliding minute rejects it.
/// The clock and the delay are injectable so tests run a "minute" in milliseconds.
/// </summary>
internal sealed class RequestRateLimiter
{
    private static readonly ConcurrentDictionary<string, RequestRateLimiter> Shared = new(StringComparer.OrdinalIgnoreCase);

    private readonly object gate = new();
    private readonly Queue<Slot> starts = new();
    private readonly Func<DateTimeOffset> now;
    private readonly Func<TimeSpan, CancellationToken, Task> delay;
    private readonly SemaphoreSlim turn = new(1, 1);
    private DateTimeOffset blockedUntil;

    internal RequestRateLimiter(int limit, TimeSpan window, Func<DateTimeOffset>? now = null, Func<TimeSpan, CancellationToken, Task>? delay = null)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
        }

        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive.");
        }

        Limit = limit;
        Window = window;
        this.now = now ?? (() => DateTimeOffset.UtcNow);
        this.delay = delay ?? ((d, ct) => Task.Delay(d, ct));
    }

    /// <summary>Most requests in one window.</summary>
    public int Limit { get; }

    /// <summary>The window the limit counts over.</summary>
    public TimeSpan Window { get; }

    /// <summary>
    /// Added to the window: the server counts arrivals, which lag our sends by a varying latency.
    /// 2% of the window, at least 10 ms (timer granularity), at most 2 s. (Slots count from the answer's
    /// arrival, so latency is covered already; a larger floor only slowed short windows.)
    /// </summary>
    public TimeSpan Margin => TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(2).Ticks, Math.Max(TimeSpan.FromMilliseconds(10).Ticks, Window.Ticks / 50)));

    /// <summary>The process-wide limiter for a key (server, user, endpoint) and a limit.</summary>
    public static RequestRateLimiter For(string key, int limit, TimeSpan window) =>
        Shared.GetOrAdd(key + "|" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + window.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => new RequestRateLimiter(limit, window));

    /// <summary>
    /// Waits until one more request may start and records its start. <paramref name="onWait"/> hears
    /// each wait before it begins (for progress). Call <see cref="Slot.Complete"/> on the result when the
    /// answer arrives: the server counted the request somewhere between sending and answering, so the
    /// window is measured from the later of the two, and no latency can squeeze two requests closer
    /// together at the server than a window.
    /// </summary>
    public async Task<Slot> WaitAsync(Action<TimeSpan>? onWait, CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                TimeSpan wait;
                lock (gate)
                {
                    var current = now();
                    var span = Window + Margin;
                    while (starts.Count > 0 && current - starts.Peek().Time >= span)
                    {
                        starts.Dequeue();
                    }

                    wait = starts.Count < Limit ? TimeSpan.Zero : starts.Peek().Time + span - current;
                    if (blockedUntil - current > wait)
                    {
                        wait = blockedUntil - current;
                    }

                    if (wait <= TimeSpan.Zero)
                    {
                        var slot = new Slot(this, current);
                        starts.Enqueue(slot);
                        return slot;
                    }
                }

                onWait?.Invoke(wait);
                await delay(wait, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            turn.Release();
        }
    }

    /// <summary>The server said the limit was reached anyway (another client on the account): hold every start for <paramref name="pause"/>.</summary>
    public void Block(TimeSpan pause)
    {
        lock (gate)
        {
            var until = now() + pause;
            if (until > blockedUntil)
            {
                blockedUntil = until;
            }
        }
    }

    /// <summary>One request's place in the window.</summary>
    internal sealed class Slot
    {
        private readonly RequestRateLimiter owner;

        internal Slot(RequestRateLimiter owner, DateTimeOffset time)
        {
            this.owner = owner;
            Time = time;
        }

        /// <summary>When the request counts from: its start, then the arrival of its answer.</summary>
        public DateTimeOffset Time { get; private set; }

        /// <summary>The answer arrived (or the request failed): count the request from now.</summary>
        public void Complete()
        {
            lock (owner.gate)
            {
                var now = owner.now();
                if (now > Time)
                {
                    Time = now;
                }
            }
        }
    }
}
