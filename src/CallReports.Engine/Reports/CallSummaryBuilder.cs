using System.Linq;

namespace CallReports.Engine.Reports;

/// <summary>
/// Adds call records up into one <see cref="CallSummary"/> per group, as they stream past: memory grows with
/// the number of groups, not of records. The definitions of every figure are on <see cref="CallSummary"/>.
/// </summary>
public sealed class CallSummaryBuilder
{
    private readonly IReadOnlyList<CallGrouping> groupBy;
    private readonly TimeSpan? interval;
    private readonly TimeZoneInfo zone;
    private readonly TimeSpan threshold;
    private readonly Dictionary<Key, Accumulator> groups = new();

    /// <summary>Creates a builder.</summary>
    /// <param name="groupBy">The keys, in order; empty for the whole input as one group.</param>
    /// <param name="interval">Time buckets on StartTime (aligned to the zone's midnight), or null.</param>
    /// <param name="zone">The zone of hours, dates, weekdays and buckets.</param>
    /// <param name="serviceLevelThreshold">An answer within this wait counts for the service level.</param>
    public CallSummaryBuilder(IReadOnlyList<CallGrouping> groupBy, TimeSpan? interval, TimeZoneInfo zone, TimeSpan serviceLevelThreshold)
    {
        this.groupBy = groupBy ?? Array.Empty<CallGrouping>();
        if (interval is { } size && (size <= TimeSpan.Zero || TimeSpan.FromDays(1).Ticks % size.Ticks != 0))
        {
            throw new ArgumentException("The interval must divide a day evenly (for example 00:15:00, 01:00:00 or 1.00:00:00).", nameof(interval));
        }

        this.interval = interval;
        this.zone = zone ?? throw new ArgumentNullException(nameof(zone));
        threshold = serviceLevelThreshold;
    }

    /// <summary>How many groups so far.</summary>
    public int GroupCount => groups.Count;

    /// <summary>Counts one call into its group.</summary>
    /// <param name="record">The call.</param>
    public void Add(CallRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var key = KeyOf(record);
        if (!groups.TryGetValue(key, out var group))
        {
            group = new Accumulator();
            groups.Add(key, group);
        }

        group.Add(record, threshold);
    }

    /// <summary>The summaries, ordered by the keys in the order they were given (unknown values last).</summary>
    /// <returns>One summary per group; none when nothing was added.</returns>
    public IReadOnlyList<CallSummary> Build()
    {
        var ordered = groups.OrderBy(g => 0);
        foreach (var grouping in groupBy)
        {
            var by = grouping;
            ordered = ordered.ThenBy(g => SortKey(g.Key, by), Comparer<IComparable?>.Create(CompareNullsLast));
        }

        if (interval is not null)
        {
            ordered = ordered.ThenBy(g => g.Key.Interval ?? DateTimeOffset.MaxValue);
        }

        return ordered.Select(g => g.Value.ToSummary(g.Key, Describe(g.Key), threshold)).ToList();
    }

    private static int CompareNullsLast(IComparable? a, IComparable? b) =>
        a is null ? (b is null ? 0 : 1) : b is null ? -1 : a.CompareTo(b);

    private static IComparable? SortKey(Key key, CallGrouping grouping) => grouping switch
    {
        CallGrouping.Platform => key.Platform,
        CallGrouping.Source => key.Source,
        CallGrouping.Queue => key.Queue,
        CallGrouping.Agent => key.Agent,
        CallGrouping.Direction => key.Direction,
        CallGrouping.Hour => key.Hour,
        CallGrouping.Date => key.Date,
        _ => key.Weekday is { } day ? ((int)day + 6) % 7 : null, // Monday first
    };

    private Key KeyOf(CallRecord record)
    {
        DateTimeOffset? local = record.StartTime is { } start ? TimeZoneInfo.ConvertTime(start, zone) : null;
        var key = default(Key);
        foreach (var grouping in groupBy)
        {
            switch (grouping)
            {
                case CallGrouping.Platform: key = key with { Platform = record.Platform }; break;
                case CallGrouping.Source: key = key with { Source = record.Source }; break;
                case CallGrouping.Queue: key = key with { Queue = record.Queue }; break;
                case CallGrouping.Agent: key = key with { Agent = record.Agent }; break;
                case CallGrouping.Direction: key = key with { Direction = record.Direction }; break;
                case CallGrouping.Hour: key = key with { Hour = local?.Hour }; break;
                case CallGrouping.Date: key = key with { Date = local?.Date }; break;
                case CallGrouping.Weekday: key = key with { Weekday = local?.DayOfWeek }; break;
            }
        }

        if (interval is { } size && local is { } wall)
        {
            var ticks = wall.Ticks - (wall.Ticks % size.Ticks);
            key = key with { Interval = new DateTimeOffset(ticks, zone.GetUtcOffset(new DateTime(ticks, DateTimeKind.Unspecified))) };
        }

        return key;
    }

    private string Describe(Key key)
    {
        var parts = new List<string>();
        foreach (var grouping in groupBy)
        {
            object? value = grouping switch
            {
                CallGrouping.Platform => key.Platform,
                CallGrouping.Source => key.Source,
                CallGrouping.Queue => key.Queue,
                CallGrouping.Agent => key.Agent,
                CallGrouping.Direction => key.Direction,
                CallGrouping.Hour => key.Hour,
                CallGrouping.Date => key.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => key.Weekday,
            };
            parts.Add(grouping + "=" + (value is null ? "(none)" : Convert.ToString(value, CultureInfo.InvariantCulture)));
        }

        if (interval is not null)
        {
            parts.Add("Interval=" + (key.Interval is { } start ? start.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture) : "(none)"));
        }

        return parts.Count == 0 ? "(all)" : string.Join(", ", parts);
    }

    private readonly record struct Key(CallPlatform? Platform, string? Source, string? Queue, string? Agent, CallDirection? Direction, int? Hour, DateTime? Date, DayOfWeek? Weekday, DateTimeOffset? Interval);

    private sealed class Accumulator
    {
        private readonly long[] histogram = new long[CallSummary.WaitBucketBounds.Count];
        private long calls;
        private long answered;
        private long missed;
        private long abandoned;
        private long busy;
        private long failed;
        private long voicemail;
        private long unknown;
        private long waitTicks;
        private long waits;
        private TimeSpan? maxWait;
        private long talkTicks;
        private long talks;
        private long talkExcluded;
        private long withinThreshold;
        private long serviceLevelExcluded;
        private DateTimeOffset? first;
        private DateTimeOffset? last;

        public void Add(CallRecord record, TimeSpan threshold)
        {
            calls++;
            switch (record.Outcome)
            {
                case CallOutcome.Answered: answered++; break;
                case CallOutcome.Missed: missed++; break;
                case CallOutcome.Abandoned: abandoned++; break;
                case CallOutcome.Busy: busy++; break;
                case CallOutcome.Failed: failed++; break;
                case CallOutcome.Voicemail: voicemail++; break;
                default: unknown++; break;
            }

            if (record.WaitTime is { } wait)
            {
                waits++;
                waitTicks += wait.Ticks;
                maxWait = maxWait is { } longest && longest >= wait ? longest : wait;
                histogram[Bucket(wait)]++;
            }

            if (record.Outcome == CallOutcome.Answered)
            {
                if (record.TalkTime is { } talk)
                {
                    talks++;
                    talkTicks += talk.Ticks;
                }
                else
                {
                    talkExcluded++;
                }

                if (record.WaitTime is { } answerWait)
                {
                    if (answerWait <= threshold)
                    {
                        withinThreshold++;
                    }
                }
                else
                {
                    serviceLevelExcluded++;
                }
            }

            if (record.StartTime is { } start)
            {
                first = first is { } f && f <= start ? f : start;
                last = last is { } l && l >= start ? l : start;
            }
        }

        public CallSummary ToSummary(Key key, string group, TimeSpan threshold)
        {
            var offered = answered + missed + abandoned + busy + voicemail;
            var judged = offered - serviceLevelExcluded;
            return new CallSummary
            {
                Group = group,
                Platform = key.Platform,
                Source = key.Source,
                Queue = key.Queue,
                Agent = key.Agent,
                Direction = key.Direction,
                Hour = key.Hour,
                Date = key.Date,
                Weekday = key.Weekday,
                Interval = key.Interval,
                Calls = calls,
                Answered = answered,
                Missed = missed,
                Abandoned = abandoned,
                Busy = busy,
                Failed = failed,
                Voicemail = voicemail,
                UnknownOutcome = unknown,
                AnswerRate = offered > 0 ? (double)answered / offered : null,
                AverageWait = waits > 0 ? TimeSpan.FromTicks(waitTicks / waits) : null,
                MaxWait = maxWait,
                WaitExcluded = calls - waits,
                AverageTalk = talks > 0 ? TimeSpan.FromTicks(talkTicks / talks) : null,
                TotalTalk = TimeSpan.FromTicks(talkTicks),
                TalkExcluded = talkExcluded,
                ServiceLevel = judged > 0 ? (double)withinThreshold / judged : null,
                ServiceLevelThreshold = threshold,
                ServiceLevelExcluded = serviceLevelExcluded,
                FirstCall = first,
                LastCall = last,
                WaitHistogram = (long[])histogram.Clone(),
            };
        }

        private static int Bucket(TimeSpan wait)
        {
            var bounds = CallSummary.WaitBucketBounds;
            for (var i = bounds.Count - 1; i > 0; i--)
            {
                if (wait.TotalSeconds >= bounds[i])
                {
                    return i;
                }
            }

            return 0;
        }
    }
}
