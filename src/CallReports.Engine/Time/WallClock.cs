namespace CallReports.Engine.Time;

/// <summary>
/// Converts between instants and the naive wall-clock strings vendors take and return
/// ("2026-11-01 08:00:00" in some zone).
/// </summary>
public static class WallClock
{
    /// <summary>The instant as wall-clock time in <paramref name="zone"/>, formatted with <paramref name="format"/>.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="zone">The vendor's zone.</param>
    /// <param name="format">A .NET format string, invariant culture.</param>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone, string format) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// The instant a wall-clock time in <paramref name="zone"/> stands for. A time that occurs twice
    /// (the hour after a DST fall-back) is read as the first occurrence; a time that never occurs (the
    /// hour skipped by a DST spring-forward) is moved forward by the gap.
    /// </summary>
    /// <param name="wallClock">The naive time (its Kind is ignored).</param>
    /// <param name="zone">The zone it was written in.</param>
    public static DateTimeOffset ToInstant(DateTime wallClock, TimeZoneInfo zone)
    {
        if (zone is null)
        {
            throw new ArgumentNullException(nameof(zone));
        }

        var naive = DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(naive))
        {
            var before = zone.GetUtcOffset(naive.AddHours(-3));
            var after = zone.GetUtcOffset(naive.AddHours(3));
            naive = naive + (after - before).Duration();
        }

        TimeSpan offset;
        if (zone.IsAmbiguousTime(naive))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(naive);
            offset = offsets[0] > offsets[1] ? offsets[0] : offsets[1];
        }
        else
        {
            offset = zone.GetUtcOffset(naive);
        }

        return new DateTimeOffset(naive, offset);
    }

    /// <summary>
    /// Reads a user's <see cref="DateTime"/>: UTC stays UTC, Local is the machine's local time, and a
    /// time without a kind is read in <paramref name="unspecifiedZone"/> (the machine's local zone when null).
    /// </summary>
    /// <param name="value">The user's value.</param>
    /// <param name="unspecifiedZone">The zone an unzoned value is written in.</param>
    public static DateTimeOffset FromUser(DateTime value, TimeZoneInfo? unspecifiedZone = null) => value.Kind switch
    {
        DateTimeKind.Utc => new DateTimeOffset(value),
        DateTimeKind.Local => new DateTimeOffset(value),
        _ => ToInstant(value, unspecifiedZone ?? TimeZoneInfo.Local),
    };
}
