using System;
using System.Globalization;
using System.Text.Json;
using CallReports.Engine.Vendors.PortSip;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

public sealed class PortSipTimeTests
{
    [Theory]
    [InlineData("2026-11-02T00:00:00Z")]
    [InlineData("2026-11-02T08:15:30.1234567Z")]
    [InlineData("2026-11-02T08:15:30.5+05:30")]
    [InlineData("2026-11-02T08:15:30-07:00")]
    [InlineData("2026-11-02T08:15:30")]
    [InlineData("2026-11-02 08:15:30")]
    [InlineData("2026-11-02")]
    public void Times_read_as_the_general_parser_reads_them_in_UTC(string text)
    {
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(new { at = text }));
        Assert.True(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected));

        var actual = PortSipRecordMapper.Time(document.RootElement, "at");

        Assert.Equal(expected, actual);
        Assert.Equal(TimeSpan.Zero, actual!.Value.Offset);
    }

    [Fact]
    public void Nanoseconds_are_cut_to_the_100_ns_a_DateTimeOffset_holds()
    {
        // System.Text.Json truncates digits past the seventh, where DateTimeOffset.Parse rounds.
        using var document = JsonDocument.Parse("{\"at\":\"2026-11-02T08:15:30.123456789Z\"}");
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 15, 30, TimeSpan.Zero).AddTicks(1_234_567), PortSipRecordMapper.Time(document.RootElement, "at"));
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("\"not a time\"")]
    public void Empty_null_and_unreadable_times_are_null(string json)
    {
        using var document = JsonDocument.Parse("{\"at\":" + json + "}");
        Assert.Null(PortSipRecordMapper.Time(document.RootElement, "at"));
        Assert.Null(PortSipRecordMapper.Time(document.RootElement, "missing"));
    }
}
