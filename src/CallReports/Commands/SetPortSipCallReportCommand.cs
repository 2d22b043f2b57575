using System;
using System.Management.Automation;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Changes PortSIP call report definitions: name, e-mail, format, range, schedule or filter.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "PortSipCallReport", DefaultParameterSetName = NormalSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PortSipCallReport))]
public sealed class SetPortSipCallReportCommand : PortSipCmdlet
{
    private const string NormalSet = "Normal";
    private const string GroupSet = "ExtensionGroupCallCost";
    private const string QueueSet = "Queue";
    private const string RingGroupSet = "RingGroup";

    private PortSipCallReportChange change = new();

    /// <summary>Ids of the definitions to change; Get-PortSipCallReport's output binds by its Id.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("CallReportId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>New report name (<c>name</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>New e-mail address for the finished file (<c>email</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Email { get; set; }

    /// <summary>New file format (<c>format</c>).</summary>
    [Parameter]
    public PortSipCallReportFormat? Format { get; set; }

    /// <summary>New covered period (<c>range</c>). Custom needs -StartTime and -EndTime unless the report has them; another range drops them.</summary>
    [Parameter]
    public PortSipCallReportRange? Range { get; set; }

    /// <summary>New start of a Custom range (<c>started_at</c>). A time without a zone is local time.</summary>
    [Parameter]
    public DateTime? StartTime { get; set; }

    /// <summary>New end of a Custom range (<c>ended_at</c>). A time without a zone is local time.</summary>
    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>New schedule as a crontab expression (<c>cron_expr</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CronExpression { get; set; }

    /// <summary>Normal: calling party kind (<c>filter.from</c>); a kind that takes no value drops the old value.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportParty? From { get; set; }

    /// <summary>Normal: calling party value (<c>filter.from_value</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateNotNullOrEmpty]
    public string? FromValue { get; set; }

    /// <summary>Normal: called party kind (<c>filter.to</c>); a kind that takes no value drops the old value.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportParty? To { get; set; }

    /// <summary>Normal: called party value (<c>filter.to_value</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateNotNullOrEmpty]
    public string? ToValue { get; set; }

    /// <summary>Normal: answered calls, unanswered calls or both (<c>filter.answer_state</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportAnswerState? AnswerState { get; set; }

    /// <summary>Normal: which duration the bounds apply to (<c>filter.duration</c>); Any drops the bounds.</summary>
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

    /// <summary>ExtensionGroupCallCost: all the extension group names (<c>filter.groups</c>), replacing the old ones.</summary>
    [Parameter(ParameterSetName = GroupSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ExtensionGroup { get; set; }

    /// <summary>Queue report types: all the queue extension numbers (<c>filter.call_queues</c>), replacing the old ones.</summary>
    [Parameter(ParameterSetName = QueueSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Queue { get; set; }

    /// <summary>Queue report types: leave out calls dropped within this many seconds (<c>filter.exclude_calls_dropped_before_seconds</c>).</summary>
    [Parameter(ParameterSetName = QueueSet)]
    [ValidateRange(1, 3600)]
    public int? ExcludeCallsDroppedBeforeSeconds { get; set; }

    /// <summary>RingGroupStatistics: all the ring group extension numbers (<c>filter.ring_groups</c>), replacing the old ones.</summary>
    [Parameter(ParameterSetName = RingGroupSet)]
    [ValidateNotNullOrEmpty]
    public string[]? RingGroup { get; set; }

    /// <summary>Write each changed definition, as the PBX then reports it.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        change = new PortSipCallReportChange
        {
            Name = Name,
            Email = Email,
            Format = Format,
            Range = Range,
            StartTime = StartTime is { } s ? WallClock.FromUser(s) : null,
            EndTime = EndTime is { } e ? WallClock.FromUser(e) : null,
            CronExpression = CronExpression,
            From = From,
            FromValue = FromValue,
            To = To,
            ToValue = ToValue,
            AnswerState = AnswerState,
            Duration = DurationKind,
            DurationFrom = MinimumDurationSec,
            DurationTo = MaximumDurationSec,
            CallType = CallType,
            ExtensionGroups = ExtensionGroup,
            Queues = Queue,
            ExcludeCallsDroppedBeforeSeconds = ExcludeCallsDroppedBeforeSeconds,
            RingGroups = RingGroup,
        };

        // Judged before -WhatIf and before any request; what needs the report is judged once it is read.
        try
        {
            change.Validate();
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument(PortSipErrors.InvalidCallReport, WithoutParameterSuffix(ex), Id.Length == 1 ? Id[0] : null);
        }

        ResolveSecret();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var baseUri = ParseServer();
        Engine.Vendors.PortSip.PortSipClient? client = null;
        foreach (var id in Id)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                ThrowInvalidArgument(PortSipErrors.InvalidArgument, "A report without an id cannot be changed.", id);
            }

            if (!ShouldProcess($"call report {id} on {Server}", "Set " + string.Join(", ", change.Fields)))
            {
                continue;
            }

            Run(
                () =>
                {
                    client ??= CreateClient(baseUri, CreateLog());
                    client.UpdateCallReport(id, change, CancellationToken);
                    if (PassThru)
                    {
                        foreach (var report in client.GetCallReportDetails(new[] { id }, CancellationToken))
                        {
                            WriteObject(report);
                        }
                    }
                },
                id);
        }
    }
}
