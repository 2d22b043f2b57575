using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>Call logs (<c>/api/calllogs</c>): the shared pager, session ids, the plain detail object and old PBXs.</summary>
public sealed class PortSipCallLogTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;

    public PortSipCallLogTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void List_ReturnsEveryLegInTheWindow_WithSessionIdsThatGroupLegs()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var query = new PortSipCdrQuery { StartTime = Day, EndTime = Day.AddHours(12), PageSize = 30 };

        var logs = harness.Client.GetCallLogs(query, total => { }, CancellationToken.None).ToList();

        var expected = sandbox.PortSip.Records.Where(r => r.StartedAt >= Day && r.StartedAt < Day.AddHours(12)).ToList();
        Assert.Equal(expected.Select(r => r.Id), logs.Select(l => l.Id));
        Assert.Equal(expected.Select(r => r.SessionId), logs.Select(l => l.SessionId));
        Assert.Contains(logs.GroupBy(l => l.SessionId), g => g.Count() == 2);
        Assert.All(logs, l => Assert.Null(l.Cost));
        var pages = sandbox.Counters.LastQueries("/portsip/api/calllogs");
        Assert.Equal((expected.Count + 29) / 30, pages.Count);
        Assert.Equal(0, sandbox.Counters.Count("GET", "/portsip/api/cdrs"));
    }

    [Fact]
    public void First_StopsPaging_AndAsksOnlyForWhatIsLeft()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var logs = harness.Client.GetCallLogs(new PortSipCdrQuery { PageSize = 2, First = 5 }, null, CancellationToken.None).ToList();

        Assert.Equal(5, logs.Count);
        // Pages fetched ahead may reach the server in any order: compare them in page order.
        Assert.Equal(new[] { "2", "2", "1" }, sandbox.Counters.LastQueries("/portsip/api/calllogs").OrderBy(q => int.Parse(q["skip"], CultureInfo.InvariantCulture)).Select(q => q["top"]));
    }

    [Fact]
    public void Detail_IsAPlainObject_WithCostAndBilledAccount()
    {
        var record = sandbox.PortSip.Records.First(r => r.Cost > 0 && r.BilledAccount.Length > 0);
        var harness = new PortSipHarness(sandbox.PortSip);

        var detail = Assert.Single(harness.Client.GetCallLogDetails(new[] { record.Id }, CancellationToken.None));

        Assert.Equal(record.Id, detail.Id);
        Assert.Equal(record.SessionId, detail.SessionId);
        Assert.Equal(record.Cost, detail.Cost);
        Assert.Equal(record.BilledAccount, detail.BilledAccount);
    }

    [Fact]
    public void MissingDetail_IsANonTerminatingNotFound_AndTheRestContinues()
    {
        var record = sandbox.PortSip.Records[3];
        var harness = new PortSipHarness(sandbox.PortSip);

        var details = harness.Client.GetCallLogDetails(new[] { "no-such-log", record.Id }, CancellationToken.None).ToList();

        Assert.Equal(record.Id, Assert.Single(details).Id);
        var error = Assert.Single(harness.Entries, e => e.Error is not null).Error!;
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.False(error.IsTerminating);
        Assert.Contains("no-such-log", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v22.0")]
    [InlineData("v16")]
    public void OlderPbx_FailsWithCallLogsUnsupported(string version)
    {
        var emulator = version == "v16" ? sandbox.PortSipV16 : sandbox.PortSipV22_0;
        var harness = new PortSipHarness(emulator);

        var error = Assert.Throws<CallReportsException>(() => harness.Client.GetCallLogs(new PortSipCdrQuery(), null, CancellationToken.None).ToList());

        Assert.Equal("PortSipCallLogsUnsupported", error.ErrorId);
        Assert.Equal(FailureKind.NotImplemented, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Contains("v22.1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidQuery_FailsBeforeAnyRequest()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        Assert.Throws<CallReportsException>(() => harness.Client.GetCallLogs(new PortSipCdrQuery { StartTime = Day, EndTime = Day }, null, CancellationToken.None));
        Assert.Throws<CallReportsException>(() => harness.Client.GetCallLogDetails(new[] { " " }, CancellationToken.None));
        Assert.Equal(0, sandbox.Counters.Total);
    }
}
