using System;
using CallReports.Engine.Vendors.PortSip;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

public sealed class PortSipCdrQueryTests
{
    [Fact]
    public void Window_IsSentInUtc_WithWholeSecondsWhenPossible_ElseMillisecondsRoundedOutward()
    {
        var query = new PortSipCdrQuery
        {
            StartTime = new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.FromHours(2)),
            EndTime = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero).AddTicks(4_571_880),
        };

        Assert.Equal("started_at ge '2026-11-02T03:00:00Z' and started_at lt '2026-11-02T06:00:00.458Z'", query.BuildFilter());

        query.StartTime = new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero).AddTicks(9_999);
        query.EndTime = new DateTimeOffset(2026, 11, 2, 6, 0, 0, TimeSpan.Zero).AddTicks(4_570_000);
        Assert.Equal("started_at ge '2026-11-02T03:00:00Z' and started_at lt '2026-11-02T06:00:00.457Z'", query.BuildFilter());

        query.EndTime = new DateTimeOffset(2026, 11, 2, 6, 59, 59, TimeSpan.Zero).AddTicks(9_990_001);
        Assert.Equal("started_at ge '2026-11-02T03:00:00Z' and started_at lt '2026-11-02T07:00:00Z'", query.BuildFilter());
    }

    [Fact]
    public void Contains_IsHalfOpen_AtFullPrecision()
    {
        var start = new DateTimeOffset(2026, 11, 2, 3, 0, 0, TimeSpan.Zero).AddTicks(5);
        var end = start.AddHours(1);
        var query = new PortSipCdrQuery { StartTime = start, EndTime = end };

        Assert.True(query.Contains(start));
        Assert.False(query.Contains(start.AddTicks(-1)));
        Assert.True(query.Contains(end.AddTicks(-1)));
        Assert.False(query.Contains(end));
        Assert.False(query.Contains(null));
        Assert.True(new PortSipCdrQuery().Contains(null));
    }

    [Fact]
    public void UserFilter_IsParenthesisedWhenCombined()
    {
        Assert.Equal("caller eq '101' or caller eq '102'", new PortSipCdrQuery { Filter = " caller eq '101' or caller eq '102' " }.BuildFilter());
        Assert.Equal(
            "started_at ge '2026-11-02T00:00:00Z' and (caller eq '101' or caller eq '102')",
            new PortSipCdrQuery { StartTime = new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), Filter = "caller eq '101' or caller eq '102'" }.BuildFilter());
        Assert.Null(new PortSipCdrQuery().BuildFilter());
    }
}
