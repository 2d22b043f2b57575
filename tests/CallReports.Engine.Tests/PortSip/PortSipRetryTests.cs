using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
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
/// Every loop of the PortSIP client that tries again — the 401 renewal in the session, the token cache's refresh and
/// re-sign-in, the sign-in generations, the HTTP retries of sign-in, refresh, pages and polls, the pager's "total
/// changed, read again" and "smaller pages" restarts — with its first attempt failing and its second succeeding: every
/// record, and not one error.
/// </summary>
public sealed class PortSipRetryTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Cdrs = "/portsip/api/cdrs";
    private readonly SandboxHost sandbox;

    public PortSipRetryTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public async Task InitializeAsync()
    {
        Reset();
        await PortSipHarness.ClearTokensAsync(sandbox.PortSip);
        await PortSipHarness.ClearTokensAsync(sandbox.PortSipV22_0);
        await PortSipHarness.ClearTokensAsync(sandbox.PortSipV16);
        sandbox.Counters.Reset();
    }

    public Task DisposeAsync()
    {
        Reset();
        return Task.CompletedTask;
    }

    [Fact]
    public void TheTokenExpiresWhileSixPagesAreInFlight_ItIsRenewedOnce_EveryRecord_NoError()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.Counters.Reset();
        var firstPage = sandbox.PortSip.ListRequestsServed + 1;
        sandbox.PortSip.AfterPageServed = served =>
        {
            if (served == firstPage + 3)
            {
                sandbox.PortSip.ExpireAllTokens();
            }
        };
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, LatencyMs = 20 });

        var records = harness.List(new PortSipCdrQuery { PageSize = 10, FetchAhead = 6 });

        AssertEveryRecordOnce(sandbox.PortSip, records);
        AssertNoError(harness);

        // Every page in flight was answered 401; one refresh served them all (single-flight), none signed in again.
        Assert.True(sandbox.Counters.Count("GET", Cdrs) > (sandbox.PortSip.CdrCount + 9) / 10, "some pages were answered 401 and sent again");
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    [Fact]
    public void TheRefreshIsRefused_ASignInFollows_EveryRecord_NoError()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.PortSip.ExpireAllTokens();
        sandbox.PortSip.InvalidateRefreshTokens();
        sandbox.Counters.Reset();

        var records = harness.List(new PortSipCdrQuery { PageSize = 50 });

        AssertEveryRecordOnce(sandbox.PortSip, records);
        AssertNoError(harness);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    [Fact]
    public void TheRefreshIsBusyOnce_ItIsSentAgain_EveryRecord_NoError()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.PortSip.ExpireAllTokens();
        sandbox.Counters.Reset();
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/auth/refresh_token", StatusCode = 503, Times = 1 });

        var records = harness.List(new PortSipCdrQuery { PageSize = 50 });

        AssertEveryRecordOnce(sandbox.PortSip, records);
        AssertNoError(harness);
        Assert.Equal(2, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    [Theory]
    [InlineData("portsip-v22-0", "/api/login/oauth/token")]
    [InlineData("portsip-v16", "/api/login")]
    public void AnOlderSignInGeneration_AfterTheNewerOnesAreMissing_EveryRecord_NoError(string mount, string signInPath)
    {
        var emulator = mount == "portsip-v16" ? sandbox.PortSipV16 : sandbox.PortSipV22_0;
        var harness = new PortSipHarness(emulator);

        var records = harness.List(new PortSipCdrQuery { PageSize = 50 });

        AssertEveryRecordOnce(emulator, records);
        AssertNoError(harness);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/" + mount + signInPath));
    }

    [Fact]
    public void TheSignInIsBusyOnce_ItIsSentAgain_EveryRecord_NoError()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/auth/sign_in", StatusCode = 503, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 50 });

        AssertEveryRecordOnce(sandbox.PortSip, records);
        AssertNoError(harness);
        Assert.Equal(2, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    [Fact]
    public void APageFetchedAheadIsBusyOnce_ItIsSentAgain_EveryRecord_NoError()
    {
        var firstPage = sandbox.PortSip.ListRequestsServed + 1;
        sandbox.PortSip.AfterPageServed = served =>
        {
            if (served == firstPage + 2)
            {
                sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, StatusCode = 503, Times = 1 });
            }
        };
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 10, FetchAhead = 6 });

        AssertEveryRecordOnce(sandbox.PortSip, records);
        AssertNoError(harness);
        Assert.Equal(((sandbox.PortSip.CdrCount + 9) / 10) + 1, sandbox.Counters.Count("GET", Cdrs));
    }

    [Fact]
    public void TheTotalChangesWhilePagesAreInFlight_ThePagesAreReadAgain_NamedByTheirPlace_EveryRecord_NoError()
    {
        var seeded = sandbox.PortSip.Cdrs;
        var firstPage = sandbox.PortSip.ListRequestsServed + 1;
        string? inserted = null;
        sandbox.PortSip.AfterPageServed = served =>
        {
            // Pages 2 and 3 go out together once page 1 is consumed, and both see the new total.
            if (served == firstPage)
            {
                inserted = sandbox.PortSip.InsertCdr(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
            }
        };
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 20, FetchAhead = 2 });

        Assert.NotNull(inserted);
        var ids = records.Select(r => r.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(seeded, c => Assert.Contains(c.Id, ids));
        AssertNoError(harness);
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("reading again from record 21", StringComparison.Ordinal));

        // A page read again keeps its number: the cancelled requests before it leave no trace in the names.
        var named = harness.Entries.Select(e => Regex.Match(e.Message, @"CDR page (\d+) \(records (\d+)–")).Where(m => m.Success).ToList();
        Assert.NotEmpty(named);
        Assert.All(named, m => Assert.Equal(((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1) * 20) + 1, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ThePbxServesSmallerPagesThanAskedFor_PagingGoesOnFromWhereThePageEnded_EveryRecord_NoError()
    {
        sandbox.PortSip.MaximumPageSize = 30;
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 100, FetchAhead = 4 });

        AssertEveryRecordOnce(sandbox.PortSip, records);
        AssertNoError(harness);
    }

    [Fact]
    public void TheCreationIsAnswered401Once_TheTokenIsRenewed_AndTheBodySentAgain_OneReport_NoError()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/call_reports", Method = "POST", StatusCode = 401, Times = 1 });
        var name = "renewed-" + Guid.NewGuid().ToString("N");

        var created = harness.Client.CreateCallReport(new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.Normal, CronExpression = "0 6 * * 1" }, CancellationToken.None);

        Assert.Equal(name, created.Name);
        Assert.Single(sandbox.PortSip.ReportDefinitions, d => d.Name == name);
        Assert.Equal(2, sandbox.Counters.Count("POST", "/portsip/api/call_reports"));
        AssertNoError(harness);
    }

    [Fact]
    public void APollIsBusyOnce_TheWaitGoesOn_AndFindsTheReport_NoError()
    {
        sandbox.PortSip.ReportDelay = TimeSpan.FromMilliseconds(300);
        var name = "poll-" + Guid.NewGuid().ToString("N");
        var harness = new PortSipHarness(sandbox.PortSip);
        harness.Client.CreateCallReport(new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.Normal }, CancellationToken.None);
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/completed_call_reports", StatusCode = 503, Times = 1 });

        var done = harness.Client.WaitForCompletedReport(name, Array.Empty<string>(), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(name, done.Name);
        AssertNoError(harness);
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("HTTP 503; retry 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EightClientsAtOnce_SignInOnce_ThenRenewOnce_EveryRecordEach_NoError()
    {
        // 8 runspaces on one server share the process-wide token cache: one sign-in, and after the tokens expire one
        // refresh for all of them (a PortSIP refresh token works once).
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, LatencyMs = 10 });
        var harnesses = Enumerable.Range(0, 8).Select(_ => new PortSipHarness(sandbox.PortSip)).ToList();

        var first = await Task.WhenAll(harnesses.Select(h => Task.Run(() => h.List(new PortSipCdrQuery { PageSize = 25, FetchAhead = 3 }))));
        sandbox.PortSip.ExpireAllTokens();
        var second = await Task.WhenAll(harnesses.Select(h => Task.Run(() => h.List(new PortSipCdrQuery { PageSize = 25, FetchAhead = 3 }))));

        Assert.All(first.Concat(second), records => AssertEveryRecordOnce(sandbox.PortSip, records));
        Assert.All(harnesses, AssertNoError);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
    }

    private static void AssertEveryRecordOnce(PortSipEmulator emulator, List<PortSipCdr> records) =>
        Assert.Equal(emulator.Cdrs.Select(c => c.Id), records.Select(r => r.Id));

    private static void AssertNoError(PortSipHarness harness) =>
        Assert.DoesNotContain(harness.Entries, e => e.Kind == LogKind.Error || e.Error is not null);

    private void Reset()
    {
        sandbox.Faults.Clear();
        sandbox.PortSip.AfterPageServed = null;
        sandbox.PortSip.MaximumPageSize = null;
    }
}
