namespace CallReports.Engine.Time;

/// <summary>One half-open window [Start, End) of a longer range.</summary>
/// <param name="Index">0-based position.</param>
/// <param name="Count">How many windows the range has.</param>
/// <param name="Start">Inclusive start.</param>
/// <param name="End">Exclusive end.</param>
public readonly record struct TimeWindow(int Index, int Count, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>"window 2 of 5 (2026-11-02 00:00Z – 2026-11-03 00:00Z)", for messages and progress.</summary>
    public override string ToString() =>
        $"window {Index + 1} of {Count} ({Start.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z – {End.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z)";
}

/// <summary>Splits a time range into the windows a vendor accepts per request, with no gap and no overlap.</summary>
public static class TimeWindows
{
    /// <summary>Consecutive half-open windows of at most <paramref name="size"/>; the last may be shorter.</summary>
    /// <param name="start">Inclusive start.</param>
    /// <param name="end">Exclusive end; must be after start.</param>
    /// <param name="size">Largest window.</param>
    public static IReadOnlyList<TimeWindow> Split(DateTimeOffset start, DateTimeOffset end, TimeSpan size)
    {
        if (end <= start)
        {
            throw new ArgumentException($"The end {end:u} is not after the start {start:u}.", nameof(end));
        }

        if (size <= TimeSpan.Zero)
        {
            throw new ArgumentException("The window size must be positive.", nameof(size));
        }

        var bounds = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var from = start; from < end;)
        {
            var to = end - from > size ? from + size : end;
            bounds.Add((from, to));
            from = to;
        }

        return Number(bounds);
    }

    /// <summary>
    /// Windows that follow calendar days in <paramref name="zone"/>: the first and last may be partial
    /// days, each other window is one whole local day (23 or 25 hours across a DST change).
    /// </summary>
    /// <param name="start">Inclusive start.</param>
    /// <param name="end">Exclusive end; must be after start.</param>
    /// <param name="zone">The zone whose midnights cut the range.</param>
    public static IReadOnlyList<TimeWindow> SplitByLocalDay(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone)
    {
        if (end <= start)
        {
            throw new ArgumentException($"The end {end:u} is not after the start {start:u}.", nameof(end));
        }

        var bounds = new List<(DateTimeOffset, DateTimeOffset)>();
        for (var from = start; from < end;)
        {
            var localDay = TimeZoneInfo.ConvertTime(from, zone).Date;
            var nextMidnight = WallClock.ToInstant(localDay.AddDays(1), zone);
            var to = nextMidnight < end ? nextMidnight : end;
            bounds.Add((from, to));
            from = to;
        }

        return Number(bounds);
    }

    private static TimeWindow[] Number(List<(DateTimeOffset Start, DateTimeOffset End)> bounds)
    {
        var windows = new TimeWindow[bounds.Count];
        for (var i = 0; i < bounds.Count; i++)
        {
            windows[i] = new TimeWindow(i, bounds.Count, bounds[i].Start, bounds[i].End);
        }

        return windows;
    }
}
