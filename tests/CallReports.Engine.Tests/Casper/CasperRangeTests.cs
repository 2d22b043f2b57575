using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

/// <summary>
/// -StartTime/-EndTime are half-open: a call belongs to exactly one of two adjacent ranges, whether RingCX
/// reads <c>endTimestamp</c> as inclusive or exclusive (the page does not say), in separate runs and in the
/// windows of one run.
/// </summary>
[Collection(CasperHarness.Collection)]
public sealed class CasperRangeTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Arizona = TimeSpan.FromHours(-7);
    private static readonly TimeZoneInfo Zone = ZoneResolver.Resolve("US/Arizona");
    private static readonly object Gate = new();
    private static readonly Dictionary<DateTimeOffset, CasperCallRow[]> Added = new();
    private readonly SandboxHost sandbox;

    public CasperRangeTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Counters.Reset();
        sandbox.Casper.EndTimestampInclusive = true;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => InitializeAsync();

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 0)]
    [InlineData(true, 30)]
    [InlineData(false, 30)]
    public void Two_adjacent_runs_return_a_call_on_their_boundary_once(bool inclusive, int secondsPastTheMinute)
    {
        var day = new DateTimeOffset(2025, 3, 4 + secondsPastTheMinute / 30, 0, 0, 0, Arizona);
        var calls = CallsAround(day);
        sandbox.Casper.EndTimestampInclusive = inclusive;
        var harness = new CasperHarness(sandbox.Casper);
        var boundary = day.AddSeconds(secondsPastTheMinute);

        var before = harness.List(Range(boundary.AddHours(-1), boundary)).Select(r => r.Uii).ToList();
        var after = harness.List(Range(boundary, boundary.AddHours(1))).Select(r => r.Uii).ToList();

        Assert.Equal(calls.Select(c => c.Uii), before.Concat(after));
        Assert.Equal(calls.Where(c => c.Enqueue < boundary).Select(c => c.Uii), before);
        Assert.Empty(harness.Errors);
        Assert.DoesNotContain(harness.Entries, e => e.Kind == Diagnostics.LogKind.Warning && !e.Message.Contains("deprecated", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Windows_of_one_run_return_every_call_on_their_edges_once(bool inclusive)
    {
        var day = new DateTimeOffset(2025, 3, 10, 0, 0, 0, Arizona);
        var calls = CallsAround(day).Concat(CallsAround(day.AddHours(1))).ToList();
        sandbox.Casper.EndTimestampInclusive = inclusive;
        var harness = new CasperHarness(sandbox.Casper);
        var query = Range(day.AddHours(-1), day.AddHours(2));

        var whole = harness.List(query).Select(r => r.Uii).ToList();
        query.WindowSize = TimeSpan.FromHours(1);
        var windowed = harness.List(query).Select(r => r.Uii).ToList();

        Assert.Equal(calls.Select(c => c.Uii), whole);
        Assert.Equal(whole, windowed);
        Assert.Equal(4, sandbox.Counters.Count("POST", "/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming"));
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public void The_request_covers_whole_minutes_from_the_start_to_the_end()
    {
        var start = new DateTimeOffset(2025, 3, 12, 8, 0, 20, Arizona);
        var harness = new CasperHarness(sandbox.Casper);

        harness.List(Range(start, start.AddHours(2).AddSeconds(-15)));

        using var body = JsonDocument.Parse(sandbox.Casper.LastReportRequest!);
        var criteria = body.RootElement.GetProperty("reportCriteria");
        Assert.Equal("2025-03-12 08:01:00", criteria.GetProperty("startTimestamp").GetString());
        Assert.Equal("2025-03-12 10:01:00", criteria.GetProperty("endTimestamp").GetString());
    }

    /// <summary>Three calls of account 13670001, a minute before, exactly at and a minute after <paramref name="at"/> (added once).</summary>
    private CasperCallRow[] CallsAround(DateTimeOffset at)
    {
        lock (Gate)
        {
            if (!Added.TryGetValue(at, out var calls))
            {
                var random = new Random(at.Minute + at.Day);
                calls = new[] { -1, 0, 1 }
                    .Select(m => CasperDataGenerator.Create(random, 800_000 + (at.ToUnixTimeSeconds() / 60) + m, at.AddMinutes(m), CasperEmulator.AccountId))
                    .ToArray();
                Added[at] = calls;
            }

            foreach (var call in calls.Where(c => !sandbox.Casper.Rows.Any(r => r.Uii == c.Uii)))
            {
                sandbox.Casper.AddRow(call);
            }

            return calls;
        }
    }

    private static CasperCallDetailQuery Range(DateTimeOffset start, DateTimeOffset end) => new()
    {
        AccountIds = new[] { CasperEmulator.AccountId },
        StartTime = start,
        EndTime = end,
        TimeZone = Zone,
        TimeZoneName = "US/Arizona",
    };
}
