using System;
using CallReports.Engine.Time;
using Xunit;

namespace CallReports.Engine.Tests.Time;

public sealed class WallClockTests
{
    private static readonly TimeZoneInfo NewYork = ZoneResolver.Resolve("America/New_York");

    [Fact]
    public void Format_writes_the_wall_clock_of_the_zone()
    {
        var instant = new DateTimeOffset(2022, 10, 11, 3, 7, 20, TimeSpan.Zero);
        Assert.Equal("2022-10-10 23:07:20", WallClock.Format(instant, NewYork, "yyyy-MM-dd HH:mm:ss"));
        Assert.Equal("10/10/22 22:07:20", WallClock.Format(instant, ZoneResolver.Resolve("America/Chicago"), "MM/dd/yy HH:mm:ss"));
    }

    [Fact]
    public void ToInstant_reads_summer_and_winter_offsets()
    {
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 16, 0, 0, TimeSpan.Zero), WallClock.ToInstant(new DateTime(2026, 7, 1, 12, 0, 0), NewYork).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 17, 0, 0, TimeSpan.Zero), WallClock.ToInstant(new DateTime(2026, 12, 1, 12, 0, 0), NewYork).ToUniversalTime());
    }

    [Fact]
    public void ToInstant_reads_the_repeated_hour_as_its_first_occurrence()
    {
        // 2026-11-01 01:30 happens twice in New York: first at -04:00 (EDT), then at -05:00 (EST).
        var instant = WallClock.ToInstant(new DateTime(2026, 11, 1, 1, 30, 0), NewYork);
        Assert.Equal(TimeSpan.FromHours(-4), instant.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero), instant.ToUniversalTime());
    }

    [Fact]
    public void ToInstant_moves_a_skipped_time_forward_by_the_gap()
    {
        // 2026-03-08 02:30 does not exist in New York (02:00 EST jumps to 03:00 EDT).
        var instant = WallClock.ToInstant(new DateTime(2026, 3, 8, 2, 30, 0), NewYork);
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 3, 30, 0, TimeSpan.FromHours(-4)), instant);
    }

    [Fact]
    public void FromUser_keeps_utc_and_reads_unspecified_in_the_given_zone()
    {
        var utc = new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(new DateTimeOffset(utc), WallClock.FromUser(utc, NewYork));
        var naive = new DateTime(2026, 11, 2, 0, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 5, 0, 0, TimeSpan.Zero), WallClock.FromUser(naive, NewYork).ToUniversalTime());
    }
}
