using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>Get-PortSipCallLog and the call report cmdlets run by the real PowerShell engine against the Sandbox.</summary>
[Collection(ModuleCollection.Name)]
public sealed class PortSipCallReportCmdletTests : IDisposable
{
    private const string Connect = "$pbx = @{ Server = $args[0]; Credential = $args[1]; Domain = $args[2] }; ";
    private readonly ModuleFixture fixture;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "callreports-ps-" + Guid.NewGuid().ToString("N"));

    public PortSipCallReportCmdletTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        fixture.Sandbox.PortSip.ReportDelay = TimeSpan.FromMilliseconds(150);
        Directory.CreateDirectory(folder);
    }

    private string Server => fixture.Sandbox.PortSip.BaseUri.ToString();

    public void Dispose()
    {
        fixture.Sandbox.PortSip.ReportDelay = TimeSpan.FromMilliseconds(150);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void CallLogs_are_typed_group_by_session_and_First_sends_one_request()
    {
        fixture.Sandbox.Counters.Reset();
        var result = Run("Get-PortSipCallLog @pbx -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-02T06:00:00Z' -First 30 | Group-Object SessionId");
        result.ThrowIfFailed();
        Assert.Contains(result.Output, g => (int)g.Properties["Count"].Value == 2);
        var log = ((System.Collections.IEnumerable)result.Output[0].Properties["Group"].Value).Cast<object>().First();
        Assert.Equal("CallReports.Models.PortSipCallLog", PSObject.AsPSObject(log).BaseObject.GetType().FullName);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("GET", "/portsip/api/calllogs"));
    }

    [Fact]
    public void CallLog_detail_has_cost_and_billed_account()
    {
        var record = fixture.Sandbox.PortSip.Records.First(r => r.Cost > 0 && r.BilledAccount.Length > 0);
        var result = Run("Get-PortSipCallLog @pbx -Id $args[3]", record.Id);
        result.ThrowIfFailed();
        var log = Assert.Single(result.Output);
        Assert.Equal(record.Cost, log.Properties["Cost"].Value);
        Assert.Equal(record.BilledAccount, log.Properties["BilledAccount"].Value);
        Assert.Equal(record.SessionId, log.Properties["SessionId"].Value);
    }

    [Fact]
    public void CallLogs_on_a_v22_0_PBX_fail_with_a_version_error()
    {
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-PortSipCallLog -Server $args[0] -Credential $args[1] -Domain $args[2]",
            fixture.Sandbox.PortSipV22_0.BaseUri.ToString(), fixture.PortSipCredential(), PortSipEmulator.Domain);
        Assert.StartsWith("PortSipCallLogsUnsupported", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.NotImplemented, error.CategoryInfo.Category);
        Assert.Contains("v22.1", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_Wait_OutFile_saves_the_run_and_returns_the_file()
    {
        var name = "sla-" + Guid.NewGuid().ToString("N");
        var result = Run(
            "New-PortSipCallReport @pbx -Name $args[3] -Type QueueSlaStatistics -Queue 8001,8002 -Range LastWeek -Email ops@example.com -Wait -PollIntervalSec 0.1 -TimeoutSec 20 -OutFile $args[4]",
            name, folder);
        result.ThrowIfFailed();
        var file = (FileInfo)Assert.Single(result.Output).BaseObject;
        var run = fixture.Sandbox.PortSip.CompletedReports.Single(r => r.Name == name);
        Assert.Equal(Path.Combine(folder, run.FileName), file.FullName);
        Assert.Equal(run.Content, File.ReadAllBytes(file.FullName));
        Assert.NotNull(result.Output[0].Properties["PSPath"]);
        var definition = fixture.Sandbox.PortSip.ReportDefinitions.Single(d => d.Name == name);
        Assert.Equal("QUEUE_SLA_STATISTICS", definition.Type);
        Assert.Equal("[\"8001\",\"8002\"]", definition.Filter.GetProperty("call_queues").GetRawText());
    }

    [Fact]
    public void New_without_Wait_returns_the_definition_and_Save_AsObject_reads_rows()
    {
        var name = "missed-" + Guid.NewGuid().ToString("N");
        var created = Run(
            "New-PortSipCallReport @pbx -Name $args[3] -Type Normal -AnswerState NotAnswered -From ExternalNumbers -Range Custom -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-02T12:00:00Z' -Email ops@example.com",
            name);
        created.ThrowIfFailed();
        var definition = Assert.Single(created.Output);
        Assert.Equal("CallReports.Models.PortSipCallReport", definition.BaseObject.GetType().FullName);
        Assert.Equal("CUSTOM", definition.Properties["Range"].Value);

        Assert.True(System.Threading.SpinWait.SpinUntil(() => fixture.Sandbox.PortSip.CompletedReports.Any(r => r.Name == name), TimeSpan.FromSeconds(10)));
        var rows = Run("Get-PortSipCompletedCallReport @pbx -Name $args[3] | Save-PortSipCallReport @pbx -AsObject", name);
        rows.ThrowIfFailed();
        var expected = fixture.Sandbox.PortSip.Records.Count(r => r.StartedAt < new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero) && r.AnsweredAt is null && r.Caller.StartsWith('+'));
        Assert.Equal(expected, rows.Output.Count);
        Assert.All(rows.Output, r => Assert.StartsWith("+", (string)r.Properties["Caller"].Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Definitions_list_by_name_with_total_and_pipe_into_their_detail()
    {
        var name = "detail-" + Guid.NewGuid().ToString("N");
        var result = Run(
            "$null = New-PortSipCallReport @pbx -Name $args[3] -Type ExtensionGroupCallCost -ExtensionGroup Sales -CallType Mobile -Range LastMonth -Format Html -CronExpression '0 5 1 * *' -Email finance@example.com; " +
            "Get-PortSipCallReport @pbx -Name $args[3] -IncludeTotalCount; Get-PortSipCallReport @pbx -Name $args[3] | Get-PortSipCallReport @pbx",
            name);
        result.ThrowIfFailed();
        Assert.Equal(1UL, result.Output[0].BaseObject);
        Assert.Null(result.Output[1].Properties["Email"].Value);
        var detail = result.Output[2];
        Assert.Equal("finance@example.com", detail.Properties["Email"].Value);
        Assert.Equal("HTML", detail.Properties["Format"].Value);
        Assert.Equal("LAST_MONTH", detail.Properties["Range"].Value);
        Assert.Equal("SCHEDULED", detail.Properties["Status"].Value);
        Assert.Equal("{\"type\":\"MOBILE\",\"groups\":[\"Sales\"]}", detail.Properties["Filter"].Value);
    }

    [Fact]
    public void Save_by_Id_downloads_and_refuses_to_overwrite_without_Force()
    {
        var run = fixture.Sandbox.PortSip.AddCompletedReport("byid-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "byid.csv", System.Text.Encoding.UTF8.GetBytes("A,B\r\n1,2\r\n"));
        var target = Path.Combine(folder, "mine.csv");
        var saved = Run("Save-PortSipCallReport @pbx -Id $args[3] -OutFile $args[4]", run.Id, target);
        saved.ThrowIfFailed();
        Assert.Equal(target, ((FileInfo)Assert.Single(saved.Output).BaseObject).FullName);
        Assert.Equal("A,B\r\n1,2\r\n", File.ReadAllText(target));

        fixture.Sandbox.Counters.Reset();
        var error = fixture.InvokeExpectingTerminatingError(
            "Save-PortSipCallReport -Server $args[0] -Credential $args[1] -Domain $args[2] -Id $args[3] -OutFile $args[4]",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain, run.Id, target);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("-Force", error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.CountPrefix("/portsip/api/blobs/"));

        var forced = Run("Save-PortSipCallReport @pbx -Id $args[3] -OutFile $args[4] -Force", run.Id, target);
        forced.ThrowIfFailed();
        Assert.Equal(1, fixture.Sandbox.Counters.CountPrefix("/portsip/api/blobs/"));
    }

    [Theory]
    [InlineData("-Type Normal -From Number", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -ToValue 101", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -DurationKind TalkDuration -MinimumDurationSec 90 -MaximumDurationSec 30", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -Range Custom -StartTime 2026-11-02", "PortSipInvalidCallReport")]
    [InlineData("-Type QueueSlaStatistics", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -Queue 8001", "PortSipInvalidCallReport")]
    [InlineData("-Type QueueFailedCallbacks -Queue 8001 -ExcludeCallsDroppedBeforeSeconds 5", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -CronExpression 'weekly'", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -Email 'nobody'", "PortSipInvalidCallReport")]
    [InlineData("-Type Normal -OutFile x.csv", "PortSipOutFileWithoutWait")]
    [InlineData("-Type Normal -Wait -CronExpression '0 6 * * 1'", "PortSipWaitOnScheduledReport")]
    [InlineData("-Type Normal -Queue 8001 -RingGroup 600", "AmbiguousParameterSet")]
    [InlineData("-Type Banana", "CannotConvertArgumentNoMessage")]
    public void Bad_report_input_fails_before_any_request(string parameters, string errorId)
    {
        fixture.Sandbox.Counters.Reset();
        var email = parameters.Contains("-Email", StringComparison.Ordinal) ? string.Empty : " -Email ops@example.com";
        var error = fixture.InvokeExpectingTerminatingError(
            "New-PortSipCallReport -Server $args[0] -Credential $args[1] -Name bad " + parameters + email + " -WhatIf", Server, fixture.PortSipCredential());
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void AsObject_refuses_an_HTML_report_before_downloading_it()
    {
        var run = fixture.Sandbox.PortSip.AddCompletedReport("html-" + Guid.NewGuid().ToString("N"), "NORMAL", "HTML", "r.html", System.Text.Encoding.UTF8.GetBytes("<html></html>"));
        fixture.Sandbox.Counters.Reset();
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-PortSipCompletedCallReport -Server $args[0] -Credential $args[1] -Domain $args[2] -Id $args[3] | Save-PortSipCallReport -Server $args[0] -Credential $args[1] -Domain $args[2] -AsObject",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain, run.Id);
        Assert.StartsWith("PortSipInvalidArgument", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("an HTML report", error.Exception.Message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(error.Exception.Message, "Parameter 'report'"));
        Assert.Equal(0, fixture.Sandbox.Counters.CountPrefix("/portsip/api/blobs/"));
    }

    [Fact]
    public void AsObject_warns_when_a_Normal_report_holds_the_20000_call_limit()
    {
        var csv = new System.Text.StringBuilder("Call Time,Caller,Callee\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            csv.Append("2026-11-02 00:00:00,101,").Append(i).Append("\r\n");
        }

        var run = fixture.Sandbox.PortSip.AddCompletedReport("full-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "full.csv", System.Text.Encoding.UTF8.GetBytes(csv.ToString()));
        var result = Run("(Save-PortSipCallReport @pbx -Id $args[3] -AsObject | Measure-Object).Count", run.Id);
        result.ThrowIfFailed();
        Assert.Equal(20_000, (int)result.Output.Single().BaseObject);
        var warning = Assert.Single(result.Streams.Warning);
        Assert.Contains("20,000", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatIf_creates_saves_and_removes_nothing()
    {
        var run = fixture.Sandbox.PortSip.AddCompletedReport("whatif-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "w.csv", new byte[] { 65, 13, 10 });
        fixture.Sandbox.Counters.Reset();
        var result = Run(
            "New-PortSipCallReport @pbx -Name w -Type RingGroupStatistics -RingGroup 600 -Email ops@example.com -WhatIf; " +
            "Save-PortSipCallReport @pbx -Id $args[3] -OutFile $args[4] -WhatIf; Remove-PortSipCallReport @pbx -Id $args[3] -Completed -WhatIf",
            run.Id, folder);
        result.ThrowIfFailed();
        Assert.Empty(result.Output);
        Assert.Equal(0, fixture.Sandbox.Counters.CountPrefix("/portsip/api/blobs/"));
        Assert.Equal(0, fixture.Sandbox.Counters.Count("POST", "/portsip/api/call_reports"));
        Assert.Equal(0, fixture.Sandbox.Counters.Count("POST", "/portsip/api/completed_call_reports/" + run.Id + "/destroy"));
        Assert.Empty(Directory.GetFiles(folder));
        Assert.Contains(fixture.Sandbox.PortSip.CompletedReports, r => r.Id == run.Id);
    }

    [Fact]
    public void Set_takes_definitions_from_Get_by_id_and_PassThru_writes_them_changed()
    {
        var prefix = "set-" + Guid.NewGuid().ToString("N");
        var result = Run(
            "$null = New-PortSipCallReport @pbx -Name ($args[3] + '-a') -Type QueuePerformance -Queue 8001 -Range Yesterday -CronExpression '0 6 * * *' -Email ops@example.com; " +
            "$null = New-PortSipCallReport @pbx -Name ($args[3] + '-b') -Type QueueCallbacks -Queue 8002 -Range Yesterday -CronExpression '0 6 * * *' -Email ops@example.com; " +
            "Get-PortSipCallReport @pbx -Filter \"startswith(name,'$($args[3])')\" | Set-PortSipCallReport @pbx -Queue 8001,8003 -ExcludeCallsDroppedBeforeSeconds 10 -Email 'night@example.com' -PassThru",
            prefix);
        result.ThrowIfFailed();
        Assert.Equal(2, result.Output.Count);
        Assert.All(result.Output, o =>
        {
            Assert.Equal("CallReports.Models.PortSipCallReport", o.BaseObject.GetType().FullName);
            Assert.Equal("night@example.com", o.Properties["Email"].Value);
            Assert.Equal("{\"enable_exclude_calls_dropped_before_seconds\":true,\"exclude_calls_dropped_before_seconds\":10,\"call_queues\":[\"8001\",\"8003\"]}", o.Properties["Filter"].Value);
        });
        Assert.All(fixture.Sandbox.PortSip.ReportDefinitions.Where(d => d.Name.StartsWith(prefix, StringComparison.Ordinal)), d => Assert.Equal("YESTERDAY", d.Range));
    }

    [Fact]
    public void Set_with_WhatIf_sends_no_request_at_all()
    {
        var name = "setwhatif-" + Guid.NewGuid().ToString("N");
        Run("$null = New-PortSipCallReport @pbx -Name $args[3] -Type Normal -CronExpression '0 6 * * *' -Email ops@example.com", name).ThrowIfFailed();
        var id = fixture.Sandbox.PortSip.ReportDefinitions.Single(d => d.Name == name).Id;
        fixture.Sandbox.Counters.Reset();

        var result = Run("Set-PortSipCallReport @pbx -Id $args[3] -Email 'other@example.com' -AnswerState Answered -WhatIf", id);

        result.ThrowIfFailed();
        Assert.Empty(result.Output);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
        Assert.Equal("ops@example.com", fixture.Sandbox.PortSip.ReportDefinitions.Single(d => d.Id == id).Email);
    }

    [Theory]
    [InlineData("", "PortSipInvalidCallReport")]
    [InlineData("-Email nobody", "PortSipInvalidCallReport")]
    [InlineData("-Range Today -StartTime 2026-11-02", "PortSipInvalidCallReport")]
    [InlineData("-From Any -FromValue 101", "PortSipInvalidCallReport")]
    [InlineData("-MinimumDurationSec 90 -MaximumDurationSec 30", "PortSipInvalidCallReport")]
    [InlineData("-CronExpression weekly", "PortSipInvalidCallReport")]
    [InlineData("-Queue 8001 -RingGroup 600", "AmbiguousParameterSet")]
    [InlineData("-Queue 8001 -AnswerState Answered", "AmbiguousParameterSet")]
    [InlineData("-Range Banana", "CannotConvertArgumentNoMessage")]
    public void Set_bad_input_fails_before_any_request(string parameters, string errorId)
    {
        fixture.Sandbox.Counters.Reset();
        var error = fixture.InvokeExpectingTerminatingError(
            "Set-PortSipCallReport -Server $args[0] -Credential $args[1] -Id 700551909773148160 " + parameters, Server, fixture.PortSipCredential());
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void Set_a_filter_of_another_type_is_a_non_terminating_error_for_that_report_only()
    {
        var normal = "setnormal-" + Guid.NewGuid().ToString("N");
        var ring = "setring-" + Guid.NewGuid().ToString("N");
        var result = Run(
            "$n = New-PortSipCallReport @pbx -Name $args[3] -Type Normal -CronExpression '0 6 * * *' -Email ops@example.com; " +
            "$r = New-PortSipCallReport @pbx -Name $args[4] -Type RingGroupStatistics -RingGroup 600 -CronExpression '0 6 * * *' -Email ops@example.com; " +
            "$n, $r | Set-PortSipCallReport @pbx -RingGroup 600,601; 'after'",
            normal, ring);
        Assert.Null(result.Failure);
        var error = Assert.Single(result.Streams.Error);
        Assert.StartsWith("PortSipInvalidCallReport", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(normal, error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal("after", result.Output.Last().ToString());
        Assert.Equal("[\"600\",\"601\"]", fixture.Sandbox.PortSip.ReportDefinitions.Single(d => d.Name == ring).Filter.GetProperty("ring_groups").GetRawText());
        Assert.False(fixture.Sandbox.PortSip.ReportDefinitions.Single(d => d.Name == normal).Filter.TryGetProperty("ring_groups", out _));
    }

    [Fact]
    public void Remove_has_high_impact_and_removes_piped_definitions_and_runs()
    {
        var impact = fixture.Invoke("(Get-Command Remove-PortSipCallReport).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact");
        impact.ThrowIfFailed();
        Assert.Equal("High", impact.Output.Single().ToString());

        var name = "gone-" + Guid.NewGuid().ToString("N");
        var result = Run(
            "$run = New-PortSipCallReport @pbx -Name $args[3] -Type QueueCallbacks -Queue 8001 -Email ops@example.com -Wait -PollIntervalSec 0.1 -TimeoutSec 20; " +
            "Get-PortSipCallReport @pbx -Name $args[3] | Remove-PortSipCallReport @pbx -Confirm:$false; $run | Remove-PortSipCallReport @pbx -Confirm:$false",
            name);
        result.ThrowIfFailed();
        Assert.DoesNotContain(fixture.Sandbox.PortSip.ReportDefinitions, d => d.Name == name);
        Assert.DoesNotContain(fixture.Sandbox.PortSip.CompletedReports, r => r.Name == name);

        var unknown = Run("Remove-PortSipCallReport @pbx -Id 'no-such-report' -Confirm:$false");
        Assert.Null(unknown.Failure);
        Assert.Single(unknown.Streams.Error);
    }

    [Fact]
    public void Wait_that_runs_out_is_a_non_terminating_timeout()
    {
        fixture.Sandbox.PortSip.ReportDelay = TimeSpan.FromSeconds(60);
        var name = "slow-" + Guid.NewGuid().ToString("N");
        var result = Run("New-PortSipCallReport @pbx -Name $args[3] -Type Normal -Email ops@example.com -Wait -PollIntervalSec 0.2 -TimeoutSec 1; 'after'", name);
        Assert.Null(result.Failure);
        var error = Assert.Single(result.Streams.Error);
        Assert.StartsWith("PortSipCallReportTimeout", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal("after", result.Output.Last().ToString());
        Assert.Contains(fixture.Sandbox.PortSip.ReportDefinitions, d => d.Name == name);
    }

    [Fact]
    public void Stopping_the_pipeline_ends_a_wait_at_once()
    {
        fixture.Sandbox.PortSip.ReportDelay = TimeSpan.FromSeconds(60);
        var name = "stop-" + Guid.NewGuid().ToString("N");
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = fixture.Runspace;
        ps.AddScript(Connect + "New-PortSipCallReport @pbx -Name $args[3] -Type Normal -Email ops@example.com -Wait -PollIntervalSec 30 -TimeoutSec 600")
            .AddArgument(Server).AddArgument(fixture.PortSipCredential()).AddArgument(PortSipEmulator.Domain).AddArgument(name);
        var pending = ps.BeginInvoke();
        Assert.True(System.Threading.SpinWait.SpinUntil(() => fixture.Sandbox.PortSip.ReportDefinitions.Any(d => d.Name == name), TimeSpan.FromSeconds(20)), "the report was never created");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        ps.Stop();
        clock.Stop();
        Assert.True(pending.IsCompleted);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "Stop() waited for the poll interval instead of cancelling it");
        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
    }

    [Fact]
    public void No_stream_of_the_report_cmdlets_shows_a_secret()
    {
        fixture.Invoke("Clear-CallReportsTokenCache -NoRevoke").ThrowIfFailed();
        var name = "scan-" + Guid.NewGuid().ToString("N");
        var run = Run(
            "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $ProgressPreference = 'Continue'; " +
            "Get-PortSipCallLog @pbx -First 150 -PageSize 50 -Verbose -Debug; Get-PortSipCallLog @pbx -Id no-such-log -Verbose; " +
            "$done = New-PortSipCallReport @pbx -Name $args[3] -Type Normal -Email ops@example.com -Wait -PollIntervalSec 0.1 -TimeoutSec 20 -Verbose -Debug; $done; " +
            "$done | Save-PortSipCallReport @pbx -OutFile $args[4] -Verbose -Debug; $done | Save-PortSipCallReport @pbx -AsObject -Verbose; " +
            "Get-PortSipCallReport @pbx -Verbose -Debug; Get-PortSipCompletedCallReport @pbx -Verbose -Debug; " +
            "Get-PortSipCallReport @pbx -Name $args[3] | Remove-PortSipCallReport @pbx -Confirm:$false -Verbose; Remove-PortSipCallReport @pbx -Id nope -Confirm:$false -Verbose",
            name, folder);
        Assert.Null(run.Failure);
        Assert.NotEmpty(run.Streams.Verbose);
        Assert.True(run.Streams.Error.Count >= 2);
        Assert.Contains(run.Streams.Progress, p => p.Activity == "Save-PortSipCallReport" && p.RecordType == ProgressRecordType.Completed);
        Assert.Contains(run.Streams.Progress, p => p.Activity == "Waiting for call report");
        var texts = run.AllText();

        var secrets = fixture.Sandbox.PortSip.IssuedSecrets.Append(PortSipEmulator.Password).ToArray();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, texts, StringComparison.Ordinal);
        }
    }

    private PowerShellResult Run(string script, params object[] more)
    {
        var arguments = new List<object?> { Server, fixture.PortSipCredential(), PortSipEmulator.Domain };
        arguments.AddRange(more);
        return fixture.Invoke(Connect + script, arguments.ToArray());
    }
}
