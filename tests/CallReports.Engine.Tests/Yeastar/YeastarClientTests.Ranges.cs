using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Yeastar;

/// <summary>Which calls a range gets: half-open ranges, daylight saving, and the v1.0/v2.0 split after a firmware upgrade.</summary>
public sealed partial class YeastarClientTests
{
    private const string LegacyDownload = "/yeastar/openapi/v1.0/call_report/download";

    /// <summary>Eight calls on the emulator's +01:00 PBX, four before the upgrade on 28/10/2026 and four from it on.</summary>
    private static readonly DateTimeOffset Upgrade = new(2026, 10, 28, 0, 0, 0, TimeSpan.FromHours(1));

    private static readonly DateTimeOffset[] AcrossUpgrade =
    {
        AtPbx(2026, 10, 20, 9, 0, 0), AtPbx(2026, 10, 22, 14, 30, 0), AtPbx(2026, 10, 25, 11, 0, 0), AtPbx(2026, 10, 27, 23, 59, 59),
        AtPbx(2026, 10, 28, 0, 0, 0), AtPbx(2026, 10, 30, 10, 0, 0), AtPbx(2026, 11, 2, 16, 0, 0), AtPbx(2026, 11, 5, 8, 0, 0),
    };

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void A_call_on_the_boundary_of_two_adjacent_ranges_is_in_exactly_one_whatever_the_PBX_does_with_its_ends(bool startExclusive, bool endExclusive)
    {
        Pbx.StartTimeExclusive = startExclusive;
        Pbx.EndTimeExclusive = endExclusive;
        Pbx.Calls = new[]
        {
            AtPbx(2026, 11, 2, 9, 59, 59), AtPbx(2026, 11, 2, 10, 0, 0), AtPbx(2026, 11, 2, 10, 30, 0), AtPbx(2026, 11, 2, 10, 59, 59),
            AtPbx(2026, 11, 2, 11, 0, 0), AtPbx(2026, 11, 2, 11, 0, 1), AtPbx(2026, 11, 2, 11, 59, 59), AtPbx(2026, 11, 2, 12, 0, 0),
        };

        var first = Callers(NewClient().GetRows(Billing(new DateTime(2026, 11, 2, 10, 0, 0), new DateTime(2026, 11, 2, 11, 0, 0)), CancellationToken.None));
        var second = Callers(NewClient().GetRows(Billing(new DateTime(2026, 11, 2, 11, 0, 0), new DateTime(2026, 11, 2, 12, 0, 0)), CancellationToken.None));
        Assert.Equal(new long[] { 2001, 2002, 2003 }, first);
        Assert.Equal(new long[] { 2004, 2005, 2006 }, second);
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void Figures_are_asked_up_to_the_last_second_before_the_end_as_the_page_example_reads()
    {
        Pbx.Calls = new[] { AtPbx(2026, 11, 2, 10, 0, 0), AtPbx(2026, 11, 2, 11, 0, 0) };
        var query = Complete(YeastarReportType.ExtensionCallStatistics);
        query.StartTime = new DateTime(2026, 11, 2, 10, 0, 0);
        query.EndTime = new DateTime(2026, 11, 2, 11, 0, 0);
        query.ApiVersion = YeastarApiVersion.V2;
        var row = Assert.Single(NewClient().GetRows(query, CancellationToken.None).ToList());
        Assert.Equal(1L, row.Columns.Single(c => c.Key == "Total Calls").Value);
        var sent = sandbox.Counters.LastQueries(Download).Last();
        Assert.Equal("02/11/2026 10:00:00 AM", sent["start_time"]);
        Assert.Equal("02/11/2026 10:59:59 AM", sent["end_time"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Times_across_a_daylight_saving_change_take_the_offset_of_their_own_instant(bool zoneFromPbx)
    {
        // New York springs forward at 2026-03-08 02:00 EST (07:00Z): 10:00 EST is 15:00Z, 10:00 EDT 14:00Z.
        var zone = ZoneResolver.Resolve("America/New_York");
        Pbx.Zone = zone;
        Pbx.ReportedZoneName = zoneFromPbx ? "America/New_York" : null;
        var calls = new[] { Utc(2026, 3, 7, 15, 0, 0), Utc(2026, 3, 8, 6, 59, 59), Utc(2026, 3, 8, 7, 0, 0), Utc(2026, 3, 8, 15, 0, 0), Utc(2026, 3, 9, 14, 0, 0) };
        Pbx.Calls = calls;
        var query = Billing(new DateTime(2026, 3, 7, 15, 0, 0, DateTimeKind.Utc), new DateTime(2026, 3, 9, 14, 0, 0, DateTimeKind.Utc));
        if (!zoneFromPbx)
        {
            query.TimeZone = zone;
        }

        var times = NewClient().GetRows(query, CancellationToken.None).Select(r => Assert.IsType<DateTimeOffset>(r.Columns[0].Value)).ToList();
        Assert.Equal(calls.Take(4), times);
        Assert.Equal(new[] { -5.0, -5.0, -4.0, -4.0 }, times.Select(t => t.Offset.TotalHours));

        // A call list is asked one second wider and cut on the client (see the boundary test).
        var sent = sandbox.Counters.LastQueries(Download).Last();
        Assert.Equal("07/03/2026 09:59:59 AM", sent["start_time"]);
        Assert.Equal("09/03/2026 10:00:00 AM", sent["end_time"]);

        var figures = Complete(YeastarReportType.ExtensionCallStatistics);
        figures.StartTime = query.StartTime;
        figures.EndTime = query.EndTime;
        figures.TimeZone = query.TimeZone;
        Assert.Equal(4L, Assert.Single(NewClient().GetRows(figures, CancellationToken.None).ToList()).Columns.Single(c => c.Key == "Total Calls").Value);
        sent = sandbox.Counters.LastQueries(Download).Last();
        Assert.Equal("07/03/2026 10:00:00 AM", sent["start_time"]);
        Assert.Equal("09/03/2026 09:59:59 AM", sent["end_time"]);
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_call_list_across_a_firmware_upgrade_merges_v2_and_v1_without_duplicates(bool legacyIncludesNewData)
    {
        Pbx.Calls = AcrossUpgrade;
        Pbx.UpgradedAt = Upgrade;
        Pbx.LegacyIncludesNewData = legacyIncludesNewData;
        var rows = NewClient().GetRows(Billing(new DateTime(2026, 10, 19), new DateTime(2026, 11, 6)), CancellationToken.None).ToList();
        Assert.Equal(Enumerable.Range(2000, 8).Select(i => (long)i), Callers(rows).OrderBy(c => c));
        Assert.Equal(1, sandbox.Counters.Count("GET", Download));
        Assert.Equal(1, sandbox.Counters.Count("GET", LegacyDownload));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);

        // -Skip and -First count the merged rows.
        var paged = Billing(new DateTime(2026, 10, 19), new DateTime(2026, 11, 6));
        paged.Skip = 3;
        paged.First = 3;
        Assert.Equal(3, NewClient().GetRows(paged, CancellationToken.None).Count());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void Figures_across_a_firmware_upgrade_warn_that_they_are_v2_alone_and_name_ApiVersion_V1(bool legacyIncludesNewData, bool omitIdleRows)
    {
        Pbx.Calls = AcrossUpgrade;
        Pbx.UpgradedAt = Upgrade;
        Pbx.LegacyIncludesNewData = legacyIncludesNewData;
        Pbx.OmitIdleRows = omitIdleRows;
        var query = Complete(YeastarReportType.ExtensionCallStatistics);
        query.StartTime = new DateTime(2026, 10, 19);
        query.EndTime = new DateTime(2026, 11, 6);
        var row = Assert.Single(NewClient().GetRows(query, CancellationToken.None).ToList());
        Assert.Equal(4L, row.Columns.Single(c => c.Key == "Total Calls").Value);
        var warning = Assert.Single(entries, e => e.Kind == LogKind.Warning);
        Assert.Contains("openapi/v1.0", warning.Message, StringComparison.Ordinal);
        Assert.Contains("-ApiVersion V1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("partial", warning.Message, StringComparison.Ordinal);

        // A range wholly after the upgrade has no calls on v1.0, whether it lists the extension with zeros or not:
        // no warning. Should v1.0 serve the new calls too, it cannot be told that they repeat v2.0's: the warning stays.
        entries.Clear();
        query.StartTime = new DateTime(2026, 10, 29);
        Assert.Equal(3L, Assert.Single(NewClient().GetRows(query, CancellationToken.None).ToList()).Columns.Single(c => c.Key == "Total Calls").Value);
        Assert.Equal(legacyIncludesNewData ? 1 : 0, entries.Count(e => e.Kind == LogKind.Warning));
        entries.Clear();

        // -ApiVersion V2 asks v2.0 alone.
        var legacyAsked = sandbox.Counters.Count("GET", LegacyDownload);
        query.StartTime = new DateTime(2026, 10, 19);
        query.ApiVersion = YeastarApiVersion.V2;
        Assert.Single(NewClient().GetRows(query, CancellationToken.None).ToList());
        Assert.Equal(legacyAsked, sandbox.Counters.Count("GET", LegacyDownload));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void A_saved_file_across_a_firmware_upgrade_holds_the_v2_part_and_a_warning_says_so()
    {
        Pbx.Calls = AcrossUpgrade;
        Pbx.UpgradedAt = Upgrade;
        var path = Path.Combine(Path.GetTempPath(), "yeastar-split-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            NewClient().SaveFile(Billing(new DateTime(2026, 10, 19), new DateTime(2026, 11, 6)), path, overwrite: false, CancellationToken.None);
            Assert.Equal(Pbx.LastServed, File.ReadAllBytes(path));
            var warning = Assert.Single(entries, e => e.Kind == LogKind.Warning);
            Assert.Contains("4 rows", warning.Message, StringComparison.Ordinal);
            Assert.Contains("-ApiVersion V1", warning.Message, StringComparison.Ordinal);
            Assert.Contains("openapi/v2.0", warning.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_legacy_path_the_PBX_no_longer_serves_leaves_the_v2_rows_without_an_error()
    {
        Pbx.Calls = AcrossUpgrade;
        Pbx.UpgradedAt = Upgrade;
        Pbx.LegacyReportsRetired = true;
        var rows = NewClient().GetRows(Billing(new DateTime(2026, 10, 19), new DateTime(2026, 11, 6)), CancellationToken.None).ToList();
        Assert.Equal(new long[] { 2004, 2005, 2006, 2007 }, Callers(rows));
        Assert.Contains(entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("10002", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    private static YeastarReportQuery Billing(DateTime start, DateTime end)
    {
        var query = Complete(YeastarReportType.ExtensionCallBillingDetails);
        query.StartTime = start;
        query.EndTime = end;
        return query;
    }

    private static List<long> Callers(IEnumerable<YeastarReportRow> rows) =>
        rows.Select(r => Assert.IsType<long>(r.Columns.Single(c => c.Key == "Call From").Value)).ToList();

    private static DateTimeOffset AtPbx(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.FromHours(1));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
