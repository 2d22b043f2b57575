using System;
using System.Collections.Generic;
using System.Management.Automation;

namespace CallReports.Models;

/// <summary>
/// The figures of one group of calls (<c>Measure-CallRecord</c>). Group keys the command was not asked for are
/// null. Definitions (also in the command's help): offered calls are those whose outcome is known and not
/// Failed; AnswerRate is Answered ÷ offered; ServiceLevel is the share of offered calls answered within the
/// threshold, leaving out answered calls whose wait is unknown (counted in ServiceLevelExcluded).
/// </summary>
public sealed class CallSummary
{
    /// <summary>The group, as text: each key and its value, e.g. <c>Queue=Sales, Hour=9</c>; <c>(all)</c> for the whole input.</summary>
    public string Group { get; set; } = "(all)";

    /// <summary>The platform, when grouped by it.</summary>
    public CallPlatform? Platform { get; set; }

    /// <summary>The source, when grouped by it.</summary>
    public string? Source { get; set; }

    /// <summary>The queue, when grouped by it.</summary>
    public string? Queue { get; set; }

    /// <summary>The agent, when grouped by it.</summary>
    public string? Agent { get; set; }

    /// <summary>The direction, when grouped by it.</summary>
    public CallDirection? Direction { get; set; }

    /// <summary>The hour of the day (0–23), when grouped by it.</summary>
    public int? Hour { get; set; }

    /// <summary>The date, when grouped by it.</summary>
    public DateTime? Date { get; set; }

    /// <summary>The day of the week, when grouped by it.</summary>
    public DayOfWeek? Weekday { get; set; }

    /// <summary>The start of the -Interval bucket, when grouped by time buckets.</summary>
    public DateTimeOffset? Interval { get; set; }

    /// <summary>Every call of the group.</summary>
    public long Calls { get; set; }

    /// <summary>Calls answered.</summary>
    public long Answered { get; set; }

    /// <summary>Calls not answered.</summary>
    public long Missed { get; set; }

    /// <summary>Calls whose caller hung up while waiting.</summary>
    public long Abandoned { get; set; }

    /// <summary>Calls to a busy party.</summary>
    public long Busy { get; set; }

    /// <summary>Calls that could not be set up.</summary>
    public long Failed { get; set; }

    /// <summary>Calls sent to voicemail.</summary>
    public long Voicemail { get; set; }

    /// <summary>Calls whose outcome the platform did not state: left out of AnswerRate and ServiceLevel.</summary>
    public long UnknownOutcome { get; set; }

    /// <summary>Answered ÷ offered (known outcome, not Failed); null when none was offered.</summary>
    public double? AnswerRate { get; set; }

    /// <summary>The mean wait of the calls whose wait is known.</summary>
    public TimeSpan? AverageWait { get; set; }

    /// <summary>The longest wait.</summary>
    public TimeSpan? MaxWait { get; set; }

    /// <summary>Calls left out of AverageWait and MaxWait: their wait is unknown.</summary>
    public long WaitExcluded { get; set; }

    /// <summary>The mean talk time of the answered calls whose talk time is known.</summary>
    public TimeSpan? AverageTalk { get; set; }

    /// <summary>The talk time of the answered calls, added up.</summary>
    public TimeSpan TotalTalk { get; set; }

    /// <summary>Answered calls left out of AverageTalk and TotalTalk: their talk time is unknown.</summary>
    public long TalkExcluded { get; set; }

    /// <summary>The share of offered calls answered within the threshold; null when none could be judged.</summary>
    public double? ServiceLevel { get; set; }

    /// <summary>The threshold ServiceLevel was measured against.</summary>
    public TimeSpan ServiceLevelThreshold { get; set; }

    /// <summary>Answered calls left out of ServiceLevel: their wait is unknown.</summary>
    public long ServiceLevelExcluded { get; set; }

    /// <summary>The first call's start.</summary>
    public DateTimeOffset? FirstCall { get; set; }

    /// <summary>The last call's start.</summary>
    public DateTimeOffset? LastCall { get; set; }

    /// <summary>
    /// How many waits fell into each of <see cref="WaitBucketBounds"/> (the last bucket has no upper bound); for
    /// the report's wait chart. Hidden from Export-Csv and the views.
    /// </summary>
    [Hidden]
    public IReadOnlyList<long> WaitHistogram { get; set; } = Array.Empty<long>();

    /// <summary>The lower bounds of the wait histogram's buckets, in seconds: 0, 10, 20, 30, 60, 120, 300.</summary>
    public static IReadOnlyList<int> WaitBucketBounds { get; } = new[] { 0, 10, 20, 30, 60, 120, 300 };
}
