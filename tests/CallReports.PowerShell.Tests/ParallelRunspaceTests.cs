using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.Json;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Voxo;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// Admins fan out over accounts with <c>ForEach-Object -Parallel -ThrottleLimit 8</c>: eight runspaces at once,
/// each importing the module, over eight accounts of one server. One sign-in per account for the whole
/// process (a second fan-out signs in no more), the request limits held across the runspaces, each record in
/// the output of its own account's runspace, and no error.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ParallelRunspaceTests
{
    private readonly ModuleFixture fixture;

    public ParallelRunspaceTests(ModuleFixture fixture) => this.fixture = fixture;

    private SandboxHost Sandbox => fixture.Sandbox;

    [Fact]
    public void Eight_VOXO_accounts_at_once_sign_in_once_each_and_keep_their_own_calls()
    {
        var accounts = VoxoFanOutAccounts();
        var credentials = accounts.ToDictionary(a => a, a => new PSCredential(VoxoEmulator.AccountAdminEmail(a), ModuleFixture.ToSecure(VoxoEmulator.Password)));
        ClearTokens("Voxo", "admin-2*");

        for (var round = 1; round <= 2; round++)
        {
            var signIns = Capture(() => ReadVoxoFanOut(credentials))
                .Where(r => r.Method == "POST" && r.Path == "/voxo/authentication").Select(r => JsonField(r, "email")).ToList();

            // The first fan-out signs in once per account; the second finds every token in the process-wide cache.
            Assert.Equal(round == 1 ? accounts.Select(VoxoEmulator.AccountAdminEmail).OrderBy(e => e, StringComparer.Ordinal) : Enumerable.Empty<string>(), signIns.OrderBy(e => e, StringComparer.Ordinal));
        }

        AssertOneEngineInTheProcess();
    }

    [Fact]
    public void Eight_runspaces_on_one_VOXO_partner_account_sign_in_once_in_all()
    {
        var partner = new PSCredential(VoxoEmulator.PartnerEmail, ModuleFixture.ToSecure(VoxoEmulator.Password));
        ClearTokens("Voxo", VoxoEmulator.PartnerEmail);

        var requests = Capture(() => ReadVoxoFanOut(VoxoFanOutAccounts().ToDictionary(a => a, _ => partner)));

        // Eight runspaces asked for the same token at the same moment: one sign-in, which the other seven waited for.
        Assert.Equal(1, requests.Count(r => r.Method == "POST" && r.Path == "/voxo/authentication"));
    }

    [Fact]
    public void Eight_PortSIP_tenants_of_one_PBX_at_once_sign_in_once_each_and_keep_their_own_CDRs()
    {
        const string Script = """
            param($Module, $Server, $Credential)
            1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:Module
                $domain = "tenant$_.sandbox.portsip.test"
                Get-PortSipCdr -Server $using:Server -Credential $using:Credential -Domain $domain -PageSize 7 `
                    -StartTime ([datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2026, 11, 5, 0, 0, 0, [DateTimeKind]::Utc)) |
                    Add-Member -NotePropertyName Account -NotePropertyValue $domain -PassThru
            }
            """;
        var domains = Enumerable.Range(1, PortSipEmulator.TenantCount).Select(PortSipEmulator.TenantDomain).ToArray();
        var expected = domains.ToDictionary(d => d, d => Sandbox.PortSip.TenantCdrs(d).Select(r => r.Id));
        ClearTokens("PortSip", "*@tenant*");

        for (var round = 1; round <= 2; round++)
        {
            var requests = Capture(() =>
            {
                var result = fixture.Invoke(Script, fixture.ModulePath, Sandbox.PortSip.BaseUri.ToString(), fixture.PortSipCredential());
                AssertEachAccountGotItsOwn(result, expected, o => (string)o.Properties["Id"].Value);
                Assert.All(result.Output, o => Assert.EndsWith("@" + (string)o.Properties["Account"].Value, (string)o.Properties["CallId"].Value, StringComparison.Ordinal));
            });
            var signIns = requests.Where(r => r.Method == "POST" && r.Path == "/portsip/api/auth/sign_in").Select(r => JsonField(r, "domain")).ToList();
            Assert.Equal(round == 1 ? domains.OrderBy(d => d, StringComparer.Ordinal) : Enumerable.Empty<string>(), signIns.OrderBy(d => d, StringComparer.Ordinal));
        }

        AssertOneEngineInTheProcess();
    }

    [Fact]
    public void Eight_Ozonetel_accounts_at_once_generate_one_token_each_and_stay_under_their_limits()
    {
        const string Script = """
            param($Module, $Server, $Start)
            1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:Module
                $account = $_
                $cred = [pscredential]::new("sandbox_ozonetel_$account", (ConvertTo-SecureString ('KK7SandboxOzonetelKey{0:D2}account' -f $account) -AsPlainText -Force))
                Get-OzonetelCallDetail -Server $using:Server -Credential $cred -AuthMode Token -StartTime $using:Start -EndTime ($using:Start).AddDays(3) `
                    -RequestsPerMinute 2 -RateLimitWindow 00:00:00.5 |
                    Add-Member -NotePropertyName Account -NotePropertyValue ([string]$account) -PassThru
            }
            """;
        var ozonetel = Sandbox.Ozonetel;
        ozonetel.ResetLimits();
        ozonetel.RequestsPerWindow = 2;
        ozonetel.RateLimitWindow = TimeSpan.FromMilliseconds(500);
        ozonetel.CallsPerDay = 6;
        var start = OzonetelEmulator.TodayIst.AddDays(-5);
        var expected = Enumerable.Range(1, OzonetelEmulator.AccountCount).ToDictionary(
            n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Enumerable.Range(0, 3).SelectMany(d => Enumerable.Range(0, 6).Select(i => OzonetelEmulator.UcidOf(start.AddDays(d), i))));
        ClearTokens("Ozonetel", "sandbox_ozonetel_*");
        var tokensBefore = ozonetel.TokensIssued;

        for (var round = 1; round <= 2; round++)
        {
            var requests = Capture(() =>
            {
                var result = fixture.Invoke(Script, fixture.ModulePath, ozonetel.BaseUri.ToString(), start);
                AssertEachAccountGotItsOwn(result, expected, o => (string)o.Properties["Ucid"].Value);
                Assert.All(result.Output, o => Assert.Equal(OzonetelEmulator.AccountDid(int.Parse((string)o.Properties["Account"].Value, System.Globalization.CultureInfo.InvariantCulture)), (string)o.Properties["Did"].Value));
            });
            var generated = requests.Where(r => r.Path == "/ozonetel/ca_apis/CAToken/generateToken").Select(r => JsonField(r, "userName")).ToList();
            Assert.Equal(round == 1 ? Enumerable.Range(1, 8).Select(OzonetelEmulator.AccountUserName).OrderBy(u => u, StringComparer.Ordinal) : Enumerable.Empty<string>(), generated.OrderBy(u => u, StringComparer.Ordinal));
        }

        Assert.Equal(8, ozonetel.TokensIssued - tokensBefore);
        Assert.Equal(0, ozonetel.RateLimitRejections);
    }

    [Fact]
    public void Eight_runspaces_on_one_Ozonetel_account_share_its_limit()
    {
        // Eight days of one account, a day per runspace: only a limiter shared by the runspaces keeps eight
        // simultaneous requests to two a window.
        const string Script = """
            param($Module, $Server, $Credential, $Days)
            $Days | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:Module
                Get-OzonetelCallDetail -Server $using:Server -Credential $using:Credential -Date $_ -RequestsPerMinute 2 -RateLimitWindow 00:00:00.5
            }
            """;
        var ozonetel = Sandbox.Ozonetel;
        ozonetel.ResetLimits();
        ozonetel.RequestsPerWindow = 2;
        ozonetel.RateLimitWindow = TimeSpan.FromMilliseconds(500);
        ozonetel.CallsPerDay = 6;
        var days = Enumerable.Range(2, 8).Select(d => OzonetelEmulator.TodayIst.AddDays(-d)).ToArray();
        var credential = new PSCredential(OzonetelEmulator.UserName, ModuleFixture.ToSecure(OzonetelEmulator.ApiKey));

        var result = fixture.Invoke(Script, fixture.ModulePath, ozonetel.BaseUri.ToString(), credential, days);

        Assert.Null(result.Failure);
        Assert.Empty(result.Streams.Error);
        Assert.Empty(result.Streams.Warning);
        Assert.Equal(0, ozonetel.RateLimitRejections);
        Assert.Equal(
            days.SelectMany(d => Enumerable.Range(0, 6).Select(i => OzonetelEmulator.UcidOf(d, i))).OrderBy(u => u, StringComparer.Ordinal),
            result.Output.Select(o => (string)o.Properties["Ucid"].Value).OrderBy(u => u, StringComparer.Ordinal));
    }

    private static long[] VoxoFanOutAccounts() =>
        Enumerable.Range(0, VoxoEmulator.FanOutTenantCount).Select(i => VoxoEmulator.FanOutFirstTenantId + i).ToArray();

    /// <summary>Each fan-out account in a runspace of its own, eight at once, signing in with its credential.</summary>
    private void ReadVoxoFanOut(Dictionary<long, PSCredential> credentials)
    {
        const string Script = """
            param($Module, $Server, $Credentials, $Start, $End)
            $Credentials.Keys | ForEach-Object -ThrottleLimit 8 -Parallel {
                Import-Module $using:Module
                $tenant = $_
                Get-VoxoCallReport -Server $using:Server -Credential ($using:Credentials)[$tenant] -TenantId $tenant -StartTime $using:Start -EndTime $using:End -TimeZone UTC |
                    Add-Member -NotePropertyName Account -NotePropertyValue ([string]$tenant) -PassThru
            }
            """;
        var table = new System.Collections.Hashtable();
        foreach (var (tenant, credential) in credentials)
        {
            table[tenant] = credential;
        }

        var result = fixture.Invoke(Script, fixture.ModulePath, Sandbox.Voxo.BaseUri.ToString(), table, VoxoEmulator.FanOutStart.UtcDateTime, VoxoEmulator.FanOutEnd.UtcDateTime);
        AssertEachAccountGotItsOwn(
            result,
            credentials.Keys.ToDictionary(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture), a => Sandbox.Voxo.CallsOf(a, VoxoEmulator.FanOutStart, VoxoEmulator.FanOutEnd).Select(c => c.Id)),
            o => (string)o.Properties["Id"].Value);
    }

    private static void AssertEachAccountGotItsOwn(PowerShellResult result, Dictionary<string, IEnumerable<string>> expected, Func<PSObject, string> id)
    {
        Assert.Null(result.Failure);
        Assert.Empty(result.Streams.Error);
        Assert.Empty(result.Streams.Warning);
        var byAccount = result.Output.GroupBy(o => (string)o.Properties["Account"].Value).ToDictionary(g => g.Key, g => g.Select(id).OrderBy(i => i, StringComparer.Ordinal).ToArray());
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), byAccount.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (account, ids) in expected)
        {
            var own = ids.OrderBy(i => i, StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(own);
            Assert.Equal(own, byAccount[account]);
        }
    }

    /// <summary>Every record, token and limiter lives in one copy of the engine, whatever runspace loaded the module.</summary>
    private static void AssertOneEngineInTheProcess() =>
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "CallReports.Engine");

    private void ClearTokens(string vendor, string principal) =>
        fixture.Invoke("Clear-CallReportsTokenCache -Vendor $args[0] -Principal $args[1] -NoRevoke", vendor, principal).ThrowIfFailed();

    /// <summary>Runs <paramref name="action"/> with request bodies captured; returns the requests it made.</summary>
    private IReadOnlyList<RecordedRequest> Capture(Action action)
    {
        Sandbox.Counters.Reset();
        Sandbox.Counters.CaptureBodies = true;
        try
        {
            action();
            return Sandbox.Counters.Requests;
        }
        finally
        {
            Sandbox.Counters.CaptureBodies = false;
        }
    }

    private static string JsonField(RecordedRequest request, string name)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(request.Body ?? Array.Empty<byte>()));
        return document.RootElement.GetProperty(name).GetString() ?? string.Empty;
    }
}
