using System;
using System.Globalization;
using CallReports.Engine.Vendors.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

public sealed class CasperTimeTests
{
    private static readonly string[] Formats =
    {
        "M/d/yy h:mm tt", "M/d/yy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt",
        "M/d/yy H:mm", "M/d/yy H:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss",
    };

    [Theory]
    [InlineData("4/20/20 6:12 AM")]
    [InlineData("12/31/99 11:59 PM")]
    [InlineData("1/1/49 12:00 AM")]
    [InlineData("1/1/50 12:30 PM")]
    [InlineData("2/29/24 1:05:09 pm")]
    [InlineData("10/01/2026 23:15")]
    [InlineData("10/1/2026 07:15:59")]
    public void The_fast_reader_agrees_with_the_general_parser(string text)
    {
        Assert.True(DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expected));
        Assert.True(CasperRecordMapper.TryParseUsTime(text, out var actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("2/30/24 1:05 PM")]
    [InlineData("13/1/24 1:05 PM")]
    [InlineData("1/1/24 13:05 PM")]
    [InlineData("1/1/24 1:5 PM")]
    [InlineData("1/1/243 1:05 PM")]
    [InlineData("1/1/24 1:05 XM")]
    [InlineData("2026-10-01 08:00:00")]
    [InlineData("")]
    public void Anything_else_is_left_to_the_general_parser(string text)
    {
        Assert.False(CasperRecordMapper.TryParseUsTime(text, out _));
    }

    [Fact]
    public void Every_time_of_two_years_reads_the_same_both_ways()
    {
        for (var at = new DateTime(2025, 1, 1); at < new DateTime(2027, 1, 1); at = at.AddMinutes(97))
        {
            foreach (var format in Formats)
            {
                var text = at.ToString(format, CultureInfo.InvariantCulture);
                Assert.True(CasperRecordMapper.TryParseTime(text, out var fast), text);
                Assert.Equal(DateTime.ParseExact(text, format, CultureInfo.InvariantCulture), fast);
            }
        }
    }
}
