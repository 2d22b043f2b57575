using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>Report creation and downloads when the PBX or the network misbehaves.</summary>
public sealed class PortSipCallReportFaultTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly SandboxHost sandbox;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "callreports-portsip-faults-" + Guid.NewGuid().ToString("N"));

    public PortSipCallReportFaultTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        sandbox.Faults.Clear();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public void CutOffDownload_SavesNothing_AndSaysHowFarItGot()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("Call Time,Caller,Callee\r\n2026-11-02 00:00:00,101,102\r\n", 2000)));
        var run = sandbox.PortSip.AddCompletedReport("cut-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "cut.csv", content);
        var harness = new PortSipHarness(sandbox.PortSip);
        var report = harness.Client.GetCompletedCallReportDetails(new[] { run.Id }, CancellationToken.None).Single();
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/blobs/", TruncateAfterBytes = 5000, Times = 1 });

        var error = Assert.Throws<CallReportsException>(() => harness.Client.SaveReport(report, folder, force: false, CancellationToken.None));

        Assert.Equal("PortSipResponseInterrupted", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Contains("Nothing was written to", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));

        var saved = harness.Client.SaveReport(report, folder, force: false, CancellationToken.None);
        Assert.Equal(content, File.ReadAllBytes(saved.FullName));
    }

    [Fact]
    public void Busy_PBX_on_create_is_retried_and_creates_one_report()
    {
        var name = "busy-" + Guid.NewGuid().ToString("N");
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/call_reports", Method = "POST", StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var created = harness.Client.CreateCallReport(
            new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.QueuePerformance, Queues = new[] { "8001" }, CronExpression = "0 6 * * *" },
            CancellationToken.None);

        Assert.Equal(name, created.Name);
        Assert.Single(sandbox.PortSip.ReportDefinitions, d => d.Name == name);
        Assert.Equal(2, sandbox.Counters.Count("POST", "/portsip/api/call_reports"));
    }

    [Fact]
    public void PBX_refusing_the_definition_is_terminating_and_says_nothing_was_created()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/call_reports", Method = "POST", StatusCode = 400, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var error = Assert.Throws<CallReportsException>(() => harness.Client.CreateCallReport(
            new PortSipCallReportDefinition { Name = "refused", Email = "ops@example.com", Type = PortSipCallReportType.Normal },
            CancellationToken.None));

        Assert.Equal("PortSipValidateFailed", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Contains("not created", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(sandbox.PortSip.ReportDefinitions, d => d.Name == "refused");
    }

    [Fact]
    public void Expired_token_while_waiting_is_renewed()
    {
        sandbox.PortSip.ReportDelay = TimeSpan.FromMilliseconds(400);
        var name = "renew-" + Guid.NewGuid().ToString("N");
        var harness = new PortSipHarness(sandbox.PortSip);
        harness.Client.CreateCallReport(new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.Normal }, CancellationToken.None);
        sandbox.PortSip.ExpireAllTokens();

        var done = harness.Client.WaitForCompletedReport(name, Array.Empty<string>(), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(name, done.Name);
        Assert.True(sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token") >= 1, "the expired token was not renewed");
    }
}
