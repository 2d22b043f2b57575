using System.Collections;

namespace CallReports.Engine.Streaming;

/// <summary>
/// Bridges an engine <see cref="IAsyncEnumerable{T}"/> to the cmdlet's pipeline thread: each
/// <c>MoveNext</c> blocks the caller (the pipeline thread, as PowerShell's own web cmdlets do) while
/// draining the <see cref="OperationLog"/> so verbose, warning and progress messages appear while a
/// request is still in flight. Disposing it (a downstream <c>Select-Object -First</c>, Ctrl+C) disposes
/// the async enumerator, which closes the HTTP response.
/// </summary>
/// <typeparam name="T">Record type.</typeparam>
public sealed class BlockingStream<T> : IEnumerable<T>
{
    private readonly Func<CancellationToken, IAsyncEnumerable<T>> source;
    private readonly OperationLog log;
    private readonly CancellationToken cancellationToken;

    internal BlockingStream(Func<CancellationToken, IAsyncEnumerable<T>> source, OperationLog log, CancellationToken cancellationToken)
    {
        this.source = source;
        this.log = log;
        this.cancellationToken = cancellationToken;
    }

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        return new Enumerator(source(linked.Token).GetAsyncEnumerator(linked.Token), log, linked);
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<T>
    {
        private readonly IAsyncEnumerator<T> inner;
        private readonly OperationLog log;
        private readonly CancellationTokenSource cancellation;
        private Task? pending;

        public Enumerator(IAsyncEnumerator<T> inner, OperationLog log, CancellationTokenSource cancellation)
        {
            this.inner = inner;
            this.log = log;
            this.cancellation = cancellation;
        }

        public T Current => inner.Current;

        object? IEnumerator.Current => Current;

        public bool MoveNext()
        {
            try
            {
                return Wait(inner.MoveNextAsync());
            }
            finally
            {
                log.Drain();
            }
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            try
            {
                // A sink that threw while MoveNextAsync was still running (a host that cannot prompt, a
                // stopped pipeline) leaves the iterator busy; it cannot be disposed until that step ends,
                // so cancel the step and wait for it, keeping the sink's exception the one that surfaces.
                if (pending is { IsCompleted: false } running)
                {
                    cancellation.Cancel();
                    try
                    {
                        running.GetAwaiter().GetResult();
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or CallReportsException or System.IO.IOException or System.Net.Http.HttpRequestException)
                    {
                    }
                }

                Wait(inner.DisposeAsync());
            }
            finally
            {
                cancellation.Dispose();
                log.Drain();
            }
        }

        private TResult Wait<TResult>(ValueTask<TResult> pending)
        {
            if (pending.IsCompleted)
            {
                return pending.GetAwaiter().GetResult();
            }

            var task = pending.AsTask();
            this.pending = task;
            PumpUntil(task);
            return task.GetAwaiter().GetResult();
        }

        private void Wait(ValueTask pending)
        {
            if (pending.IsCompleted)
            {
                pending.GetAwaiter().GetResult();
                return;
            }

            var task = pending.AsTask();
            PumpUntil(task);
            task.GetAwaiter().GetResult();
        }

        private void PumpUntil(Task task)
        {
            // The continuation wakes the loop when the task ends; log entries wake it too.
            _ = task.ContinueWith(static (_, s) => ((SemaphoreSlim)s!).Release(), log.Signal, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            while (!task.IsCompleted)
            {
                log.Signal.Wait();
                log.Drain();
            }
        }
    }
}
