using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Voxo;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>Get-VoxoCallReport run by the real PowerShell engine against the Sandbox VOXO emulator.</summary>
[Collection(ModuleCollection.Name)]
public sealed class GetVoxoCallReportTests
{
    private const string ReportsPath = "/voxo/call-reports";
    private const string SignInPath = "/voxo/authentication";

    // 95 days of tenant 37 (America/New_York), given as UTC instants.
    private const string Range = "-StartTime ([datetime]::new(2026, 8, 10, 4, 0, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2026, 11, 13, 5, 0, 0, [DateTimeKind]::Utc))";
    private readonly ModuleFixture fixture;

    public GetVoxoCallReportTests(ModuleFixture fixture) => this.fixture = fixture;

    private string Server => fixture.Sandbox.Voxo.BaseUri.ToString();

    private static PSCredential Credential(string email = VoxoEmulator.PartnerEmail, string password = VoxoEmulator.Password) =>
        new(email, ModuleFixture.ToSecure(password));

    [Fact]
    public void A_95_day_range_streams_typed_records_into_Where_Object_each_once()
    {
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            $"Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 {Range} | Where-Object Disposition -eq 'NO ANSWER'",
            Server, Credential());
        result.ThrowIfFailed();

        var start = new DateTimeOffset(2026, 8, 10, 4, 0, 0, TimeSpan.Zero);
        var expected = fixture.Sandbox.Voxo.CallsOf(VoxoEmulator.DentalTenantId, start, start.AddDays(95).AddHours(1))
            .Where(c => c.Disposition == "NO ANSWER").ToDictionary(c => c.Id);
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), result.Output.Select(o => (string)o.Properties["Id"].Value).OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(result.Output, o =>
        {
            Assert.Equal("CallReports.Models.VoxoCallRecord", o.BaseObject.GetType().FullName);
            var time = Assert.IsType<DateTimeOffset>(o.Properties["Time"].Value);
            Assert.Equal(expected[(string)o.Properties["Id"].Value].Instant, time);
            Assert.IsType<bool>(o.Properties["Recorded"].Value);
            Assert.IsType<int>(o.Properties["Duration"].Value);
            Assert.Equal("America/New_York", o.Properties["TimeZone"].Value);
        });
        Assert.Equal(4, fixture.Sandbox.Counters.Count("GET", ReportsPath));
        Assert.Contains(result.Streams.Progress, p => p.StatusDescription.Contains("window 4 of 4", StringComparison.Ordinal));
    }

    [Fact]
    public void Select_Object_First_stops_after_the_first_window()
    {
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            $"Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 {Range} | Select-Object -First 3",
            Server, Credential());
        result.ThrowIfFailed();
        Assert.Equal(3, result.Output.Count);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("GET", ReportsPath));
    }

    [Fact]
    public void AccessToken_and_SecretManagement_secrets_work()
    {
        var token = fixture.Sandbox.Voxo.IssuePortalToken();
        fixture.Invoke(
            "Set-FakeSecret -Name VoxoAdmin -Vault Ops -Secret $args[0]; Set-FakeSecret -Name VoxoToken -Secret $args[1]",
            Credential(VoxoEmulator.TenantAdminEmail), ModuleFixture.ToSecure(token)).ThrowIfFailed();
        fixture.Sandbox.Counters.Reset();

        var byToken = fixture.Invoke($"Get-VoxoCallReport -Server $args[0] -AccessToken $args[1] -TenantId 37 {Range} | Select-Object -First 2", Server, ModuleFixture.ToSecure(token));
        byToken.ThrowIfFailed();
        Assert.Equal(2, byToken.Output.Count);
        Assert.Equal(0, fixture.Sandbox.Counters.Count("POST", SignInPath));

        var bySecret = fixture.Invoke($"Get-VoxoCallReport -Server $args[0] -SecretName VoxoToken -TenantId 37 {Range} | Select-Object -First 1", Server);
        bySecret.ThrowIfFailed();
        Assert.Single(bySecret.Output);

        var byCredentialSecret = fixture.Invoke($"Get-VoxoCallReport -Server $args[0] -SecretName VoxoAdmin -Vault Ops -TenantId 37 {Range} | Select-Object -First 1", Server);
        byCredentialSecret.ThrowIfFailed();
        Assert.Single(byCredentialSecret.Output);
    }

    [Theory]
    [InlineData("-TenantId 37 -StartTime '2026-09-03' -EndTime '2026-09-02'", "VoxoInvalidTimeRange")]
    [InlineData("-TenantId 37 -BillingCode SBX37", "VoxoTenantAmbiguous")]
    [InlineData("-TenantId 37 -TimeZone 'Mars/Olympus_Mons'", "VoxoInvalidTimeZone")]
    [InlineData("-WindowSize '2.00:00:00'", "VoxoInvalidArgument")]
    [InlineData("-TenantId 37 -WindowSize '32.00:00:00'", "VoxoInvalidArgument")]
    [InlineData("-TenantId 0", "ParameterArgumentValidationError")]
    [InlineData("-TenantId 37 -Server 'http://voxo.example.invalid'", "VoxoUnencryptedAuthentication")]
    [InlineData("-TenantId 37 -Server 'ftp://voxo.example.invalid'", "VoxoInvalidServer")]
    public void Bad_input_fails_before_any_request(string parameters, string errorId)
    {
        fixture.Sandbox.Counters.Reset();
        var server = parameters.Contains("-Server", StringComparison.Ordinal) ? string.Empty : "-Server $args[0] ";
        var error = fixture.InvokeExpectingTerminatingError($"Get-VoxoCallReport {server}-Credential $args[1] {parameters}", Server, Credential());
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void A_missing_credential_fails_before_any_request()
    {
        fixture.Sandbox.Counters.Reset();
        var error = fixture.InvokeExpectingTerminatingError("Get-VoxoCallReport -Server $args[0] -TenantId 37", Server);
        Assert.StartsWith("VoxoCredentialMissing", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void A_wrong_password_is_a_terminating_authentication_error_sent_once()
    {
        fixture.Sandbox.Counters.Reset();
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37",
            Server, Credential(password: "Wrong-Voxo-Pass-77"));
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("VoxoSignInFailed", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("POST", SignInPath));
        Assert.DoesNotContain("Wrong-Voxo-Pass-77", error.ToString() + error.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void A_forbidden_tenant_is_a_terminating_permission_error()
    {
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 61 -TimeZone UTC",
            Server, Credential(VoxoEmulator.TenantAdminEmail));
        Assert.Equal(ErrorCategory.PermissionDenied, error.CategoryInfo.Category);
        Assert.StartsWith("VoxoForbidden", error.FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void No_stream_ever_shows_a_secret()
    {
        var voxo = fixture.Sandbox.Voxo;
        fixture.Invoke("Clear-CallReportsTokenCache -Vendor Voxo -NoRevoke").ThrowIfFailed();
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = ReportsPath, StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });
        var baseline = voxo.ReportsServed;
        voxo.AfterReportServed = served =>
        {
            if (served == baseline + 2)
            {
                voxo.ExpireAllTokens();
            }
        };
        var texts = new List<string>();
        try
        {
            const string Script = """
                $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ProgressPreference = 'Continue'
                Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 -StartTime ([datetime]::new(2026, 8, 1, 0, 0, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc)) -RetryIntervalSec 0 -Verbose -Debug
                Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 99 -TimeZone 'Central Standard Time' -Verbose -Debug
                Get-CallReportsTokenCache | Format-List * | Out-String
                """;
            var run = fixture.Invoke(Script, Server, Credential());
            Assert.Null(run.Failure);
            Assert.True(run.Output.Count > 100);
            Assert.Contains(run.Streams.Verbose, v => v.Message.Contains("signing in again", StringComparison.Ordinal));
            Assert.NotEmpty(run.Streams.Progress);
            texts.Add(run.AllText());

            var token = voxo.IssuePortalToken();
            var withToken = fixture.Invoke("Get-VoxoCallReport -Server $args[0] -AccessToken $args[1] -TenantId 37 -Verbose -Debug", Server, ModuleFixture.ToSecure(token));
            texts.Add(withToken.AllText());
            voxo.ExpireAllTokens();
            var rejected = fixture.Invoke("Get-VoxoCallReport -Server $args[0] -AccessToken $args[1] -TenantId 37 -Verbose -Debug", Server, ModuleFixture.ToSecure(token));
            Assert.Contains(rejected.Streams.Error, e => e.CategoryInfo.Category == ErrorCategory.AuthenticationError);
            texts.Add(rejected.AllText());

            var wrong = fixture.Invoke("Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 -Verbose -Debug", Server, Credential(VoxoEmulator.TenantAdminEmail, "Bad-" + VoxoEmulator.Password));
            Assert.NotEmpty(wrong.Streams.Error);
            texts.Add(wrong.AllText());
        }
        finally
        {
            voxo.AfterReportServed = null;
            fixture.Sandbox.Faults.Clear();
        }

        var secrets = voxo.IssuedSecrets.Append(VoxoEmulator.Password).Append("Bad-" + VoxoEmulator.Password).ToArray();
        Assert.True(secrets.Length > 3);
        var all = string.Join("\n", texts);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }
}
