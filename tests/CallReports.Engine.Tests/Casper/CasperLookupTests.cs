using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

/// <summary>Profile and destination names resolved to ids through the cloud-routing API.</summary>
public sealed class CasperLookupTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private readonly SandboxHost sandbox;

    public CasperLookupTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Counters.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Profile_name_wildcards_become_integer_ids_and_their_groups()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileNames = new[] { "it*" };

        var records = harness.List(query);

        Assert.Equal("IT TFN", Assert.Single(records).ProfileName);
        using var body = JsonDocument.Parse(sandbox.Casper.LastReportRequest!);
        var criteria = body.RootElement.GetProperty("reportCriteria");
        Assert.Equal(new[] { 2222 }, criteria.GetProperty("cloudProfileIds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(new[] { 111 }, criteria.GetProperty("cloudProfileGroupIds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(1, sandbox.Counters.Count("GET", "/ringcx/voice/api/v1/admin/accounts/13670001/cloudRouteProfileGroups/withChildren"));
    }

    [Fact]
    public void A_group_name_selects_its_profiles_and_destination_names_work_too()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileNames = new[] { "East" };
        Assert.Equal(new[] { "DTE", "IT TFN" }, harness.List(query).Select(r => r.ProfileName));

        var byDestination = CasperHarness.SampleDay();
        byDestination.GroupBy = CasperGroupBy.Destination;
        byDestination.DestinationNames = new[] { "IT TFN" };
        Assert.Equal(new[] { "202004251035200132150000009531" }, harness.List(byDestination).Select(r => r.Uii));
    }

    [Fact]
    public void A_name_that_matches_nothing_stops_before_the_report()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileNames = new[] { "Nope" };

        var error = Assert.IsType<CallReportsException>(harness.TryList(query).Error);

        Assert.Equal("CasperProfileNotFound", error.ErrorId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Equal(0, sandbox.Counters.CountPrefix("/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming"));
    }
}
