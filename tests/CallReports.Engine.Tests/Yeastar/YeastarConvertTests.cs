using System;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Yeastar;
using Xunit;

namespace CallReports.Engine.Tests.Yeastar;

public sealed class YeastarConvertTests
{
    private static readonly YeastarDisplayFormat Format = YeastarDisplayFormat.Parse("DD/MM/YYYY", "hh:mm:ss AM");
    private static readonly ZoneClock Utc = new(TimeZoneInfo.Utc);

    [Theory]
    [InlineData("00:00:00", 0, 0, 0)]
    [InlineData("1:02:03", 1, 2, 3)]
    [InlineData("05:30:59", 5, 30, 59)]
    [InlineData("1234:59:00", 1234, 59, 0)]
    public void Durations_are_TimeSpans(string text, int hours, int minutes, int seconds)
    {
        Assert.Equal(new TimeSpan(hours, minutes, seconds), YeastarRecordMapper.Convert(text, Format, Utc));
    }

    [Theory]
    [InlineData("12345:00:00")]
    [InlineData("1:2:03")]
    [InlineData("1:02:3")]
    [InlineData("a1:02:03")]
    [InlineData("1:02:03:04")]
    [InlineData("0101")]
    [InlineData("+442071234567")]
    [InlineData("Agent 7, Sales")]
    public void Other_text_stays_text(string text)
    {
        Assert.Equal(text, YeastarRecordMapper.Convert(text, Format, Utc));
    }

    [Fact]
    public void Numbers_and_times_are_typed()
    {
        Assert.Equal(42L, YeastarRecordMapper.Convert("42", Format, Utc));
        Assert.Equal(97.5, YeastarRecordMapper.Convert("97.5", Format, Utc));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 20, 0, 5, TimeSpan.FromHours(1)), YeastarRecordMapper.Convert("02/11/2026 08:00:05 PM", Format, new ZoneClock(YeastarRecordMapper.FixedZone(TimeSpan.FromHours(1)))));
        Assert.Null(YeastarRecordMapper.Convert(string.Empty, Format, Utc));
    }
}
