using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.Casper;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

/// <summary>
/// Every loop of the RingCX client that retries, renews a token or asks again, with its first attempt failing
/// and its second succeeding: all records arrive and no error is reported. A sandbox of its own, so its token
/// exchanges do not share a rate-limit window with other classes.
/// </summary>
[Collection(CasperHarness.Collection)]
public sealed class CasperRetryTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Report = "/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming";
    private const string Exchange = "/ringcx/api/auth/login/rc/accesstoken";
    private const string Refresh = "/ringcx/api/auth/token/refresh";

    /// <summary>RingCX's exchange "minute", scaled so that tests making many exchanges never wait long.</summary>
    private static readonly TimeSpan ExchangeWindow = TimeSpan.FromMilliseconds(500);

    private readonly SandboxHost sandbox;

    public CasperRetryTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public async Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        sandbox.Casper.AfterReportServed = null;
        sandbox.Casper.ResetLimits();
        sandbox.Casper.ExchangeWindow = ExchangeWindow;
        await CasperHarness.ClearTokensAsync();
    }

    public Task DisposeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Casper.AfterReportServed = null;
        sandbox.Casper.ExchangeWindow = TimeSpan.FromMinutes(1);
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("jwt")]
    [InlineData("engage")]
    public void A_token_rejected_mid_run_is_renewed_and_every_row_arrives(string mode)
    {
        var expected = Expected();
        ExpireTokensAfterTheFirstReport();
        var harness = new CasperHarness(sandbox.Casper, Credentials(mode));

        var (records, error) = harness.TryList(CasperHarness.ThreeDays());

        AllRowsNoErrors(expected, records, error, harness);
        Assert.Equal(1, sandbox.Counters.Count("POST", Refresh));
        Assert.Equal(4, sandbox.Counters.Count("POST", Report));
    }

    [Fact]
    public void A_cached_token_rejected_on_the_account_list_and_the_lookup_is_renewed_and_every_row_arrives()
    {
        var expected = Expected();
        new CasperHarness(sandbox.Casper, Credentials("jwt")).List(CasperHarness.ThreeDays());
        sandbox.Counters.Reset();
        sandbox.Casper.ExpireAllTokens();
        var harness = new CasperHarness(sandbox.Casper, Credentials("jwt"));
        var query = CasperHarness.ThreeDays();
        query.TimeZone = null;
        query.TimeZoneName = null;

        var (records, error) = harness.TryList(query);

        AllRowsNoErrors(expected, records, error, harness);
        Assert.Equal(2, sandbox.Counters.Count("GET", "/ringcx/voice/api/v1/admin/accounts"));
        Assert.Equal(1, sandbox.Counters.Count("POST", Refresh));
        Assert.Equal(0, sandbox.Counters.Count("POST", Exchange));
    }

    [Theory]
    [InlineData(401, 1, 2)]
    [InlineData(503, 2, 1)]
    public void A_failed_refresh_is_tried_again_or_signs_in_again_and_every_row_arrives(int status, int refreshes, int exchanges)
    {
        // 401: the refresh token was refused, so the client signs in again; 503: the refresh itself is retried.
        var expected = Expected();
        sandbox.Faults.Add(new FaultRule { PathPrefix = Refresh, StatusCode = status, Times = 1 });
        ExpireTokensAfterTheFirstReport();
        var harness = new CasperHarness(sandbox.Casper, Credentials("jwt"));

        var (records, error) = harness.TryList(CasperHarness.ThreeDays());

        AllRowsNoErrors(expected, records, error, harness);
        Assert.Equal(refreshes, sandbox.Counters.Count("POST", Refresh));
        Assert.Equal(exchanges, sandbox.Counters.Count("POST", Exchange));
    }

    [Theory]
    [InlineData("api", Report, "POST", 4)]
    [InlineData("api", "/ringcx/voice/api/v1/admin/accounts/13670001/cloudRouteProfileGroups/withChildren", "GET", 2)]
    [InlineData("api", "/ringcx/voice/api/v1/admin/accounts", "GET", 2)]
    [InlineData("jwt", "/ringcx/restapi/oauth/token", "POST", 2)]
    [InlineData("jwt", Exchange, "POST", 2)]
    [InlineData("engage", "/ringcx/api/auth/login/admin", "POST", 2)]
    public void A_503_on_the_first_attempt_is_retried_and_every_row_arrives(string mode, string path, string method, int requests)
    {
        var expected = Expected();
        sandbox.Faults.Add(new FaultRule { PathPrefix = path, Method = method, StatusCode = 503, Times = 1 });
        var harness = new CasperHarness(sandbox.Casper, Credentials(mode));
        var query = CasperHarness.ThreeDays();
        query.TimeZone = null;
        query.TimeZoneName = null;

        var (records, error) = harness.TryList(query);

        AllRowsNoErrors(expected, records, error, harness);
        Assert.Equal(requests, sandbox.Counters.Count(method, path));
    }

    /// <summary>The token expires while the run goes on: after the first window's report.</summary>
    private void ExpireTokensAfterTheFirstReport()
    {
        var served = 0;
        sandbox.Casper.AfterReportServed = _ =>
        {
            if (System.Threading.Interlocked.Increment(ref served) == 1)
            {
                sandbox.Casper.ExpireAllTokens();
            }
        };
    }

    private static void AllRowsNoErrors(IReadOnlyList<string> expected, List<CallReports.Models.CasperCallDetail> records, Exception? error, CasperHarness harness)
    {
        Assert.Null(error);
        Assert.Empty(harness.Errors);
        Assert.True(expected.Count > 50, $"{expected.Count} calls expected");
        Assert.Equal(expected, records.Select(r => r.Uii));
    }

    /// <summary>The calls of <see cref="CasperHarness.ThreeDays"/>, read with a permanent API token and no fault.</summary>
    private List<string> Expected()
    {
        var uiis = new CasperHarness(sandbox.Casper).List(CasperHarness.ThreeDays()).Select(r => r.Uii).ToList();
        sandbox.Counters.Reset();
        return uiis;
    }

    private CasperCredentials Credentials(string mode)
    {
        var credentials = mode switch
        {
            "jwt" => CasperHarness.Jwt(sandbox.Casper),
            "engage" => CasperCredentials.FromPassword(new System.Net.NetworkCredential(CasperEmulator.UserName, CasperEmulator.Password), CasperEmulator.PlatformId),
            _ => CasperHarness.ApiToken(),
        };
        credentials.ExchangeWindow = ExchangeWindow;
        return credentials;
    }
}
