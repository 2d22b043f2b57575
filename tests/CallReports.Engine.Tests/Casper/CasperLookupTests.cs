using System;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

/// <summary>
/// What the report selects: profile and destination names, ids and groups resolved through the cloud-routing
/// API, and every profile when nothing is chosen, against a Sandbox that filters by exactly the ids it receives.
/// </summary>
[Collection(CasperHarness.Collection)]
public sealed class CasperLookupTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Report = "/ringcx/voice/api/v1/admin/accounts/13670001/reportsStreaming";
    private static readonly TimeSpan Arizona = TimeSpan.FromHours(-7);
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
        var criteria = LastCriteria();
        Assert.Equal(new[] { 2222 }, Ids(criteria, "cloudProfileIds"));
        Assert.Equal(new int?[] { 111 }, Groups(criteria, "cloudProfileGroupIds"));
        Assert.Equal(1, sandbox.Counters.Count("GET", ProfileLookup(CasperEmulator.AccountId)));
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
        Assert.Equal(0, sandbox.Counters.CountPrefix(Report));
    }

    [Fact]
    public void The_sandbox_reads_an_empty_list_as_nothing_and_ids_as_needing_their_groups()
    {
        Assert.Equal(0, RawRowCount("[]", "[]"));
        Assert.Equal(0, RawRowCount("[null]", "[]"));
        Assert.Equal(0, RawRowCount("[111]", "[]"));
        Assert.Equal(0, RawRowCount("[]", "[1111]"));
        Assert.Equal(1, RawRowCount("[111]", "[1111]"));
        Assert.Equal(2, RawRowCount("[111, null]", "[1111, 3333]"));
    }

    [Fact]
    public void No_selection_reports_every_profile_of_the_account()
    {
        var harness = new CasperHarness(sandbox.Casper);

        var records = harness.List(CasperHarness.SampleDay());

        Assert.Equal(3, records.Count);
        var criteria = LastCriteria();
        Assert.Equal(new int?[] { 111, 222, null }, Groups(criteria, "cloudProfileGroupIds"));
        Assert.Equal(new[] { 1111, 2222, 3333, 5002, 5003, 5004, 5005, 5006 }, Ids(criteria, "cloudProfileIds").OrderBy(i => i));
        Assert.Empty(Ids(criteria, "cloudDestinationIds"));
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public void No_selection_with_GroupBy_Destination_reports_every_destination()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.GroupBy = CasperGroupBy.Destination;

        var records = harness.List(query);

        Assert.Equal(3, records.Count);
        var criteria = LastCriteria();
        Assert.Equal("DESTINATION", criteria.GetProperty("groupBy").GetString());
        Assert.Equal(new int?[] { 10, 20 }, Groups(criteria, "cloudDestinationGroupIds"));
        Assert.Equal(new[] { 4400, 4401, 4402, 4403, 4404, 4405, 4406, 4467, 4546 }, Ids(criteria, "cloudDestinationIds").OrderBy(i => i));
        Assert.Equal(1, sandbox.Counters.Count("GET", "/ringcx/voice/api/v1/admin/accounts/13670001/cloudRouteDestinationGroups/withChildren"));
    }

    [Fact]
    public void A_group_alone_sends_its_children()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileGroupIds = new[] { 111 };

        var records = harness.List(query);

        Assert.Equal(new[] { 1111L, 2222L }, records.Select(r => r.CloudProfileId!.Value));
        var criteria = LastCriteria();
        Assert.Equal(new int?[] { 111 }, Groups(criteria, "cloudProfileGroupIds"));
        Assert.Equal(new[] { 1111, 2222, 5002, 5003 }, Ids(criteria, "cloudProfileIds").OrderBy(i => i));
    }

    [Theory]
    [InlineData(1111, 111)]
    [InlineData(3333, null)]
    public void A_profile_alone_sends_the_group_it_belongs_to(int profile, int? group)
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileIds = new[] { profile };

        var records = harness.List(query);

        Assert.Equal(profile, Assert.Single(records).CloudProfileId);
        var criteria = LastCriteria();
        Assert.Equal(new[] { group }, Groups(criteria, "cloudProfileGroupIds"));
        Assert.Equal(new[] { profile }, Ids(criteria, "cloudProfileIds"));
    }

    [Fact]
    public void A_name_in_the_ungrouped_group_brings_the_null_group_along()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileNames = new[] { "DTE" };

        var records = harness.List(query);

        Assert.Equal(new[] { 1111L, 3333L }, records.Select(r => r.CloudProfileId!.Value));
        var criteria = LastCriteria();
        Assert.Equal(new int?[] { 111, null }, Groups(criteria, "cloudProfileGroupIds"));
        Assert.Equal(new[] { 1111, 3333 }, Ids(criteria, "cloudProfileIds"));
    }

    [Fact]
    public void Group_and_profile_ids_together_are_sent_as_given_without_a_lookup()
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileGroupIds = new[] { 111 };
        query.ProfileIds = new[] { 1111 };

        Assert.Equal(1111, Assert.Single(harness.List(query)).CloudProfileId);
        Assert.Equal(0, sandbox.Counters.CountPrefix("/ringcx/voice/api/v1/admin/accounts/13670001/cloudRoute"));
    }

    [Theory]
    [InlineData(new[] { 424242 }, new int[0])]
    [InlineData(new int[0], new[] { 999 })]
    public void An_id_or_group_the_accounts_do_not_have_stops_before_the_report(int[] profiles, int[] groups)
    {
        var harness = new CasperHarness(sandbox.Casper);
        var query = CasperHarness.SampleDay();
        query.ProfileIds = profiles;
        query.ProfileGroupIds = groups;

        var error = Assert.IsType<CallReportsException>(harness.TryList(query).Error);

        Assert.Equal("CasperProfileNotFound", error.ErrorId);
        Assert.Contains((profiles.Length > 0 ? profiles[0] : groups[0]).ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains(CasperEmulator.AccountId, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Counters.CountPrefix(Report));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public void Every_requested_account_is_looked_up_once_per_command(string? names)
    {
        var harness = new CasperHarness(sandbox.Casper);
        CasperCallDetailQuery Query(params string[] accounts)
        {
            var start = new DateTimeOffset(2026, 11, 1, 17, 0, 0, Arizona);
            return new CasperCallDetailQuery
            {
                AccountIds = accounts,
                StartTime = start,
                EndTime = start.AddDays(8),
                WindowSize = TimeSpan.FromDays(2),
                TimeZone = ZoneResolver.Resolve("US/Arizona"),
                TimeZoneName = "US/Arizona",
                ProfileNames = names is null ? Array.Empty<string>() : new[] { names },
            };
        }

        var first = harness.List(Query(CasperEmulator.AccountId));
        var second = harness.List(Query(CasperEmulator.SecondAccountId));
        sandbox.Counters.Reset();
        var both = harness.List(Query(CasperEmulator.AccountId, CasperEmulator.SecondAccountId));

        Assert.True(first.Count > 100 && second.Count > 20, $"{first.Count} and {second.Count} calls");
        Assert.Equal(first.Count + second.Count, both.Count);
        Assert.Equal(first.Concat(second).Select(r => r.Uii).OrderBy(u => u, StringComparer.Ordinal), both.Select(r => r.Uii).OrderBy(u => u, StringComparer.Ordinal));
        Assert.Equal(4, sandbox.Counters.Count("POST", Report));
        Assert.Equal(1, sandbox.Counters.Count("GET", ProfileLookup(CasperEmulator.AccountId)));
        Assert.Equal(1, sandbox.Counters.Count("GET", ProfileLookup(CasperEmulator.SecondAccountId)));
        Assert.Empty(harness.Errors);
    }

    private static string ProfileLookup(string account) => $"/ringcx/voice/api/v1/admin/accounts/{account}/cloudRouteProfileGroups/withChildren";

    private JsonElement LastCriteria()
    {
        using var body = JsonDocument.Parse(sandbox.Casper.LastReportRequest!);
        return body.RootElement.GetProperty("reportCriteria").Clone();
    }

    private static int?[] Groups(JsonElement criteria, string name) =>
        criteria.GetProperty(name).EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (int?)null : e.GetInt32()).ToArray();

    private static int[] Ids(JsonElement criteria, string name) =>
        criteria.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>Rows of the vendor page's sample day for a raw request with the given profile lists.</summary>
    private int RawRowCount(string groups, string ids)
    {
        var body = "{\"delimiter\":\"COMMA\",\"reportType\":\"CASPER_REPORT\",\"reportTypeName\":\"Cloud_Call_Detail_Download\",\"reportCriteria\":{" +
            "\"accountIds\":[\"13670001\"],\"groupBy\":\"PROFILE\",\"cloudDestinationGroupIds\":[],\"cloudDestinationIds\":[]," +
            $"\"cloudProfileGroupIds\":{groups},\"cloudProfileIds\":{ids}," +
            "\"endTimestamp\":\"2020-04-20 23:59:59\",\"startTimestamp\":\"2020-04-20 00:00:00\",\"timezoneName\":\"US/Arizona\"," +
            "\"criteriaType\":\"CASPER_CRITERIA\",\"reportName\":\"Cloud_Call_Detail_Download\",\"returnType\":\"CSV\",\"schedule\":{\"repeatOption\":\"ONCE\"}}}";
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sandbox.Casper.BaseUri, "voice/api/v1/admin/accounts/13670001/reportsStreaming"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Auth-Token", CasperEmulator.ApiToken);
        using var response = client.Send(request);
        response.EnsureSuccessStatusCode();
        var lines = response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return lines.Length - 1;
    }
}
