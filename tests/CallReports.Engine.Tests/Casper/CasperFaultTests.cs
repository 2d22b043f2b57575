using System;
using System.Linq;
using System.Threading.Tasks;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

/// <summary>Cut bodies, server errors, error documents and expiring tokens against the Sandbox RingCX.</summary>
[Collection(CasperHarness.Collection)]
public sealed class CasperFaultTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Report = "/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming";
    private static readonly TimeSpan Arizona = TimeSpan.FromHours(-7);
    private readonly SandboxHost sandbox;

    public CasperFaultTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        sandbox.Casper.AfterReportServed = null;
        sandbox.Casper.ResetLimits();
        sandbox.Casper.ExchangeWindow = TimeSpan.FromMinutes(1);
        sandbox.Casper.ExchangeRetryAfter = true;
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => InitializeAsync();

    [Fact]
    public void A_cut_body_is_an_error_naming_the_window_never_a_short_list()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Report, ResetAfterBytes = 2500, Times = 1 });
        var harness = new CasperHarness(sandbox.Casper, maximumRetryCount: 0);

        var (records, thrown) = harness.TryList(CasperHarness.ThreeDays());

        Assert.Null(thrown);
        var error = Assert.Single(harness.Errors);
        Assert.Equal("CasperResponseInterrupted", error.ErrorId);
        Assert.Contains("window 1 of 3", error.Target, StringComparison.Ordinal);
        Assert.Equal(3, sandbox.Counters.Count("POST", Report));
        var complete = new CasperHarness(sandbox.Casper).List(CasperHarness.ThreeDays());
        Assert.True(records.Count < complete.Count);
        Assert.Empty(records.Select(r => r.Uii).Except(complete.Select(r => r.Uii)));

        // Windows 2 and 3 came through whole.
        var laterWindows = complete.Where(r => r.EnqueueTime >= new DateTimeOffset(2026, 11, 2, 17, 0, 0, Arizona)).Select(r => r.Uii).ToList();
        Assert.NotEmpty(laterWindows);
        Assert.Empty(laterWindows.Except(records.Select(r => r.Uii)));
    }

    [Fact]
    public void A_truncated_body_with_a_content_length_is_an_error()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Report, TruncateAfterBytes = 4000, Times = 1 });
        var harness = new CasperHarness(sandbox.Casper, maximumRetryCount: 0);

        var (_, thrown) = harness.TryList(CasperHarness.ThreeDays());

        Assert.Null(thrown);
        Assert.Equal("CasperResponseInterrupted", Assert.Single(harness.Errors).ErrorId);
    }

    [Fact]
    public void A_server_error_on_one_window_is_reported_and_the_rest_continue()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Report, StatusCode = 503, Times = 2 });
        var harness = new CasperHarness(sandbox.Casper, maximumRetryCount: 1);

        var (records, thrown) = harness.TryList(CasperHarness.ThreeDays());

        Assert.Null(thrown);
        var error = Assert.Single(harness.Errors);
        Assert.Equal(FailureKind.Connection, error.Kind);
        Assert.Equal(503, error.StatusCode);
        Assert.Contains("window 1 of 3", error.Target, StringComparison.Ordinal);
        Assert.NotEmpty(records);
        Assert.Equal(4, sandbox.Counters.Count("POST", Report));
    }

    [Fact]
    public void Json_error_document_with_200_is_an_error_not_an_empty_report()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.ThreeDays();
        query.AccountIds = new[] { CasperEmulator.JsonErrorAccountId };

        var (records, thrown) = harness.TryList(query);

        Assert.Empty(records);
        Assert.Null(thrown);
        Assert.Equal(3, harness.Errors.Count());
        var error = harness.Errors.First();
        Assert.Equal("CasperErrorResponse", error.ErrorId);
        Assert.Contains("The report could not be generated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forbidden_account_is_PermissionDenied_and_stops()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.ThreeDays();
        query.AccountIds = new[] { "55500001" };

        var error = Assert.IsType<CallReportsException>(harness.TryList(query).Error);

        Assert.Equal("CasperAccessDenied", error.ErrorId);
        Assert.Equal(FailureKind.PermissionDenied, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Contains("55500001", error.Message, StringComparison.Ordinal);
        Assert.Equal("access.denied.exception", error.VendorCode);
    }

    [Fact]
    public void Switched_off_report_api_says_it_was_deprecated()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.ThreeDays();
        query.AccountIds = new[] { CasperEmulator.RetiredAccountId };

        var error = Assert.IsType<CallReportsException>(harness.TryList(query).Error);

        Assert.Equal("CasperReportApiUnavailable", error.ErrorId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Contains("deprecated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_errors_become_InvalidRequest()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.ThreeDays();
        query.TimeZone = TimeZoneInfo.Utc;
        query.TimeZoneName = "Not/AZone";

        var error = Assert.IsType<CallReportsException>(harness.TryList(query).Error);

        Assert.Equal("CasperInvalidRequest", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.Contains("timezoneName", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_exchange_then_a_token_expiring_mid_run_is_refreshed_once()
    {
        await CasperHarness.ClearTokensAsync();
        var served = 0;
        sandbox.Casper.AfterReportServed = _ =>
        {
            // The first report of this run, whatever this sandbox served before.
            if (System.Threading.Interlocked.Increment(ref served) == 1)
            {
                sandbox.Casper.ExpireAllTokens();
            }
        };
        var harness = new CasperHarness(sandbox.Casper, CasperHarness.Jwt(sandbox.Casper));

        var records = harness.List(CasperHarness.ThreeDays());

        Assert.NotEmpty(records);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/ringcx/restapi/oauth/token"));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/ringcx/api/auth/login/rc/accesstoken"));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/ringcx/api/auth/token/refresh"));
        Assert.Equal(4, sandbox.Counters.Count("POST", Report));
        Assert.Empty(harness.Errors);

        // The rotated refresh token is the one kept: a second expiry refreshes again, with no new exchange.
        sandbox.Casper.AfterReportServed = null;
        sandbox.Casper.ExpireAllTokens();
        new CasperHarness(sandbox.Casper, CasperHarness.Jwt(sandbox.Casper)).List(CasperHarness.ThreeDays());
        Assert.Equal(1, sandbox.Counters.Count("POST", "/ringcx/api/auth/login/rc/accesstoken"));
        Assert.Equal(2, sandbox.Counters.Count("POST", "/ringcx/api/auth/token/refresh"));

        var secrets = sandbox.Casper.IssuedSecrets.Concat(new[] { CasperEmulator.Jwt, CasperEmulator.ClientSecret });
        foreach (var text in harness.VisibleTexts())
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_token_exchange_refused_by_the_rate_limit_waits_for_the_window_and_reports_the_wait(bool retryAfter)
    {
        await CasperHarness.ClearTokensAsync();
        var expected = new CasperHarness(sandbox.Casper).List(CasperHarness.ThreeDays());
        sandbox.Counters.Reset();

        // A "minute" of a second: another runbook signed in five times just now, and RingCX answers 429.
        var window = TimeSpan.FromSeconds(1);
        sandbox.Casper.ExchangeWindow = window;
        sandbox.Casper.ExchangeRetryAfter = retryAfter;
        sandbox.Casper.UseExchanges(5);
        var credentials = CasperHarness.Jwt(sandbox.Casper);
        credentials.ExchangeWindow = window;
        var harness = new CasperHarness(sandbox.Casper, credentials);

        var (records, error) = harness.TryList(CasperHarness.ThreeDays());

        Assert.Null(error);
        Assert.Empty(harness.Errors);
        Assert.Equal(expected.Select(r => r.Uii), records.Select(r => r.Uii));
        Assert.Equal(2, sandbox.Counters.Count("POST", "/ringcx/api/auth/login/rc/accesstoken"));
        Assert.Contains(harness.Entries, e => e.Kind == Diagnostics.LogKind.Progress && !e.Completed && e.Message.Contains("token exchange", StringComparison.Ordinal));
        Assert.Contains(harness.Entries, e => e.Kind == Diagnostics.LogKind.Progress && e.Completed);
    }

    [Fact]
    public async Task Engage_login_warns_that_it_is_deprecated_and_works()
    {
        await CasperHarness.ClearTokensAsync();
        CasperClient.ResetWarnings();
        var credentials = CasperCredentials.FromPassword(new System.Net.NetworkCredential(CasperEmulator.UserName, CasperEmulator.Password), CasperEmulator.PlatformId);
        var harness = new CasperHarness(sandbox.Casper, credentials);

        var records = harness.List(CasperHarness.SampleDay());

        Assert.Equal(3, records.Count);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/ringcx/api/auth/login/admin"));
        var warnings = harness.Entries.Where(e => e.Kind == Diagnostics.LogKind.Warning).Select(e => e.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Contains("login", StringComparison.Ordinal) && w.Contains("deprecated", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.Contains("reportsStreaming", StringComparison.Ordinal));
        Assert.All(harness.VisibleTexts(), t => Assert.DoesNotContain(CasperEmulator.Password, t, StringComparison.Ordinal));

        var again = new CasperHarness(sandbox.Casper, credentials);
        again.List(CasperHarness.SampleDay());
        Assert.DoesNotContain(again.Entries, e => e.Kind == Diagnostics.LogKind.Warning);
    }

    [Fact]
    public void A_rejected_access_token_is_terminating_and_advises_renewal()
    {
        var harness = new CasperHarness(sandbox.Casper, CasperCredentials.FromAccessToken(CasperHarness.Secure("ringcx-at-not-a-real-token")));

        var error = Assert.IsType<CallReportsException>(harness.TryList(CasperHarness.SampleDay()).Error);

        Assert.Equal("CasperUnauthorized", error.ErrorId);
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.Contains("5 minutes", error.Message, StringComparison.Ordinal);
    }
}
