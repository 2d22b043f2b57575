using System;
using System.Linq;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>The three sign-in generations, 2FA, bad passwords, refresh and re-login, against the sandbox.</summary>
public sealed class PortSipSignInTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly SandboxHost sandbox;

    public PortSipSignInTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public async Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        await PortSipHarness.ClearTokensAsync(sandbox.PortSip);
        await PortSipHarness.ClearTokensAsync(sandbox.PortSipV22_0);
        await PortSipHarness.ClearTokensAsync(sandbox.PortSipV16);
        sandbox.Counters.Reset();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void V22_2_SignsIn_WithJson_AndListsAllCdrs()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.List(new PortSipCdrQuery { PageSize = 100 });

        Assert.Equal(sandbox.PortSip.Cdrs.Select(c => c.Id), records.Select(r => r.Id));
        Assert.Equal(sandbox.PortSip.CdrCount, harness.TotalCount);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
        Assert.Equal(3, sandbox.Counters.Count("GET", "/portsip/api/cdrs"));
        Assert.Equal(0, sandbox.Counters.CountPrefix("/portsip/api/login"));
    }

    [Fact]
    public void V22_0_FallsBackToOAuthForm_AndListsAllCdrs()
    {
        var harness = new PortSipHarness(sandbox.PortSipV22_0);

        var records = harness.List(new PortSipCdrQuery { PageSize = 100 });

        Assert.Equal(sandbox.PortSipV22_0.Cdrs.Select(c => c.Id), records.Select(r => r.Id));
        Assert.True(sandbox.Counters.Count("POST", "/portsip-v22-0/api/auth/sign_in") <= 1, "probed /api/auth/sign_in at most once");
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip-v22-0/api/login/oauth/token"));
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip-v22-0/api/login"));
    }

    [Fact]
    public void V16_FallsBackToLoginCookie_AndListsAllCdrs()
    {
        var harness = new PortSipHarness(sandbox.PortSipV16);

        var records = harness.List(new PortSipCdrQuery { PageSize = 100 });

        Assert.Equal(sandbox.PortSipV16.Cdrs.Select(c => c.Id), records.Select(r => r.Id));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip-v16/api/login"));
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip-v16/api/login"));
        Assert.True(sandbox.Counters.Count("POST", "/portsip-v16/api/login/oauth/token") <= 1);
    }

    [Fact]
    public void TwoFactorUser_IsATerminatingError()
    {
        var harness = new PortSipHarness(sandbox.PortSip, PortSipEmulator.TwoFactorUserName);

        var error = Assert.IsType<CallReportsException>(harness.TryList(new PortSipCdrQuery()).Error);

        Assert.Equal("PortSipTwoFactorRequired", error.ErrorId);
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Equal(0, sandbox.Counters.Count("GET", "/portsip/api/cdrs"));
    }

    [Theory]
    [InlineData("portsip", "/api/auth/sign_in")]
    [InlineData("portsip-v22-0", "/api/login/oauth/token")]
    [InlineData("portsip-v16", "/api/login")]
    public void BadPassword_IsATerminatingAuthenticationError_AndIsNeverRetried(string mount, string signInPath)
    {
        var emulator = Emulator(mount);
        var harness = new PortSipHarness(emulator, password: "Wrong-Password-123");

        var (records, thrown) = harness.TryList(new PortSipCdrQuery());

        var error = Assert.IsType<CallReportsException>(thrown);
        Assert.Empty(records);
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.StartsWith("PortSip", error.ErrorId, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/" + mount + signInPath));
        Assert.Equal(0, sandbox.Counters.Count("GET", "/" + mount + "/api/cdrs"));
        Assert.DoesNotContain("Wrong-Password-123", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExpiredToken_IsRefreshed_AndTheListSucceeds()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.PortSip.ExpireAllTokens();
        sandbox.Counters.Reset();

        var records = harness.List(new PortSipCdrQuery { First = 3 });

        Assert.Equal(3, records.Count);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
        Assert.Equal(2, sandbox.Counters.Count("GET", "/portsip/api/cdrs")); // 401, then the retry with the new token
    }

    [Fact]
    public void FailedRefresh_SignsInAgain()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.PortSip.ExpireAllTokens();
        sandbox.PortSip.InvalidateRefreshTokens();
        sandbox.Counters.Reset();

        var records = harness.List(new PortSipCdrQuery { First = 3 });

        Assert.Equal(3, records.Count);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    [Fact]
    public void V22_0_ExpiredToken_IsRefreshedWithTheOAuthEndpoint()
    {
        var harness = new PortSipHarness(sandbox.PortSipV22_0);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.PortSipV22_0.ExpireAllTokens();
        sandbox.Counters.Reset();

        Assert.Equal(2, harness.List(new PortSipCdrQuery { First = 2 }).Count);

        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip-v22-0/api/login/oauth/token"));
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip-v22-0/api/auth/sign_in"));
    }

    [Fact]
    public void V16_ExpiredToken_SignsInAgain()
    {
        var harness = new PortSipHarness(sandbox.PortSipV16);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.PortSipV16.ExpireAllTokens();
        sandbox.Counters.Reset();

        Assert.Equal(2, harness.List(new PortSipCdrQuery { First = 2 }).Count);

        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip-v16/api/login"));
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip-v16/api/login"));
    }

    [Fact]
    public void CachedToken_IsReused_AcrossClients()
    {
        Assert.Single(new PortSipHarness(sandbox.PortSip).List(new PortSipCdrQuery { First = 1 }));
        Assert.Single(new PortSipHarness(sandbox.PortSip).List(new PortSipCdrQuery { First = 1 }));

        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
        Assert.Equal(2, sandbox.Counters.Count("GET", "/portsip/api/cdrs"));
    }

    [Fact]
    public async Task ClearingTheCacheWithRevoke_SignsOut()
    {
        Assert.Single(new PortSipHarness(sandbox.PortSip).List(new PortSipCdrQuery { First = 1 }));

        var removed = await PortSipHarness.ClearTokensAsync(sandbox.PortSip, revoke: true);

        Assert.Single(removed);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_out"));
    }

    [Fact]
    public void TransientFailureOfTheSignIn_IsRetried()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/auth/sign_in", StatusCode = 503, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);

        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));

        Assert.Equal(2, sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    private PortSipEmulator Emulator(string mount) => mount switch
    {
        "portsip" => sandbox.PortSip,
        "portsip-v22-0" => sandbox.PortSipV22_0,
        _ => sandbox.PortSipV16,
    };
}
