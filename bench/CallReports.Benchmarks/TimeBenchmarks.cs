using System;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Engine.Vendors.Yeastar;

namespace CallReports.Benchmarks;

/// <summary>
/// Date, duration and zone parsing as the mappers do it, against the general .NET parser for the same
/// text. Each invocation reads <see cref="Count"/> values (a day of one-minute times), so Records/s is
/// values per second.
/// </summary>
public class TimeBenchmarks : ICountsRecords
{
    private const int Count = 1440;
    private static readonly TimeZoneInfo Chicago = ZoneResolver.Resolve("America/Chicago");
    private readonly string[] casper = new string[Count];
    private readonly string[] voxo = new string[Count];
    private readonly string[] durations = new string[Count];
    private readonly DateTime[] wallClocks = new DateTime[Count];

    public TimeBenchmarks()
    {
        var start = new DateTime(2026, 11, 1, 0, 0, 0);
        for (var i = 0; i < Count; i++)
        {
            var at = start.AddMinutes(i);
            casper[i] = at.ToString("M/d/yy h:mm tt", CultureInfo.InvariantCulture);
            voxo[i] = at.ToString("MM/dd/yy HH:mm:ss", CultureInfo.InvariantCulture);
            durations[i] = TimeSpan.FromSeconds(i * 37).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
            wallClocks[i] = at;
        }
    }

    /// <inheritdoc />
    public int CountRecords() => Count;

    /// <summary>The general parser on RingCX's times (the baseline).</summary>
    [Benchmark(Baseline = true)]
    public long CasperTimeGeneral()
    {
        long sum = 0;
        foreach (var text in casper)
        {
            sum += DateTime.ParseExact(text, "M/d/yy h:mm tt", CultureInfo.InvariantCulture).Ticks;
        }

        return sum;
    }

    /// <summary>RingCX's times as the Casper mapper reads them.</summary>
    [Benchmark]
    public long CasperTime()
    {
        long sum = 0;
        foreach (var text in casper)
        {
            CasperRecordMapper.TryParseTime(text, out var value);
            sum += value.Ticks;
        }

        return sum;
    }

    /// <summary>VOXO's <c>MM/dd/yy HH:mm:ss</c> as the VOXO mapper reads it.</summary>
    [Benchmark]
    public long VoxoTime()
    {
        long sum = 0;
        foreach (var text in voxo)
        {
            sum += VoxoRecordMapper.ParseWallClock(text)!.Value.Ticks;
        }

        return sum;
    }

    /// <summary>The general parser on <c>hh:mm:ss</c> durations.</summary>
    [Benchmark]
    public long DurationGeneral()
    {
        long sum = 0;
        foreach (var text in durations)
        {
            sum += TimeSpan.ParseExact(text, @"hh\:mm\:ss", CultureInfo.InvariantCulture).Ticks;
        }

        return sum;
    }

    /// <summary>Durations as the Yeastar reader types them.</summary>
    [Benchmark]
    public long YeastarDuration()
    {
        long sum = 0;
        foreach (var text in durations)
        {
            YeastarRecordMapper.TryParseDuration(text, out var value);
            sum += value.Ticks;
        }

        return sum;
    }

    /// <summary>Durations as the Ozonetel mapper reads them.</summary>
    [Benchmark]
    public long OzonetelDuration()
    {
        long sum = 0;
        foreach (var text in durations)
        {
            sum += OzonetelRecordMapper.Duration(text)!.Value.Ticks;
        }

        return sum;
    }

    /// <summary>Wall clock → instant, asking the zone every time.</summary>
    [Benchmark]
    public long ZoneEveryTime()
    {
        long sum = 0;
        foreach (var wall in wallClocks)
        {
            sum += WallClock.ToInstant(wall, Chicago).UtcTicks;
        }

        return sum;
    }

    /// <summary>Wall clock → instant with the per-hour offset the mappers use.</summary>
    [Benchmark]
    public long ZoneClockPerHour()
    {
        var clock = new ZoneClock(Chicago);
        long sum = 0;
        foreach (var wall in wallClocks)
        {
            sum += clock.ToInstant(wall).UtcTicks;
        }

        return sum;
    }
}
