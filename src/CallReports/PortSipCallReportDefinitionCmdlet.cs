using CallReports.Engine.Time;
using CallReports.Engine.Vendors.PortSip;

namespace CallReports;

/// <summary>
/// Base of the cmdlets that write a call report definition (<c>New-PortSipCallReport</c>, <c>Set-PortSipCallReport</c>):
/// the parameter sets of the filter variants and the fields both take alike. The name, e-mail, format, range and the
/// list filters are each cmdlet's own: one requires them or gives defaults, the other changes only what it is given.
/// </summary>
public abstract class PortSipCallReportDefinitionCmdlet : PortSipCmdlet
{
    /// <summary>The Normal report's filter.</summary>
    protected const string NormalSet = "Normal";

    /// <summary>The ExtensionGroupCallCost report's filter.</summary>
    protected const string GroupSet = "ExtensionGroupCallCost";

    /// <summary>The queue reports' filter.</summary>
    protected const string QueueSet = "Queue";

    /// <summary>The RingGroupStatistics report's filter.</summary>
    protected const string RingGroupSet = "RingGroup";

    /// <summary>Start of a Custom range (<c>started_at</c>). A time without a zone is local time.</summary>
    [Parameter]
    public DateTime? StartTime { get; set; }

    /// <summary>End of a Custom range (<c>ended_at</c>). A time without a zone is local time.</summary>
    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>Schedule as a crontab expression (<c>cron_expr</c>), e.g. '0 6 * * 1'. Omit for a one-time report that runs now.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CronExpression { get; set; }

    /// <summary>Normal: calling party kind (<c>filter.from</c>). A kind that takes no value drops an old value.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportParty? From { get; set; }

    /// <summary>Normal: calling party value (<c>filter.from_value</c>): an extension, a range such as 101-110, a number or part of one.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateNotNullOrEmpty]
    public string? FromValue { get; set; }

    /// <summary>Normal: called party kind (<c>filter.to</c>). A kind that takes no value drops an old value.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportParty? To { get; set; }

    /// <summary>Normal: called party value (<c>filter.to_value</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateNotNullOrEmpty]
    public string? ToValue { get; set; }

    /// <summary>Normal: answered calls, unanswered calls or both (<c>filter.answer_state</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportAnswerState? AnswerState { get; set; }

    /// <summary>Normal: which duration the bounds apply to (<c>filter.duration</c>); Any means no bounds.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportDuration? DurationKind { get; set; }

    /// <summary>Normal: shortest duration kept, in seconds (<c>filter.duration_from</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateRange(0, int.MaxValue)]
    public int? MinimumDurationSec { get; set; }

    /// <summary>Normal: longest duration kept, in seconds (<c>filter.duration_to</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateRange(0, int.MaxValue)]
    public int? MaximumDurationSec { get; set; }

    /// <summary>ExtensionGroupCallCost: which calls are costed (<c>filter.type</c>).</summary>
    [Parameter(ParameterSetName = GroupSet)]
    public PortSipCallReportCallType? CallType { get; set; }

    /// <summary>Queue report types: leave out calls dropped within this many seconds (<c>filter.exclude_calls_dropped_before_seconds</c>).</summary>
    [Parameter(ParameterSetName = QueueSet)]
    [ValidateRange(1, 3600)]
    public int? ExcludeCallsDroppedBeforeSeconds { get; set; }

    /// <summary>Sets the fields both cmdlets take alike (the times read as <see cref="WallClock.FromUser"/> does) on a definition or a change.</summary>
    /// <param name="fields">A new definition or a change.</param>
    /// <remarks>
    /// Not generic: a generic constraint naming an engine type loads with the cmdlet type, and Import-Module reads the
    /// cmdlet types (GetExportedTypes) before the module's load context can serve the engine.
    /// </remarks>
    internal void SetCommonFields(PortSipCallReportFields fields)
    {
        fields.StartTime = StartTime is { } s ? WallClock.FromUser(s) : null;
        fields.EndTime = EndTime is { } e ? WallClock.FromUser(e) : null;
        fields.CronExpression = CronExpression;
        fields.From = From;
        fields.FromValue = FromValue;
        fields.To = To;
        fields.ToValue = ToValue;
        fields.AnswerState = AnswerState;
        fields.Duration = DurationKind;
        fields.DurationFrom = MinimumDurationSec;
        fields.DurationTo = MaximumDurationSec;
        fields.CallType = CallType;
        fields.ExcludeCallsDroppedBeforeSeconds = ExcludeCallsDroppedBeforeSeconds;
    }
}
