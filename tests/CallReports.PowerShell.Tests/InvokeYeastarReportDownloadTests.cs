using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>Invoke-YeastarReportDownload run by the real PowerShell engine against the Sandbox Yeastar emulator (DD/MM/YYYY, 12-hour).</summary>
[Collection(ModuleCollection.Name)]
public sealed class InvokeYeastarReportDownloadTests
{
    private const string Download = "/yeastar/openapi/v2.0/call_report/download";
    private const string Range = "-StartTime ([datetime]'2026-11-02 08:00') -EndTime ([datetime]'2026-11-02 17:30')";
    private readonly ModuleFixture fixture;

    public InvokeYeastarReportDownloadTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        fixture.Sandbox.Yeastar.Reset();
        fixture.Invoke("Clear-CallReportsTokenCache -Vendor Yeastar -NoRevoke -Confirm:$false").ThrowIfFailed();
        fixture.Sandbox.Counters.Reset();
    }

    private string Server => fixture.Sandbox.Yeastar.BaseUri.ToString();

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute, int second) => new(year, month, day, hour, minute, second, TimeSpan.Zero);

    private static PSCredential Credential(string secret = YeastarEmulator.ClientSecret) => new(YeastarEmulator.ClientId, ModuleFixture.ToSecure(secret));

    /// <summary>Eight calls two days apart from 20 October 2026, on a PBX upgraded to x.21.0.117 on the 28th (four on each API path).</summary>
    private YeastarEmulator UpgradedMidRange()
    {
        var pbx = fixture.Sandbox.Yeastar;
        pbx.Calls = Enumerable.Range(0, 8).Select(i => new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.FromHours(1)).AddDays(2 * i)).ToList();
        pbx.UpgradedAt = new DateTimeOffset(2026, 10, 28, 0, 0, 0, TimeSpan.FromHours(1));
        return pbx;
    }

    [Fact]
    public void Rows_stream_as_typed_objects_with_a_type_name_per_report_into_Where_Object()
    {
        var result = fixture.Invoke(
            $"Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1,2 {Range} | Where-Object TotalCalls -gt 0",
            Server, Credential());
        result.ThrowIfFailed();
        Assert.Equal(2 * fixture.Sandbox.Yeastar.RowsPerReport, result.Output.Count);
        Assert.All(result.Output, o =>
        {
            Assert.Equal("CallReports.Yeastar.QueuePerformance", o.TypeNames[0]);
            Assert.IsType<long>(o.Properties["TotalCalls"].Value);
            Assert.IsType<TimeSpan>(o.Properties["AverageWaitingTime"].Value);
            Assert.IsType<double>(o.Properties["AnsweredRate"].Value);
        });
        var sent = fixture.Sandbox.Counters.LastQueries(Download).Single();
        Assert.Equal("02/11/2026 08:00:00 AM", sent["start_time"]);
        Assert.Equal("1,2", sent["queue_id_list"]);
        Assert.Empty(result.Streams.Warning);
    }

    [Fact]
    public void Select_Object_First_stops_reading_and_twenty_calls_share_one_token()
    {
        var result = fixture.Invoke(
            $"$s = $args[0]; $c = $args[1]; 1..20 | ForEach-Object {{ Invoke-YeastarReportDownload -Server $s -Credential $c -Type ExtensionCallStatistics -ExtensionId 1 {Range} | Select-Object -First 2 }}",
            Server, Credential());
        result.ThrowIfFailed();
        Assert.Equal(40, result.Output.Count);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("POST", "/yeastar/openapi/v1.0/get_token"));
        Assert.Equal(1, fixture.Sandbox.Yeastar.LiveTokens);
    }

    [Theory]
    [InlineData("-Type QueueSatisfaction", "-QueueId")]
    [InlineData("-Type Ivr -IvrId 1 -QueueId 1", "-QueueId")]
    [InlineData("-Type QueueAverageWaitTalkTime -QueueId 1", "-Date")]
    [InlineData("-Type QueueAverageWaitTalkTime -QueueId 1 -Date 2026-11-02 -StartTime 2026-11-01", "-StartTime")]
    [InlineData("-Type AgentPerformance -QueueId 1,2", "-QueueId")]
    [InlineData("-Type PbxCallActivity -TrunkId 1 -Date 2026-11-02 -CommunicationType Internal", "-CommunicationType")]
    public void A_parameter_the_type_needs_or_does_not_take_fails_before_any_request(string arguments, string named)
    {
        var error = fixture.InvokeExpectingTerminatingError($"Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] {arguments}", Server, Credential());
        Assert.Equal("YeastarInvalidArgument", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains(named, error.Exception.Message, StringComparison.Ordinal);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void OutFile_writes_the_file_byte_for_byte_honours_WhatIf_and_Force()
    {
        var path = Path.Combine(Path.GetTempPath(), "yeastar-ps-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var whatIf = fixture.Invoke($"Invoke-YeastarReportDownload $args[0] QueuePerformance -Credential $args[1] -QueueId 1 {Range} -OutFile $args[2] -WhatIf", Server, Credential(), path);
            whatIf.ThrowIfFailed();
            Assert.False(File.Exists(path));
            Assert.Equal(0, fixture.Sandbox.Counters.Total);

            var result = fixture.Invoke($"Invoke-YeastarReportDownload $args[0] QueuePerformance -Credential $args[1] -QueueId 1 {Range} -OutFile $args[2] -PassThru", Server, Credential(), path);
            result.ThrowIfFailed();
            var file = Assert.IsType<FileInfo>(Assert.Single(result.Output).BaseObject);
            Assert.Equal(path, file.FullName);
            Assert.Equal(fixture.Sandbox.Yeastar.LastServed, File.ReadAllBytes(path));

            var exists = fixture.InvokeExpectingTerminatingError($"Invoke-YeastarReportDownload $args[0] QueuePerformance -Credential $args[1] -QueueId 1 -OutFile $args[2]", Server, Credential(), path);
            Assert.Equal("YeastarOutFileExists", exists.FullyQualifiedErrorId.Split(',')[0]);
            fixture.Invoke($"Invoke-YeastarReportDownload $args[0] QueuePerformance -Credential $args[1] -QueueId 1 {Range} -OutFile $args[2] -Force", Server, Credential(), path).ThrowIfFailed();
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TimeZone_gives_each_time_the_offset_of_its_own_instant_across_daylight_saving()
    {
        var pbx = fixture.Sandbox.Yeastar;
        pbx.Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // New York springs forward at 2026-03-08 02:00 EST (07:00Z).
        var calls = new[] { At(2026, 3, 7, 15, 0, 0), At(2026, 3, 8, 6, 59, 59), At(2026, 3, 8, 7, 0, 0), At(2026, 3, 8, 15, 0, 0), At(2026, 3, 9, 14, 0, 0) };
        pbx.Calls = calls;
        var result = fixture.Invoke(
            "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-03-07 10:00' -EndTime '2026-03-09 10:00' -TimeZone America/New_York",
            Server, Credential());
        result.ThrowIfFailed();
        var times = result.Output.Select(o => Assert.IsType<DateTimeOffset>(o.Properties["Time"].Value)).ToList();
        Assert.Equal(calls.Take(4), times);
        Assert.Equal(new[] { -5.0, -5.0, -4.0, -4.0 }, times.Select(t => t.Offset.TotalHours));
        Assert.Empty(result.Streams.Warning);

        fixture.Sandbox.Counters.Reset();
        var unknown = fixture.InvokeExpectingTerminatingError("Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 -TimeZone Mars/Olympus_Mons", Server, Credential());
        Assert.Equal("YeastarInvalidTimeZone", unknown.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    [Fact]
    public void A_call_list_across_a_firmware_upgrade_has_the_calls_of_both_API_paths_each_with_its_own_columns()
    {
        UpgradedMidRange();
        var result = fixture.Invoke(
            "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-10-19' -EndTime '2026-11-06'",
            Server, Credential());
        result.ThrowIfFailed();
        Assert.Equal(Enumerable.Range(2000, 8).Select(i => (long)i), result.Output.Select(o => (long)o.Properties["CallFrom"].Value).OrderBy(c => c));
        Assert.Equal(4, result.Output.Count(o => o.Properties["CommunicationType"] is not null));
        Assert.Empty(result.Streams.Warning);

        var figures = fixture.Invoke(
            "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallStatistics -ExtensionId 1 -StartTime '2026-10-19' -EndTime '2026-11-06'",
            Server, Credential());
        figures.ThrowIfFailed();
        Assert.Equal(4L, Assert.Single(figures.Output).Properties["TotalCalls"].Value);
        Assert.Contains("-ApiVersion V1", Assert.Single(figures.Streams.Warning).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_header_gets_a_class_named_for_its_report_with_the_columns_in_file_order_then_Source()
    {
        // Rows of both API paths in one call (the v2.0 file has a column the v1.0 file lacks): two classes of one name.
        var pbx = UpgradedMidRange();
        var result = fixture.Invoke(
            "$rows = Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-10-19' -EndTime '2026-11-06'; " +
            "$rows; $rows | ConvertTo-Csv | Select-Object -First 1",
            Server, Credential());
        result.ThrowIfFailed();
        var rows = result.Output.Take(8).ToList();
        var header = (string)result.Output[8].BaseObject;
        var file = System.Text.Encoding.UTF8.GetString(pbx.LastServed).TrimStart('\uFEFF');

        Assert.All(rows, row => Assert.Equal(
            new[] { "CallReports.Yeastar.ExtensionCallBillingDetails", "CallReports.Yeastar.ReportRow", "System.Object" },
            row.TypeNames));
        var shapes = rows.Select(r => r.BaseObject.GetType()).Distinct().ToList();
        Assert.Equal(2, shapes.Count);
        Assert.All(shapes, t => Assert.Equal("CallReports.Yeastar.ExtensionCallBillingDetails", t.FullName));

        // The last file served is the v1.0 one: its rows' properties are its columns in order (letters and digits of
        // each heading), then Source; ConvertTo-Csv writes the first row's properties as the columns.
        var v1 = rows.First(r => r.Properties["CommunicationType"] is null);
        var headings = file.Split('\n')[0].TrimEnd('\r').Split(',').Select(h => new string(h.Where(char.IsLetterOrDigit).ToArray())).ToList();
        Assert.Equal(headings.Append("Source"), v1.Properties.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(string.Join(",", rows[0].Properties.Select(p => "\"" + p.Name + "\"")), header);
        Assert.All(rows, r => Assert.Equal(new Uri(Server).Authority, r.Properties["Source"].Value));
        Assert.All(rows, r => Assert.IsType<long>(r.Properties["CallFrom"].Value));
    }

    [Fact]
    public void A_download_link_answered_404_is_asked_for_again_and_every_row_arrives_with_no_error()
    {
        fixture.Sandbox.Yeastar.MissingLinkAnswers = 1;
        var result = fixture.Invoke($"Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 {Range} -ApiVersion V2", Server, Credential());
        result.ThrowIfFailed();
        Assert.Equal(fixture.Sandbox.Yeastar.RowsPerReport, result.Output.Count);
        Assert.Empty(result.Streams.Warning);

        fixture.Sandbox.Yeastar.MissingLinkAnswers = int.MaxValue;
        var error = fixture.InvokeExpectingTerminatingError($"Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 {Range} -ApiVersion V2", Server, Credential());
        Assert.Equal("YeastarDownloadLinkExpired", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("expired", error.Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_stream_ever_shows_the_access_token_or_the_secret()
    {
        var texts = new System.Collections.Generic.List<string>();
        var run = fixture.Invoke(
            $"""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $ProgressPreference = 'Continue'
            Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 {Range} -Verbose
            Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallStatistics -ExtensionId 1 {Range} -DateFormat YYYY/MM/DD -TimeFormat HH:mm:ss -Verbose
            """,
            Server, Credential());
        run.ThrowIfFailed();
        Assert.Contains(run.Streams.Verbose, v => v.Message.Contains("call_report/download (query", StringComparison.Ordinal));
        Assert.Contains(run.Streams.Warning, w => w.Message.Contains("YYYY/MM/DD HH:mm:ss", StringComparison.Ordinal));
        texts.Add(run.AllText());

        var async = fixture.Invoke($"Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 {Range} -Async -TimeoutSec 20 -Verbose", Server, Credential());
        async.ThrowIfFailed();
        Assert.Equal(fixture.Sandbox.Yeastar.RowsPerReport, async.Output.Count);
        Assert.Contains(async.Streams.Verbose, v => v.Message.StartsWith("WebSocket /yeastar/openapi/v1.0/subscribe (query", StringComparison.Ordinal));
        texts.Add(async.AllText());

        fixture.Sandbox.Yeastar.ExpireAccessTokens();
        var expired = fixture.Invoke($"Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 {Range} -Verbose", Server, Credential());
        expired.ThrowIfFailed();
        texts.Add(expired.AllText());

        var wrong = fixture.Invoke("Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type QueuePerformance -QueueId 1 -Verbose", Server, Credential("Bad-" + YeastarEmulator.ClientSecret));
        Assert.Contains("YeastarSignInFailed", wrong.AllText(), StringComparison.Ordinal);
        texts.Add(wrong.AllText());

        var secrets = fixture.Sandbox.Yeastar.IssuedTokens.Append(YeastarEmulator.ClientSecret).Append("Bad-" + YeastarEmulator.ClientSecret).ToArray();
        Assert.True(secrets.Length > 3);
        foreach (var text in texts)
        {
            Assert.DoesNotContain("access_token=", text.Replace("access_token=***", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
