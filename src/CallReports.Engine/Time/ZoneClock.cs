using System;

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
    private long hour = -1;
    private TimeSpan offset;

    public ZoneClock(TimeZoneInfo zone) => Zone = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>The zone the times are written in.</summary>
    public TimeZoneInfo Zone { get; }

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
