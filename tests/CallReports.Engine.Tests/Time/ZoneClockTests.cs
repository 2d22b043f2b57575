using System;
using CallReports.Engine.Time;
using Xunit;

namespace CallReports.Engine.Tests.Time;

public sealed class ZoneClockTests
{
    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/London")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/St_Johns")]
    public void Gives_what_WallClock_gives_for_every_time_of_a_year_with_DST(string zoneName)
    {
        var zone = ZoneResolver.Resolve(zoneName);
        var clock = new ZoneClock(zone);
        for (var wall = new DateTime(2026, 1, 1); wall < new DateTime(2027, 1, 1); wall = wall.AddMinutes(7).AddSeconds(13))
        {
            Assert.Equal(WallClock.ToInstant(wall, zone), clock.ToInstant(wall));
        }
    }

    [Fact]
    public void Skipped_and_repeated_hours_are_read_as_WallClock_reads_them()
    {
        var zone = ZoneResolver.Resolve("America/New_York");
        var clock = new ZoneClock(zone);
        foreach (var wall in new[] { new DateTime(2026, 3, 8, 1, 59, 0), new DateTime(2026, 3, 8, 2, 30, 0), new DateTime(2026, 3, 8, 3, 0, 0), new DateTime(2026, 11, 1, 1, 30, 0), new DateTime(2026, 11, 1, 1, 30, 0), new DateTime(2026, 11, 1, 2, 0, 0) })
        {
            Assert.Equal(WallClock.ToInstant(wall, zone), clock.ToInstant(wall));
        }
    }

    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Australia/Lord_Howe")]
    [InlineData("Asia/Kathmandu")]
    public void ToZone_gives_what_ConvertTime_gives(string zoneName)
    {
        var zone = ZoneResolver.Resolve(zoneName);
        var clock = new ZoneClock(zone);
        for (var instant = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero); instant.Year < 2027; instant = instant.AddMinutes(11).AddSeconds(7))
        {
            var expected = TimeZoneInfo.ConvertTime(instant, zone);
            var actual = clock.ToZone(instant);
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Offset, actual.Offset);
        }
    }

    [Fact]
    public void Each_thread_keeps_its_own_clock_per_zone()
    {
        var newYork = ZoneResolver.Resolve("America/New_York");
        var clock = ZoneClock.For(newYork);
        Assert.Same(clock, ZoneClock.For(newYork));
        Assert.Equal("America/New_York", clock.IanaName);
        Assert.NotSame(clock, ZoneClock.For(ZoneResolver.Resolve("Asia/Kolkata")));
    }
}
