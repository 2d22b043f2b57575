namespace CallReports.Engine.Time;

/// <summary>
/// <see cref="WallClock.ToInstant"/> for a stream of report times in one zone, remembering the offset of
/// the last wall-clock hour: a report's rows are clustered in time, and asking the zone three questions
/// for every field costs more than parsing the row. An hour is remembered only when its first and last
/// tick are neither skipped nor repeated and have the same offset, so the answer is always the one
/// <see cref="WallClock.ToInstant"/> gives. One instance per reader; not thread-safe.
/// </summary>
internal sealed class ZoneClock
{
    [ThreadStatic]
    private static ZoneClock? current;

    private long hour = -1;
    private TimeSpan offset;
    private long utcHour = -1;
    private TimeSpan utcOffset;
    private string? ianaName;

    public ZoneClock(TimeZoneInfo zone) => Zone = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>The zone the times are written in.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>The zone's IANA name (<see cref="ZoneResolver.IanaName"/>), worked out once.</summary>
    public string IanaName => ianaName ??= ZoneResolver.IanaName(Zone);

    /// <summary>This thread's clock for <paramref name="zone"/> (for mappers called record by record without a reader of their own).</summary>
    public static ZoneClock For(TimeZoneInfo zone)
    {
        var clock = current;
        if (clock is null || !ReferenceEquals(clock.Zone, zone))
        {
            current = clock = new ZoneClock(zone);
        }

        return clock;
    }

    /// <summary>The instant as the zone's local time (<see cref="TimeZoneInfo.ConvertTime(DateTimeOffset, TimeZoneInfo)"/>), the offset remembered per UTC hour.</summary>
    public DateTimeOffset ToZone(DateTimeOffset instant)
    {
        var utc = instant.UtcTicks;
        var start = utc - (utc % TimeSpan.TicksPerHour);
        if (start != utcHour)
        {
            var first = new DateTimeOffset(start, TimeSpan.Zero);
            var atFirst = Zone.GetUtcOffset(first);
            if (atFirst != Zone.GetUtcOffset(first.AddTicks(TimeSpan.TicksPerHour - 1)))
            {
                utcHour = -1;
                return TimeZoneInfo.ConvertTime(instant, Zone);
            }

            utcHour = start;
            utcOffset = atFirst;
        }

        return new DateTimeOffset(utc + utcOffset.Ticks, utcOffset);
    }

    /// <summary>The instant a wall-clock time in <see cref="Zone"/> stands for (see <see cref="WallClock.ToInstant"/>).</summary>
    public DateTimeOffset ToInstant(DateTime wallClock)
    {
        var naive = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        var start = naive.Ticks - (naive.Ticks % TimeSpan.TicksPerHour);
        if (start != hour)
        {
            hour = -1;
            var first = new DateTime(start, DateTimeKind.Unspecified);
            var last = first.AddTicks(TimeSpan.TicksPerHour - 1);
            if (Plain(first) && Plain(last))
            {
                var atFirst = Zone.GetUtcOffset(first);
                if (atFirst == Zone.GetUtcOffset(last))
                {
                    hour = start;
                    offset = atFirst;
                }
            }

            if (hour < 0)
            {
                return WallClock.ToInstant(naive, Zone);
            }
        }

        return new DateTimeOffset(naive, offset);
    }

    private bool Plain(DateTime wallClock) => !Zone.IsInvalidTime(wallClock) && !Zone.IsAmbiguousTime(wallClock);
}
