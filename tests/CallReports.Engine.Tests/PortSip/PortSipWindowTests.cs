using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>
/// The time window is trusted but verified: /api/cdrs and /api/calllogs declare no query options on the vendor page, so
/// the client checks every record against [StartTime, EndTime), sorts so that ties cannot move between pages, and sends
/// times the page's own examples would accept. Each against a PBX that behaves the other way.
/// </summary>
public sealed class PortSipWindowTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    // Calls added by these tests start here, away from the seeded ones.
    private static readonly DateTimeOffset Added = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;

    public PortSipWindowTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        Reset();
        sandbox.Counters.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Reset();
        return Task.CompletedTask;
    }

    [Fact]
    public void APbxThatIgnoresTheFilter_RecordsOutsideTheWindowAreLeftOut_WithOneWarning()
    {
        sandbox.PortSip.FilterMode = PortSipFilterMode.Ignored;
        var start = Day.AddHours(3);
        var end = Day.AddHours(9);
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { StartTime = start, EndTime = end, PageSize = 25 });

        var expected = sandbox.PortSip.Cdrs.Where(c => c.StartedAt >= start && c.StartedAt < end).Select(c => c.Id).ToList();
        Assert.True(expected.Count > 25 && expected.Count < sandbox.PortSip.CdrCount, "the window spans pages and leaves records out");
        Assert.Equal(expected, records.Select(r => r.Id));
        var warning = Assert.Single(harness.Entries, e => e.Kind == LogKind.Warning);
        Assert.Contains("outside", warning.Message, StringComparison.Ordinal);
        Assert.Contains("/api/cdrs", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Entries, e => e.Kind == LogKind.Error);
    }

    [Fact]
    public void APbxThatIgnoresTheFilter_CallLogs_AndFirst_StillGiveTheFirstCallsOfTheWindow()
    {
        sandbox.PortSip.FilterMode = PortSipFilterMode.Ignored;
        var start = Day.AddHours(5);
        var end = Day.AddHours(20);
        var harness = new PortSipHarness(sandbox.PortSip);

        var logs = harness.Client.GetCallLogs(new PortSipCdrQuery { StartTime = start, EndTime = end, PageSize = 20, First = 30 }, null, CancellationToken.None).ToList();

        // The records the PBX lists first are before the window: -First counts only what is returned.
        var expected = sandbox.PortSip.Records.Where(r => r.StartedAt >= start && r.StartedAt < end).Take(30).Select(r => r.Id).ToList();
        Assert.Equal(30, expected.Count);
        Assert.Equal(expected, logs.Select(l => l.Id));
        Assert.Single(harness.Entries, e => e.Kind == LogKind.Warning && e.Message.Contains("/api/calllogs", StringComparison.Ordinal));
    }

    [Fact]
    public void TiesInStartTime_OrderedDifferentlyForEveryPage_AreEachReturnedOnce()
    {
        // 60 calls in the same microsecond, on a PBX whose sort orders ties differently from query to query.
        var tied = Enumerable.Range(0, 60).Select(_ => sandbox.PortSip.InsertCdr(Added.AddTicks(10))).ToList();
        sandbox.PortSip.ScrambleTies = true;
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { StartTime = Added, EndTime = Added.AddDays(1), PageSize = 10, FetchAhead = 4 });

        Assert.Equal(tied.OrderBy(i => i, StringComparer.Ordinal), records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        Assert.All(sandbox.Counters.LastQueries("/portsip/api/cdrs"), q => Assert.Equal("started_at asc, id asc", q["orderby"]));
    }

    [Fact]
    public void TheWindowIsSentWithAtMostMilliseconds_RoundedOutward_AndTrimmedHere()
    {
        // A PBX that reads no more than three fraction digits; the bounds fall between microseconds.
        sandbox.PortSip.MaximumFilterFractionDigits = 3;
        var at = Added.AddDays(2);
        var onTheSecond = sandbox.PortSip.InsertCdr(at);
        var inside = sandbox.PortSip.InsertCdr(at.AddTicks(10));
        var after = sandbox.PortSip.InsertCdr(at.AddTicks(20));
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { StartTime = at.AddTicks(5), EndTime = at.AddTicks(15) });

        Assert.Equal(new[] { inside }, records.Select(r => r.Id));
        var filter = Assert.Single(sandbox.Counters.LastQueries("/portsip/api/cdrs"))["filter"];
        Assert.Equal("started_at ge '2031-01-03T00:00:00Z' and started_at lt '2031-01-03T00:00:00.001Z'", filter);

        // The calls in the rounding's slack were asked for on purpose: left out without a warning.
        Assert.DoesNotContain(harness.Entries, e => e.Kind is LogKind.Warning or LogKind.Error);
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Debug && e.Message.Contains(onTheSecond, StringComparison.Ordinal));
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Debug && e.Message.Contains(after, StringComparison.Ordinal));
    }

    private void Reset()
    {
        sandbox.Faults.Clear();
        sandbox.PortSip.FilterMode = PortSipFilterMode.Applied;
        sandbox.PortSip.ScrambleTies = false;
        sandbox.PortSip.MaximumFilterFractionDigits = null;
    }
}
