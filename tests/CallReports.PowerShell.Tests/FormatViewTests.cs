using System;
using System.Linq;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// The default table of every record type, rendered by the real formatter: at 120 columns every column is there
/// and every cell whole; at 80 no line is longer, no header wraps, and the columns a person reads first are whole.
/// The records carry the longest realistic values of each field.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class FormatViewTests
{
    private readonly ModuleFixture fixture;

    public FormatViewTests(ModuleFixture fixture) => this.fixture = fixture;

    public static TheoryData<string, string, string[], string[], int> Views() => new()
    {
        {
            "VoxoCallRecord",
            "[CallReports.Models.VoxoCallRecord]@{ Id = 'x'; Time = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 9, [TimeSpan]::FromHours(-5)); Direction = 'OUT'; CallerIdNumber = '+442071234567'; CallerIdName = 'WIRELESS CALLER'; DialedNum = '+15125550199'; Disposition = 'CONGESTION'; Duration = 86399 }",
            new[] { "Time", "Dir", "Caller", "DialedNum", "Disposition", "Duration", "CallerIdName" },
            new[] { "2026-11-02 14:05:09 -05:00", "OUT", "+442071234567", "+15125550199", "CONGESTION", "86399", "WIRELESS CALLER" },
            6
        },
        {
            "PortSipCdr",
            "[CallReports.Models.PortSipCdr]@{ Id = '1'; StartedAt = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 9, [TimeSpan]::Zero); Direction = 'INBOUND_OUTBOUND_CALL'; Caller = '+4915112345678'; Callee = '+4420712345678'; Duration = [TimeSpan]::new(23, 59, 59); EndReason = 'CONSULT_TRANSFER_COMPLETED' }",
            new[] { "StartedAt (UTC)", "Direction", "Caller", "Callee", "Duration", "EndReason" },
            new[] { "2026-11-02 14:05:09", "INBOUND_OUTBOUND_CALL", "+4915112345678", "+4420712345678", "23:59:59", "CONSULT_TRANSFER_COMPLETED" },
            5
        },
        {
            "PortSipCallLog",
            "[CallReports.Models.PortSipCallLog]@{ Id = '1'; SessionId = '97815664469174272055'; StartedAt = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 9, [TimeSpan]::Zero); Direction = 'INBOUND_OUTBOUND_CALL'; Caller = '+4915112345678'; Callee = '+4420712345678'; Duration = [TimeSpan]::new(23, 59, 59) }",
            new[] { "StartedAt (UTC)", "SessionId", "Caller", "Callee", "Duration", "Direction" },
            new[] { "2026-11-02 14:05:09", "97815664469174272055", "+4915112345678", "+4420712345678", "23:59:59", "INBOUND_OUTBOUND_CALL" },
            5
        },
        {
            "PortSipCallReport",
            "[CallReports.Models.PortSipCallReport]@{ Id = '978156644691742720'; Name = 'Queue SLA weekly, EMEA'; Type = 'QUEUE_BREACHES_SLA_STATISTICS'; CronExpression = '*/15 8-18 * * 1-5'; Status = 'SCHEDULED' }",
            new[] { "Name", "Type", "CronExpression", "Status", "Id" },
            new[] { "Queue SLA weekly, EMEA", "QUEUE_BREACHES_SLA_STATISTICS", "*/15 8-18 * * 1-5", "SCHEDULED", "978156644691742720" },
            4
        },
        {
            "PortSipCompletedCallReport",
            "[CallReports.Models.PortSipCompletedCallReport]@{ Id = '1'; Name = 'Queue SLA weekly'; Type = 'QUEUE_BREACHES_SLA_STATISTICS'; Format = 'HTML'; CompletedAt = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 9, [TimeSpan]::Zero); FileSize = 1234567890; FileName = 'Queue SLA weekly_20261102140509.html' }",
            new[] { "CompletedAt (UTC)", "Type", "Format", "FileSize", "FileName" },
            new[] { "2026-11-02 14:05:09", "QUEUE_BREACHES_SLA_STATISTICS", "HTML", "1234567890", "Queue SLA weekly_20261102140509.html" },
            4
        },
        {
            "CasperCallDetail",
            "[CallReports.Models.CasperCallDetail]@{ Uii = 'u'; EnqueueTime = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 0, [TimeSpan]::FromHours(-7)); ProfileName = 'Zürich, \"Main\" Line'; Ani = '14155550123'; Dnis = '18005550199'; CallResult = 'NO ANSWER'; QueueTimeSeconds = 86399; ConnectedName = 'Margaret Hamilton-Smith' }",
            new[] { "EnqueueTime", "ProfileName", "Ani", "Dnis", "CallResult", "Queue(s)", "ConnectedName" },
            new[] { "2026-11-02 14:05 -07:00", "Zürich, \"Main\" Line", "14155550123", "18005550199", "NO ANSWER", "86399", "Margaret Hamilton-Smith" },
            5
        },
        {
            "OzonetelCallDetail",
            "[CallReports.Models.OzonetelCallDetail]@{ Ucid = '4321581563987981234'; StartTime = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 9, [TimeSpan]::FromMinutes(330)); CallerId = '+919876543210'; CampaignName = 'Inbound_Sales_IVR'; AgentName = 'Priya Raghavan'; Status = 'Unanswered'; Duration = [TimeSpan]::new(23, 59, 59) }",
            new[] { "StartTime", "CallerId", "Status", "Duration", "CampaignName", "AgentName", "Ucid" },
            new[] { "2026-11-02 14:05:09 +05:30", "+919876543210", "Unanswered", "23:59:59", "Inbound_Sales_IVR", "Priya Raghavan", "4321581563987981234" },
            5
        },
        {
            "CachedToken",
            "[CallReports.Models.CachedToken]@{ Vendor = 'Ozonetel'; Server = 'https://in1-ccaas-api.ozonetel.com'; Principal = 'report-admin@sales.example.com'; Method = '/authentication (local)'; ExpiresAt = [DateTimeOffset]::new(2026, 11, 2, 14, 5, 9, [TimeSpan]::Zero) }",
            new[] { "Vendor", "Principal", "ExpiresAt", "Server", "Method" },
            new[] { "Ozonetel", "report-admin@sales.example.com", new DateTimeOffset(2026, 11, 2, 14, 5, 9, TimeSpan.Zero).LocalDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), "https://in1-ccaas-api.ozonetel.com", "/authentication (local)" },
            3
        },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public void The_default_table_shows_every_cell_whole_at_120_columns_and_reads_well_at_80(string view, string record, string[] headers, string[] cells, int firstAt80)
    {
        var wide = Render(record, 120);
        Assert.All(wide, line => Assert.True(line.Length <= 120, $"{view}: a line of {line.Length} characters at 120: {line}"));
        Assert.Equal(headers.OrderBy(h => wide[0].IndexOf(h, StringComparison.Ordinal)), headers.Where(h => wide[0].Contains(h, StringComparison.Ordinal)));
        Assert.True(wide.Length == 3, $"{view}: a header or a cell wrapped at 120:\n{string.Join('\n', wide)}");
        Assert.All(cells, cell => Assert.Contains(cell, wide[2], StringComparison.Ordinal));

        var narrow = Render(record, 80);
        Assert.All(narrow, line => Assert.True(line.Length <= 80, $"{view}: a line of {line.Length} characters at 80: {line}"));
        Assert.True(narrow.Length == 3, $"{view}: a header or a cell wrapped at 80:\n{string.Join('\n', narrow)}");
        Assert.Matches("^[- ]+$", narrow[1]);
        Assert.All(headers.Take(firstAt80), header => Assert.Contains(header, narrow[0], StringComparison.Ordinal));
        Assert.All(cells.Take(firstAt80), cell => Assert.Contains(cell, narrow[2], StringComparison.Ordinal));
    }

    [Fact]
    public void A_Yeastar_row_is_a_list_whose_lines_fit_80_columns()
    {
        var lines = Render(
            "$row = [pscustomobject]@{ Extension = '1001 - Margaret Hamilton-Smith'; 'Answered Calls' = 31; 'No Answer Calls' = 2; 'Busy Calls' = 0; 'Failed Calls' = 1; 'Total Talking Time' = [TimeSpan]::new(7, 59, 59) }; $row.PSObject.TypeNames.Insert(0, 'CallReports.Yeastar.ExtensionCallStatistics'); $row",
            80);

        Assert.All(lines, line => Assert.True(line.Length <= 80, line));
        Assert.Contains(lines, l => l.StartsWith("Extension ", StringComparison.Ordinal) && l.EndsWith("1001 - Margaret Hamilton-Smith", StringComparison.Ordinal));
    }

    private string[] Render(string record, int width)
    {
        var result = fixture.Invoke($"{record} | Out-String -Width {width}");
        result.ThrowIfFailed();
        return result.Output.Single().ToString()!.Split('\n').Select(l => l.TrimEnd('\r').TrimEnd()).Where(l => l.Length > 0).ToArray();
    }
}
