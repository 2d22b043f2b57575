using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>Paging, the time window, -First, input checks, details and the record quirks.</summary>
public sealed class PortSipQueryTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;

    public PortSipQueryTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.PortSip.AfterPageServed = null;
        sandbox.Counters.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        sandbox.PortSip.AfterPageServed = null;
        return Task.CompletedTask;
    }

    [Fact]
    public void Paging_WithARecordInsertedMidway_ReturnsEverySeededRecordOnce()
    {
        var seeded = sandbox.PortSip.Cdrs;
        string? inserted = null;
        var firstPage = sandbox.PortSip.ListRequestsServed + 1;

        // After page 1, a call is recorded before everything else: every later record shifts by one.
        sandbox.PortSip.AfterPageServed = served =>
        {
            if (served == firstPage)
            {
                inserted = sandbox.PortSip.InsertCdr(Day.AddHours(-1));
            }
        };
        var harness = new PortSipHarness(sandbox.PortSip);

        // One page at a time, so the requests below arrive in a fixed order.
        var records = harness.List(new PortSipCdrQuery { PageSize = 40, FetchAhead = 1 });

        Assert.NotNull(inserted);
        var ids = records.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var (id, _) in seeded)
        {
            Assert.Equal(1, ids.Count(i => i == id));
        }

        var queries = sandbox.Counters.LastQueries("/portsip/api/cdrs");
        Assert.True(queries.Count >= 3, $"expected at least 3 pages, got {queries.Count}");
        Assert.All(queries, q => Assert.Equal("40", q["top"]));
        // The first page is read alone; the pages fetched ahead after it may reach the server in any order.
        var skips = queries.Select(q => q["skip"]).ToList();
        Assert.Equal("0", skips[0]);
        Assert.Contains("40", skips);
        Assert.Contains("80", skips);
        Assert.Equal(seeded.Count, harness.TotalCount);
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Debug && e.Message.Contains("already returned", StringComparison.Ordinal));
    }

    [Fact]
    public void Paging_FetchesAhead_AndHandsPagesOutInOrder()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 30 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 25, FetchAhead = 4 });

        AssertEveryRecordOnceInOrder(records);
        var skips = sandbox.Counters.LastQueries("/portsip/api/cdrs").Select(q => int.Parse(q["skip"], System.Globalization.CultureInfo.InvariantCulture)).OrderBy(x => x).ToList();
        Assert.Equal(Enumerable.Range(0, (sandbox.PortSip.Cdrs.Count + 24) / 25).Select(i => i * 25), skips);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Paging_KeepsFetchAheadPagesInFlightAtTheServer_AndNoMore(int fetchAhead)
    {
        var served = new ConcurrentQueue<long>();
        sandbox.PortSip.AfterPageServed = _ => served.Enqueue(Stopwatch.GetTimestamp());
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 100 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 10, FetchAhead = fetchAhead });

        AssertEveryRecordOnceInOrder(records);
        var pages = sandbox.Counters.Requests.Where(r => r.Path == "/portsip/api/cdrs").ToList();

        // Each page asked for once: no gap, no repeat, nothing wasted. (Other tests here add CDRs to the 250.)
        Assert.Equal(Enumerable.Range(0, (sandbox.PortSip.CdrCount + 9) / 10).Select(i => (i * 10).ToString(CultureInfo.InvariantCulture)), pages.Select(r => r.Query["skip"]).OrderBy(x => int.Parse(x, CultureInfo.InvariantCulture)));

        // A page counts from its arrival until its last records are written (before the final flush, so the
        // client cannot have read it whole and asked for another one yet).
        Assert.Equal(fetchAhead, PeakInFlight(pages.Select(r => r.Timestamp), served));

        // The Sandbox's own count ends a page when its handler returns, a moment after the last bytes left.
        Assert.InRange(sandbox.Counters.PeakConcurrency("/portsip/api/cdrs"), fetchAhead, fetchAhead + 1);
    }

    [Fact]
    public void Paging_AsksForMorePages_WhileTheCallerIsStillBusy_UpToTwiceTheFetchAhead()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 20 });
        var harness = new PortSipHarness(sandbox.PortSip);
        var records = new List<PortSipCdr>();
        long pageSixConsumed = 0;

        foreach (var record in harness.Client.GetCdrs(new PortSipCdrQuery { PageSize = 10, FetchAhead = 2, First = 150 }, null, CancellationToken.None))
        {
            records.Add(record);
            if (records.Count is > 50 and <= 60)
            {
                // The caller takes about 400 ms over page 6, long after pages 7 and 8 have arrived. The pager runs when
                // the caller asks for the next record, so the time is spent record by record (150 ms in all was too
                // little for a loaded CI machine: page 10 was sometimes asked for only after page 6).
                Thread.Sleep(40);
            }

            if (records.Count == 60)
            {
                pageSixConsumed = Stopwatch.GetTimestamp();
            }
        }

        Assert.Equal(sandbox.PortSip.Cdrs.Take(150).Select(c => c.Id), records.Select(r => r.Id));

        // The five pages consumed before page 6 paid for eleven requests (slow start), more than the window needs.
        // While the caller was busy with page 6, each page that arrived was replaced at once (pages 9 and 10 when
        // 7 and 8 arrived), until 4 pages were waiting: 6 taken and 4 waiting.
        var before = sandbox.Counters.Requests.Count(r => r.Path == "/portsip/api/cdrs" && r.Timestamp < pageSixConsumed);
        Assert.Equal(10, before);
    }

    [Fact]
    public void Paging_ACallerThatStopsInsideTheFirstPage_CostsOneRequest()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 30 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.Client.GetCdrs(new PortSipCdrQuery { PageSize = 10, FetchAhead = 6 }, null, CancellationToken.None).Take(10).ToList();

        Assert.Equal(sandbox.PortSip.Cdrs.Take(10).Select(c => c.Id), records.Select(r => r.Id));
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip/api/cdrs"));
    }

    [Fact]
    public void Paging_StartsWithOnePage_AndEachConsumedPagePaysForTwoMoreRequests()
    {
        // Slow start: however many pages may be in flight, the caller that has consumed k pages has caused at
        // most 2k+1 requests, so one that stops early wastes at most as many pages as it read.
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 20 });
        var harness = new PortSipHarness(sandbox.PortSip);
        var records = new List<PortSipCdr>();
        var seen = new List<(int Consumed, int Requests)>();

        foreach (var record in harness.Client.GetCdrs(new PortSipCdrQuery { PageSize = 10, FetchAhead = 6 }, null, CancellationToken.None))
        {
            if (records.Count % 10 == 0)
            {
                // The first record of a page: the pages before it are consumed. Requests the server has seen
                // can only lag those the client made, so this bound is exact for the client.
                seen.Add((records.Count / 10, sandbox.Counters.Count("GET", "/portsip/api/cdrs")));
            }

            records.Add(record);
            if (records.Count == 45)
            {
                break;
            }
        }

        Assert.Equal(sandbox.PortSip.Cdrs.Take(45).Select(c => c.Id), records.Select(r => r.Id));
        Assert.All(seen, s => Assert.True(s.Requests <= (2 * s.Consumed) + 1, $"{s.Requests} requests after {s.Consumed} pages consumed"));

        // Stopped inside page 5, after 4 consumed pages: at most 9 requests, never the 6-page window from page 2 on.
        Assert.InRange(sandbox.Counters.Count("GET", "/portsip/api/cdrs"), 5, 9);
    }

    [Fact]
    public void Paging_ACallerThatStopsInsidePageTwo_CostsAtMostThreeRequests()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 30 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.Client.GetCdrs(new PortSipCdrQuery { PageSize = 10, FetchAhead = 6 }, null, CancellationToken.None).Take(15).ToList();

        Assert.Equal(sandbox.PortSip.Cdrs.Take(15).Select(c => c.Id), records.Select(r => r.Id));
        Assert.InRange(sandbox.Counters.Count("GET", "/portsip/api/cdrs"), 2, 3);
    }

    [Fact]
    public void Paging_AFailedPageFetchedAhead_NamesThePage_AndNothingAfterItIsReturned()
    {
        var firstPage = sandbox.PortSip.ListRequestsServed + 1;
        sandbox.PortSip.AfterPageServed = served =>
        {
            // Pages 2–5 are asked for together once page 1 is consumed: whichever reaches the PBX first fails.
            if (served == firstPage)
            {
                sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", StatusCode = 400, Times = 1 });
            }
        };
        var harness = new PortSipHarness(sandbox.PortSip);

        var (records, thrown) = harness.TryList(new PortSipCdrQuery { PageSize = 20, FetchAhead = 4 });

        var error = Assert.IsType<CallReportsException>(thrown);
        var match = System.Text.RegularExpressions.Regex.Match(error.Target ?? string.Empty, @"^CDR page (\d+) \(records (\d+)–");
        Assert.True(match.Success, error.Target);
        var failedPage = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(failedPage, 2, 5);
        Assert.Equal(((failedPage - 1) * 20) + 1, int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(sandbox.PortSip.Cdrs.Take((failedPage - 1) * 20).Select(c => c.Id), records.Select(r => r.Id));
        Assert.Contains($"{records.Count} records were returned before CDR page {failedPage}", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The most pages between arrival and being served at once (arrivals and ends need not be paired).</summary>
    private static int PeakInFlight(IEnumerable<long> arrivals, IEnumerable<long> served)
    {
        var edges = arrivals.Select(t => (Time: t, Change: 1)).Concat(served.Select(t => (Time: t, Change: -1)))
            .OrderBy(e => e.Time).ThenBy(e => e.Change).ToList();
        int running = 0, peak = 0;
        foreach (var (_, change) in edges)
        {
            running += change;
            peak = Math.Max(peak, running);
        }

        return peak;
    }

    private void AssertEveryRecordOnceInOrder(List<PortSipCdr> records)
    {
        Assert.Equal(sandbox.PortSip.Cdrs.Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal), records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        for (var i = 1; i < records.Count; i++)
        {
            Assert.True(records[i - 1].StartedAt <= records[i].StartedAt, $"record {i} is out of order");
        }
    }

    [Fact]
    public void Paging_WithARecordInsertedWhilePagesAreInFlight_ReturnsEverySeededRecordOnce()
    {
        var seeded = sandbox.PortSip.Cdrs;
        var secondPage = sandbox.PortSip.ListRequestsServed + 2;
        string? inserted = null;
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = 20 });
        sandbox.PortSip.AfterPageServed = served =>
        {
            if (served == secondPage)
            {
                inserted = sandbox.PortSip.InsertCdr(Day.AddHours(-2));
            }
        };
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 20, FetchAhead = 4 });

        Assert.NotNull(inserted);
        var ids = records.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var (id, _) in seeded)
        {
            Assert.Equal(1, ids.Count(i => i == id));
        }
    }

    [Fact]
    public void Paging_WhenThePbxServesSmallerPages_ContinuesWithoutGaps()
    {
        sandbox.PortSip.MaximumPageSize = 30;
        try
        {
            var harness = new PortSipHarness(sandbox.PortSip);

            var records = harness.List(new PortSipCdrQuery { PageSize = 100, FetchAhead = 4 });

            AssertEveryRecordOnceInOrder(records);
            Assert.Contains(harness.Entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("continuing with pages of 30", StringComparison.Ordinal));
        }
        finally
        {
            sandbox.PortSip.MaximumPageSize = null;
        }
    }

    [Fact]
    public void TimeWindow_SendsTheFilter_AndReturnsOnlyRecordsInside()
    {
        var start = Day.AddHours(3);
        var end = Day.AddHours(9);
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { StartTime = start, EndTime = end, PageSize = 25 });

        var expected = sandbox.PortSip.Cdrs.Where(c => c.StartedAt >= start && c.StartedAt < end).Select(c => c.Id).ToList();
        Assert.True(expected.Count > 25, "the window spans several pages");
        Assert.Equal(expected, records.Select(r => r.Id));
        Assert.All(records, r => Assert.InRange(r.StartedAt!.Value, start, end.AddTicks(-1)));
        var filter = sandbox.Counters.LastQueries("/portsip/api/cdrs")[0]["filter"];
        Assert.Contains("started_at ge '2026-11-02T03:00:00Z' and started_at lt '2026-11-02T09:00:00Z'", filter, StringComparison.Ordinal);
        Assert.Equal("started_at asc, id asc", sandbox.Counters.LastQueries("/portsip/api/cdrs")[0]["orderby"]);
    }

    [Fact]
    public void TimeWindow_IsHalfOpen_AtExactRecordTimes_InAnyOffset()
    {
        var seeded = sandbox.PortSip.Cdrs;
        var plus2 = TimeSpan.FromHours(2);

        // Bounds equal to record starts (some have fractional seconds), given in +02:00.
        var start = seeded[21].StartedAt.ToOffset(plus2);
        var end = seeded[61].StartedAt.ToOffset(plus2);
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { StartTime = start, EndTime = end });

        Assert.Equal(seeded.Skip(21).Take(40).Select(c => c.Id), records.Select(r => r.Id));
    }

    [Fact]
    public void First_SendsOneRequest_WithTopEqualToFirst()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { First = 5 });

        Assert.Equal(sandbox.PortSip.Cdrs.Take(5).Select(c => c.Id), records.Select(r => r.Id));
        var query = Assert.Single(sandbox.Counters.LastQueries("/portsip/api/cdrs"));
        Assert.Equal("5", query["top"]);
        Assert.Equal("0", query["skip"]);
    }

    [Fact]
    public void Skip_IsSentAsAZeroBasedOffset()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { Skip = 10, First = 3 });

        Assert.Equal(sandbox.PortSip.Cdrs.Skip(10).Take(3).Select(c => c.Id), records.Select(r => r.Id));
        Assert.Equal("10", Assert.Single(sandbox.Counters.LastQueries("/portsip/api/cdrs"))["skip"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    [InlineData(-1)]
    public void PageSizeOutOfRange_IsRejectedBeforeAnyRequest(int pageSize)
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        Assert.Throws<CallReportsException>(() => harness.Client.GetCdrs(new PortSipCdrQuery { PageSize = pageSize }, null, CancellationToken.None));

        Assert.Equal(0, sandbox.Counters.Total);
    }

    [Fact]
    public void BadWindowOrSkip_IsRejectedBeforeAnyRequest()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var reversed = Assert.Throws<CallReportsException>(() => harness.Client.GetCdrs(new PortSipCdrQuery { StartTime = Day.AddHours(2), EndTime = Day.AddHours(1) }, null, CancellationToken.None));
        Assert.Equal(PortSipErrors.InvalidTimeRange, reversed.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, reversed.Kind);
        Assert.Throws<CallReportsException>(() => harness.Client.GetCdrs(new PortSipCdrQuery { StartTime = Day, EndTime = Day }, null, CancellationToken.None));
        Assert.Throws<CallReportsException>(() => harness.Client.GetCdrs(new PortSipCdrQuery { Skip = -1 }, null, CancellationToken.None));
        Assert.Throws<CallReportsException>(() => harness.Client.GetCdrs(new PortSipCdrQuery { OrderBy = " " }, null, CancellationToken.None));
        Assert.Throws<CallReportsException>(() => harness.Client.GetCdrDetails(new[] { "1", " " }, CancellationToken.None));

        Assert.Equal(0, sandbox.Counters.Total);
    }

    [Fact]
    public void UserFilterAndSearch_AreAppliedByThePbx()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var inbound = harness.List(new PortSipCdrQuery { Filter = "direction eq 'INBOUND_CALL' or direction eq 'EXTENSION_CALL'", StartTime = Day, EndTime = Day.AddDays(1) });
        var searched = harness.List(new PortSipCdrQuery { Search = "Grace Hopper" });

        Assert.NotEmpty(inbound);
        Assert.Equal(
            sandbox.PortSip.Records.Count(r => r.StartedAt >= Day && r.StartedAt < Day.AddDays(1) && r.Direction is "INBOUND_CALL" or "EXTENSION_CALL"),
            inbound.Count);
        Assert.All(inbound, r => Assert.Contains(r.Direction, new[] { "INBOUND_CALL", "EXTENSION_CALL" }));
        Assert.NotEmpty(searched);
        Assert.All(searched, r => Assert.True(r.CallerDisplayName == "Grace Hopper" || r.CalleeDisplayName == "Grace Hopper"));
        Assert.Contains("(direction eq 'INBOUND_CALL' or direction eq 'EXTENSION_CALL')", sandbox.Counters.LastQueries("/portsip/api/cdrs")[0]["filter"], StringComparison.Ordinal);
    }

    [Fact]
    public void FilterThePbxRejects_IsAnInvalidArgumentError()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var error = Assert.IsType<CallReportsException>(harness.TryList(new PortSipCdrQuery { Filter = "no_such_field eq 'x'" }).Error);

        Assert.Equal("PortSipValidateFailed", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains("no_such_field", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip/api/cdrs")); // a 400 is not retried
    }

    [Fact]
    public void Details_ReturnCostAndBilledAccount_AndAnUnknownIdIsANonTerminatingError()
    {
        var wanted = sandbox.PortSip.Records.Where(r => r.Cost > 0).Take(2).ToList();
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.Client.GetCdrDetails(new[] { wanted[0].Id, "123456789", wanted[1].Id }, CancellationToken.None).ToList();

        Assert.Equal(new[] { wanted[0].Id, wanted[1].Id }, records.Select(r => r.Id));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(wanted[i].Cost, records[i].Cost);
            Assert.Equal(NullIfEmpty(wanted[i].BilledAccount), records[i].BilledAccount);
            Assert.Equal(wanted[i].StartedAt, records[i].StartedAt);
        }

        var error = Assert.Single(harness.Entries, e => e.Kind == LogKind.Error);
        Assert.NotNull(error.Error);
        Assert.False(error.Error!.IsTerminating);
        Assert.Equal(FailureKind.NotFound, error.Error.Kind);
        Assert.Equal("PortSipNotFound", error.Error.ErrorId);
        Assert.Contains("123456789", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_MapTheVendorQuirks()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var byId = sandbox.PortSip.Records.ToDictionary(r => r.Id, StringComparer.Ordinal);

        var records = harness.List(new PortSipCdrQuery { StartTime = Day, EndTime = Day.AddDays(1) });

        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var source = byId[record.Id];
            Assert.Equal(source.StartedAt, record.StartedAt);
            Assert.Equal(source.RangAt, record.RangAt);
            Assert.Equal(source.AnsweredAt, record.AnsweredAt);
            Assert.Equal(source.EndedAt, record.EndedAt);
            Assert.Equal(TimeSpan.FromSeconds(source.Duration), record.Duration);
            Assert.Equal(source.StatusCode, record.StatusCode);
            Assert.Equal(source.Direction, record.Direction);
            Assert.Equal(NullIfEmpty(source.EndReason), record.EndReason);
            Assert.Equal(NullIfEmpty(source.RerouteReason), record.RerouteReason);
            Assert.Equal(NullIfEmpty(source.Trunk), record.Trunk);
            Assert.Equal(source.Caller, record.Caller);
            Assert.Equal(TimeSpan.Zero, record.StartedAt!.Value.Offset);
            Assert.Null(record.Cost); // list items have no cost
        }

        // The quirks are really in the data.
        Assert.Contains(records, r => r.AnsweredAt is null && r.Duration == TimeSpan.Zero);
        Assert.Contains(records, r => r.StartedAt!.Value.Ticks % TimeSpan.TicksPerSecond != 0 && byId[r.Id].FractionDigits == 6);
        Assert.Contains(records, r => byId[r.Id].FractionDigits == 1);
        Assert.Contains(records, r => r.EndReason == "CALLER_DISCONNECT");
        Assert.Contains(records, r => r.RerouteReason is null);
        Assert.All(records, r => Assert.True(long.TryParse(r.Id, NumberStyles.None, CultureInfo.InvariantCulture, out _)));
        Assert.All(records.Where(r => r.AnsweredAt is not null), r => Assert.Equal(r.EndedAt - r.AnsweredAt, r.Duration));
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
