using System;
using CallReports.Engine.Time;
using Xunit;

namespace CallReports.Engine.Tests.Time;

public sealed class ZoneResolverTests
{
    [Theory]
    [InlineData("America/Chicago", -6)]
    [InlineData("Central Standard Time", -6)]
    [InlineData("US/Arizona", -7)]
    [InlineData("Asia/Kolkata", 5.5)]
    [InlineData(" UTC ", 0)]
    public void Resolves_iana_names_aliases_and_windows_ids(string name, double winterOffsetHours)
    {
        Assert.True(ZoneResolver.TryResolve(name, out var zone));
        Assert.Equal(TimeSpan.FromHours(winterOffsetHours), zone.GetUtcOffset(new DateTime(2026, 1, 15, 12, 0, 0)));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_are_refused(string? name)
    {
        Assert.False(ZoneResolver.TryResolve(name, out _));
        if (name is not null)
        {
            Assert.Throws<ArgumentException>(() => ZoneResolver.Resolve(name));
        }
    }

    [Fact]
    public void IanaName_turns_a_windows_zone_into_its_iana_name()
    {
        Assert.Equal("America/Chicago", ZoneResolver.IanaName(ZoneResolver.Resolve("America/Chicago")));
        Assert.Equal("UTC", ZoneResolver.IanaName(TimeZoneInfo.Utc));
        var name = ZoneResolver.IanaName(ZoneResolver.Resolve("Central Standard Time"));
        Assert.Contains('/', name);
        Assert.True(ZoneResolver.TryResolve(name, out var back));
        Assert.Equal(TimeSpan.FromHours(-6), back.GetUtcOffset(new DateTime(2026, 1, 15)));
    }
}
