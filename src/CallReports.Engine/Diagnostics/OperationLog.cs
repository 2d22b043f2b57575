using System.Collections.Concurrent;

namespace CallReports.Engine.Diagnostics;

/// <summary>
/// Collects verbose, debug, warning and progress messages from engine code running on any thread,
/// for the cmdlet to write on the pipeline thread (PowerShell streams may only be written there).
/// Every message is redacted on the way in.
/// </summary>
public sealed class OperationLog
{
    private readonly ConcurrentQueue<LogEntry> queue = new();
    private readonly SemaphoreSlim signal = new(0);
    private readonly Action<LogEntry> sink;

    /// <summary>Creates a log that hands its entries to <paramref name="sink"/> on the draining thread.</summary>
    /// <param name="sink">Writes one entry to the right PowerShell stream; called only from <see cref="Drain"/>.</param>
    public OperationLog(Action<LogEntry> sink)
    {
        this.sink = sink ?? throw new ArgumentNullException(nameof(sink));
    }

    /// <summary>Signalled once per queued entry; the async bridge waits on it while a request is in flight.</summary>
    internal SemaphoreSlim Signal => signal;

    /// <summary>Queues a verbose message.</summary>
    /// <param name="message">The message; it is redacted.</param>
    public void Verbose(string message) => Add(new LogEntry(LogKind.Verbose, Redactor.Redact(message)));

    /// <summary>Queues a debug message.</summary>
    /// <param name="message">The message; it is redacted.</param>
    public void Debug(string message) => Add(new LogEntry(LogKind.Debug, Redactor.Redact(message)));

    /// <summary>Queues a warning.</summary>
    /// <param name="message">The message; it is redacted.</param>
    public void Warning(string message) => Add(new LogEntry(LogKind.Warning, Redactor.Redact(message)));

    /// <summary>Queues a progress update.</summary>
    /// <param name="activityId">Stable id of the activity.</param>
    /// <param name="activity">Activity title.</param>
    /// <param name="status">Status line; it is redacted.</param>
    /// <param name="percentComplete">0–100, or -1 when unknown.</param>
    public void Progress(int activityId, string activity, string status, int percentComplete = -1) =>
        Add(new LogEntry(LogKind.Progress, Redactor.Redact(status))
        {
            ActivityId = activityId,
            Activity = activity,
            PercentComplete = percentComplete,
        });

    /// <summary>Queues the completion of a progress activity.</summary>
    /// <param name="activityId">Stable id of the activity.</param>
    /// <param name="activity">Activity title.</param>
    public void CompleteProgress(int activityId, string activity) =>
        Add(new LogEntry(LogKind.Progress, "Completed") { ActivityId = activityId, Activity = activity, Completed = true });

    /// <summary>Queues a non-terminating error: one window, page or item failed and the rest goes on.</summary>
    /// <param name="error">The failure.</param>
    public void Error(CallReportsException error) => Add(new LogEntry(LogKind.Error, error.Message) { Error = error });

    /// <summary>
    /// Hands every queued entry to the sink. Call only on the thread that may write to PowerShell's
    /// streams (the pipeline thread).
    /// </summary>
    public void Drain()
    {
        while (queue.TryDequeue(out var entry))
        {
            sink(entry);
        }
    }

    private void Add(LogEntry entry)
    {
        queue.Enqueue(entry);
        signal.Release();
    }
}
