using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Voxo;
using Xunit;

namespace CallReports.Engine.Tests.Voxo;

/// <summary>VoxoClient against the Sandbox's VOXO emulator over loopback.</summary>
public sealed class VoxoClientTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string ReportsPath = "/voxo/call-reports";
    private const string SignInPath = "/voxo/authentication";
    private static readonly TimeZoneInfo NewYork = ZoneResolver.Resolve("America/New_York");
    private readonly SandboxHost sandbox;

    public VoxoClientTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    private VoxoEmulator Voxo => sandbox.Voxo;

    public async Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        Voxo.AfterReportServed = null;
        Voxo.BulkCallsPerHour = 0;
        Voxo.MaximumRecordsPerResponse = null;
        Voxo.RenderZoneOverride = null;
        Voxo.TenantRangeLimit = TimeSpan.FromDays(31);
        await VoxoHarness.ClearTokensAsync(Voxo);
        sandbox.Counters.Reset();
    }

    public Task DisposeAsync()
    {
        Voxo.AfterReportServed = null;
        Voxo.RenderZoneOverride = null;
        return Task.CompletedTask;
    }

    [Fact]
    public void A_95_day_range_comes_back_in_4_windows_each_call_exactly_once_with_exact_instants()
    {
        var start = WallClock.ToInstant(new DateTime(2026, 8, 10, 0, 0, 0), NewYork);
        var end = start.AddDays(95); // crosses the fall-back of 2026-11-01
        Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DentalTenantId, Instant = start, CallerIdName = "AT THE START" });
        Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DentalTenantId, Instant = start.AddDays(31), CallerIdName = "ON AN EDGE" });
        Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DentalTenantId, Instant = start.AddDays(62), CallerIdName = "ON AN EDGE" });
        Voxo.AddCall(new VoxoCall { TenantId = VoxoEmulator.DentalTenantId, Instant = end, CallerIdName = "AT THE END" });
        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(new VoxoCallReportQuery { StartTime = start, EndTime = end, TenantId = VoxoEmulator.DentalTenantId });

        var expected = Voxo.CallsOf(VoxoEmulator.DentalTenantId, start, end);
        Assert.True(expected.Count > 300);
        Assert.Equal(expected.Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal), records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        var byId = expected.ToDictionary(c => c.Id);
        Assert.All(records, r => Assert.Equal(byId[r.Id].Instant, r.Time));
        Assert.All(records, r => Assert.Equal(NewYork.GetUtcOffset(r.Time!.Value), r.Time!.Value.Offset));
        Assert.Equal(2, records.Count(r => r.CallerIdName == "ON AN EDGE"));
        Assert.DoesNotContain(records, r => r.CallerIdName == "AT THE END");

        // The tenant's own zone, read once; four windows that meet exactly.
        Assert.Equal(1, sandbox.Counters.Count("GET", "/voxo/tenants/37"));
        var queries = sandbox.Counters.LastQueries(ReportsPath);
        Assert.Equal(4, queries.Count);
        Assert.All(queries, q => Assert.Equal("America/New_York", q["timezone"]));
        Assert.All(queries, q => Assert.Equal("37", q["tenantId"]));
        Assert.Equal("2026-08-10 00:00:00", queries[0]["start"]);
        Assert.Equal(WallClock.Format(end, NewYork, "yyyy-MM-dd HH:mm:ss"), queries[3]["end"]);
        for (var i = 1; i < queries.Count; i++)
        {
            Assert.Equal(queries[i - 1]["end"], queries[i]["start"]);
        }

        Assert.Contains(sandbox.Counters.Requests, r => r.Path == ReportsPath && r.QueryString.Contains("start=2026-08-10%2000%3A00%3A00", StringComparison.Ordinal));
        Assert.Empty(harness.Errors);
        var progress = harness.Entries.Where(e => e.Kind == LogKind.Progress && !e.Completed).ToList();
        Assert.Equal(4, progress.Count);
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Progress && e.Completed);
        Assert.Equal(1, sandbox.Counters.Count("POST", SignInPath));
    }

    [Fact]
    public void A_partner_wide_two_and_a_half_days_is_3_windows_across_every_tenant()
    {
        var start = new DateTimeOffset(2026, 9, 14, 5, 0, 0, TimeSpan.Zero);
        var end = start.AddHours(60);
        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(new VoxoCallReportQuery { StartTime = start, EndTime = end });

        var expected = Voxo.Calls.Where(c => c.Instant >= start && c.Instant < end).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        Assert.Equal(3, records.Select(r => Voxo.Calls.First(c => c.Id == r.Id).TenantId).Distinct().Count());
        var queries = sandbox.Counters.LastQueries(ReportsPath);
        Assert.Equal(3, queries.Count);
        Assert.All(queries, q => Assert.False(q.ContainsKey("tenantId") || q.ContainsKey("billingCode")));
        Assert.All(queries, q => Assert.Equal(VoxoCallReportQuery.DefaultZone, q["timezone"]));
        Assert.Equal(0, sandbox.Counters.CountPrefix("/voxo/tenants"));
        Assert.Empty(harness.Errors);
    }

    [Fact]
    public void Partner_wide_windows_across_a_spring_forward_are_all_accepted()
    {
        var chicago = ZoneResolver.Resolve("America/Chicago");
        var start = WallClock.ToInstant(new DateTime(2026, 3, 7, 0, 0, 0), chicago);
        var harness = new VoxoHarness(Voxo);

        var (_, error) = harness.TryRead(new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(3), TimeZone = chicago });

        Assert.Null(error);
        Assert.Empty(harness.Errors);
        Assert.Equal(4, sandbox.Counters.LastQueries(ReportsPath).Count);
    }

    [Fact]
    public void The_documented_sample_comes_back_with_exact_instants_in_any_requested_zone()
    {
        var chicago = ZoneResolver.Resolve("America/Chicago");
        var harness = new VoxoHarness(Voxo, VoxoEmulator.TenantAdminEmail);

        var records = harness.Read(new VoxoCallReportQuery
        {
            StartTime = new DateTimeOffset(2022, 10, 10, 0, 0, 0, TimeSpan.FromHours(-4)),
            EndTime = new DateTimeOffset(2022, 10, 11, 0, 0, 0, TimeSpan.FromHours(-4)),
            TenantId = VoxoEmulator.DentalTenantId,
            TimeZone = chicago,
        });

        Assert.Equal(new[] { "2d275d62-706c-42d2-a4d4-e4ef53d83974", "ae8a5f62-7bd3-46a0-84d6-a3d46b35c886" }, records.Select(r => r.Id));
        Assert.Equal(new DateTimeOffset(2022, 10, 11, 3, 7, 20, TimeSpan.Zero), records[0].Time);
        Assert.Equal(new DateTimeOffset(2022, 10, 10, 23, 49, 16, TimeSpan.Zero), records[1].Time);
        Assert.Equal("10/10/22 22:07:20", records[0].TimeText);
        Assert.Equal(TimeSpan.FromHours(-5), records[0].Time!.Value.Offset);
        Assert.Null(records[1].Ocn);
        Assert.Equal("8911", records[0].Ocn);
        Assert.DoesNotContain(harness.Entries, e => e.Message.Contains("using the epoch", StringComparison.Ordinal));
        Assert.Equal(0, sandbox.Counters.CountPrefix("/voxo/tenants"));
    }

    [Fact]
    public void A_portal_token_works_and_a_rejected_one_is_a_terminating_authentication_error()
    {
        var token = Voxo.IssuePortalToken();
        var query = new VoxoCallReportQuery { StartTime = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), EndTime = new DateTimeOffset(2026, 9, 3, 0, 0, 0, TimeSpan.Zero), TenantId = VoxoEmulator.DentalTenantId };

        Assert.NotEmpty(new VoxoHarness(Voxo, accessToken: token).Read(query));
        Voxo.ExpireAllTokens();
        var harness = new VoxoHarness(Voxo, accessToken: token);
        var error = Assert.IsType<CallReportsException>(harness.TryRead(query).Error);

        Assert.Equal("VoxoNotAuthenticated", error.ErrorId);
        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Contains("jwt expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Counters.Count("POST", SignInPath));
        Assert.DoesNotContain(harness.VisibleTexts(error), t => t.Contains(token, StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_password_is_a_terminating_sign_in_failure_sent_once()
    {
        var harness = new VoxoHarness(Voxo, password: "Wrong-Voxo-Password-9");

        var error = Assert.IsType<CallReportsException>(harness.TryRead(new VoxoCallReportQuery { StartTime = DateTimeOffset.UtcNow.AddDays(-1), EndTime = DateTimeOffset.UtcNow, TenantId = 37 }).Error);

        Assert.Equal("VoxoSignInFailed", error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Contains("Invalid login", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Counters.Count("POST", SignInPath));
        Assert.Equal(0, sandbox.Counters.Count("GET", ReportsPath));
        Assert.DoesNotContain(harness.VisibleTexts(error), t => t.Contains("Wrong-Voxo-Password-9", StringComparison.Ordinal));
    }

    [Fact]
    public void A_window_the_server_rejects_is_read_in_halves_and_nothing_is_lost()
    {
        Voxo.TenantRangeLimit = TimeSpan.FromDays(20);
        var start = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(33);
        var harness = new VoxoHarness(Voxo);

        var (records, error) = harness.TryRead(new VoxoCallReportQuery { StartTime = start, EndTime = end, TenantId = VoxoEmulator.DublinTenantId, TimeZone = TimeZoneInfo.Utc });

        Assert.Null(error);
        Assert.Empty(harness.Errors);
        var warning = Assert.Single(harness.Entries, e => e.Kind == LogKind.Warning);
        Assert.Contains("window 1 of 2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("The max range allowed between start and end is 31 days", warning.Message, StringComparison.Ordinal);
        Assert.Contains("two halves", warning.Message, StringComparison.Ordinal);
        Assert.Equal(Voxo.CallsOf(VoxoEmulator.DublinTenantId, start, end).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal), records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        var queries = sandbox.Counters.LastQueries(ReportsPath);
        Assert.Equal(new[] { "2026-08-01 00:00:00", "2026-08-01 00:00:00", "2026-08-16 12:00:00", "2026-09-01 00:00:00" }, queries.Select(q => q["start"]));
    }

    [Fact]
    public void A_window_the_server_still_rejects_is_named_and_the_other_windows_are_still_read()
    {
        Voxo.TenantRangeLimit = TimeSpan.FromDays(10);
        var start = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(33);
        var harness = new VoxoHarness(Voxo);

        var (records, error) = harness.TryRead(new VoxoCallReportQuery { StartTime = start, EndTime = end, TenantId = VoxoEmulator.DublinTenantId, TimeZone = TimeZoneInfo.Utc });

        Assert.Null(error);
        var rejected = harness.Errors.ToList();
        Assert.Equal(2, rejected.Count);
        Assert.All(rejected, e =>
        {
            Assert.Equal("VoxoBadRequest", e.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, e.Kind);
            Assert.False(e.IsTerminating);
            Assert.Contains("window 1 of 2", e.Message, StringComparison.Ordinal);
            Assert.Contains("31 days", e.Message, StringComparison.Ordinal);
            Assert.Contains("-WindowSize", e.Message, StringComparison.Ordinal);
        });
        Assert.Contains("start=2026-08-01 00:00:00, end=2026-08-16 12:00:00", rejected[0].Message, StringComparison.Ordinal);
        Assert.Contains("start=2026-08-16 12:00:00, end=2026-09-01 00:00:00", rejected[1].Message, StringComparison.Ordinal);
        Assert.Equal(Voxo.CallsOf(VoxoEmulator.DublinTenantId, start.AddDays(31), end).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal), records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
    }

    [Fact]
    public void A_window_with_a_suspiciously_round_count_gets_a_warning()
    {
        Voxo.BulkCallsPerHour = 60;
        Voxo.MaximumRecordsPerResponse = 1000;
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(1), TenantId = VoxoEmulator.BulkTenantId });

        Assert.Equal(1000, records.Count);
        var warning = Assert.Single(harness.Entries, e => e.Kind == LogKind.Warning);
        Assert.Contains("exactly 1000 records", warning.Message, StringComparison.Ordinal);
        Assert.Contains("-WindowSize", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_window_streams_records_before_the_server_has_finished()
    {
        Voxo.BulkCallsPerHour = 1200;
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var harness = new VoxoHarness(Voxo);
        var servedWhenFirstArrived = -1;
        var baseline = Voxo.ReportsServed;

        var (records, error) = harness.TryRead(
            new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(1), TenantId = VoxoEmulator.BulkTenantId },
            _ =>
            {
                if (servedWhenFirstArrived < 0)
                {
                    servedWhenFirstArrived = Voxo.ReportsServed;
                }
            });

        Assert.Null(error);
        Assert.Equal(24 * 1200, records.Count);
        Assert.Equal(records.Count, records.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(baseline, servedWhenFirstArrived);
        Assert.DoesNotContain(harness.Entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void A_body_cut_short_is_an_error_naming_the_window_and_the_next_windows_are_read()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = ReportsPath, ResetAfterBytes = 3000, Times = 1 });
        var start = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        var end = start.AddDays(40);
        var harness = new VoxoHarness(Voxo);

        var (records, error) = harness.TryRead(new VoxoCallReportQuery { StartTime = start, EndTime = end, TenantId = VoxoEmulator.DentalTenantId, TimeZone = TimeZoneInfo.Utc });

        Assert.Null(error);
        var cut = Assert.Single(harness.Errors);
        Assert.Equal("VoxoResponseInterrupted", cut.ErrorId);
        Assert.Contains("window 1 of 2", cut.Message, StringComparison.Ordinal);
        var secondWindow = Voxo.CallsOf(VoxoEmulator.DentalTenantId, start.AddDays(31), end).Select(c => c.Id).ToHashSet();
        Assert.Superset(secondWindow, records.Select(r => r.Id).ToHashSet());
        Assert.True(records.Count > secondWindow.Count, "records read before the cut are kept");
    }

    [Fact]
    public void No_message_shows_the_password_or_a_token()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = ReportsPath, StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });
        var start = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);
        var harness = new VoxoHarness(Voxo);
        var baseline = Voxo.ReportsServed;
        Voxo.AfterReportServed = served =>
        {
            if (served == baseline + 1)
            {
                Voxo.ExpireAllTokens();
            }
        };

        var (records, error) = harness.TryRead(new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(40), TenantId = VoxoEmulator.DentalTenantId });

        Assert.Null(error);
        Assert.NotEmpty(records);
        var texts = string.Join("\n", harness.VisibleTexts());
        Assert.Contains("attempt 2", texts, StringComparison.Ordinal);
        var secrets = Voxo.IssuedSecrets.Append(VoxoEmulator.Password).ToArray();
        Assert.True(secrets.Length >= 3);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, texts, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_billing_code_is_sent_instead_of_a_tenant_in_voxos_default_zone()
    {
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(5), BillingCode = "DSRT52" });

        Assert.Equal(Voxo.CallsOf(VoxoEmulator.DesertTenantId, start, start.AddDays(5)).Select(c => c.Id).OrderBy(i => i, StringComparer.Ordinal), records.Select(r => r.Id).OrderBy(i => i, StringComparer.Ordinal));
        var query = Assert.Single(sandbox.Counters.LastQueries(ReportsPath));
        Assert.Equal("DSRT52", query["billingCode"]);
        Assert.False(query.ContainsKey("tenantId"));
        Assert.Equal(VoxoCallReportQuery.DefaultZone, query["timezone"]);
        Assert.All(records, r => Assert.Equal(TimeSpan.FromHours(-5), r.Time!.Value.Offset));
        Assert.Equal(0, sandbox.Counters.CountPrefix("/voxo/tenants"));
    }

    [Fact]
    public void A_tenant_whose_zone_cannot_be_read_is_warned_about_and_read_in_central_time()
    {
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var harness = new VoxoHarness(Voxo);

        var (records, error) = harness.TryRead(new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(1), TenantId = 404 });

        Assert.Null(error);
        Assert.Empty(records);
        var warning = Assert.Single(harness.Entries, e => e.Kind == LogKind.Warning);
        Assert.Contains("tenant 404", warning.Message, StringComparison.Ordinal);
        Assert.Contains("America/Chicago", warning.Message, StringComparison.Ordinal);
        Assert.Equal(VoxoCallReportQuery.DefaultZone, Assert.Single(sandbox.Counters.LastQueries(ReportsPath))["timezone"]);
    }

    [Fact]
    public void Times_written_in_another_zone_are_corrected_by_the_epoch_with_a_bounded_number_of_notes()
    {
        Voxo.RenderZoneOverride = "America/Chicago";
        var start = new DateTimeOffset(2026, 9, 1, 4, 0, 0, TimeSpan.Zero);
        var harness = new VoxoHarness(Voxo);

        var records = harness.Read(new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(10), TenantId = VoxoEmulator.DentalTenantId, TimeZone = NewYork });

        var expected = Voxo.CallsOf(VoxoEmulator.DentalTenantId, start, start.AddDays(10)).ToDictionary(c => c.Id);
        Assert.True(expected.Count > 20);
        Assert.Equal(expected.Count, records.Count);
        Assert.All(records, r => Assert.Equal(expected[r.Id].Instant, r.Time));
        var notes = harness.Entries.Where(e => e.Message.Contains("using the epoch", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, notes.Count);
        Assert.Contains(harness.Entries, e => e.Message.Contains($"corrected the time of {expected.Count} records", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_without_a_voxo_sign_in_endpoint_is_a_terminating_error_pointing_at_Server()
    {
        var log = new List<LogEntry>();
        var connection = new CallReports.Engine.Http.ConnectionOptions(new Uri(Voxo.BaseUri, "elsewhere/")) { RetryInterval = TimeSpan.FromMilliseconds(20) };
        var client = new VoxoClient(connection, VoxoCredentials.FromPassword(new System.Net.NetworkCredential(VoxoEmulator.PartnerEmail, VoxoEmulator.Password)), new OperationLog(log.Add));

        var error = Assert.Throws<CallReportsException>(() => client.GetCallReports(new VoxoCallReportQuery { StartTime = DateTimeOffset.UtcNow.AddDays(-1), EndTime = DateTimeOffset.UtcNow, TenantId = 37 }, default).ToList());

        Assert.Equal("VoxoNotFound", error.ErrorId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Contains("Check -Server", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.Counters.Count("POST", "/voxo/elsewhere/authentication"));
    }
}
