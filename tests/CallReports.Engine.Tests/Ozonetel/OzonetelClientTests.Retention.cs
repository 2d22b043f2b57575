using System;
using System.Linq;
using CallReports.Engine.Diagnostics;
using CallReports.Sandbox.Emulators.Ozonetel;
using Xunit;

namespace CallReports.Engine.Tests.Ozonetel;

/// <summary>"The last 15 days": today minus 15 may be kept or already gone; an empty oldest day says so.</summary>
public sealed partial class OzonetelClientTests
{
    [Theory]
    [InlineData(14, false)]
    [InlineData(14, true)]
    [InlineData(15, false)]
    [InlineData(15, true)]
    public void AnEmptyOldestDaySaysItLiesAtTheEdgeOfTheRetentionWindow(int oldestDayBack, bool noDataFound)
    {
        Emulator.OldestDayBack = oldestDayBack;
        Emulator.NoDataFoundForEmptyDays = noDataFound;
        var oldest = OzonetelEmulator.TodayIst.AddDays(-15);

        var (records, error, log) = Read(DayQuery(oldest));

        AssertNoErrors(error, log);
        var warnings = log.Where(e => e.Kind == LogKind.Warning).Select(e => e.Message).ToList();
        if (oldestDayBack == 15)
        {
            Assert.Equal(6, records.Count);
            Assert.Empty(warnings);
            return;
        }

        Assert.Empty(records);
        var warning = Assert.Single(warnings);
        Assert.Contains(oldest.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), warning, StringComparison.Ordinal);
        Assert.Contains("edge of its retention window", warning, StringComparison.Ordinal);
        Assert.Contains(noDataFound ? "\"No Data Found\"" : "an empty list", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyDayInsideTheWindowIsJustEmpty()
    {
        Emulator.CallsPerDay = 0;
        Emulator.NoDataFoundForEmptyDays = true;

        var (records, error, log) = Read(DayQuery(OzonetelEmulator.TodayIst.AddDays(-14)));

        AssertNoErrors(error, log);
        Assert.Empty(records);
        Assert.DoesNotContain(log, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void AUcidNotFoundOnTheOldestDaySaysTheDayMayBeDeleted()
    {
        Emulator.OldestDayBack = 14;
        var oldest = OzonetelEmulator.TodayIst.AddDays(-15);
        var query = Scaled(OzonetelEmulator.UcidOf(oldest, 1));
        query.StartTime = Engine.Time.WallClock.ToInstant(oldest, Ist);
        query.EndTime = Engine.Time.WallClock.ToInstant(oldest.AddDays(1), Ist);

        var (records, error, log) = Read(query);

        Assert.Null(error);
        Assert.Empty(records);
        var failure = Assert.Single(log, e => e.Kind == LogKind.Error).Error!;
        Assert.Equal("OzonetelUcidNotFound", failure.ErrorId);
        Assert.Contains("edge of Ozonetel's retention window", failure.Message, StringComparison.Ordinal);
    }
}
