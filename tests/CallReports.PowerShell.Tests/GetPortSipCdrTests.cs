using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>Get-PortSipCdr run by the real PowerShell engine against the Sandbox PortSIP emulator.</summary>
[Collection(ModuleCollection.Name)]
public sealed class GetPortSipCdrTests
{
    private const string CdrPath = "/portsip/api/cdrs";
    private readonly ModuleFixture fixture;

    public GetPortSipCdrTests(ModuleFixture fixture) => this.fixture = fixture;

    private string Server => fixture.Sandbox.PortSip.BaseUri.ToString();

    [Fact]
    public void Where_Object_pipeline_gets_typed_records()
    {
        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] | Where-Object { $_.AnsweredAt -eq $null -and $_.Direction -eq 'INBOUND_CALL' }",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
        result.ThrowIfFailed();
        Assert.NotEmpty(result.Output);
        Assert.All(result.Output, o =>
        {
            // The test process does not reference the models: it sees them as PowerShell does.
            Assert.Equal("CallReports.Models.PortSipCdr", o.BaseObject.GetType().FullName);
            Assert.Null(o.Properties["AnsweredAt"].Value);
            Assert.Equal("INBOUND_CALL", o.Properties["Direction"].Value);
            var started = Assert.IsType<DateTimeOffset>(o.Properties["StartedAt"].Value);
            Assert.Equal(TimeSpan.Zero, started.Offset);
            Assert.IsType<TimeSpan>(o.Properties["Duration"].Value);
        });
    }

    [Fact]
    public void ThrottleLimit_keeps_that_many_pages_in_flight_6_by_default()
    {
        var served = new ConcurrentQueue<long>();
        fixture.Sandbox.PortSip.AfterPageServed = _ => served.Enqueue(Stopwatch.GetTimestamp());
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = CdrPath, LatencyMs = 100 });
        try
        {
            foreach (var (throttle, expected) in new[] { (string.Empty, 6), ("-ThrottleLimit 2", 2) })
            {
                fixture.Sandbox.Counters.Reset();
                served.Clear();
                var result = fixture.Invoke(
                    $"Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -StartTime '2000-01-01Z' -EndTime '2100-01-01Z' -PageSize 10 {throttle}",
                    Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
                result.ThrowIfFailed();

                var ids = result.Output.Select(o => (string)o.Properties["Id"].Value).ToList();
                Assert.Equal(fixture.Sandbox.PortSip.Cdrs.Select(c => c.Id), ids);
                var arrivals = fixture.Sandbox.Counters.Requests.Where(r => r.Path == CdrPath).Select(r => r.Timestamp).ToList();
                Assert.Equal((ids.Count + 9) / 10, arrivals.Count);

                // From a page's arrival until its last records are written (before the final flush).
                var edges = arrivals.Select(t => (Time: t, Change: 1)).Concat(served.Select(t => (Time: t, Change: -1))).OrderBy(e => e.Time).ThenBy(e => e.Change);
                int running = 0, peak = 0;
                foreach (var (_, change) in edges)
                {
                    running += change;
                    peak = Math.Max(peak, running);
                }

                Assert.Equal(expected, peak);
            }
        }
        finally
        {
            fixture.Sandbox.Faults.Clear();
            fixture.Sandbox.PortSip.AfterPageServed = null;
        }
    }

    [Fact]
    public void First_5_sends_one_page_request_only()
    {
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 5",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
        result.ThrowIfFailed();
        Assert.Equal(5, result.Output.Count);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("GET", CdrPath));
    }

    [Fact]
    public void Select_Object_First_stops_paging()
    {
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -PageSize 20 | Select-Object -First 3",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
        result.ThrowIfFailed();
        Assert.Equal(3, result.Output.Count);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("GET", CdrPath));
    }

    [Fact]
    public void Select_Object_First_inside_the_first_page_costs_one_request_and_inside_the_second_at_most_three()
    {
        // Latency, so pages asked for ahead would reach the server while the pipeline is still reading.
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = CdrPath, LatencyMs = 30 });
        try
        {
            foreach (var (first, most) in new[] { (5, 1), (10, 1), (15, 3) })
            {
                fixture.Sandbox.Counters.Reset();
                var result = fixture.Invoke(
                    $"Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -PageSize 10 | Select-Object -First {first}",
                    Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
                result.ThrowIfFailed();
                Assert.Equal(first, result.Output.Count);
                var requests = fixture.Sandbox.Counters.Count("GET", CdrPath);
                Assert.True(requests >= (first + 9) / 10 && requests <= most, $"Select-Object -First {first}: {requests} page requests");
            }
        }
        finally
        {
            fixture.Sandbox.Faults.Clear();
        }
    }

    [Fact]
    public void IncludeTotalCount_and_Skip_follow_the_server_count()
    {
        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -IncludeTotalCount -Skip 245 -PageSize 100",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
        result.ThrowIfFailed();
        Assert.Equal(250UL, result.Output.First().BaseObject);
        Assert.Equal(5, result.Output.Skip(1).Count());
    }

    [Fact]
    public void First_0_with_IncludeTotalCount_gives_the_total_alone_from_one_request()
    {
        fixture.Invoke("Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 1 | Out-Null", Server, fixture.PortSipCredential(), PortSipEmulator.Domain).ThrowIfFailed();
        fixture.Sandbox.Counters.Reset();

        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -IncludeTotalCount -First 0",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain);

        result.ThrowIfFailed();
        Assert.Equal(250UL, Assert.Single(result.Output).BaseObject);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("GET", "/portsip/api/cdrs"));
    }

    [Fact]
    public void Loop_of_calls_signs_in_once()
    {
        fixture.Invoke("Clear-CallReportsTokenCache -NoRevoke").ThrowIfFailed();
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            "$s, $c, $d = $args; 1..3 | ForEach-Object { Get-PortSipCdr -Server $s -Credential $c -Domain $d -First 1 }; Get-CallReportsTokenCache",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
        result.ThrowIfFailed();
        Assert.Equal(1, fixture.Sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
        var cached = result.Output.Where(o => o.BaseObject.GetType().Name == "CachedToken")
            .Single(t => ((string)t.Properties["Server"].Value).EndsWith("/portsip", StringComparison.Ordinal));
        Assert.Equal("PortSip", cached.Properties["Vendor"].Value.ToString());
        Assert.Equal(PortSipEmulator.UserName + "@" + PortSipEmulator.Domain, cached.Properties["Principal"].Value);
        Assert.True((DateTimeOffset)cached.Properties["ExpiresAt"].Value > DateTimeOffset.Now);
        Assert.DoesNotContain(cached.Properties, p => p.Name.Contains("Token", StringComparison.OrdinalIgnoreCase) && p.Name != "CanRefresh");
    }

    [Fact]
    public void Clear_revokes_the_token_at_the_PBX()
    {
        fixture.Invoke("Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 1 | Out-Null", Server, fixture.PortSipCredential(), PortSipEmulator.Domain).ThrowIfFailed();
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke("Clear-CallReportsTokenCache -Vendor PortSip -PassThru; @(Get-CallReportsTokenCache -Vendor PortSip).Count");
        result.ThrowIfFailed();
        Assert.Contains(result.Output, o => o.BaseObject.GetType().Name == "CachedToken");
        Assert.Equal(0, (int)result.Output.Last().BaseObject);
        Assert.True(fixture.Sandbox.Counters.Count("POST", "/portsip/api/auth/sign_out") >= 1);
    }

    [Fact]
    public void AccessToken_SecureString_works_without_sign_in()
    {
        var token = SignInDirectly();
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -AccessToken $args[1] -First 2",
            Server, ModuleFixture.ToSecure(token));
        result.ThrowIfFailed();
        Assert.Equal(2, result.Output.Count);
        Assert.Equal(0, fixture.Sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
    }

    [Fact]
    public void SecretManagement_credential_and_token_secrets_work_and_other_types_are_rejected()
    {
        var token = SignInDirectly();
        var setup = fixture.Invoke(
            "Set-FakeSecret -Name PortSipAdmin -Vault Ops -Secret $args[0]; Set-FakeSecret -Name PortSipToken -Secret $args[1]; Set-FakeSecret -Name Plain -Secret 'not-a-secure-type'",
            fixture.PortSipCredential(), ModuleFixture.ToSecure(token));
        setup.ThrowIfFailed();

        var byCredential = fixture.Invoke("Get-PortSipCdr -Server $args[0] -SecretName PortSipAdmin -Vault Ops -Domain $args[1] -First 1", Server, PortSipEmulator.Domain);
        byCredential.ThrowIfFailed();
        Assert.Single(byCredential.Output);

        var byToken = fixture.Invoke("Get-PortSipCdr -Server $args[0] -SecretName PortSipToken -First 1", Server);
        byToken.ThrowIfFailed();
        Assert.Single(byToken.Output);

        var error = fixture.InvokeExpectingTerminatingError("Get-PortSipCdr -Server $args[0] -SecretName Plain -First 1", Server);
        Assert.Equal("CallReportsSecretInvalidType", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(ErrorCategory.InvalidType, error.CategoryInfo.Category);

        var missing = fixture.InvokeExpectingTerminatingError("Get-PortSipCdr -Server $args[0] -SecretName Nope -First 1", Server);
        Assert.Equal("CallReportsSecretNotFound", missing.FullyQualifiedErrorId.Split(',')[0]);
    }

    [Theory]
    [InlineData("-StartTime '2026-11-03' -EndTime '2026-11-02'", "PortSipInvalidTimeRange")]
    [InlineData("-PageSize 0", "ParameterArgumentValidationError")]
    [InlineData("-PageSize 101", "ParameterArgumentValidationError")]
    [InlineData("-Server 'http://pbx.example.invalid'", "PortSipUnencryptedAuthentication")]
    public void Bad_input_fails_before_any_request(string parameters, string errorId)
    {
        fixture.Sandbox.Counters.Reset();
        var server = parameters.Contains("-Server", StringComparison.Ordinal) ? string.Empty : "-Server $args[0] ";
        var error = fixture.InvokeExpectingTerminatingError($"Get-PortSipCdr {server}-Credential $args[1] {parameters}", Server, fixture.PortSipCredential());
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void Wrong_password_is_a_terminating_authentication_error_sent_once()
    {
        fixture.Sandbox.Counters.Reset();
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2]",
            Server, fixture.PortSipCredential("Wrong-Password-123"), PortSipEmulator.Domain);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("PortSip", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("POST", "/portsip/api/auth/sign_in"));
        Assert.DoesNotContain("Wrong-Password-123", error.ToString() + error.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public void Stopping_the_pipeline_cancels_the_in_flight_request()
    {
        fixture.Invoke("Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 1 | Out-Null", Server, fixture.PortSipCredential(), PortSipEmulator.Domain).ThrowIfFailed();
        fixture.Sandbox.Counters.Reset();
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = CdrPath, LatencyMs = 60_000, Times = 1 });
        try
        {
            using var ps = System.Management.Automation.PowerShell.Create();
            ps.Runspace = fixture.Runspace;
            ps.AddScript("Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2]")
                .AddArgument(Server).AddArgument(fixture.PortSipCredential()).AddArgument(PortSipEmulator.Domain);
            var pending = ps.BeginInvoke();
            Assert.True(SpinWait.SpinUntil(() => fixture.Sandbox.Counters.Count("GET", CdrPath) > 0, TimeSpan.FromSeconds(20)), "the request never reached the Sandbox");

            var clock = Stopwatch.StartNew();
            ps.Stop();
            clock.Stop();
            Assert.True(pending.IsCompleted);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "Stop() waited for the slow response instead of cancelling it");
            Assert.True(SpinWait.SpinUntil(() => fixture.Sandbox.Counters.Aborted("GET", CdrPath) > 0, TimeSpan.FromSeconds(10)), "the Sandbox never saw the request aborted");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
        finally
        {
            fixture.Sandbox.Faults.Clear();
        }
    }

    [Fact]
    public void No_stream_ever_shows_a_secret()
    {
        fixture.Invoke("Clear-CallReportsTokenCache -NoRevoke").ThrowIfFailed();
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = CdrPath, StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });
        var texts = new List<string>();
        try
        {
            const string Script = """
                $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ProgressPreference = 'Continue'
                Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -PageSize 50 -Verbose -Debug -RetryIntervalSec 0
                Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 3 -Verbose -Debug | Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -Verbose -Debug
                Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -Id 'no-such-cdr' -Verbose -Debug
                Get-CallReportsTokenCache | Format-List * | Out-String
                """;
            var run = fixture.Invoke(Script, Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
            Assert.True(run.Output.Count > 100);
            Assert.NotEmpty(run.Streams.Verbose);
            Assert.NotEmpty(run.Streams.Progress);
            Assert.True(run.Streams.Error.Count > 0, "no error for the unknown id; output: " + run.Output.Count + " verbose: " + run.Streams.Verbose.Count + " failure: " + run.Failure + " last verbose: " + string.Join(" | ", run.Streams.Verbose.TakeLast(5).Select(v => v.Message)));
            texts.Add(run.AllText());

            fixture.Sandbox.PortSip.ExpireAllTokens();
            var renewed = fixture.Invoke(Script, Server, fixture.PortSipCredential(), PortSipEmulator.Domain);
            texts.Add(renewed.AllText());

            var token = SignInDirectly();
            var withToken = fixture.Invoke("Get-PortSipCdr -Server $args[0] -AccessToken $args[1] -First 2 -Verbose -Debug", Server, ModuleFixture.ToSecure(token));
            texts.Add(withToken.AllText());
            fixture.Sandbox.PortSip.ExpireAllTokens();
            var rejectedToken = fixture.Invoke("Get-PortSipCdr -Server $args[0] -AccessToken $args[1] -First 2 -Verbose -Debug", Server, ModuleFixture.ToSecure(token));
            Assert.Contains(rejectedToken.Streams.Error, e => e.CategoryInfo.Category == ErrorCategory.AuthenticationError);
            texts.Add(rejectedToken.AllText());

            var mfa = fixture.Invoke(
                "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -Verbose -Debug",
                Server, new PSCredential(PortSipEmulator.TwoFactorUserName, ModuleFixture.ToSecure(PortSipEmulator.Password)), PortSipEmulator.Domain);
            Assert.Contains(mfa.Streams.Error, e => e.FullyQualifiedErrorId.StartsWith("PortSipTwoFactorRequired", StringComparison.Ordinal));
            texts.Add(mfa.AllText());
        }
        finally
        {
            fixture.Sandbox.Faults.Clear();
        }

        var secrets = fixture.Sandbox.PortSip.IssuedSecrets.Append(PortSipEmulator.Password).ToArray();
        Assert.True(secrets.Length > 3);
        var all = string.Join("\n", texts);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, all, StringComparison.Ordinal);
        }
    }

    private string SignInDirectly()
    {
        using var client = new HttpClient();
        var body = JsonSerializer.Serialize(new { username = PortSipEmulator.UserName, password = PortSipEmulator.Password, domain = PortSipEmulator.Domain });
        using var response = client.PostAsync(new Uri(fixture.Sandbox.PortSip.BaseUri, "api/auth/sign_in"), new StringContent(body, Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        return document.RootElement.GetProperty("access_token").GetString()!;
    }
}
