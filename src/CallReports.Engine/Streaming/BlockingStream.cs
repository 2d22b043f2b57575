using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;

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
    public IEnumerator<T> GetEnumerator() => new Enumerator(source(cancellationToken).GetAsyncEnumerator(cancellationToken), log);

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<T>
    {
        private readonly IAsyncEnumerator<T> inner;
        private readonly OperationLog log;

        public Enumerator(IAsyncEnumerator<T> inner, OperationLog log)
        {
            this.inner = inner;
            this.log = log;
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
                Wait(inner.DisposeAsync());
            }
            finally
            {
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
