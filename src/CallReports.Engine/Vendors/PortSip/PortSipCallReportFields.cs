namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// The fields a call report definition (<see cref="PortSipCallReportDefinition"/>) and a change of one
/// (<see cref="PortSipCallReportChange"/>) hold alike: a Custom range's times, the schedule and the filter's fields.
/// Null is "not given" in both: a definition without the field, a change that leaves it as it is.
/// </summary>
public abstract class PortSipCallReportFields
{
    /// <summary>Start of a Custom range (<c>started_at</c>).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>End of a Custom range (<c>ended_at</c>).</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Schedule (<c>cron_expr</c>); in a definition, null is a one-time report that runs now.</summary>
    public string? CronExpression { get; set; }

    /// <summary>Normal: calling party kind (<c>filter.from</c>); in a change, one that takes no value drops the old value.</summary>
    public PortSipCallReportParty? From { get; set; }

    /// <summary>Normal: calling party value (<c>filter.from_value</c>), e.g. 101 or 101-110.</summary>
    public string? FromValue { get; set; }

    /// <summary>Normal: called party kind (<c>filter.to</c>); in a change, one that takes no value drops the old value.</summary>
    public PortSipCallReportParty? To { get; set; }

    /// <summary>Normal: called party value (<c>filter.to_value</c>).</summary>
    public string? ToValue { get; set; }

    /// <summary>Normal: answer state (<c>filter.answer_state</c>).</summary>
    public PortSipCallReportAnswerState? AnswerState { get; set; }

    /// <summary>Normal: which duration is bounded (<c>filter.duration</c>); in a change, Any drops the bounds.</summary>
    public PortSipCallReportDuration? Duration { get; set; }

    /// <summary>Normal: lower duration bound in seconds (<c>filter.duration_from</c>).</summary>
    public int? DurationFrom { get; set; }

    /// <summary>Normal: upper duration bound in seconds (<c>filter.duration_to</c>).</summary>
    public int? DurationTo { get; set; }

    /// <summary>Extension-group call cost: call type (<c>filter.type</c>).</summary>
    public PortSipCallReportCallType? CallType { get; set; }

    /// <summary>Extension-group call cost: extension group names (<c>filter.groups</c>; in a change, all of them).</summary>
    public IReadOnlyList<string>? ExtensionGroups { get; set; }

    /// <summary>Queue types: queue extension numbers (<c>filter.call_queues</c>; in a change, all of them).</summary>
    public IReadOnlyList<string>? Queues { get; set; }

    /// <summary>Queue types: leave out calls dropped within this many seconds (<c>filter.exclude_calls_dropped_before_seconds</c>).</summary>
    public int? ExcludeCallsDroppedBeforeSeconds { get; set; }

    /// <summary>Ring group statistics: ring group extension numbers (<c>filter.ring_groups</c>; in a change, all of them).</summary>
    public IReadOnlyList<string>? RingGroups { get; set; }

    /// <summary>Whether a field of the Normal report's filter is given.</summary>
    internal bool GivesNormalFilter =>
        From is not null || FromValue is not null || To is not null || ToValue is not null || AnswerState is not null || Duration is not null || DurationFrom is not null || DurationTo is not null;

    /// <summary>Whether a field of the ExtensionGroupCallCost filter is given.</summary>
    internal bool GivesGroupFilter => CallType is not null || ExtensionGroups is not null;

    /// <summary>Whether a field of the queue types' filter is given.</summary>
    internal bool GivesQueueFilter => Queues is not null || ExcludeCallsDroppedBeforeSeconds is not null;

    /// <summary>Whether any filter field is given.</summary>
    internal bool GivesFilter => GivesNormalFilter || GivesGroupFilter || GivesQueueFilter || RingGroups is not null;
}
