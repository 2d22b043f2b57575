using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox;

/// <summary>One request the sandbox received.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Path without the query.</param>
/// <param name="QueryString">The raw query string (with '?', URL-encoded), or empty.</param>
/// <param name="Query">The decoded query parameters (last value wins).</param>
public sealed record RecordedRequest(string Method, string Path, string QueryString, IReadOnlyDictionary<string, string> Query)
{
    /// <summary>The request headers as received (name → values), for checking what a retried request carried.</summary>
    public IReadOnlyDictionary<string, string[]> Headers { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The request body, when <see cref="RequestCounters.CaptureBodies"/> was on and it was small; else null.</summary>
    public byte[]? Body { get; internal set; }

    /// <summary>When the request reached the Sandbox (<see cref="Stopwatch.GetTimestamp"/>), before any fault rule.</summary>
    public long Timestamp { get; init; }

    /// <summary>
    /// When the Sandbox had finished with it (<see cref="Stopwatch.GetTimestamp"/>): its handler returned, answered,
    /// cut off or abandoned; null while it is still being handled. The client may have read the whole answer a
    /// moment before.
    /// </summary>
    public long? Completed
    {
        get
        {
            var value = Interlocked.Read(ref completed);
            return value == 0 ? null : value;
        }
    }

    private long completed;

    internal void Complete(long timestamp) => Interlocked.CompareExchange(ref completed, timestamp, 0);
}

/// <summary>Counts every request by "METHOD /path" (thread-safe), for assertions.</summary>
public sealed class RequestCounters
{
    private const string RecordedItem = "CallReports.Sandbox.Recorded";

    private readonly object gate = new();
    private readonly Dictionary<string, int> counts = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> aborted = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<RecordedRequest> requests = new();
    private readonly Dictionary<string, long> responseStarts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Largest body <see cref="CaptureBodies"/> keeps.</summary>
    public const int MaximumCapturedBody = 64 * 1024;

    /// <summary>Whether each request's body (up to <see cref="MaximumCapturedBody"/> bytes) is kept in <see cref="RecordedRequest.Body"/>.</summary>
    public bool CaptureBodies { get; set; }

    /// <summary>Every request since the last <see cref="Reset"/>, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (gate)
            {
                return requests.ToArray();
            }
        }
    }

    /// <summary>How many requests there were in total.</summary>
    public int Total
    {
        get
        {
            lock (gate)
            {
                return requests.Count;
            }
        }
    }

    /// <summary>How many <paramref name="method"/> requests to exactly <paramref name="path"/> there were.</summary>
    public int Count(string method, string path)
    {
        lock (gate)
        {
            return counts.TryGetValue(Key(method, path), out var n) ? n : 0;
        }
    }

    /// <summary>How many requests to any path starting with <paramref name="pathPrefix"/> there were.</summary>
    public int CountPrefix(string pathPrefix)
    {
        lock (gate)
        {
            return requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>How many of those requests were aborted (the client went away or the connection was cut).</summary>
    public int Aborted(string method, string path)
    {
        lock (gate)
        {
            return aborted.TryGetValue(Key(method, path), out var n) ? n : 0;
        }
    }

    /// <summary>The decoded query parameters of each request to <paramref name="path"/> (any method), oldest first.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> LastQueries(string path)
    {
        lock (gate)
        {
            return requests.Where(r => string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase)).Select(r => r.Query).ToArray();
        }
    }

    /// <summary>
    /// When the first response to a path starting with <paramref name="pathPrefix"/> started going out since
    /// the last <see cref="Reset"/> (its status line and headers, flushed with or before the first body
    /// byte), as a <see cref="Stopwatch.GetTimestamp"/> value; null when none has.
    /// </summary>
    public long? FirstResponseStarted(string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        lock (gate)
        {
            long? first = null;
            foreach (var (path, started) in responseStarts)
            {
                if (path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase) && (first is null || started < first))
                {
                    first = started;
                }
            }

            return first;
        }
    }

    /// <summary>
    /// The most requests to paths starting with <paramref name="pathPrefix"/> that the Sandbox was handling at the
    /// same time since the last <see cref="Reset"/>, each from its arrival (before any fault rule's latency) until
    /// <see cref="RecordedRequest.Completed"/> (a request still being handled counts as not finished). As the end
    /// is taken when the handler returns, a client that asks again the moment it has read an answer may be counted
    /// one over for an instant.
    /// </summary>
    public int PeakConcurrency(string pathPrefix)
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        var edges = new List<(long Time, int Change)>();
        foreach (var request in Requests)
        {
            if (request.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase))
            {
                edges.Add((request.Timestamp, 1));
                edges.Add((request.Completed ?? long.MaxValue, -1));
            }
        }

        // At the same instant an end comes before a start: one request replacing another is not an overlap.
        edges.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Change.CompareTo(b.Change));
        int running = 0, peak = 0;
        foreach (var (_, change) in edges)
        {
            running += change;
            peak = Math.Max(peak, running);
        }

        return peak;
    }

    /// <summary>Forgets everything counted so far.</summary>
    public void Reset()
    {
        lock (gate)
        {
            counts.Clear();
            aborted.Clear();
            requests.Clear();
            responseStarts.Clear();
        }
    }

    internal void Record(HttpContext context)
    {
        var arrived = Stopwatch.GetTimestamp();
        var request = context.Request;
        var query = request.Query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedRequest(request.Method, request.Path.Value ?? "/", request.QueryString.Value ?? string.Empty, query) { Timestamp = arrived, Headers = headers };
        lock (gate)
        {
            var key = Key(recorded.Method, recorded.Path);
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;
            requests.Add(recorded);
        }

        context.Items[RecordedItem] = recorded;

        context.Response.OnStarting(
            static state =>
            {
                var (counters, path) = ((RequestCounters, string))state;
                counters.RecordResponseStart(path, Stopwatch.GetTimestamp());
                return Task.CompletedTask;
            },
            (this, recorded.Path));
    }

    /// <summary>Keeps the body of a small request when <see cref="CaptureBodies"/> is on, leaving it readable for the emulators.</summary>
    internal async Task CaptureBodyAsync(HttpContext context)
    {
        if (!CaptureBodies || context.Request.ContentLength is not (> 0 and <= MaximumCapturedBody) ||
            !context.Items.TryGetValue(RecordedItem, out var item) || item is not RecordedRequest recorded)
        {
            return;
        }

        context.Request.EnableBuffering();
        using var copy = new System.IO.MemoryStream();
        await context.Request.Body.CopyToAsync(copy, context.RequestAborted);
        context.Request.Body.Position = 0;
        recorded.Body = copy.ToArray();
    }

    /// <summary>The Sandbox has finished with the request (its handler returned, whatever the outcome).</summary>
    internal static void RecordCompleted(HttpContext context)
    {
        if (context.Items.TryGetValue(RecordedItem, out var item) && item is RecordedRequest recorded)
        {
            recorded.Complete(Stopwatch.GetTimestamp());
        }
    }

    private void RecordResponseStart(string path, long started)
    {
        lock (gate)
        {
            if (!responseStarts.TryGetValue(path, out var earlier) || started < earlier)
            {
                responseStarts[path] = started;
            }
        }
    }

    internal void RecordAborted(HttpContext context)
    {
        lock (gate)
        {
            var key = Key(context.Request.Method, context.Request.Path.Value ?? "/");
            aborted[key] = aborted.TryGetValue(key, out var n) ? n + 1 : 1;
        }
    }

    private static string Key(string method, string path) => method.ToUpperInvariant() + " " + path;
}
