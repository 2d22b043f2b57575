using System;
using System.Linq;
using CallReports.Sandbox.Emulators.Ozonetel;
using Xunit;

namespace CallReports.Engine.Tests.Ozonetel;

/// <summary>
/// A server that refuses multi-day ranges on fetchCdrByUCID is asked for one once per process: each
/// UCID is then looked up day by day, newest first, stopping at the day that has it.
/// </summary>
public sealed partial class OzonetelClientTests
{
    private const string ByUcidPath = "/ozonetel/ca_reports/fetchCdrByUCID";

    [Fact]
    public void ARefusedRangeIsRememberedForTheServerAcrossCommands()
    {
        Emulator.UcidSingleDayOnly = true;
        Emulator.RequestsPerWindow = 20;
        var today = OzonetelEmulator.TodayIst;
        var ucids = new[] { OzonetelEmulator.UcidOf(today.AddDays(-1), 1), OzonetelEmulator.UcidOf(today.AddDays(-2), 1), OzonetelEmulator.UcidOf(today.AddDays(-3), 1) };
        var before = fixture.Host.Counters.Count("GET", ByUcidPath);

        // One client per UCID, as Get-OzonetelCallDetail makes one per pipeline input.
        foreach (var ucid in ucids)
        {
            var query = Scaled(ucid);
            query.RequestsPerMinute = 20;
            var (records, error, log) = Read(query);
            AssertNoErrors(error, log);
            Assert.Equal(ucid, Assert.Single(records).Ucid);
        }

        // The refused 15-day range once, then today..day-1, today..day-2, today..day-3.
        Assert.Equal(1 + 2 + 3 + 4, fixture.Host.Counters.Count("GET", ByUcidPath) - before);
    }

    [Fact]
    public void WithDateEachUcidOfASingleDayServerIsOneRequest()
    {
        Emulator.UcidSingleDayOnly = true;
        Emulator.RequestsPerWindow = 20;
        var day = OzonetelEmulator.TodayIst.AddDays(-4);
        var ucids = Enumerable.Range(0, 3).Select(i => OzonetelEmulator.UcidOf(day, i)).ToArray();
        var query = Scaled(ucids);
        query.RequestsPerMinute = 20;
        query.StartTime = Engine.Time.WallClock.ToInstant(day, Ist);
        query.EndTime = Engine.Time.WallClock.ToInstant(day.AddDays(1), Ist);
        var before = fixture.Host.Counters.Count("GET", ByUcidPath);

        var (records, error, log) = Read(query);

        AssertNoErrors(error, log);
        Assert.Equal(ucids, records.Select(r => r.Ucid));
        Assert.Equal(3, fixture.Host.Counters.Count("GET", ByUcidPath) - before);
    }
}
