using System;
using System.Linq;
using CallReports.Engine.Time;
using Xunit;

namespace CallReports.Engine.Tests.Time;

public sealed class TimeWindowsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Split_covers_the_range_with_no_gap_and_no_overlap()
    {
        var windows = TimeWindows.Split(Start, Start.AddDays(95), TimeSpan.FromDays(31));

        Assert.Equal(4, windows.Count);
        Assert.Equal(Start, windows[0].Start);
        Assert.Equal(Start.AddDays(95), windows[^1].End);
        for (var i = 1; i < windows.Count; i++)
        {
            Assert.Equal(windows[i - 1].End, windows[i].Start);
        }

        Assert.All(windows.Take(3), w => Assert.Equal(TimeSpan.FromDays(31), w.End - w.Start));
        Assert.Equal(TimeSpan.FromDays(2), windows[^1].End - windows[^1].Start);
        Assert.Equal(new[] { 0, 1, 2, 3 }, windows.Select(w => w.Index));
        Assert.All(windows, w => Assert.Equal(4, w.Count));
        Assert.StartsWith("window 2 of 4 (2026-02-01 00:00:00Z", windows[1].ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Split_of_a_range_shorter_than_the_size_is_one_window()
    {
        var windows = TimeWindows.Split(Start, Start.AddHours(5), TimeSpan.FromDays(1));
        Assert.Equal((Start, Start.AddHours(5)), (windows.Single().Start, windows.Single().End));
    }

    [Fact]
    public void Split_refuses_an_empty_range_and_a_non_positive_size()
    {
        Assert.Throws<ArgumentException>(() => TimeWindows.Split(Start, Start, TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>(() => TimeWindows.Split(Start, Start.AddDays(-1), TimeSpan.FromDays(1)));
        Assert.Throws<ArgumentException>(() => TimeWindows.Split(Start, Start.AddDays(1), TimeSpan.Zero));
    }

    [Fact]
    public void SplitByLocalDay_follows_local_midnights_across_a_dst_change()
    {
        var zone = ZoneResolver.Resolve("America/New_York");
        var start = WallClock.ToInstant(new DateTime(2026, 10, 31, 12, 0, 0), zone);
        var end = WallClock.ToInstant(new DateTime(2026, 11, 2, 6, 0, 0), zone);

        var windows = TimeWindows.SplitByLocalDay(start, end, zone);

        Assert.Equal(3, windows.Count);
        Assert.Equal(TimeSpan.FromHours(12), windows[0].End - windows[0].Start);
        Assert.Equal(TimeSpan.FromHours(25), windows[1].End - windows[1].Start); // 1 November has 25 hours
        Assert.Equal(TimeSpan.FromHours(6), windows[2].End - windows[2].Start);
        Assert.Equal(new DateTime(2026, 11, 1), TimeZoneInfo.ConvertTime(windows[1].Start, zone).DateTime);
    }
}
