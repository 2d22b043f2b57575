using System;
using System.Collections.Generic;
using CallReports.Engine.Vendors.Casper;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.CallRecords;

/// <summary>Each platform's record against a mapping written out by hand: ids, the three times, direction, outcome, durations.</summary>
public sealed class CallRecordMapperTests
{
    private static readonly TimeSpan Chicago = TimeSpan.FromHours(-5);

    [Fact]
    public void A_PortSip_call_log_that_was_answered()
    {
        var log = new PortSipCallLog
        {
            Id = "878156644691742720",
            SessionId = "S1",
            Caller = "+15551234",
            Callee = "101",
            StartedAt = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero),
            AnsweredAt = new DateTimeOffset(2026, 11, 2, 9, 0, 12, TimeSpan.Zero),
            EndedAt = new DateTimeOffset(2026, 11, 2, 9, 3, 12, TimeSpan.Zero),
            Direction = "INBOUND_CALL",
            Duration = TimeSpan.FromSeconds(180),
            Source = "pbx:8887/sales.example.com",
        };

        var record = PortSipCallRecordMapper.ToCallRecord(log);
        Assert.Equal(CallPlatform.PortSip, record.Platform);
        Assert.Equal("878156644691742720", record.CallId);
        Assert.Equal("S1", record.SessionId);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), record.StartTime);
        Assert.Equal(TimeSpan.Zero, record.StartTime!.Value.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 0, 12, TimeSpan.Zero), record.AnswerTime);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 9, 3, 12, TimeSpan.Zero), record.EndTime);
        Assert.Equal(CallDirection.Inbound, record.Direction);
        Assert.Equal(CallOutcome.Answered, record.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12), record.WaitTime);
        Assert.Equal(TimeSpan.FromSeconds(180), record.TalkTime);
        Assert.Equal(TimeSpan.FromSeconds(192), record.Duration);
        Assert.Equal("+15551234", record.From);
        Assert.Equal("101", record.To);
        Assert.Null(record.Agent);
        Assert.Same(log, record.Original);
        Assert.Equal("pbx:8887/sales.example.com", record.Source);
    }

    [Theory]
    [InlineData(486, "OUTBOUND_CALL", CallOutcome.Busy, CallDirection.Outbound)]
    [InlineData(404, "EXTENSION_CALL", CallOutcome.Failed, CallDirection.Internal)]
    [InlineData(0, "INBOUND_CALL", CallOutcome.Missed, CallDirection.Inbound)]
    [InlineData(0, "INBOUND_OUTBOUND_CALL", CallOutcome.Missed, CallDirection.Unknown)]

    // 487 Request Terminated: the caller cancelled the INVITE before anyone answered (RFC 3261 21.4.25), a call
    // nobody picked up, not one that could not be set up.
    [InlineData(487, "INBOUND_CALL", CallOutcome.Missed, CallDirection.Inbound)]
    [InlineData(603, "OUTBOUND_CALL", CallOutcome.Failed, CallDirection.Outbound)]
    public void A_PortSip_CDR_that_was_not_answered(int status, string direction, CallOutcome outcome, CallDirection expectedDirection)
    {
        var start = new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(2));
        var record = PortSipCallRecordMapper.ToCallRecord(new PortSipCdr { Id = "1", StartedAt = start, EndedAt = start.AddSeconds(25), StatusCode = status, Direction = direction });
        Assert.Equal(outcome, record.Outcome);
        Assert.Equal(expectedDirection, record.Direction);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), record.StartTime);
        Assert.Null(record.AnswerTime);
        Assert.Equal(TimeSpan.FromSeconds(25), record.WaitTime);
        Assert.Null(record.SessionId);
    }

    [Fact]
    public void A_RingCX_row()
    {
        var row = new CasperCallDetail
        {
            Uii = "202004250912250132110000003150",
            ProfileName = "DTE",
            Ani = "2312866364",
            Dnis = "8889918278",
            EnqueueTime = new DateTimeOffset(2020, 4, 20, 6, 12, 0, TimeSpan.FromHours(-7)),
            QueueTimeSeconds = 5,
            CallResult = "CONNECTED",
            InboundDurationSeconds = 24,
            ConnectedDurationSeconds = 19,
            RecordingUrl = string.Empty,
        };

        var record = CasperCallRecordMapper.ToCallRecord(row);
        Assert.Equal(CallPlatform.RingCX, record.Platform);
        Assert.Equal("202004250912250132110000003150", record.CallId);
        Assert.Equal(new DateTimeOffset(2020, 4, 20, 13, 12, 0, TimeSpan.Zero), record.StartTime);
        Assert.Null(record.AnswerTime);
        Assert.Null(record.EndTime);
        Assert.Equal(CallDirection.Inbound, record.Direction);
        Assert.Equal(CallOutcome.Answered, record.Outcome);
        Assert.Equal("DTE", record.Queue);
        Assert.Equal(TimeSpan.FromSeconds(5), record.WaitTime);
        Assert.Equal(TimeSpan.FromSeconds(19), record.TalkTime);
        Assert.Equal(TimeSpan.FromSeconds(24), record.Duration);
        Assert.Null(record.RecordingUrl);
        Assert.Equal(CallOutcome.Unknown, CasperCallRecordMapper.ToCallRecord(new CasperCallDetail { Uii = "x", CallResult = "ABANDON" }).Outcome);
    }

    [Fact]
    public void A_VOXO_record()
    {
        var voxo = new VoxoCallRecord
        {
            Id = "2d275d62-706c-42d2-a4d4-e4ef53d83974",
            Time = new DateTimeOffset(2022, 10, 10, 23, 7, 20, Chicago),
            CallerIdNumber = "5555555555",
            DialedNum = "5555555556",
            Direction = "IN",
            Disposition = "NO ANSWER",
            Duration = 3,
            AfterAnswerDuration = 0,
        };

        var record = VoxoCallRecordMapper.ToCallRecord(voxo);
        Assert.Equal(CallPlatform.Voxo, record.Platform);
        Assert.Equal("2d275d62-706c-42d2-a4d4-e4ef53d83974", record.CallId);
        Assert.Equal(new DateTimeOffset(2022, 10, 11, 4, 7, 20, TimeSpan.Zero), record.StartTime);
        Assert.Equal(new DateTimeOffset(2022, 10, 11, 4, 7, 23, TimeSpan.Zero), record.EndTime);
        Assert.Null(record.AnswerTime);
        Assert.Equal(CallDirection.Inbound, record.Direction);
        Assert.Equal(CallOutcome.Missed, record.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(3), record.Duration);
        Assert.Equal(TimeSpan.Zero, record.TalkTime);
        Assert.Null(record.Agent);
        Assert.Equal(CallOutcome.Unknown, VoxoCallRecordMapper.ToCallRecord(new VoxoCallRecord { Id = "x", Disposition = "CONGESTION" }).Outcome);
    }

    [Fact]
    public void An_Ozonetel_legacy_record()
    {
        var ist = TimeSpan.FromMinutes(330);
        var detail = new OzonetelCallDetail
        {
            Ucid = "20261102000001",
            CallId = "31733467784618213",
            StartTime = new DateTimeOffset(2021, 2, 9, 10, 33, 53, ist),
            EndTime = new DateTimeOffset(2021, 2, 9, 10, 38, 50, ist),
            TimeToAnswer = TimeSpan.FromSeconds(11),
            CallDuration = TimeSpan.FromSeconds(297),
            Duration = TimeSpan.FromSeconds(286),
            Type = "manual",
            Status = "Answered",
            AgentName = "None",
            AgentId = "agent7",
            Skill = "None",
            CampaignName = "Sales",
            AudioFile = "https://example.com/a.mp3",
        };

        var record = OzonetelCallRecordMapper.ToCallRecord(detail);
        Assert.Equal(CallPlatform.Ozonetel, record.Platform);
        Assert.Equal("20261102000001", record.CallId);
        Assert.Equal("31733467784618213", record.SessionId);
        Assert.Equal(new DateTimeOffset(2021, 2, 9, 5, 3, 53, TimeSpan.Zero), record.StartTime);
        Assert.Equal(new DateTimeOffset(2021, 2, 9, 5, 8, 50, TimeSpan.Zero), record.EndTime);
        Assert.Equal(CallDirection.Outbound, record.Direction);
        Assert.Equal(CallOutcome.Answered, record.Outcome);
        Assert.Equal("agent7", record.Agent);
        Assert.Equal("Sales", record.Queue);
        Assert.Equal(TimeSpan.FromSeconds(11), record.WaitTime);
        Assert.Equal(TimeSpan.FromSeconds(286), record.TalkTime);
        Assert.Equal(TimeSpan.FromSeconds(297), record.Duration);
        Assert.Equal("https://example.com/a.mp3", record.RecordingUrl);
    }

    [Fact]
    public void An_Ozonetel_record_lasts_from_its_StartTime_to_its_EndTime()
    {
        // The current API's Duration is not described by any vendor page: the whole call is EndTime - StartTime,
        // the same rule that gives the legacy page's CallDuration (10:33:53 to 10:38:50 is 00:04:57).
        var ist = TimeSpan.FromMinutes(330);
        var record = OzonetelCallRecordMapper.ToCallRecord(new OzonetelCallDetail
        {
            Ucid = "2",
            StartTime = new DateTimeOffset(2024, 12, 6, 10, 0, 0, ist),
            EndTime = new DateTimeOffset(2024, 12, 6, 10, 1, 10, ist),
            Duration = TimeSpan.FromSeconds(56),
            TalkTime = TimeSpan.FromSeconds(40),
        });
        Assert.Equal(TimeSpan.FromSeconds(70), record.Duration);
        Assert.Equal(TimeSpan.FromSeconds(40), record.TalkTime);
    }

    [Fact]
    public void An_Ozonetel_current_record_has_Duration_as_the_whole_call()
    {
        var record = OzonetelCallRecordMapper.ToCallRecord(new OzonetelCallDetail { Ucid = "1", Type = "InBound", Status = "Unanswered", Duration = TimeSpan.FromSeconds(56), TalkTime = TimeSpan.Zero });
        Assert.Equal(CallDirection.Inbound, record.Direction);
        Assert.Equal(CallOutcome.Missed, record.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(56), record.Duration);
        Assert.Equal(TimeSpan.Zero, record.TalkTime);
    }

    [Fact]
    public void A_Yeastar_billing_detail_row()
    {
        var columns = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Time"] = new DateTimeOffset(2026, 11, 2, 8, 15, 0, TimeSpan.FromHours(1)),
            ["Call From"] = "2000",
            ["Call To"] = "1001",
            ["Status"] = "ANSWERED",
            ["Talk Duration"] = TimeSpan.FromMinutes(1),
            ["Communication Type"] = "Inbound",
        };

        var row = new object();
        var record = YeastarCallRecordMapper.ToCallRecord(YeastarReportType.ExtensionCallBillingDetails, columns, "pbx", row);
        Assert.Equal(CallPlatform.Yeastar, record.Platform);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 7, 15, 0, TimeSpan.Zero), record.StartTime);
        Assert.Equal(CallDirection.Inbound, record.Direction);
        Assert.Equal(CallOutcome.Answered, record.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(1), record.TalkTime);
        Assert.Equal("2000", record.From);
        Assert.Equal("1001", record.To);
        Assert.Null(record.Duration);
        Assert.Null(record.CallId);
        Assert.Same(row, record.Original);

        columns.Remove("Status");
        columns.Remove("Communication Type");
        Assert.Equal(CallOutcome.Missed, YeastarCallRecordMapper.ToCallRecord(YeastarReportType.UnreturnedMissedCalls, columns, null, row).Outcome);
        columns.Remove("Talk Duration");
        Assert.Equal(CallOutcome.Unknown, YeastarCallRecordMapper.ToCallRecord(YeastarReportType.QueueSatisfactionDetail, columns, null, row).Outcome);
        Assert.Equal(CallDirection.Unknown, YeastarCallRecordMapper.ToCallRecord(YeastarReportType.QueueSatisfactionDetail, columns, null, row).Direction);
    }
    [Fact]
    public void A_Yeastar_call_accounting_row_is_an_outbound_call_answered_when_it_has_talk_time()
    {
        // Yeastar's Extension Call Accounting Details report lists "each outbound call made by extensions via
        // specific trunks"; Talk Duration is "the time between call answered and call ended".
        var columns = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Time"] = new DateTimeOffset(2026, 11, 2, 8, 15, 0, TimeSpan.FromHours(1)),
            ["Extension"] = "1001",
            ["Call To"] = "+442071234567",
            ["Talk Duration"] = TimeSpan.FromSeconds(75),
            ["Amount"] = 0.25,
        };

        var record = YeastarCallRecordMapper.ToCallRecord(YeastarReportType.ExtensionCallBillingDetails, columns, "pbx", new object());
        Assert.Equal(CallDirection.Outbound, record.Direction);
        Assert.Equal(CallOutcome.Answered, record.Outcome);
        Assert.Equal("1001", record.Agent);
        Assert.Equal("+442071234567", record.To);
        Assert.Null(record.From);
        Assert.Equal(TimeSpan.FromSeconds(75), record.TalkTime);

        // No talk time: answered or not, the row does not say.
        columns["Talk Duration"] = TimeSpan.Zero;
        Assert.Equal(CallOutcome.Unknown, YeastarCallRecordMapper.ToCallRecord(YeastarReportType.ExtensionCallBillingDetails, columns, "pbx", new object()).Outcome);

        // Talk time says answered for the other per-call reports too; their direction the report does not state.
        columns["Talk Duration"] = TimeSpan.FromSeconds(5);
        var satisfaction = YeastarCallRecordMapper.ToCallRecord(YeastarReportType.QueueSatisfactionDetail, columns, "pbx", new object());
        Assert.Equal(CallOutcome.Answered, satisfaction.Outcome);
        Assert.Equal(CallDirection.Unknown, satisfaction.Direction);
    }

    [Theory]
    [InlineData("No Answer", CallOutcome.Missed)]
    [InlineData("no_answer", CallOutcome.Missed)]
    [InlineData("Busy", CallOutcome.Busy)]
    [InlineData("Abandoned", CallOutcome.Abandoned)]
    [InlineData("Something else", CallOutcome.Missed)]
    public void A_Yeastar_unreturned_missed_call_has_the_outcome_of_its_missed_call_type(string type, CallOutcome outcome)
    {
        // The page's miss_call_type: no_answer, busy, abandoned. Any other value is still a missed call: the report
        // lists nothing else.
        var columns = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Time"] = new DateTimeOffset(2026, 11, 2, 8, 15, 0, TimeSpan.Zero),
            ["Call From"] = "+15551234567",
            ["Call To"] = "6400",
            ["Missed Call Type"] = type,
        };

        var record = YeastarCallRecordMapper.ToCallRecord(YeastarReportType.UnreturnedMissedCalls, columns, "pbx", new object());
        Assert.Equal(outcome, record.Outcome);
        Assert.Equal(CallDirection.Unknown, record.Direction);
    }

    [Fact]
    public void A_Yeastar_unreturned_missed_call_with_a_return_status_is_still_missed()
    {
        // The report's own status is whether the call was returned (the page's unreturn_status: Returned, Not
        // returned), not how the call ended.
        var columns = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Time"] = new DateTimeOffset(2026, 11, 2, 8, 15, 0, TimeSpan.Zero),
            ["Call From"] = "2000",
            ["Status"] = "Not Returned",
        };

        Assert.Equal(CallOutcome.Missed, YeastarCallRecordMapper.ToCallRecord(YeastarReportType.UnreturnedMissedCalls, columns, "pbx", new object()).Outcome);
    }
}
