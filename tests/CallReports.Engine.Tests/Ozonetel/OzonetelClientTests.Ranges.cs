using System;
using System.Collections.Generic;
using System.Linq;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Ozonetel;

/// <summary>
/// Ranges are half-open: a call belongs to exactly one of two adjacent ranges, whether the server's
/// <c>toDate</c> is inclusive or exclusive. The calls are placed exactly on the boundaries.
/// </summary>
public sealed partial class OzonetelClientTests
{
    private static OzonetelQuery RangeQuery(DateTime istStart, DateTime istEnd) => new()
    {
        StartTime = Engine.Time.WallClock.ToInstant(istStart, Ist),
        EndTime = Engine.Time.WallClock.ToInstant(istEnd, Ist),
        RequestsPerMinute = 20,
        RateLimitWindow = TimeSpan.FromMilliseconds(200),
    };

    private List<string> Ucids(OzonetelQuery query)
    {
        var (records, error, log) = Read(query);
        AssertNoErrors(error, log);
        return records.Select(r => r.Ucid).ToList();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AdjacentRangesSplitAtNoonGiveEveryCallToExactlyOneOfThem(bool exclusiveToDate)
    {
        var day = Yesterday;
        Emulator.RequestsPerWindow = 20;
        Emulator.ExclusiveToDate = exclusiveToDate;
        Emulator.PlacedCalls = new[] { day.AddHours(12).AddSeconds(-1), day.AddHours(12), day.AddHours(12).AddSeconds(1) };

        var morning = Ucids(RangeQuery(day, day.AddHours(12)));
        var afternoon = Ucids(RangeQuery(day.AddHours(12), day.AddDays(1)));
        var whole = Ucids(RangeQuery(day, day.AddDays(1)));

        Assert.Contains(Emulator.PlacedUcid(0), morning);
        Assert.DoesNotContain(Emulator.PlacedUcid(1), morning);
        Assert.DoesNotContain(Emulator.PlacedUcid(2), morning);
        Assert.DoesNotContain(Emulator.PlacedUcid(0), afternoon);
        Assert.Contains(Emulator.PlacedUcid(1), afternoon);
        Assert.Contains(Emulator.PlacedUcid(2), afternoon);
        Assert.Equal(9, whole.Count);
        Assert.Equal(whole.OrderBy(u => u, StringComparer.Ordinal), morning.Concat(afternoon).OrderBy(u => u, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ACallAtMidnightIstBelongsToTheDayThatStartsThen(bool exclusiveToDate)
    {
        var day = Yesterday;
        Emulator.ExclusiveToDate = exclusiveToDate;
        Emulator.PlacedCalls = new[] { day };

        var before = Ucids(DayQuery(day.AddDays(-1)));
        var evening = Ucids(RangeQuery(day.AddDays(-1).AddHours(18), day));
        var that = Ucids(DayQuery(day));

        Assert.DoesNotContain(Emulator.PlacedUcid(0), before);
        Assert.DoesNotContain(Emulator.PlacedUcid(0), evening);
        Assert.Equal(Emulator.PlacedUcid(0), that[0]);
        Assert.Equal(7, that.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ABoundaryInsideASecondKeepsTheCallsOfThatSecondInOneRangeOnly(bool exclusiveToDate)
    {
        // Ozonetel's times are whole seconds; a Get-Date value is not.
        var day = Yesterday;
        var cut = day.AddHours(12).AddMilliseconds(500);
        Emulator.RequestsPerWindow = 20;
        Emulator.ExclusiveToDate = exclusiveToDate;
        Emulator.PlacedCalls = new[] { day.AddHours(12), day.AddHours(12).AddSeconds(1) };

        var first = Ucids(RangeQuery(day.AddHours(6), cut));
        var second = Ucids(RangeQuery(cut, day.AddHours(18)));

        Assert.Contains(Emulator.PlacedUcid(0), first);
        Assert.DoesNotContain(Emulator.PlacedUcid(1), first);
        Assert.DoesNotContain(Emulator.PlacedUcid(0), second);
        Assert.Contains(Emulator.PlacedUcid(1), second);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AUcidAtTheBoundaryIsFoundInTheRangeThatStartsThereOnly(bool exclusiveToDate)
    {
        var day = Yesterday;
        Emulator.RequestsPerWindow = 20;
        Emulator.ExclusiveToDate = exclusiveToDate;
        Emulator.PlacedCalls = new[] { day.AddHours(12) };
        var ucid = Emulator.PlacedUcid(0);

        var earlier = RangeQuery(day.AddHours(6), day.AddHours(12));
        earlier.Ucids.Add(ucid);
        var (none, error, log) = Read(earlier);
        Assert.Null(error);
        Assert.Empty(none);
        Assert.Equal("OzonetelUcidNotFound", Assert.Single(log, e => e.Kind == LogKind.Error).Error!.ErrorId);

        var later = RangeQuery(day.AddHours(12), day.AddHours(18));
        later.Ucids.Add(ucid);
        Assert.Equal(new[] { ucid }, Ucids(later));
    }
}
