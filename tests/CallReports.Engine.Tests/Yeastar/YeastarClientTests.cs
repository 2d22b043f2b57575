using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.Engine.Tests.Yeastar;

/// <summary>YeastarClient against the Sandbox's Yeastar emulator over loopback.</summary>
public sealed partial class YeastarClientTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Download = "/yeastar/openapi/v2.0/call_report/download";
    private const string GetToken = "/yeastar/openapi/v1.0/get_token";
    private readonly SandboxHost sandbox;
    private readonly List<LogEntry> entries = new();

    public YeastarClientTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    private YeastarEmulator Pbx => sandbox.Yeastar;

    public async Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        Pbx.Reset();
        YeastarSystemInfo.Forget();
        await ClearAsync(revoke: false);
        sandbox.Counters.Reset();
    }

    public Task DisposeAsync() => ClearAsync(revoke: false);

    public static IEnumerable<object[]> AllTypes => Enum.GetValues(typeof(YeastarReportType)).Cast<YeastarReportType>().Select(t => new object[] { t });

    [Theory]
    [MemberData(nameof(AllTypes))]
    public void Every_type_names_what_it_needs_and_refuses_what_it_does_not_take_before_any_request(YeastarReportType type)
    {
        var definition = YeastarReportDefinition.Of(type);
        var client = NewClient();

        // A complete query is valid.
        var complete = Complete(type);
        complete.Validate();

        foreach (var required in definition.Parameters.Where(p => p.Required))
        {
            var query = Complete(type);
            typeof(YeastarReportQuery).GetProperty(required.Parameter)!.SetValue(query, null);
            AssertInvalid("needs -" + required.Parameter, () => client.GetRows(query, CancellationToken.None));
        }

        var notTaken = new[] { "ExtensionId", "TrunkId", "QueueId", "IvrId", "RingGroupId", "AgentId" }.First(p => definition.Find(p) is null);
        var extra = Complete(type);
        typeof(YeastarReportQuery).GetProperty(notTaken)!.SetValue(extra, new[] { "9" });
        Assert.Equal("9", AssertInvalid("does not take -" + notTaken, () => client.GetRows(extra, CancellationToken.None)).Target);

        var wrongTime = Complete(type);
        if (definition.TimeMode == YeastarTimeMode.Date)
        {
            wrongTime.StartTime = new DateTime(2026, 11, 1);
            AssertInvalid("not -StartTime", () => client.GetRows(wrongTime, CancellationToken.None));
            wrongTime = Complete(type);
            wrongTime.Date = null;
            AssertInvalid("needs -Date", () => client.GetRows(wrongTime, CancellationToken.None));
        }
        else
        {
            wrongTime.Date = new DateTime(2026, 11, 1);
            AssertInvalid("not -Date", () => client.GetRows(wrongTime, CancellationToken.None));
        }

        Assert.Equal(0, sandbox.Counters.Total);
    }

    [Fact]
    public void A_single_value_parameter_refuses_a_list_and_trunk_reports_refuse_internal()
    {
        var query = Complete(YeastarReportType.QueueSatisfaction);
        query.QueueId = new[] { "1", "2" };
        Assert.Equal("1,2", AssertInvalid("takes one -QueueId", query.Validate).Target);
        var trunk = Complete(YeastarReportType.PbxCallActivity);
        trunk.CommunicationType = YeastarCommunicationType.Internal;
        Assert.Equal("Internal", AssertInvalid("-CommunicationType Inbound or Outbound", trunk.Validate).Target);
    }

    [Theory]
    [InlineData("YYYY/MM/DD", "HH:mm:ss", "2026/11/02 08:00:00", "2026/11/02 17:29:59", "2026/11")]
    [InlineData("DD/MM/YYYY", "hh:mm:ss AM", "02/11/2026 08:00:00 AM", "02/11/2026 05:29:59 PM", "11/2026")]
    [InlineData("MM/DD/YYYY", "hh:mm:ss AM", "11/02/2026 08:00:00 AM", "11/02/2026 05:29:59 PM", "11/2026")]
    [InlineData("MM/DD/YYYY", "hh:mm:ss", "11/02/2026 08:00:00", "11/02/2026 17:29:59", "11/2026")]
    public void Times_are_sent_in_the_PBX_display_format_and_the_report_is_not_empty(string dateFormat, string timeFormat, string start, string end, string month)
    {
        Pbx.DateFormat = dateFormat;
        Pbx.TimeFormat = timeFormat;
        var client = NewClient();
        var rows = client.GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList();
        Assert.Equal(Pbx.RowsPerReport, rows.Count);
        var sent = sandbox.Counters.LastQueries(Download).Last();
        Assert.Equal(start, sent["start_time"]);
        Assert.Equal(end, sent["end_time"]);

        var activity = Complete(YeastarReportType.QueuePerformanceActivity);
        activity.Granularity = YeastarGranularity.Day;
        Assert.NotEmpty(client.GetRows(activity, CancellationToken.None).ToList());
        Assert.Equal(month, sandbox.Counters.LastQueries(Download).Last()["time"]);
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void A_format_the_PBX_does_not_use_gives_an_empty_report_and_a_warning_naming_the_format()
    {
        var query = Complete(YeastarReportType.ExtensionCallStatistics);
        query.DateFormat = "YYYY/MM/DD";
        query.TimeFormat = "HH:mm:ss";
        var rows = NewClient().GetRows(query, CancellationToken.None).ToList();
        Assert.Empty(rows);
        var warning = Assert.Single(entries, e => e.Kind == LogKind.Warning);
        Assert.Contains("YYYY/MM/DD HH:mm:ss", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_are_typed_numbers_durations_and_PBX_times()
    {
        var stats = NewClient().GetRows(Complete(YeastarReportType.ExtensionCallStatistics), CancellationToken.None).First();
        var columns = stats.Columns.ToDictionary(c => c.Key, c => c.Value);
        Assert.IsType<long>(columns["Answered Calls"]);
        Assert.IsType<TimeSpan>(columns["Total Talking Time"]);
        Assert.Contains(", Sales", Assert.IsType<string>(columns["Extension Name"]), StringComparison.Ordinal);
        Assert.Equal("Extension Number", stats.Columns[0].Key);

        var ivr = NewClient().GetRows(Complete(YeastarReportType.Ivr), CancellationToken.None).First();
        var time = Assert.IsType<DateTimeOffset>(ivr.Columns.First(c => c.Key == "Time").Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 0, 0, Pbx.Offset), time);
    }

    [Fact]
    public void Twenty_downloads_use_one_token_and_First_stops_reading()
    {
        for (var i = 0; i < 20; i++)
        {
            var query = Complete(YeastarReportType.QueuePerformance);
            query.First = 2;
            Assert.Equal(2, NewClient().GetRows(query, CancellationToken.None).Count());
        }

        Assert.Equal(1, sandbox.Counters.Count("POST", GetToken));
        Assert.Equal(1, Pbx.LiveTokens);
        Assert.Equal(1, sandbox.Counters.Count("GET", "/yeastar/openapi/v1.0/system/information"));
    }

    [Fact]
    public void An_expired_token_is_refreshed_not_replaced_and_the_download_goes_on()
    {
        Assert.NotEmpty(NewClient().GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Pbx.ExpireAccessTokens();
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Assert.Equal(1, sandbox.Counters.Count("POST", GetToken));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/yeastar/openapi/v1.0/refresh_token"));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("text/plain")]
    public void A_token_that_expires_between_the_link_and_the_download_is_refreshed_and_the_same_link_reused(string envelopeType)
    {
        // The page does not say which Content-Type the PBX gives its envelopes: 10004 is read whatever it is.
        Pbx.EnvelopeContentType = envelopeType;
        Pbx.ExpireTokensAfterNextLink = true;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Assert.Equal(1, sandbox.Counters.Count("GET", Download));
        Assert.Equal(2, sandbox.Counters.CountPrefix("/yeastar/api/download/"));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/yeastar/openapi/v1.0/refresh_token"));
        Assert.Equal(1, sandbox.Counters.Count("POST", GetToken));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_download_cut_off_at_its_start_is_an_interrupted_response_whatever_its_content_type(bool servedAsText)
    {
        // As text without an attachment header, the session reads the file's first bytes to see whether they are 10004.
        Pbx.FileServedAsText = servedAsText;
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/yeastar/api/download/", ResetAfterBytes = 40 });
        var error = Assert.Throws<CallReportsException>(() => NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal(YeastarErrors.ResponseInterrupted, error.ErrorId);
    }

    [Fact]
    public void An_API_answer_cut_off_is_an_interrupted_response_and_the_next_run_reads_it_whole()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = "/yeastar/openapi/v1.0/system/information", ResetAfterBytes = 10, Times = 1 });
        var error = Assert.Throws<CallReportsException>(() => NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal(YeastarErrors.ResponseInterrupted, error.ErrorId);
        Assert.Contains("the PBX information", error.Message, StringComparison.Ordinal);
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
    }

    [Fact]
    public void A_report_served_as_text_reads_as_one_served_as_a_file()
    {
        Pbx.FileServedAsText = true;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
    }

    [Fact]
    public void Firmware_without_display_formats_warns_and_uses_the_override()
    {
        Pbx.DateFormat = null;
        Pbx.TimeFormat = null;
        Assert.NotEmpty(NewClient().GetRows(Complete(YeastarReportType.RingGroupStatistics), CancellationToken.None).ToList());
        Assert.Contains(entries, e => e.Kind == LogKind.Warning && e.Message.Contains("-DateFormat", StringComparison.Ordinal));

        Pbx.DateFormat = "DD/MM/YYYY";
        YeastarSystemInfo.Forget();
        var query = Complete(YeastarReportType.ExtensionCallActivity);
        query.Granularity = YeastarGranularity.Month;
        query.DateFormat = "DD/MM/YYYY";
        query.TimeFormat = "HH:mm:ss";
        Assert.NotEmpty(NewClient().GetRows(query, CancellationToken.None).ToList());
        Assert.Equal("2026", sandbox.Counters.LastQueries(Download).Last()["time"]);
    }

    [Fact]
    public void Async_mode_subscribes_to_event_30027_sends_heartbeats_and_downloads_the_announced_file()
    {
        var interval = YeastarAsyncWaiter.HeartbeatInterval;
        YeastarAsyncWaiter.HeartbeatInterval = TimeSpan.FromMilliseconds(40);
        try
        {
            // The report is announced once two heartbeats came in (however slow the machine), so a client that sent
            // none would wait for the event until its time-out, and fail.
            Pbx.AsyncDelay = TimeSpan.FromMilliseconds(100);
            Pbx.AsyncAfterHeartbeats = 2;
            var query = OnePath(YeastarReportType.QueuePerformance);
            query.Async = true;
            var rows = NewClient().GetRows(query, CancellationToken.None).ToList();
            Assert.Equal(Pbx.RowsPerReport, rows.Count);
            Assert.Equal("1", sandbox.Counters.LastQueries(Download).Single()["is_async"]);
            Assert.Equal(1, sandbox.Counters.Count("GET", "/yeastar/openapi/v1.0/subscribe"));
            Assert.True(Pbx.Heartbeats >= 2, "heartbeats: " + Pbx.Heartbeats);
            Assert.Contains(entries, e => e.Message.StartsWith("WebSocket /yeastar/openapi/v1.0/subscribe (query", StringComparison.Ordinal));
            Assert.DoesNotContain(entries, e => Pbx.IssuedTokens.Any(t => e.Message.Contains(t, StringComparison.Ordinal)));
        }
        finally
        {
            YeastarAsyncWaiter.HeartbeatInterval = interval;
        }
    }

    [Fact]
    public void Async_mode_works_with_a_PBX_that_does_not_confirm_the_subscription()
    {
        Pbx.ConfirmSubscriptions = false;
        var query = Complete(YeastarReportType.Ivr);
        query.Async = true;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(query, CancellationToken.None).Count());
        Assert.Contains(entries, e => e.Message.Contains("did not confirm", StringComparison.Ordinal));
    }

    [Fact]
    public void Async_mode_times_out_with_a_clear_error_when_no_event_comes()
    {
        // Signed in and warm first: the 600 ms below are for the event alone, also when this test runs first.
        Assert.NotEmpty(NewClient().GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Pbx.AsyncDelay = TimeSpan.FromSeconds(30);
        var query = Complete(YeastarReportType.QueuePerformance);
        query.Async = true;
        var connection = new ConnectionOptions(Pbx.BaseUri) { RetryInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromMilliseconds(600) };
        var client = new YeastarClient(connection, new YeastarCredentials(new NetworkCredential(YeastarEmulator.ClientId, YeastarEmulator.ClientSecret)), new OperationLog(_ => { }));
        var error = Assert.Throws<CallReportsException>(() => client.GetRows(query, CancellationToken.None).ToList());
        Assert.Equal("YeastarTimeout", error.ErrorId);
        Assert.Contains("30027", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("37.23.0.123", true)]
    [InlineData("84.21.0.117", true)]
    [InlineData("83.21.0.116", false)]
    [InlineData("37.21.0.66", false)]
    [InlineData("37.20.5.200", false)]
    [InlineData("84.22.0.1", true)]
    [InlineData("garbage", false)]
    public void Report_data_moves_to_v2_at_x_21_0_117(string firmware, bool v2) =>
        Assert.Equal(v2, YeastarReportPlan.IsV2Firmware(firmware));

    [Fact]
    public void A_bad_secret_is_tried_once_and_the_fifth_bad_login_blocks_the_IP()
    {
        for (var i = 1; i <= 5; i++)
        {
            var error = Assert.Throws<CallReportsException>(() => NewClient("wrong-secret-" + i).GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
            Assert.Equal("YeastarSignInFailed", error.ErrorId);
            Assert.Contains("5 failed logins", error.Message, StringComparison.Ordinal);
            Assert.Equal(i, sandbox.Counters.Count("POST", GetToken));
        }

        var blocked = Assert.Throws<CallReportsException>(() => NewClient().GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal("YeastarIpBlocked", blocked.ErrorId);
        Assert.Contains("Blocked IPs", blocked.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandbox.Counters.Count("GET", Download));
    }

    [Fact]
    public void The_token_cap_is_a_clear_error()
    {
        Pbx.TokenLimit = 0;
        var error = Assert.Throws<CallReportsException>(() => NewClient().GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal("YeastarTokenLimitReached", error.ErrorId);
        Assert.Equal(FailureKind.LimitsExceeded, error.Kind);
        Assert.Contains("8 live access tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_folder_as_the_target_receives_the_file_under_the_PBXs_name()
    {
        var folder = Directory.CreateTempSubdirectory("yeastar-folder-").FullName;
        try
        {
            var (written, reportFile) = NewClient().SaveFile(Complete(YeastarReportType.QueuePerformance), folder, overwrite: false, CancellationToken.None);
            Assert.Equal(Path.Combine(folder, reportFile), written.FullName);
            Assert.Equal(Pbx.LastServed, File.ReadAllBytes(written.FullName));
            Assert.Equal(new[] { written.FullName }, Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_file_is_written_byte_for_byte_and_no_token_appears_in_any_message()
    {
        var path = Path.Combine(Path.GetTempPath(), "yeastar-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var (written, reportFile) = NewClient().SaveFile(Complete(YeastarReportType.QueuePerformance), path, overwrite: false, CancellationToken.None);
            Assert.Equal(Pbx.LastServed, File.ReadAllBytes(path));
            Assert.Equal(Pbx.LastServed.Length, written.Length);
            Assert.Equal(path, written.FullName);
            Assert.StartsWith("queueperformance-", reportFile, StringComparison.OrdinalIgnoreCase);
            Assert.Throws<CallReportsException>(() => NewClient().SaveFile(Complete(YeastarReportType.QueuePerformance), path, overwrite: false, CancellationToken.None));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Contains(entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("call_report/download (query", StringComparison.Ordinal));
        var tokens = Pbx.IssuedTokens;
        Assert.NotEmpty(tokens);
        foreach (var entry in entries)
        {
            Assert.DoesNotContain("access_token=", entry.Message.Replace("access_token=***", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain(YeastarEmulator.ClientSecret, entry.Message, StringComparison.Ordinal);
            foreach (var token in tokens)
            {
                Assert.DoesNotContain(token, entry.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Old_firmware_reads_v1_and_clearing_the_cache_revokes_with_del_token()
    {
        Pbx.Firmware = "37.20.0.66";
        Assert.NotEmpty(NewClient().GetRows(Complete(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal(1, sandbox.Counters.Count("GET", "/yeastar/openapi/v1.0/call_report/download"));
        Assert.Equal(1, Pbx.LiveTokens);
        await ClearAsync(revoke: true);
        Assert.Equal(1, sandbox.Counters.Count("GET", "/yeastar/openapi/v1.0/del_token"));
        Assert.Equal(0, Pbx.LiveTokens);
    }

    [Fact]
    public void An_expired_link_is_an_error_not_an_empty_report()
    {
        Pbx.LinkLifetime = TimeSpan.Zero;
        var error = Assert.Throws<CallReportsException>(() => NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal("YeastarDownloadLinkExpired", error.ErrorId);
        Assert.Contains("60001", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, sandbox.Counters.Count("GET", Download));
    }

    [Fact]
    public void Names_and_numbers_are_resolved_through_get_menuoptions()
    {
        var query = Complete(YeastarReportType.AgentPerformance);
        query.QueueId = null;
        query.Names["QueueId"] = new[] { "6400" };
        query.Names["AgentId"] = new[] { "Bob*" };
        Assert.NotEmpty(NewClient().GetRows(query, CancellationToken.None).ToList());
        var sent = sandbox.Counters.LastQueries(Download).Last();
        Assert.Equal("1", sent["queue_id"]);
        Assert.Equal("12", sent["agent_id_list"]);

        var stats = Complete(YeastarReportType.ExtensionCallStatistics);
        stats.ExtensionId = new[] { "13" };
        stats.Names["ExtensionId"] = new[] { "1001", "Bob*" };
        Assert.NotEmpty(NewClient().GetRows(stats, CancellationToken.None).ToList());
        Assert.Equal("13,11,12", sandbox.Counters.LastQueries(Download).Last()["ext_id_list"]);

        var missing = Complete(YeastarReportType.QueuePerformance);
        missing.QueueId = null;
        missing.Names["QueueId"] = new[] { "Nowhere*" };
        var error = Assert.Throws<CallReportsException>(() => NewClient().GetRows(missing, CancellationToken.None).ToList());
        Assert.Equal("YeastarNameNotFound", error.ErrorId);
        Assert.Contains("6402 - Support", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_queue_named_for_a_single_queue_report_must_match_one_queue()
    {
        var query = Complete(YeastarReportType.QueueSatisfaction);
        query.QueueId = null;
        query.Names["QueueId"] = new[] { "Sales*" };
        AssertInvalid("takes one -QueueId", () => NewClient().GetRows(query, CancellationToken.None).ToList());
        Assert.Equal(0, sandbox.Counters.Count("GET", Download));
    }

    internal static YeastarReportQuery Complete(YeastarReportType type)
    {
        var definition = YeastarReportDefinition.Of(type);
        var query = new YeastarReportQuery { Type = type };
        if (definition.TimeMode == YeastarTimeMode.Date)
        {
            query.Date = new DateTime(2026, 11, 2);
        }
        else
        {
            query.StartTime = new DateTime(2026, 11, 2, 8, 0, 0);
            query.EndTime = new DateTime(2026, 11, 2, 17, 30, 0);
        }

        foreach (var parameter in definition.Parameters.Where(p => p.Required))
        {
            typeof(YeastarReportQuery).GetProperty(parameter.Parameter)!.SetValue(query, new[] { "1" });
        }

        return query;
    }

    private YeastarClient NewClient(string secret = YeastarEmulator.ClientSecret)
    {
        var connection = new ConnectionOptions(Pbx.BaseUri) { RetryInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(20) };
        var log = new OperationLog(entry =>
        {
            lock (entries)
            {
                entries.Add(entry);
            }
        });
        return new YeastarClient(connection, new YeastarCredentials(new NetworkCredential(YeastarEmulator.ClientId, secret)), log);
    }

    private Task ClearAsync(bool revoke)
    {
        var server = new ConnectionOptions(Pbx.BaseUri).ServerDisplay;
        return TokenCache.ClearAsync(t => t.Vendor == CallReportsVendor.Yeastar && string.Equals(t.Server, server, StringComparison.OrdinalIgnoreCase), revoke, new OperationLog(_ => { }), CancellationToken.None);
    }

    /// <summary>Input refused before any request: YeastarInvalidArgument, terminating, its message naming the parameter.</summary>
    private static CallReportsException AssertInvalid(string says, Action act)
    {
        var error = Assert.Throws<CallReportsException>(act);
        Assert.Equal(YeastarErrors.InvalidArgument, error.ErrorId);
        Assert.True(error.IsTerminating);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
        return error;
    }
}
