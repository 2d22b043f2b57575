using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Json;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Voxo;

public sealed class VoxoRecordMapperTests
{
    private static readonly TimeZoneInfo NewYork = ZoneResolver.Resolve("America/New_York");

    private static async Task<List<VoxoCallRecord>> ParseAsync(string json, TimeZoneInfo zone, List<string>? notes = null)
    {
        var records = new List<VoxoCallRecord>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        await foreach (var item in JsonItemReader.ReadAsync(stream, null, null, CancellationToken.None, allowTrailingCommas: true))
        {
            records.Add(VoxoRecordMapper.ToRecord(item, zone, ZoneResolver.IanaName(zone), notes is null ? null : notes.Add));
        }

        return records;
    }

    private static string Sample => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Voxo", "DocumentedSample.json"));

    [Fact]
    public async Task The_documented_sample_parses_to_exact_instants_and_typed_fields()
    {
        var notes = new List<string>();
        var records = await ParseAsync(Sample, NewYork, notes);

        Assert.Equal(2, records.Count);
        Assert.Empty(notes);
        var first = records[0];
        Assert.Equal("2d275d62-706c-42d2-a4d4-e4ef53d83974", first.Id);
        Assert.Equal(new DateTimeOffset(2022, 10, 11, 3, 7, 20, TimeSpan.Zero), first.Time);
        Assert.Equal(TimeSpan.FromHours(-4), first.Time!.Value.Offset);
        Assert.Equal("10/10/22 23:07:20", first.TimeText);
        Assert.Equal("America/New_York", first.TimeZone);
        Assert.Equal(("5555555555", "BILL CLINTON", "5555555555"), (first.CallerIdNumber, first.CallerIdName, first.DialedNum));
        Assert.Equal(("IN", "ANSWERED", 4, 4), (first.Direction, first.Disposition, first.Duration, first.AfterAnswerDuration));
        Assert.Equal((0d, 0d, 0d, 0d), (first.PercentJitter, first.PacketLoss, first.Qos, first.Mos));
        Assert.Equal("atl-ast2-1665457640.1430167", first.UniqueId);
        Assert.Null(first.PrevUniqueId);
        Assert.Null(first.NextUniqueId);
        Assert.Null(first.WhoAnswered);
        Assert.False(first.Recorded);
        Assert.False(first.QueueCall);
        Assert.True(first.Presented);
        Assert.Equal(("8911", "5555555555", "826", "KINGSTON", "KINGSTON", "JM", "INTERSTATE"), (first.Ocn, first.Ani, first.Lata, first.City, first.RateCenter, first.State, first.Jurisdiction));
        Assert.False(first.Local);
        Assert.Equal(("JAMAICA TELEPHONE CO.", "CLEC"), (first.Lec, first.LecType));
        Assert.Null(first.Spid);
        Assert.Null(first.IsTollFree);
        Assert.Null(first.IsInternational);
        Assert.Null(first.OutgoingCidNum);
        Assert.Null(first.Geolocation);

        var second = records[1];
        Assert.Equal(new DateTimeOffset(2022, 10, 10, 23, 49, 16, TimeSpan.Zero), second.Time);
        Assert.Equal(("NO ANSWER", 3, 0, 1d, 4.4), (second.Disposition, second.Duration, second.AfterAnswerDuration, second.Qos, second.Mos));
        Assert.False(second.Presented);
        Assert.Null(second.Ocn);
        Assert.Null(second.Lata);
        Assert.Null(second.LecType);
        Assert.Null(second.Local);
    }

    [Fact]
    public async Task A_time_in_another_zone_than_the_request_is_corrected_by_the_epoch_with_a_note()
    {
        // The same sample read as Central time (VOXO's default): the wall clock is an hour off, the epoch is not.
        var notes = new List<string>();
        var records = await ParseAsync(Sample, ZoneResolver.Resolve("America/Chicago"), notes);

        Assert.Equal(new DateTimeOffset(2022, 10, 11, 3, 7, 20, TimeSpan.Zero), records[0].Time);
        Assert.Equal(TimeSpan.FromHours(-5), records[0].Time!.Value.Offset);
        Assert.Equal(2, notes.Count);
        Assert.Contains("atl-ast2-1665457640.1430167", notes[0], StringComparison.Ordinal);
        Assert.Contains("using the epoch", notes[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_repeated_hour_after_fall_back_is_settled_by_the_epoch_without_a_note()
    {
        // 2026-11-01 01:30:00 EST (the second 01:30 in New York) = 06:30Z.
        var epoch = new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var json = $$"""[{"id":"a","time":"11/01/26 01:30:00","uniqueId":"atl-ast2-{{epoch}}.7","duration":"12","recorded":"1","local":true}]""";
        var notes = new List<string>();
        var record = (await ParseAsync(json, NewYork, notes)).Single();

        Assert.Empty(notes);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 6, 30, 0, TimeSpan.Zero), record.Time);
        Assert.Equal(TimeSpan.FromHours(-5), record.Time!.Value.Offset);
        Assert.Equal(12, record.Duration);
        Assert.True(record.Recorded);
        Assert.True(record.Local);
    }

    [Fact]
    public async Task Without_an_epoch_the_wall_clock_is_read_in_the_zone()
    {
        var json = """[{"id":"b","time":"03/08/26 03:30:00","uniqueId":"","geolocation":{"lat":41.9,"lon":-87.6}},{"id":"c","time":null}]""";
        var records = await ParseAsync(json, NewYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 30, 0, TimeSpan.Zero), records[0].Time);
        Assert.Equal("""{"lat":41.9,"lon":-87.6}""", records[0].Geolocation);
        Assert.Null(records[1].Time);
        Assert.Equal(0, records[1].Duration);
    }

    [Theory]
    [InlineData("atl-ast2-1665457640.1430167", 1665457640L)]
    [InlineData("1665457640.12", 1665457640L)]
    [InlineData("ord-ast9-999999999.1", 999999999L)]
    [InlineData("no-epoch-here", null)]
    [InlineData("", null)]
    public void EpochOf_reads_the_seconds_before_the_sequence(string uniqueId, long? seconds)
    {
        Assert.Equal(seconds is { } s ? DateTimeOffset.FromUnixTimeSeconds(s) : null, VoxoRecordMapper.EpochOf(uniqueId));
    }

    [Fact]
    public async Task A_truncated_array_is_an_error_not_a_short_list()
    {
        var json = Sample[..(Sample.Length / 2)];
        await Assert.ThrowsAsync<InvalidDataException>(() => ParseAsync(json, NewYork));
    }
}
