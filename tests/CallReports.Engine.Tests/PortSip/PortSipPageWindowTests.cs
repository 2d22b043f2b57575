using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>
/// The fetch-ahead window on its own, with requests the test completes by hand: how many are in flight, when
/// new ones are made, the order pages come out in, failures and restarts. No network and no timing.
/// </summary>
public sealed class PortSipPageWindowTests
{
    [Fact]
    public void Fill_OnANewWindow_AsksForOnePage()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(4, source.Next, CancellationToken.None);

        window.Fill();
        window.Fill();

        Assert.Equal(1, source.Requested);
        Assert.Equal(0, window.Credit);
    }

    [Fact]
    public async Task EachConsumedPage_PaysForTwoMoreRequests_UpToConcurrencyInFlight()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(4, source.Next, CancellationToken.None);
        window.Fill();

        // Page 1 consumed: pages 2 and 3. Page 2: 4 and 5. Page 3: 6 and 7, 4 in flight. Page 4: 8 replaces it.
        var expected = new[] { 3, 5, 7, 8 };
        for (var page = 1; page <= 4; page++)
        {
            source.Complete(page);
            Assert.Equal(page, await window.TakeAsync(fetchAhead: false));
            window.Consumed();
            window.Fill();
            Assert.Equal(expected[page - 1], source.Requested);
            Assert.True(window.InFlight <= 4, $"{window.InFlight} in flight after page {page}");
        }

        Assert.Equal(4, window.InFlight);
    }

    [Fact]
    public void Fill_PutsConcurrencyRequestsInFlight_OnceConsumedPagesHavePaidForThem()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(4, source.Next, CancellationToken.None);
        window.Consumed();
        window.Consumed();

        window.Fill();

        Assert.Equal(4, source.Requested);
        Assert.Equal(4, window.InFlight);
    }

    [Fact]
    public void APageThatArrivesBeforeTheOldest_FreesItsRequestAtOnce()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(4, source.Next, CancellationToken.None);
        Paid(window, 6);
        window.Fill();

        // Pages 2 and 3 arrive while page 1, the one the caller waits for, is still on its way.
        source.Complete(2);
        source.Complete(3);
        window.Fill();

        Assert.Equal(6, source.Requested);
        Assert.Equal(4, window.InFlight);
        Assert.Equal(6, window.Count);
    }

    [Fact]
    public void NeverMoreThanConcurrencyInFlight_NorMoreThanCapacityWaiting()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(3, source.Next, CancellationToken.None);
        Assert.Equal(6, window.Capacity);
        Paid(window, 100);

        for (var round = 0; round < 10; round++)
        {
            window.Fill();
            Assert.True(window.InFlight <= 3, $"round {round}: {window.InFlight} in flight");
            Assert.True(window.Count <= 6, $"round {round}: {window.Count} waiting");

            // Every page but the oldest arrives: the window fills up to its capacity and stops there.
            foreach (var page in source.Started.Skip(1))
            {
                source.Complete(page);
            }
        }

        Assert.Equal(6, window.Count);
        Assert.Equal(6, source.Requested);
        Assert.Equal(1, window.InFlight);
    }

    [Fact]
    public async Task TakeAsync_HandsPagesOutInOrder_WhateverOrderTheyArriveIn()
    {
        var source = new Pages(total: 12);
        using var window = new PortSipPageWindow<int>(4, source.Next, CancellationToken.None);
        window.RequestOne();
        var random = new Random(7);
        var taken = new List<int>();
        var completer = Task.Run(async () =>
        {
            while (source.Completed < 12)
            {
                var open = source.Started.Where(p => !source.IsComplete(p)).ToArray();
                if (open.Length > 0)
                {
                    source.Complete(open[random.Next(open.Length)]);
                }

                await Task.Delay(1);
            }
        });

        // The first page alone, as the pager does; then the window is kept full, each consumed page paying for more.
        taken.Add(await window.TakeAsync(fetchAhead: false));
        window.Consumed();
        window.Fill();
        while (window.Count > 0)
        {
            taken.Add(await window.TakeAsync(fetchAhead: true));
            window.Consumed();
            window.Fill();
        }

        await completer;
        Assert.Equal(Enumerable.Range(1, 12), taken);
    }

    [Fact]
    public async Task WhileWaitingForALatePage_ThePagesThatArriveAreReplaced()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(2, source.Next, CancellationToken.None);
        Paid(window, 4);
        window.Fill();
        Assert.Equal(2, source.Requested);

        var take = window.TakeAsync(fetchAhead: true);
        Assert.False(take.IsCompleted);

        // Page 2 arrives while the caller waits for page 1: page 3 is asked for at once.
        source.Complete(2);
        Assert.True(SpinWait.SpinUntil(() => source.Requested == 3, TimeSpan.FromSeconds(5)), $"{source.Requested} requested");
        Assert.False(take.IsCompleted);

        source.Complete(3);
        Assert.True(SpinWait.SpinUntil(() => source.Requested == 4, TimeSpan.FromSeconds(5)), $"{source.Requested} requested");

        source.Complete(1);
        Assert.Equal(1, await take);
        Assert.Equal(2, window.InFlight);
    }

    [Fact]
    public async Task OnePageAtATime_AsksForNothingAhead()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(1, source.Next, CancellationToken.None);
        Assert.Equal(1, window.Capacity);

        window.RequestOne();
        source.Complete(1);
        window.Fill();
        Assert.Equal(1, source.Requested);

        Assert.Equal(1, await window.TakeAsync(fetchAhead: false));
        Assert.Equal(1, source.Requested);
        Assert.Equal(0, window.Count);
    }

    [Fact]
    public async Task AFailedPage_StopsFurtherRequests_AndFailsWhenItsTurnComes()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(3, source.Next, CancellationToken.None);
        Paid(window, 10);
        window.Fill();

        source.Fail(2, "CDR page 2 (records 101–200)");
        source.Complete(3);
        window.Fill();
        Assert.Equal(3, source.Requested);

        source.Complete(1);
        Assert.Equal(1, await window.TakeAsync(fetchAhead: true));
        Assert.Equal(3, source.Requested);
        var error = await Assert.ThrowsAsync<CallReportsException>(() => window.TakeAsync(fetchAhead: true));
        Assert.Equal("CDR page 2 (records 101–200)", error.Target);
    }

    [Fact]
    public async Task RestartAsync_CancelsAndForgetsEveryRequest()
    {
        var source = new Pages(total: 100);
        using var window = new PortSipPageWindow<int>(4, source.Next, CancellationToken.None);
        Paid(window, 5);
        window.Fill();
        source.Complete(2);
        Assert.Equal(1, window.Credit);

        await window.RestartAsync();

        Assert.Equal(0, window.Count);
        Assert.All(source.Tokens.Take(4), t => Assert.True(t.IsCancellationRequested));

        // The cancelled requests are paid back: the pages they were for are asked for again.
        Assert.Equal(5, window.Credit);
        window.Fill();
        Assert.Equal(8, source.Requested);
        Assert.False(source.Tokens[^1].IsCancellationRequested);
    }

    [Fact]
    public void TheWindowStopsAtTheEndOfTheList()
    {
        var source = new Pages(total: 3);
        using var window = new PortSipPageWindow<int>(8, source.Next, CancellationToken.None);
        Paid(window, 8);

        window.Fill();

        Assert.Equal(3, window.Count);
        Assert.False(window.RequestOne());
    }

    /// <summary>As if the caller had consumed enough pages to pay for <paramref name="requests"/> more requests.</summary>
    private static void Paid(PortSipPageWindow<int> window, int requests)
    {
        for (var paid = window.Credit; paid < requests; paid += 2)
        {
            window.Consumed();
        }
    }

    /// <summary>Pages 1…total, each a request the test completes (with its number) or fails by hand.</summary>
    private sealed class Pages
    {
        private readonly object gate = new();
        private readonly int total;
        private readonly List<TaskCompletionSource<int>> requests = new();
        private readonly List<CancellationToken> tokens = new();

        public Pages(int total)
        {
            this.total = total;
        }

        public int Requested
        {
            get
            {
                lock (gate)
                {
                    return requests.Count;
                }
            }
        }

        public int Completed
        {
            get
            {
                lock (gate)
                {
                    return requests.Count(r => r.Task.IsCompleted);
                }
            }
        }

        public IReadOnlyList<int> Started
        {
            get
            {
                lock (gate)
                {
                    return Enumerable.Range(1, requests.Count).ToArray();
                }
            }
        }

        public IReadOnlyList<CancellationToken> Tokens
        {
            get
            {
                lock (gate)
                {
                    return tokens.ToArray();
                }
            }
        }

        public Task<int>? Next(CancellationToken token)
        {
            lock (gate)
            {
                if (requests.Count == total)
                {
                    return null;
                }

                var request = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
                token.Register(() => request.TrySetCanceled(token));
                requests.Add(request);
                tokens.Add(token);
                return request.Task;
            }
        }

        public bool IsComplete(int page)
        {
            lock (gate)
            {
                return requests[page - 1].Task.IsCompleted;
            }
        }

        public void Complete(int page) => Get(page).TrySetResult(page);

        public void Fail(int page, string what) =>
            Get(page).TrySetException(new CallReportsException("PortSipResponseInterrupted", FailureKind.InvalidData, "cut off") { Target = what });

        private TaskCompletionSource<int> Get(int page)
        {
            lock (gate)
            {
                return requests[page - 1];
            }
        }
    }
}
