using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>Call report definitions, the wait for a run, downloads, rows and removal against the emulated report engine.</summary>
public sealed class PortSipCallReportTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;
    private readonly string folder = Path.Combine(Path.GetTempPath(), "callreports-portsip-" + Guid.NewGuid().ToString("N"));

    public PortSipCallReportTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        sandbox.PortSip.ReportDelay = TimeSpan.FromMilliseconds(100);
        sandbox.PortSip.NormalReportCallLimit = 20_000;
        Directory.CreateDirectory(folder);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    public static IEnumerable<object[]> InvalidDefinitions()
    {
        static PortSipCallReportDefinition Normal(Action<PortSipCallReportDefinition> change)
        {
            var definition = new PortSipCallReportDefinition { Name = "n", Email = "ops@example.com", Type = PortSipCallReportType.Normal };
            change(definition);
            return definition;
        }

        yield return new object[] { Normal(d => d.Name = " "), "name" };
        yield return new object[] { Normal(d => d.Email = "not-an-address"), "-Email" };
        yield return new object[] { Normal(d => d.Email = new string('a', 120) + "@example.com"), "-Email" };
        yield return new object[] { Normal(d => d.Range = PortSipCallReportRange.Custom), "-StartTime and -EndTime" };
        yield return new object[] { Normal(d => { d.Range = PortSipCallReportRange.Custom; d.StartTime = Day; d.EndTime = Day; }), "after" };
        yield return new object[] { Normal(d => d.StartTime = Day), "only with -Range Custom" };
        yield return new object[] { Normal(d => d.From = PortSipCallReportParty.Number), "-FromValue" };
        yield return new object[] { Normal(d => { d.To = PortSipCallReportParty.ExtensionOrExtensionRange; d.ToValue = "101-abc"; }), "range of extensions" };
        yield return new object[] { Normal(d => { d.From = PortSipCallReportParty.InternalExtensions; d.FromValue = "101"; }), "-FromValue is used with" };
        yield return new object[] { Normal(d => d.DurationFrom = 5), "-DurationKind" };
        yield return new object[] { Normal(d => d.Duration = PortSipCallReportDuration.TalkDuration), "needs -MinimumDurationSec" };
        yield return new object[] { Normal(d => { d.Duration = PortSipCallReportDuration.TalkDuration; d.DurationFrom = 60; d.DurationTo = 10; }), "minimum not above" };
        yield return new object[] { Normal(d => d.CronExpression = "every monday"), "crontab" };
        yield return new object[] { Normal(d => d.Queues = new[] { "8001" }), "queue report types" };
        yield return new object[] { Normal(d => d.Type = PortSipCallReportType.QueueSlaStatistics), "-Queue" };
        yield return new object[] { Normal(d => { d.Type = PortSipCallReportType.QueueFailedCallbacks; d.Queues = new[] { "8001" }; d.ExcludeCallsDroppedBeforeSeconds = 5; }), "queues only" };
        yield return new object[] { Normal(d => d.Type = PortSipCallReportType.ExtensionGroupCallCost), "-ExtensionGroup" };
        yield return new object[] { Normal(d => d.Type = PortSipCallReportType.RingGroupStatistics), "-RingGroup" };
        yield return new object[] { Normal(d => { d.Type = PortSipCallReportType.RingGroupStatistics; d.RingGroups = new[] { "600" }; d.AnswerState = PortSipCallReportAnswerState.Answered; }), "filter Normal reports" };
    }

    [Theory]
    [MemberData(nameof(InvalidDefinitions))]
    public void InvalidDefinition_FailsBeforeAnyRequest(PortSipCallReportDefinition definition, string expected)
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var error = Assert.ThrowsAny<ArgumentException>(() => harness.Client.CreateCallReport(definition, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Counters.Total);
    }

    [Fact]
    public void Json_SendsWireNames_AndOnlyTheFilterOfTheType()
    {
        var queue = new PortSipCallReportDefinition
        {
            Name = "sla", Email = "ops@example.com", Type = PortSipCallReportType.QueueBreachesSlaStatistics, Format = PortSipCallReportFormat.Html,
            Range = PortSipCallReportRange.LastSevenDays, CronExpression = "0 6 * * 1", Queues = new[] { "8001", " 8002 " }, ExcludeCallsDroppedBeforeSeconds = 5,
        };
        using var sent = JsonDocument.Parse(queue.ToJson());
        var root = sent.RootElement;
        Assert.Equal("QUEUE_BREACHES_SLA_STATISTICS", root.GetProperty("type").GetString());
        Assert.Equal("HTML", root.GetProperty("format").GetString());
        Assert.Equal("LAST_SEVEN_DAYS", root.GetProperty("range").GetString());
        Assert.Equal("0 6 * * 1", root.GetProperty("cron_expr").GetString());
        Assert.False(root.TryGetProperty("started_at", out _));
        var filter = root.GetProperty("filter");
        Assert.Equal(new[] { "call_queues", "enable_exclude_calls_dropped_before_seconds", "exclude_calls_dropped_before_seconds" }, filter.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal));
        Assert.Equal(new[] { "8001", "8002" }, filter.GetProperty("call_queues").EnumerateArray().Select(v => v.GetString()));
        Assert.True(filter.GetProperty("enable_exclude_calls_dropped_before_seconds").GetBoolean());

        var normal = new PortSipCallReportDefinition
        {
            Name = "n", Email = "ops@example.com", Type = PortSipCallReportType.Normal, Range = PortSipCallReportRange.Custom,
            StartTime = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.FromHours(1)), EndTime = Day.AddDays(1),
            From = PortSipCallReportParty.ExtensionOrExtensionRange, FromValue = "101-110", To = PortSipCallReportParty.ExternalNumbers,
            AnswerState = PortSipCallReportAnswerState.NotAnswered, Duration = PortSipCallReportDuration.RingDuration, DurationFrom = 30,
        };
        using var normalSent = JsonDocument.Parse(normal.ToJson());
        Assert.Equal("2026-11-02T00:00:00Z", normalSent.RootElement.GetProperty("started_at").GetString());
        Assert.False(normalSent.RootElement.TryGetProperty("cron_expr", out _));
        var normalFilter = normalSent.RootElement.GetProperty("filter");
        Assert.Equal("EXTENSION_OR_EXTENSION_RANGE", normalFilter.GetProperty("from").GetString());
        Assert.Equal("101-110", normalFilter.GetProperty("from_value").GetString());
        Assert.Equal("EXTERNAL_NUMBERS", normalFilter.GetProperty("to").GetString());
        Assert.False(normalFilter.TryGetProperty("to_value", out _));
        Assert.Equal("NOT_ANSWERED", normalFilter.GetProperty("answer_state").GetString());
        Assert.Equal("RING_DURATION", normalFilter.GetProperty("duration").GetString());
        Assert.Equal(30, normalFilter.GetProperty("duration_from").GetInt32());
        Assert.False(normalFilter.TryGetProperty("duration_to", out _));

        var cost = new PortSipCallReportDefinition
        {
            Name = "c", Email = "ops@example.com", Type = PortSipCallReportType.ExtensionGroupCallCost, CallType = PortSipCallReportCallType.International, ExtensionGroups = new[] { "Sales" },
        };
        using var costSent = JsonDocument.Parse(cost.ToJson());
        Assert.Equal("EXTENSION_GROUP_CALL_COST", costSent.RootElement.GetProperty("type").GetString());
        Assert.Equal("TODAY", costSent.RootElement.GetProperty("range").GetString());
        Assert.Equal("CSV", costSent.RootElement.GetProperty("format").GetString());
        Assert.Equal("{\"type\":\"INTERNATIONAL\",\"groups\":[\"Sales\"]}", costSent.RootElement.GetProperty("filter").GetRawText());

        var failed = new PortSipCallReportDefinition { Name = "f", Email = "ops@example.com", Type = PortSipCallReportType.QueueFailedCallbacks, Queues = new[] { "8001" } };
        using var failedSent = JsonDocument.Parse(failed.ToJson());
        Assert.Equal("{\"call_queues\":[\"8001\"]}", failedSent.RootElement.GetProperty("filter").GetRawText());

        var sla = new PortSipCallReportDefinition { Name = "s", Email = "ops@example.com", Type = PortSipCallReportType.QueueSlaStatistics, Queues = new[] { "8001" } };
        using var slaSent = JsonDocument.Parse(sla.ToJson());
        Assert.Equal("{\"enable_exclude_calls_dropped_before_seconds\":false,\"call_queues\":[\"8001\"]}", slaSent.RootElement.GetProperty("filter").GetRawText());
    }

    [Fact]
    public void Create_Wait_Save_And_ReadRows_GiveTheUnansweredCallsOfTheRange()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var name = "missed-" + Guid.NewGuid().ToString("N");
        var definition = new PortSipCallReportDefinition
        {
            Name = name, Email = "ops@example.com", Type = PortSipCallReportType.Normal, Range = PortSipCallReportRange.Custom,
            StartTime = Day, EndTime = Day.AddHours(12), AnswerState = PortSipCallReportAnswerState.NotAnswered,
        };

        var known = harness.Client.GetCompletedReportIds(name, CancellationToken.None);
        var created = harness.Client.CreateCallReport(definition, CancellationToken.None);
        var done = harness.Client.WaitForCompletedReport(name, known, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Empty(known);
        Assert.Equal(name, created.Name);
        Assert.Equal("NORMAL", created.Type);
        Assert.Equal("CUSTOM", created.Range);
        Assert.Equal(Day, created.StartedAt);
        Assert.Contains("\"NOT_ANSWERED\"", created.Filter, StringComparison.Ordinal);
        Assert.Equal(name, done.Name);
        Assert.StartsWith("/api/blobs/", done.FileUrl, StringComparison.Ordinal);

        var file = harness.Client.SaveReport(done, folder, force: false, CancellationToken.None);
        Assert.Equal(done.FileName, file.Name);
        Assert.Equal(done.FileSize, file.Length);
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
        var blob = sandbox.PortSip.CompletedReports.Single(r => r.Id == done.Id);
        Assert.Equal(blob.Content, File.ReadAllBytes(file.FullName));

        var rows = harness.Client.ReadReportRows(done, CancellationToken.None).ToList();
        var expected = sandbox.PortSip.Records.Where(r => r.StartedAt >= Day && r.StartedAt < Day.AddHours(12) && r.AnsweredAt is null).ToList();
        Assert.Equal(expected.Count, rows.Count);
        Assert.Equal(expected.Select(r => r.Caller), rows.Select(r => r.Single(c => c.Key == "Caller").Value));
        Assert.Equal("Call Time", rows[0][0].Key);
        Assert.All(sandbox.Counters.Requests.Where(r => r.Path.StartsWith("/portsip/api/blobs/", StringComparison.Ordinal)), r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public void Save_ToAFilePath_RefusesToOverwriteWithoutForce_BeforeAnyRequest()
    {
        var report = sandbox.PortSip.AddCompletedReport("exists-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "r.csv", Encoding.UTF8.GetBytes("A,B\r\n1,2\r\n"));
        var harness = new PortSipHarness(sandbox.PortSip);
        var done = harness.Client.GetCompletedCallReportDetails(new[] { report.Id }, CancellationToken.None).Single();
        var target = Path.Combine(folder, "mine.csv");
        File.WriteAllText(target, "keep me");
        sandbox.Counters.Reset();

        Assert.Throws<ArgumentException>(() => harness.Client.SaveReport(done, target, force: false, CancellationToken.None));
        Assert.Equal(0, sandbox.Counters.Total);
        Assert.Equal("keep me", File.ReadAllText(target));

        var saved = harness.Client.SaveReport(done, target, force: true, CancellationToken.None);
        Assert.Equal("A,B\r\n1,2\r\n", File.ReadAllText(saved.FullName));
    }

    [Fact]
    public void Save_FetchesAFileUrlOnAnotherHostFromTheServer_SoTheTokenStaysHome()
    {
        var blob = sandbox.PortSip.AddCompletedReport("nat-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "nat.csv", Encoding.UTF8.GetBytes("A\r\n1\r\n"));
        var harness = new PortSipHarness(sandbox.PortSip);
        var foreign = new PortSipCompletedCallReport { Id = blob.Id, Name = blob.Name, Format = "CSV", FileUrl = "https://pbx.internal.example:8887/api/blobs/" + blob.Digest };

        var file = harness.Client.SaveReport(foreign, folder, false, CancellationToken.None);

        Assert.Equal("A\r\n1\r\n", File.ReadAllText(file.FullName));
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip/api/blobs/" + blob.Digest));
        Assert.Contains(harness.Entries, e => e.Message.Contains("pbx.internal.example", StringComparison.Ordinal) && e.Message.Contains("instead", StringComparison.Ordinal));
    }

    [Fact]
    public void Save_AcceptsAFileUrlThatAlreadyCarriesTheServerPrefix()
    {
        var blob = sandbox.PortSip.AddCompletedReport("prefixed-" + Guid.NewGuid().ToString("N"), "NORMAL", "CSV", "p.csv", Encoding.UTF8.GetBytes("A\r\n1\r\n"));
        var harness = new PortSipHarness(sandbox.PortSip);
        var prefixed = new PortSipCompletedCallReport { Id = blob.Id, Name = blob.Name, Format = "CSV", FileUrl = sandbox.PortSip.BaseUri.AbsolutePath + "api/blobs/" + blob.Digest };

        var rows = harness.Client.ReadReportRows(prefixed, CancellationToken.None).ToList();

        Assert.Equal("1", Assert.Single(rows).Single().Value);
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip/api/blobs/" + blob.Digest));
    }

    [Fact]
    public void ReadRows_RefusesAnHtmlReport_BeforeAnyRequest()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var html = new PortSipCompletedCallReport { Id = "1", Name = "x", Format = "HTML", FileUrl = "/api/blobs/abc" };

        Assert.Throws<ArgumentException>(() => harness.Client.ReadReportRows(html, CancellationToken.None));
        Assert.Equal(0, sandbox.Counters.Total);
    }

    [Fact]
    public void NormalReport_StopsAtTheCallLimit()
    {
        sandbox.PortSip.NormalReportCallLimit = 7;
        var harness = new PortSipHarness(sandbox.PortSip);
        var name = "limit-" + Guid.NewGuid().ToString("N");
        harness.Client.CreateCallReport(
            new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.Normal, Range = PortSipCallReportRange.Custom, StartTime = Day, EndTime = Day.AddDays(2) },
            CancellationToken.None);
        var done = harness.Client.WaitForCompletedReport(name, Array.Empty<string>(), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50), CancellationToken.None);

        Assert.Equal(7, harness.Client.ReadReportRows(done, CancellationToken.None).Count());
    }

    [Fact]
    public void Wait_IgnoresOlderRunsWithTheSameName_AndTimesOutByName()
    {
        var name = "weekly-" + Guid.NewGuid().ToString("N");
        var older = sandbox.PortSip.AddCompletedReport(name, "QUEUE_SLA_STATISTICS", "CSV", "old.csv", Encoding.UTF8.GetBytes("Queue\r\n"));
        sandbox.PortSip.ReportDelay = TimeSpan.FromSeconds(30);
        var harness = new PortSipHarness(sandbox.PortSip);
        var known = harness.Client.GetCompletedReportIds(name, CancellationToken.None);
        harness.Client.CreateCallReport(
            new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.QueueSlaStatistics, Queues = new[] { "8001" } },
            CancellationToken.None);

        var error = Assert.Throws<CallReportsException>(() => harness.Client.WaitForCompletedReport(name, known, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), CancellationToken.None));

        Assert.Contains(older.Id, known);
        Assert.Equal("PortSipCallReportTimeout", error.ErrorId);
        Assert.Equal(FailureKind.Timeout, error.Kind);
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.All(sandbox.Counters.LastQueries("/portsip/api/completed_call_reports"), q => Assert.Equal("name eq '" + name + "'", q["filter"]));
    }

    [Fact]
    public void List_Detail_And_Remove_DefinitionsAndCompletedReports()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var name = "ring-" + Guid.NewGuid().ToString("N");
        var created = harness.Client.CreateCallReport(
            new PortSipCallReportDefinition { Name = name, Email = "ops@example.com", Type = PortSipCallReportType.RingGroupStatistics, RingGroups = new[] { "600" }, CronExpression = "0 6 * * *" },
            CancellationToken.None);
        var completed = sandbox.PortSip.AddCompletedReport(name, "RING_GROUP_STATISTICS", "CSV", "ring.csv", Encoding.UTF8.GetBytes("Ring Group\r\n600\r\n"));

        var listed = Assert.Single(harness.Client.GetCallReports(PortSipClient.ByName(name), null, CancellationToken.None));
        Assert.Equal(created.Id, listed.Id);
        Assert.Equal("SCHEDULED", listed.Status);
        Assert.Equal("0 6 * * *", listed.CronExpression);
        var detail = Assert.Single(harness.Client.GetCallReportDetails(new[] { created.Id }, CancellationToken.None));
        Assert.Contains("\"ring_groups\":[\"600\"]", detail.Filter, StringComparison.Ordinal);
        Assert.Equal(completed.Id, Assert.Single(harness.Client.GetCompletedCallReports(PortSipClient.ByName(name), null, CancellationToken.None)).Id);

        harness.Client.RemoveCallReport(created.Id, completed: false, CancellationToken.None);
        harness.Client.RemoveCallReport(completed.Id, completed: true, CancellationToken.None);

        Assert.Empty(harness.Client.GetCallReports(PortSipClient.ByName(name), null, CancellationToken.None));
        Assert.Empty(harness.Client.GetCompletedCallReports(PortSipClient.ByName(name), null, CancellationToken.None));
        var again = Assert.Throws<CallReportsException>(() => harness.Client.RemoveCallReport(created.Id, completed: false, CancellationToken.None));
        Assert.Equal(400, again.StatusCode);
        Assert.False(again.IsTerminating);
        Assert.Equal(2, sandbox.Counters.Count("POST", "/portsip/api/call_reports/" + created.Id + "/destroy"));
    }

    [Fact]
    public void ReportLists_HaveNoTimeWindow()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        Assert.Throws<CallReportsException>(() => harness.Client.GetCallReports(new PortSipCdrQuery { StartTime = Day, OrderBy = null }, null, CancellationToken.None));
        Assert.Equal(0, sandbox.Counters.Total);
    }
}
