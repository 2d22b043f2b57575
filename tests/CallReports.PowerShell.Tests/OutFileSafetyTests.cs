using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// Every command that writes a file, with the body cut mid-way over a file the user already had: the old
/// file stays byte-for-byte as it was and nothing else is left in the folder. And -PassThru returns the file
/// the way Get-Item does.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class OutFileSafetyTests : IDisposable
{
    private static readonly byte[] Yesterday = System.Text.Encoding.UTF8.GetBytes("yesterday's report,1,2,3\r\n");
    private readonly ModuleFixture fixture;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "callreports-outfile-" + Guid.NewGuid().ToString("N"));

    public OutFileSafetyTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        Directory.CreateDirectory(folder);
        fixture.Sandbox.Faults.Clear();
    }

    public void Dispose()
    {
        fixture.Sandbox.Faults.Clear();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Casper_a_cut_download_leaves_the_existing_file_as_it_was()
    {
        var target = Existing("casper.csv");
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = "/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming", ResetAfterBytes = 3000 });
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId 13670001 -StartTime '2026-11-01 17:00' -EndTime '2026-11-05 17:00' -TimeZone US/Arizona -OutFile $args[2] -Force -MaximumRetryCount 0 -WarningAction SilentlyContinue",
            fixture.Sandbox.Casper.BaseUri.ToString(), ModuleFixture.ToSecure(CasperEmulator.ApiToken), target);
        Assert.StartsWith("CasperResponseInterrupted", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Contains("left as it was", error.Exception.Message, StringComparison.Ordinal);
        AssertUntouched(target);
    }

    [Fact]
    public void Casper_a_cut_download_to_a_new_file_leaves_nothing()
    {
        var target = Path.Combine(folder, "new.csv");
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = "/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming", TruncateAfterBytes = 3000 });
        var error = fixture.InvokeExpectingTerminatingError(
            "Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId 13670001 -StartTime '2026-11-01 17:00' -EndTime '2026-11-05 17:00' -TimeZone US/Arizona -OutFile $args[2] -MaximumRetryCount 0 -WarningAction SilentlyContinue",
            fixture.Sandbox.Casper.BaseUri.ToString(), ModuleFixture.ToSecure(CasperEmulator.ApiToken), target);
        Assert.StartsWith("CasperResponseInterrupted", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void Casper_PassThru_returns_the_file_as_Get_Item_does()
    {
        var target = Path.Combine(folder, "passthru.csv");
        var result = fixture.Invoke(
            "Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId 13670001 -StartTime '2020-04-20' -EndTime '2020-04-21' -TimeZone US/Arizona -OutFile $args[2] -PassThru -WarningAction SilentlyContinue",
            fixture.Sandbox.Casper.BaseUri.ToString(), ModuleFixture.ToSecure(CasperEmulator.ApiToken), target);
        result.ThrowIfFailed();
        AssertLikeGetItem(Assert.Single(result.Output), target);
    }

    [Fact]
    public void Yeastar_a_cut_download_leaves_the_existing_file_as_it_was()
    {
        fixture.Sandbox.Yeastar.Reset();
        var target = Existing("yeastar.csv");
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = "/yeastar/api/download/", ResetAfterBytes = 40 });
        var error = fixture.InvokeExpectingTerminatingError(
            "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 -StartTime ([datetime]'2026-11-02 08:00') -EndTime ([datetime]'2026-11-02 17:30') -ApiVersion V2 -OutFile $args[2] -Force -MaximumRetryCount 0",
            fixture.Sandbox.Yeastar.BaseUri.ToString(), YeastarCredential(), target);
        Assert.StartsWith("YeastarResponseInterrupted", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        AssertUntouched(target);
    }

    [Fact]
    public void Yeastar_PassThru_returns_the_file_as_Get_Item_does()
    {
        fixture.Sandbox.Yeastar.Reset();
        var target = Path.Combine(folder, "passthru.csv");
        var result = fixture.Invoke(
            "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 -StartTime ([datetime]'2026-11-02 08:00') -EndTime ([datetime]'2026-11-02 17:30') -OutFile $args[2] -PassThru",
            fixture.Sandbox.Yeastar.BaseUri.ToString(), YeastarCredential(), target);
        result.ThrowIfFailed();
        var item = Assert.Single(result.Output);
        AssertLikeGetItem(item, target);
        Assert.EndsWith(".csv", (string)item.Properties["ReportFile"].Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Yeastar_OutFile_as_a_folder_saves_under_the_PBXs_file_name()
    {
        fixture.Sandbox.Yeastar.Reset();
        var result = fixture.Invoke(
            "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 -StartTime ([datetime]'2026-11-02 08:00') -EndTime ([datetime]'2026-11-02 17:30') -OutFile $args[2] -PassThru",
            fixture.Sandbox.Yeastar.BaseUri.ToString(), YeastarCredential(), folder);
        result.ThrowIfFailed();
        var item = Assert.Single(result.Output);
        var name = (string)item.Properties["ReportFile"].Value;
        AssertLikeGetItem(item, Path.Combine(folder, name));
        Assert.Equal(new[] { Path.Combine(folder, name) }, Directory.GetFileSystemEntries(folder));
    }

    [Fact]
    public void PortSip_a_cut_download_leaves_the_existing_file_as_it_was()
    {
        var body = System.Text.Encoding.UTF8.GetBytes("Caller,Callee\r\n" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"{1000 + i},{2000 + i}\r\n")));
        var run = fixture.Sandbox.PortSip.AddCompletedReport("cut-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "cut.csv", body);
        var target = Existing("portsip.csv");
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/blobs/", ResetAfterBytes = 1000 });
        var result = fixture.Invoke(
            "Save-PortSipCallReport -Server $args[0] -Credential $args[1] -Domain $args[2] -Id $args[3] -OutFile $args[4] -Force -MaximumRetryCount 0",
            fixture.Sandbox.PortSip.BaseUri.ToString(), fixture.PortSipCredential(), PortSipEmulator.Domain, run.Id, target);
        var error = Assert.Single(result.Streams.Error);
        Assert.StartsWith("PortSipResponseInterrupted", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        AssertUntouched(target);
    }

    [Fact]
    public void PortSip_New_Wait_OutFile_cut_leaves_the_existing_file_as_it_was()
    {
        var name = "cutnew-" + Guid.NewGuid().ToString("N");
        var target = Existing("new-report.csv");
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/blobs/", ResetAfterBytes = 10 });
        var result = fixture.Invoke(
            "New-PortSipCallReport -Server $args[0] -Credential $args[1] -Domain $args[2] -Name $args[3] -Type QueueSlaStatistics -Queue 8001,8002 -Range LastWeek -Email ops@example.com -Wait -PollIntervalSec 0.1 -TimeoutSec 20 -OutFile $args[4] -Force -MaximumRetryCount 0",
            fixture.Sandbox.PortSip.BaseUri.ToString(), fixture.PortSipCredential(), PortSipEmulator.Domain, name, target);
        var error = result.Streams.Error.Select(e => e.FullyQualifiedErrorId).Concat(result.Failure is IContainsErrorRecord r ? new[] { r.ErrorRecord.FullyQualifiedErrorId } : Array.Empty<string>());
        Assert.Contains(error, id => id.StartsWith("PortSipResponseInterrupted", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Output, o => o.BaseObject is FileInfo);
        AssertUntouched(target);
    }

    [Fact]
    public void PortSip_Save_returns_the_file_as_Get_Item_does()
    {
        var run = fixture.Sandbox.PortSip.AddCompletedReport("item-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "item.csv", System.Text.Encoding.UTF8.GetBytes("A,B\r\n1,2\r\n"));
        var result = fixture.Invoke(
            "Save-PortSipCallReport -Server $args[0] -Credential $args[1] -Domain $args[2] -Id $args[3] -OutFile $args[4]",
            fixture.Sandbox.PortSip.BaseUri.ToString(), fixture.PortSipCredential(), PortSipEmulator.Domain, run.Id, folder);
        result.ThrowIfFailed();
        AssertLikeGetItem(Assert.Single(result.Output), Path.Combine(folder, "item.csv"));
    }

    private static PSCredential YeastarCredential() => new(YeastarEmulator.ClientId, ModuleFixture.ToSecure(YeastarEmulator.ClientSecret));

    private string Existing(string name)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, Yesterday);
        return path;
    }

    private void AssertUntouched(string target)
    {
        Assert.Equal(Yesterday, File.ReadAllBytes(target));
        Assert.Equal(new[] { target }, Directory.GetFileSystemEntries(folder));
    }

    /// <summary>What Get-Item gives: a FileInfo with the provider's properties, so Mode and Length show in the default view.</summary>
    private void AssertLikeGetItem(PSObject item, string path)
    {
        var info = Assert.IsType<FileInfo>(item.BaseObject);
        Assert.Equal(path, info.FullName);
        Assert.Equal("Microsoft.PowerShell.Core\\FileSystem", (string)item.Properties["PSProvider"].Value.ToString()!);
        Assert.Equal("Microsoft.PowerShell.Core\\FileSystem::" + path, item.Properties["PSPath"].Value);
        var table = fixture.Invoke("$args[0] | Format-Table | Out-String -Width 200", item);
        table.ThrowIfFailed();
        var text = string.Concat(table.Output.Select(o => o.ToString()));
        Assert.Contains(info.Length.ToString(System.Globalization.CultureInfo.CurrentCulture), text, StringComparison.Ordinal);
        Assert.Matches(@"-a---|-----", text);
    }
}
