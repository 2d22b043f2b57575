using System;
using System.Linq;
using CallReports.Engine;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Voxo;

public sealed class VoxoQueryTests
{
    private static readonly TimeZoneInfo Chicago = ZoneResolver.Resolve("America/Chicago");

    [Fact]
    public void A_95_day_tenant_range_is_four_windows_of_at_most_31_days_with_no_gap_or_overlap()
    {
        var start = new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.FromHours(-5));
        var query = new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(95), TenantId = 37 };
        query.Validate();

        var windows = query.Windows(Chicago);

        Assert.Equal(4, windows.Count);
        Assert.Equal(start, windows[0].Start);
        Assert.Equal(start.AddDays(95), windows[^1].End);
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i - 1].End, windows[i].Start);
        }

        Assert.All(windows, w => Assert.True(VoxoCallReportQuery.WallClockLength(w, Chicago) <= TimeSpan.FromDays(31)));
        Assert.All(windows, w => Assert.True(w.End - w.Start <= TimeSpan.FromDays(31)));
    }

    [Fact]
    public void A_partner_wide_two_and_a_half_days_is_three_windows_of_at_most_24_hours()
    {
        var start = new DateTimeOffset(2026, 9, 1, 6, 0, 0, TimeSpan.Zero);
        var query = new VoxoCallReportQuery { StartTime = start, EndTime = start.AddHours(60) };
        query.Validate();

        var windows = query.Windows(Chicago);

        Assert.True(query.IsPartnerWide);
        Assert.Equal(3, windows.Count);
        Assert.Equal(new[] { 24d, 24d, 12d }, windows.Select(w => (w.End - w.Start).TotalHours));
    }

    [Fact]
    public void Across_a_spring_forward_no_window_is_longer_than_the_limit_on_the_wall_clock()
    {
        // 24 elapsed hours from midnight before 2026-03-08 end at 01:00 on the wall clock of the next day: 25 "hours" to VOXO.
        var start = WallClock.ToInstant(new DateTime(2026, 3, 7, 0, 0, 0), Chicago);
        var query = new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(3) };

        var windows = query.Windows(Chicago);

        Assert.All(windows, w => Assert.True(VoxoCallReportQuery.WallClockLength(w, Chicago) <= TimeSpan.FromHours(24), w.ToString()));
        Assert.Equal(start, windows[0].Start);
        Assert.Equal(start.AddDays(3), windows[^1].End);
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i - 1].End, windows[i].Start);
        }
    }

    [Fact]
    public void WindowSize_shrinks_the_windows_and_fractions_of_a_second_widen_the_range()
    {
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, 400, TimeSpan.Zero);
        var query = new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(1), BillingCode = "SBX37", WindowSize = TimeSpan.FromHours(6) };
        query.Validate();

        var windows = query.Windows(Chicago);

        Assert.Equal(5, windows.Count);
        Assert.Equal(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), windows[0].Start);
        Assert.Equal(new DateTimeOffset(2026, 9, 2, 0, 0, 1, TimeSpan.Zero), windows[^1].End);
    }

    [Fact]
    public void The_request_is_percent_encoded_wall_clock_in_the_zone()
    {
        var start = new DateTimeOffset(2022, 10, 10, 4, 0, 0, TimeSpan.Zero);
        var query = new VoxoCallReportQuery { StartTime = start, EndTime = start.AddDays(1), TenantId = 37 };
        var window = query.Windows(ZoneResolver.Resolve("America/New_York")).Single();

        var uri = VoxoClient.BuildUri(query, window, ZoneResolver.Resolve("America/New_York"), "America/New_York");

        Assert.Equal("call-reports?tenantId=37&start=2022-10-10%2000%3A00%3A00&end=2022-10-11%2000%3A00%3A00&timezone=America%2FNew_York", uri);
    }

    [Theory]
    [InlineData(1, null, null, null)]
    [InlineData(-1, 37L, null, null)]
    [InlineData(24, 37L, "SBX37", null)]
    [InlineData(24, 0L, null, null)]
    [InlineData(48, null, null, 25.0)]
    [InlineData(48, 37L, null, 745.0)]
    [InlineData(48, 37L, null, 0.001)]
    public void Bad_queries_are_refused_before_any_request(int hours, long? tenant, string? billingCode, double? windowHours)
    {
        var start = new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
        var query = new VoxoCallReportQuery
        {
            StartTime = start,
            EndTime = hours == 1 ? start : start.AddHours(hours),
            TenantId = tenant,
            BillingCode = billingCode,
            WindowSize = windowHours is { } w ? TimeSpan.FromHours(w) : null,
        };

        var error = Assert.Throws<CallReportsException>(query.Validate);
        Assert.StartsWith("Voxo", error.ErrorId, StringComparison.Ordinal);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.True(error.IsTerminating);
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(5000, true)]
    [InlineData(2500, true)]
    [InlineData(100000, true)]
    [InlineData(1024, true)]
    [InlineData(65536, true)]
    [InlineData(499, false)]
    [InlineData(1001, false)]
    [InlineData(12345, false)]
    [InlineData(2750, false)]
    public void Round_counts_are_suspicious(long count, bool suspicious)
    {
        Assert.Equal(suspicious, VoxoClient.IsSuspiciouslyRound(count));
    }
}
