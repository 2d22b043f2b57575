using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Voxo;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>Every platform's command piped into ConvertTo-CallRecord, against the Sandbox.</summary>
[Collection(ModuleCollection.Name)]
public sealed class ConvertToCallRecordTests
{
    private const string PortSip = "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain sandbox.portsip.test -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-02T06:00:00Z'";
    private const string Casper = "Get-CasperCallDetail -Server $args[2] -ApiToken $args[3] -AccountId 13670001 -StartTime '2020-04-20' -EndTime '2020-04-21' -TimeZone US/Arizona -WarningAction SilentlyContinue";
    private const string Yeastar = "Invoke-YeastarReportDownload -Server $args[4] -Credential $args[5] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-10-19' -EndTime '2026-11-06' -ApiVersion V2";
    private const string Voxo = "Get-VoxoCallReport -Server $args[6] -Credential $args[7] -TenantId 37 -StartTime ([datetime]::new(2026, 9, 1, 0, 0, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2026, 9, 1, 6, 0, 0, [DateTimeKind]::Utc))";
    private const string Ozonetel = "Get-OzonetelCallDetail -Server $args[8] -Credential $args[9] -Date $args[10] -RequestsPerMinute 2 -RateLimitWindow 00:00:00.2";
    private readonly ModuleFixture fixture;

    public ConvertToCallRecordTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        fixture.Sandbox.Yeastar.Reset();
        fixture.Sandbox.Yeastar.Calls = Enumerable.Range(0, 4).Select(i => new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.FromHours(1)).AddDays(2 * i)).ToList();
        fixture.Sandbox.Ozonetel.ResetLimits();
        fixture.Sandbox.Ozonetel.RequestsPerWindow = 2;
        fixture.Sandbox.Ozonetel.RateLimitWindow = TimeSpan.FromMilliseconds(200);
    }

    private object?[] Arguments => new object?[]
    {
        fixture.Sandbox.PortSip.BaseUri.ToString(), fixture.PortSipCredential(),
        fixture.Sandbox.Casper.BaseUri.ToString(), ModuleFixture.ToSecure(CasperEmulator.ApiToken),
        fixture.Sandbox.Yeastar.BaseUri.ToString(), new PSCredential(YeastarEmulator.ClientId, ModuleFixture.ToSecure(YeastarEmulator.ClientSecret)),
        fixture.Sandbox.Voxo.BaseUri.ToString(), new PSCredential(VoxoEmulator.PartnerEmail, ModuleFixture.ToSecure(VoxoEmulator.Password)),
        fixture.Sandbox.Ozonetel.BaseUri.ToString(), new PSCredential(OzonetelEmulator.UserName, ModuleFixture.ToSecure(OzonetelEmulator.ApiKey)),
        OzonetelEmulator.TodayIst.AddDays(-1),
    };

    [Fact]
    public void PortSip_records_keep_their_instants_direction_and_outcome()
    {
        foreach (var (record, original) in Convert(PortSip))
        {
            var cdr = original;
            Assert.Equal("PortSip", S(record.Platform));
            Assert.Equal(S(cdr.Id), S(record.CallId));
            Assert.Equal((DateTimeOffset)cdr.StartedAt, (DateTimeOffset)record.StartTime);
            Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)record.StartTime).Offset);
            Assert.Equal((DateTimeOffset?)cdr.AnsweredAt, (DateTimeOffset?)record.AnswerTime);
            Assert.Equal((DateTimeOffset)cdr.EndedAt, (DateTimeOffset)record.EndTime);
            string direction = S(cdr.Direction);
            int status = cdr.StatusCode;
            Assert.Equal(direction switch { "INBOUND_CALL" => "Inbound", "OUTBOUND_CALL" => "Outbound", "EXTENSION_CALL" => "Internal", _ => "Unknown" }, S(record.Direction));
            Assert.Equal(cdr.AnsweredAt is not null ? "Answered" : status is 486 or 600 ? "Busy" : status is 487 ? "Missed" : status is >= 400 and < 700 ? "Failed" : "Missed", S(record.Outcome));
            Assert.Equal((TimeSpan)cdr.Duration, (TimeSpan)record.TalkTime);
            Assert.Equal((DateTimeOffset)cdr.EndedAt - (DateTimeOffset)cdr.StartedAt, (TimeSpan)record.Duration);
            Assert.StartsWith("127.0.0.1:", S(record.Source), StringComparison.Ordinal);
            Assert.EndsWith("/sandbox.portsip.test", S(record.Source), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RingCX_sample_rows_are_the_calls_of_the_vendor_page()
    {
        var records = Convert(Casper).Select(r => r.Record).ToList();
        Assert.Equal(new[] { "202004250912250132110000003150", "202004251035200132150000009531", "202004251101260132100000073341" }, records.Select(r => S(r.CallId)));
        Assert.Equal(new DateTimeOffset(2020, 4, 20, 13, 12, 0, TimeSpan.Zero), (DateTimeOffset)records[0].StartTime);
        Assert.All(records, r => Assert.Equal("Inbound", S(r.Direction)));
        Assert.All(records, r => Assert.Equal("Answered", S(r.Outcome)));
        Assert.Equal(new[] { 24, 53, 301 }, records.Select(r => (int)((TimeSpan)r.Duration).TotalSeconds));
        Assert.Equal(new[] { 19, 48, 296 }, records.Select(r => (int)((TimeSpan)r.TalkTime).TotalSeconds));
        Assert.Equal(new[] { "DTE", "IT TFN", "DTE" }, records.Select(r => S(r.Queue)));
        Assert.All(records, r => Assert.Null((object?)r.AnswerTime));
    }

    /// <summary>
    /// Yeastar's Extension Call Accounting Details report lists outbound calls (its admin guide), so its rows are
    /// outbound on both API paths: v2.0 rows say so in a column, v1.0 rows have none and the report type says it.
    /// </summary>
    [Theory]
    [InlineData("V2")]
    [InlineData("V1")]
    public void Yeastar_billing_rows_are_outbound_calls_converted_by_their_column_names(string apiVersion)
    {
        if (apiVersion == "V1")
        {
            // Every call before the firmware upgrade: legacy data, served by openapi/v1.0.
            fixture.Sandbox.Yeastar.UpgradedAt = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
        }

        var converted = Convert(Yeastar.Replace("-ApiVersion V2", "-ApiVersion " + apiVersion, StringComparison.Ordinal));
        Assert.Equal(4, converted.Count);
        foreach (var (record, original) in converted)
        {
            PSObject row = original;
            Assert.Equal("Yeastar", S(record.Platform));
            Assert.Equal(((DateTimeOffset)row.Properties["Time"].Value).ToUniversalTime(), (DateTimeOffset)record.StartTime);
            Assert.Equal(TimeSpan.Zero, ((DateTimeOffset)record.StartTime).Offset);
            Assert.Equal(S(row.Properties["CallFrom"].Value), S(record.From));
            Assert.Equal("Answered", S(record.Outcome));
            Assert.Equal("Outbound", S(record.Direction));
            Assert.Equal(TimeSpan.FromMinutes(1), (TimeSpan)record.TalkTime);
            Assert.Null((object?)record.CallId);
            Assert.Null((object?)record.AnswerTime);
            Assert.Null((object?)record.EndTime);
        }
    }

    [Fact]
    public void Yeastar_unreturned_missed_calls_keep_how_they_were_missed()
    {
        var converted = Convert(Yeastar.Replace("-Type ExtensionCallBillingDetails -TrunkId 21", "-Type UnreturnedMissedCalls", StringComparison.Ordinal));
        Assert.Equal(new[] { "Missed", "Busy", "Abandoned", "Missed" }, converted.Select(c => S(c.Record.Outcome)));
        // The direction only where the row states it (the v2.0 rows' Communication Type); the report does not.
        Assert.All(converted, c => Assert.Equal(((PSObject)c.Original).Properties["CommunicationType"]?.Value is string d ? d : "Unknown", S(c.Record.Direction)));
        Assert.All(converted, c => Assert.Equal(S(((PSObject)c.Original).Properties["CallFrom"].Value), S(c.Record.From)));
    }

    /// <summary>
    /// Rows of two shapes in one pipeline, each shape twice (v1.0 rows without a direction column, then v2.0 rows
    /// with one, then the other way round): every row is read by its own columns, not the last shape's.
    /// </summary>
    [Fact]
    public void Yeastar_rows_of_different_shapes_are_each_read_by_their_own_columns()
    {
        fixture.Sandbox.Yeastar.UpgradedAt = new DateTimeOffset(2026, 10, 23, 0, 0, 0, TimeSpan.FromHours(1));
        var missed = Yeastar.Replace("-Type ExtensionCallBillingDetails -TrunkId 21", "-Type UnreturnedMissedCalls", StringComparison.Ordinal);
        var v1 = missed.Replace("-ApiVersion V2", "-ApiVersion V1", StringComparison.Ordinal);
        var result = fixture.Invoke("& { " + v1 + "; " + missed + "; " + v1 + " } @args | ConvertTo-CallRecord", Arguments);
        result.ThrowIfFailed();
        Assert.Empty(result.Streams.Error);
        var directions = result.Output.Select(o => ((dynamic)o.BaseObject).Direction.ToString()).ToArray();
        Assert.Equal(new[] { "Unknown", "Unknown", "Inbound", "Inbound", "Unknown", "Unknown" }, directions);
    }

    [Fact]
    public void Yeastar_rows_have_the_command_s_Source_and_a_report_column_named_Source_is_not_it()
    {
        var converted = Convert(Yeastar);
        Assert.All(converted, c => Assert.StartsWith("127.0.0.1:", S(c.Record.Source), StringComparison.Ordinal));

        // A row whose report has a column of that name itself: Invoke-YeastarReportDownload then adds no Source note,
        // and the column's value is the report's, not where the row came from.
        var result = fixture.Invoke(
            "$row = [pscustomobject]@{ Time = [datetimeoffset]'2026-11-02T08:00:00+01:00'; CallTo = '+442071234567'; Source = 'Trunk A' }; " +
            "$row.PSObject.TypeNames.Insert(0, 'CallReports.Yeastar.ExtensionCallBillingDetails'); $row | ConvertTo-CallRecord");
        result.ThrowIfFailed();
        var record = (dynamic)Assert.Single(result.Output).BaseObject;
        Assert.Null((object?)record.Source);
        Assert.Equal("+442071234567", S(record.To));
    }

    [Fact]
    public void Voxo_records_keep_their_instants_direction_and_outcome()
    {
        var converted = Convert(Voxo);
        Assert.NotEmpty(converted);
        foreach (var (record, original) in converted)
        {
            var voxo = original;
            DateTimeOffset time = voxo.Time;
            string direction = S(voxo.Direction);
            string disposition = S(voxo.Disposition);
            Assert.Equal(S(voxo.Id), S(record.CallId));
            Assert.Equal(time, (DateTimeOffset)record.StartTime);
            Assert.Equal(time.AddSeconds((int)voxo.Duration), (DateTimeOffset)record.EndTime);
            Assert.Equal(direction == "IN" ? "Inbound" : direction == "OUT" ? "Outbound" : "Unknown", S(record.Direction));
            Assert.Equal(disposition switch { "ANSWERED" => "Answered", "NO ANSWER" => "Missed", "BUSY" => "Busy", "FAILED" => "Failed", _ => "Unknown" }, S(record.Outcome));
            Assert.Equal(TimeSpan.FromSeconds((int)voxo.AfterAnswerDuration), (TimeSpan)record.TalkTime);
            Assert.EndsWith("/tenant 37", S(record.Source), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ozonetel_records_keep_their_instants_and_ids()
    {
        var converted = Convert(Ozonetel);
        Assert.NotEmpty(converted);
        foreach (var (record, original) in converted)
        {
            var detail = original;
            string status = S(detail.Status);
            Assert.Equal(S(detail.Ucid), S(record.CallId));
            Assert.Equal(S(detail.CallId), S(record.SessionId));
            Assert.Equal((DateTimeOffset)detail.StartTime, (DateTimeOffset)record.StartTime);
            Assert.Equal((DateTimeOffset)detail.EndTime, (DateTimeOffset)record.EndTime);
            Assert.Equal(status == "Answered" ? "Answered" : status is "Unanswered" or "NotAnswered" ? "Missed" : "Unknown", S(record.Outcome));
            Assert.EndsWith("/" + OzonetelEmulator.UserName, S(record.Source), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Five_platforms_give_one_CSV_with_one_header_and_no_Original()
    {
        var path = Path.Combine(Path.GetTempPath(), "callrecords-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var result = fixture.Invoke(
                "& { " + PortSip + "; " + Casper + "; " + Yeastar + "; " + Voxo + "; " + Ozonetel + " } @args | ConvertTo-CallRecord | Export-Csv $args[11] -NoTypeInformation; Import-Csv $args[11]",
                Arguments.Append(path).ToArray());
            result.ThrowIfFailed();
            var lines = File.ReadAllLines(path);
            Assert.Equal(1, lines.Count(l => l.StartsWith("\"Platform\"", StringComparison.Ordinal)));
            Assert.Equal("\"Platform\",\"Source\",\"CallId\",\"SessionId\",\"StartTime\",\"AnswerTime\",\"EndTime\",\"Direction\",\"From\",\"To\",\"Agent\",\"Queue\",\"Outcome\",\"WaitTime\",\"TalkTime\",\"Duration\",\"RecordingUrl\"", lines[0]);
            var platforms = result.Output.Select(o => (string)o.Properties["Platform"].Value).Distinct().OrderBy(p => p).ToArray();
            Assert.Equal(new[] { "Ozonetel", "PortSip", "RingCX", "Voxo", "Yeastar" }, platforms);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Unsupported_input_is_an_error_and_the_rest_still_comes_out()
    {
        var result = fixture.Invoke("& { " + Casper + "; Get-Date; 'text' } @args | ConvertTo-CallRecord", Arguments);
        Assert.Null(result.Failure);
        Assert.Equal(3, result.Output.Count);
        Assert.Equal(2, result.Streams.Error.Count);
        Assert.All(result.Streams.Error, e => Assert.StartsWith("CallRecordUnsupportedInput", e.FullyQualifiedErrorId, StringComparison.Ordinal));
        Assert.Contains("System.DateTime", result.Streams.Error[0].Exception.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.InvalidType, result.Streams.Error[0].CategoryInfo.Category);
    }

    [Fact]
    public void Original_is_hidden_from_the_views_but_readable()
    {
        var result = fixture.Invoke("$r = " + Casper + " | ConvertTo-CallRecord | Select-Object -First 1; $r.Original.GetType().Name; ($r | Format-List | Out-String) -match 'Original'; ($r | Format-Table | Out-String -Width 80)", Arguments);
        result.ThrowIfFailed();
        Assert.Equal("CasperCallDetail", result.Output[0].ToString());
        Assert.Equal(false, result.Output[1].BaseObject);
        var table = result.Output[2].ToString();
        Assert.Contains("2020-04-20 13:12", table, StringComparison.Ordinal);
        Assert.All(table.Split('\n'), line => Assert.True(line.TrimEnd().Length <= 80, line));
    }

    /// <summary>The records as dynamic objects: the test does not load the module's model assembly itself.</summary>
    private System.Collections.Generic.List<(dynamic Record, dynamic Original)> Convert(string command)
    {
        var result = fixture.Invoke(command + " | ConvertTo-CallRecord", Arguments);
        result.ThrowIfFailed();
        return result.Output.Select(o => ((dynamic)o.BaseObject, (dynamic)((dynamic)o.BaseObject).Original)).ToList();
    }

    private static string S(object? value) => value?.ToString() ?? string.Empty;
}
