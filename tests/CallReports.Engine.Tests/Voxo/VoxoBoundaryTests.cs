using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Voxo;
using Xunit;

namespace CallReports.Engine.Tests.Voxo;

/// <summary>
/// -StartTime/-EndTime are half-open whatever VOXO does with its <c>end</c>: two adjacent runs return every
/// call placed on, just before and just after their common boundary exactly once.
/// </summary>
public sealed class VoxoBoundaryTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly TimeZoneInfo Phoenix = ZoneResolver.Resolve("America/Phoenix");

    // Outside the generated data of the Desert tenant, so these are the only calls in the range.
    private static readonly DateTimeOffset RangeStart = new(2027, 3, 10, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Boundary = new(2027, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset RangeEnd = new(2027, 3, 11, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;
    private readonly List<VoxoCall> placed = new();

    public VoxoBoundaryTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    private VoxoEmulator Voxo => sandbox.Voxo;

    public async Task InitializeAsync()
    {
        await VoxoHarness.ClearTokensAsync(Voxo);
        if (Voxo.CallsOf(VoxoEmulator.DesertTenantId, RangeStart, RangeEnd.AddSeconds(1)).Count > 0)
        {
            placed.AddRange(Voxo.CallsOf(VoxoEmulator.DesertTenantId, RangeStart, RangeEnd.AddSeconds(1)));
            return;
        }

        // Each second twice: with the epoch in uniqueId that confirms the time, and with a uniqueId that has none.
        var seconds = new[] { RangeStart, RangeStart.AddSeconds(1), Boundary.AddSeconds(-1), Boundary, Boundary.AddSeconds(1), RangeEnd.AddSeconds(-1), RangeEnd };
        foreach (var at in seconds)
        {
            placed.Add(Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DesertTenantId, Instant = at, CallerIdName = "EPOCH" }));
            placed.Add(Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DesertTenantId, Instant = at, CallerIdName = "NO EPOCH", UniqueIdOverride = "phx-pbx1-" + Guid.NewGuid().ToString("N") }));
        }
    }

    public Task DisposeAsync()
    {
        Voxo.ExclusiveEnd = false;
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(false, 500)]
    [InlineData(true, 500)]
    [InlineData(false, -1)]
    [InlineData(true, -1)]
    public void Two_adjacent_runs_return_each_call_on_their_boundary_exactly_once(bool exclusiveEnd, int boundaryOffsetMs)
    {
        Voxo.ExclusiveEnd = exclusiveEnd;

        // Whole seconds, half a second after, and a tick before: VOXO's bounds are whole seconds, ours need not be.
        var boundary = boundaryOffsetMs < 0 ? Boundary.AddTicks(-1) : Boundary.AddMilliseconds(boundaryOffsetMs);
        var first = new VoxoHarness(Voxo);
        var second = new VoxoHarness(Voxo);

        var before = first.Read(Query(RangeStart, boundary));
        var after = second.Read(Query(boundary, RangeEnd));

        Assert.Empty(first.Errors);
        Assert.Empty(second.Errors);
        Assert.Equal(Expected(RangeStart, boundary), Ids(before));
        Assert.Equal(Expected(boundary, RangeEnd), Ids(after));
        var all = before.Concat(after).Select(r => r.Id).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Expected(RangeStart, RangeEnd), all.OrderBy(i => i, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Windows_inside_one_run_meet_without_a_gap_or_a_repeat(bool exclusiveEnd)
    {
        Voxo.ExclusiveEnd = exclusiveEnd;
        var harness = new VoxoHarness(Voxo);

        // Windows of 12 hours: the boundary is a window edge inside the run.
        var query = Query(RangeStart, RangeEnd);
        query.WindowSize = TimeSpan.FromHours(12);
        var records = harness.Read(query);

        Assert.Empty(harness.Errors);
        Assert.Equal(Expected(RangeStart, RangeEnd), Ids(records));
    }

    private static VoxoCallReportQuery Query(DateTimeOffset start, DateTimeOffset end) =>
        new() { StartTime = start, EndTime = end, TenantId = VoxoEmulator.DesertTenantId, TimeZone = Phoenix };

    private static IEnumerable<string> Ids(IEnumerable<CallReports.Models.VoxoCallRecord> records) =>
        records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal).ToArray();

    private IEnumerable<string> Expected(DateTimeOffset start, DateTimeOffset end) =>
        placed.Where(c => c.Instant >= start && c.Instant < end).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal).ToArray();
}
