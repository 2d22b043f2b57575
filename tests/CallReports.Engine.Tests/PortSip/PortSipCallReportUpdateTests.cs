using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>Updating a definition (<c>POST /api/call_reports/{id}</c>): read, changed, checked as a new report is, sent whole.</summary>
public sealed class PortSipCallReportUpdateTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly SandboxHost sandbox;

    public PortSipCallReportUpdateTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        sandbox.Faults.Clear();
        return Task.CompletedTask;
    }

    public static IEnumerable<object[]> ChangesWrongWithoutTheReport()
    {
        yield return new object[] { new PortSipCallReportChange(), "Nothing to change" };
        yield return new object[] { new PortSipCallReportChange { Name = " " }, "name" };
        yield return new object[] { new PortSipCallReportChange { Email = "nobody" }, "-Email" };
        yield return new object[] { new PortSipCallReportChange { Range = PortSipCallReportRange.Today, StartTime = Day }, "only with -Range Custom" };
        yield return new object[] { new PortSipCallReportChange { StartTime = Day, EndTime = Day }, "after" };
        yield return new object[] { new PortSipCallReportChange { CronExpression = "weekly" }, "crontab" };
        yield return new object[] { new PortSipCallReportChange { From = PortSipCallReportParty.Any, FromValue = "101" }, "-FromValue is used with" };
        yield return new object[] { new PortSipCallReportChange { To = PortSipCallReportParty.ExtensionOrExtensionRange, ToValue = "1x" }, "range of extensions" };
        yield return new object[] { new PortSipCallReportChange { Duration = PortSipCallReportDuration.Any, DurationTo = 5 }, "-DurationKind" };
        yield return new object[] { new PortSipCallReportChange { DurationFrom = 60, DurationTo = 10 }, "minimum not above" };
        yield return new object[] { new PortSipCallReportChange { ExcludeCallsDroppedBeforeSeconds = 0 }, "1 or more" };
    }

    [Theory]
    [MemberData(nameof(ChangesWrongWithoutTheReport))]
    public void AChangeWrongInItself_FailsBeforeAnyRequest(PortSipCallReportChange change, string expected)
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var error = Assert.ThrowsAny<ArgumentException>(() => harness.Client.UpdateCallReport("700551909773148160", change, CancellationToken.None));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Counters.Total);
    }

    [Fact]
    public void OnlyWhatIsGiven_Changes_AndTheFilterGoesBackAsThePbxReturnedIt()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var created = Create(harness, new PortSipCallReportDefinition
        {
            Type = PortSipCallReportType.Normal,
            From = PortSipCallReportParty.Number,
            FromValue = "+14155550123",
            AnswerState = PortSipCallReportAnswerState.NotAnswered,
            Range = PortSipCallReportRange.Custom,
            StartTime = Day,
            EndTime = Day.AddDays(1),
        });

        // A field this module does not model survives an update that does not touch the filter.
        var stored = sandbox.PortSip.ReportDefinitions.Single(d => d.Id == created.Id);
        stored.Filter = WithExtraField(stored.Filter);
        var filterBefore = stored.Filter.GetRawText();
        sandbox.Counters.Reset();

        harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { Email = "night@example.com", Range = PortSipCallReportRange.LastWeek }, CancellationToken.None);

        var after = sandbox.PortSip.ReportDefinitions.Single(d => d.Id == created.Id);
        Assert.Equal("night@example.com", after.Email);
        Assert.Equal("LAST_WEEK", after.Range);
        Assert.Null(after.StartedAt);
        Assert.Equal(created.Name, after.Name);
        Assert.Equal("NORMAL", after.Type);
        Assert.Equal("0 6 * * 1", after.CronExpr);
        Assert.Equal(filterBefore, after.Filter.GetRawText());
        Assert.Equal(1, sandbox.Counters.Count("GET", "/portsip/api/call_reports/" + created.Id));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/call_reports/" + created.Id));
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("email, range", StringComparison.Ordinal));
    }

    [Fact]
    public void AFilterChange_KeepsTheRestOfTheFilter_AndAKindWithoutValueDropsTheOldValue()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var created = Create(harness, new PortSipCallReportDefinition
        {
            Type = PortSipCallReportType.Normal,
            From = PortSipCallReportParty.Number,
            FromValue = "+14155550123",
            Duration = PortSipCallReportDuration.TalkDuration,
            DurationFrom = 30,
        });

        harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { From = PortSipCallReportParty.ExternalNumbers, To = PortSipCallReportParty.ExtensionOrExtensionRange, ToValue = "101-110" }, CancellationToken.None);

        var filter = sandbox.PortSip.ReportDefinitions.Single(d => d.Id == created.Id).Filter;
        Assert.Equal("EXTERNAL_NUMBERS", filter.GetProperty("from").GetString());
        Assert.False(filter.TryGetProperty("from_value", out _));
        Assert.Equal("EXTENSION_OR_EXTENSION_RANGE", filter.GetProperty("to").GetString());
        Assert.Equal("101-110", filter.GetProperty("to_value").GetString());
        Assert.Equal("TALK_DURATION", filter.GetProperty("duration").GetString());
        Assert.Equal(30, filter.GetProperty("duration_from").GetInt32());
    }

    [Fact]
    public void AQueueReport_GetsItsNewQueuesAndExclusion()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var created = Create(harness, new PortSipCallReportDefinition { Type = PortSipCallReportType.QueueSlaStatistics, Queues = new[] { "8001" } });

        harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { Queues = new[] { "8001", "8002" }, ExcludeCallsDroppedBeforeSeconds = 30, Format = PortSipCallReportFormat.Html }, CancellationToken.None);

        var detail = Assert.Single(harness.Client.GetCallReportDetails(new[] { created.Id }, CancellationToken.None));
        Assert.Equal("HTML", detail.Format);
        Assert.Equal("{\"enable_exclude_calls_dropped_before_seconds\":true,\"exclude_calls_dropped_before_seconds\":30,\"call_queues\":[\"8001\",\"8002\"]}", detail.Filter);
    }

    [Fact]
    public void AFilterOfAnotherType_IsRefusedOnceTheReportIsRead_AndNothingIsSent()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var created = Create(harness, new PortSipCallReportDefinition { Type = PortSipCallReportType.Normal });
        sandbox.Counters.Reset();

        var error = Assert.Throws<CallReportsException>(() => harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { Queues = new[] { "8001" } }, CancellationToken.None));

        Assert.Equal("PortSipInvalidCallReport", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.False(error.IsTerminating);
        Assert.Contains("was not changed", error.Message, StringComparison.Ordinal);
        Assert.Contains("queue report types", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip/api/call_reports/" + created.Id));
    }

    [Fact]
    public void ACustomRangeWithoutTimes_IsRefusedOnceTheReportIsRead()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var created = Create(harness, new PortSipCallReportDefinition { Type = PortSipCallReportType.Normal });

        var error = Assert.Throws<CallReportsException>(() => harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { Range = PortSipCallReportRange.Custom }, CancellationToken.None));

        Assert.Contains("-Range Custom needs -StartTime and -EndTime", error.Message, StringComparison.Ordinal);

        // With the times the same change goes through; a later change of the end alone keeps the start.
        harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { Range = PortSipCallReportRange.Custom, StartTime = Day, EndTime = Day.AddDays(1) }, CancellationToken.None);
        harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { EndTime = Day.AddDays(2) }, CancellationToken.None);
        var stored = sandbox.PortSip.ReportDefinitions.Single(d => d.Id == created.Id);
        Assert.Equal(Day, stored.StartedAt);
        Assert.Equal(Day.AddDays(2), stored.EndedAt);
    }

    [Fact]
    public void AnUnknownId_IsANonTerminatingNotFound_AndNothingIsSent()
    {
        var harness = new PortSipHarness(sandbox.PortSip);

        var error = Assert.Throws<CallReportsException>(() => harness.Client.UpdateCallReport("no-such-report", new PortSipCallReportChange { Email = "a@example.com" }, CancellationToken.None));

        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.False(error.IsTerminating);
        Assert.Equal(0, sandbox.Counters.Count("POST", "/portsip/api/call_reports/no-such-report"));
    }

    [Fact]
    public void AnUpdateThePbxRefuses_SaysTheReportWasNotChanged()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        var created = Create(harness, new PortSipCallReportDefinition { Type = PortSipCallReportType.Normal });
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/call_reports/" + created.Id, Method = "POST", StatusCode = 400, Times = 1 });

        var error = Assert.Throws<CallReportsException>(() => harness.Client.UpdateCallReport(created.Id, new PortSipCallReportChange { Email = "a@example.com" }, CancellationToken.None));

        Assert.Equal(400, error.StatusCode);
        Assert.False(error.IsTerminating);
        Assert.EndsWith("The report was not changed.", error.Message, StringComparison.Ordinal);
        Assert.Equal("ops@example.com", sandbox.PortSip.ReportDefinitions.Single(d => d.Id == created.Id).Email);
    }

    private static PortSipCallReport Create(PortSipHarness harness, PortSipCallReportDefinition definition)
    {
        definition.Name = "upd-" + Guid.NewGuid().ToString("N");
        definition.Email = "ops@example.com";
        definition.CronExpression = "0 6 * * 1";
        return harness.Client.CreateCallReport(definition, CancellationToken.None);
    }

    private static JsonElement WithExtraField(JsonElement filter)
    {
        var fields = filter.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone());
        fields["x_site"] = "north";
        return JsonSerializer.SerializeToElement(fields);
    }
}
