using System;
using System.Linq;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Voxo;
using Xunit;

namespace CallReports.Engine.Tests.Voxo;

/// <summary>
/// Every loop of the VOXO client that sends again (a retried request, a renewed token, a window read again
/// as halves), each with its first attempt failing and the second succeeding: all records, no error, and
/// nothing the failed attempt left behind.
/// </summary>
public sealed class VoxoRetryTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string ReportsPath = "/voxo/call-reports";
    private const string SignInPath = "/voxo/authentication";
    private static readonly DateTimeOffset Start = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;

    public VoxoRetryTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    private VoxoEmulator Voxo => sandbox.Voxo;

    public async Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        Voxo.AfterReportServed = null;
        Voxo.TenantRangeLimit = TimeSpan.FromDays(31);
        await VoxoHarness.ClearTokensAsync(Voxo);
        sandbox.Counters.Reset();
    }

    public Task DisposeAsync()
    {
        sandbox.Faults.Clear();
        Voxo.AfterReportServed = null;
        Voxo.TenantRangeLimit = TimeSpan.FromDays(31);
        return Task.CompletedTask;
    }

    [Fact]
    public void A_report_request_answered_503_is_sent_again_and_every_call_comes_back()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = ReportsPath, StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });
        ReadsEveryCallCleanly(Query(Start, Start.AddDays(40)));
        Assert.Equal(3, sandbox.Counters.Count("GET", ReportsPath));
        Assert.Equal(1, sandbox.Counters.Count("POST", SignInPath));
    }

    [Fact]
    public void A_sign_in_answered_503_is_sent_again_with_its_whole_body()
    {
        // The emulator reads email and password from the body: the second attempt succeeds only with a fresh one.
        sandbox.Faults.Add(new FaultRule { PathPrefix = SignInPath, StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });
        ReadsEveryCallCleanly(Query(Start, Start.AddDays(3)));
        Assert.Equal(2, sandbox.Counters.Count("POST", SignInPath));
    }

    [Fact]
    public void A_cached_token_the_server_rejects_is_renewed_once_and_the_request_sent_again()
    {
        new VoxoHarness(Voxo).Read(Query(Start, Start.AddDays(1)));
        Voxo.ExpireAllTokens();
        sandbox.Counters.Reset();

        // No -TimeZone: the tenant lookup is the first request, and it meets the dead token.
        var query = Query(Start, Start.AddDays(40));
        query.TimeZone = null;
        ReadsEveryCallCleanly(query);
        Assert.Equal(1, sandbox.Counters.Count("POST", SignInPath));
        Assert.Equal(2, sandbox.Counters.Count("GET", "/voxo/tenants/" + VoxoEmulator.DublinTenantId));
        Assert.Equal(2, sandbox.Counters.Count("GET", ReportsPath));
    }

    [Fact]
    public void A_token_that_expires_between_windows_is_renewed_and_the_window_sent_again()
    {
        var baseline = Voxo.ReportsServed;
        Voxo.AfterReportServed = served =>
        {
            if (served == baseline + 1)
            {
                Voxo.ExpireAllTokens();
            }
        };
        ReadsEveryCallCleanly(Query(Start, Start.AddDays(40)));
        Assert.Equal(2, sandbox.Counters.Count("POST", SignInPath));
        Assert.Equal(3, sandbox.Counters.Count("GET", ReportsPath));
    }

    [Fact]
    public void A_window_refused_as_invalid_is_read_as_halves_with_the_calls_on_every_edge_once()
    {
        Voxo.TenantRangeLimit = TimeSpan.FromDays(20);
        var start = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(33);
        var middle = start.AddHours(31 * 12);
        foreach (var at in new[] { start, middle.AddSeconds(-1), middle, middle.AddSeconds(1), start.AddDays(31), end.AddSeconds(-1), end })
        {
            Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DublinTenantId, Instant = at, CallerIdName = "ON AN EDGE" });
        }

        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(Query(start, end));

        AssertAllCalls(start, end, records);
        Assert.Empty(harness.Errors);
        Assert.Contains("two halves", Assert.Single(harness.Entries, e => e.Kind == LogKind.Warning).Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "2027-01-01 00:00:00", "2027-01-01 00:00:00", "2027-01-16 12:00:00", "2027-02-01 00:00:00" }, sandbox.Counters.LastQueries(ReportsPath).Select(q => q["start"]));
    }

    [Fact]
    public void A_window_cut_short_still_keeps_the_next_window_from_repeating_what_it_returned()
    {
        // Newest first: the call on the window's end comes first, before the cut, and again in the next window.
        var start = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var edge = start.AddDays(1);
        var onEdge = Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DublinTenantId, Instant = edge, CallerIdName = "ON THE EDGE" });
        for (var i = 1; i <= 20; i++)
        {
            Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DublinTenantId, Instant = edge.AddMinutes(-i), CallerIdName = "BEFORE THE EDGE" });
        }

        sandbox.Faults.Add(new FaultRule { PathPrefix = ReportsPath, ResetAfterBytes = 2500, Times = 1 });
        var harness = new VoxoHarness(Voxo);
        var query = Query(start, start.AddDays(2));
        query.WindowSize = TimeSpan.FromDays(1);

        var records = harness.Read(query);

        Assert.Equal("VoxoResponseInterrupted", Assert.Single(harness.Errors).ErrorId);
        Assert.Single(records, r => r.Id == onEdge.Id);
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
    }

    private static VoxoCallReportQuery Query(DateTimeOffset start, DateTimeOffset end) =>
        new() { StartTime = start, EndTime = end, TenantId = VoxoEmulator.DublinTenantId, TimeZone = TimeZoneInfo.Utc };

    /// <summary>Reads the query's range: every call, and neither an error nor a warning.</summary>
    private void ReadsEveryCallCleanly(VoxoCallReportQuery query)
    {
        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(query);

        AssertAllCalls(query.StartTime, query.EndTime, records);
        Assert.Empty(harness.Errors);
        Assert.DoesNotContain(harness.Entries, e => e.Kind is LogKind.Error or LogKind.Warning);
    }

    private void AssertAllCalls(DateTimeOffset start, DateTimeOffset end, System.Collections.Generic.IEnumerable<CallReports.Models.VoxoCallRecord> records)
    {
        var expected = Voxo.CallsOf(VoxoEmulator.DublinTenantId, start, end).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
    }
}
