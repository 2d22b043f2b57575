using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Creates a call report on a PortSIP PBX, and optionally waits for it and downloads the file.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "PortSipCallReport", DefaultParameterSetName = NormalSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PortSipCallReport), typeof(PortSipCompletedCallReport), typeof(FileInfo))]
public sealed class NewPortSipCallReportCommand : PortSipCmdlet
{
    private const string NormalSet = "Normal";
    private const string GroupSet = "ExtensionGroupCallCost";
    private const string QueueSet = "Queue";
    private const string RingGroupSet = "RingGroup";

    /// <summary>Report name (<c>name</c>). Completed runs carry it, so -Wait finds the run by it: make it unique.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Report type (<c>type</c>); its filter parameters are in the matching parameter set.</summary>
    [Parameter(Mandatory = true)]
    public PortSipCallReportType Type { get; set; }

    /// <summary>Where the PBX e-mails the finished file (<c>email</c>, required by PortSIP; the PBX needs SMTP set up to send it).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Email { get; set; } = string.Empty;

    /// <summary>File format (<c>format</c>). Default Csv.</summary>
    [Parameter]
    public PortSipCallReportFormat Format { get; set; } = PortSipCallReportFormat.Csv;

    /// <summary>Covered period (<c>range</c>), relative to when the report runs. Default Today. Custom needs -StartTime and -EndTime.</summary>
    [Parameter]
    public PortSipCallReportRange Range { get; set; } = PortSipCallReportRange.Today;

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

    /// <summary>Normal: calling party kind (<c>filter.from</c>). Default Any.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportParty? From { get; set; }

    /// <summary>Normal: calling party value (<c>filter.from_value</c>): an extension, a range such as 101-110, a number or part of one.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateNotNullOrEmpty]
    public string? FromValue { get; set; }

    /// <summary>Normal: called party kind (<c>filter.to</c>). Default Any.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportParty? To { get; set; }

    /// <summary>Normal: called party value (<c>filter.to_value</c>).</summary>
    [Parameter(ParameterSetName = NormalSet)]
    [ValidateNotNullOrEmpty]
    public string? ToValue { get; set; }

    /// <summary>Normal: answered calls, unanswered calls or both (<c>filter.answer_state</c>). Default Any.</summary>
    [Parameter(ParameterSetName = NormalSet)]
    public PortSipCallReportAnswerState? AnswerState { get; set; }

    /// <summary>Normal: which duration the bounds apply to (<c>filter.duration</c>). Default Any (no bounds).</summary>
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

    /// <summary>ExtensionGroupCallCost: which calls are costed (<c>filter.type</c>). Default Any.</summary>
    [Parameter(ParameterSetName = GroupSet)]
    public PortSipCallReportCallType? CallType { get; set; }

    /// <summary>ExtensionGroupCallCost: extension group names (<c>filter.groups</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = GroupSet)]
    [ValidateNotNullOrEmpty]
    public string[] ExtensionGroup { get; set; } = Array.Empty<string>();

    /// <summary>Queue report types: queue extension numbers (<c>filter.call_queues</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = QueueSet)]
    [ValidateNotNullOrEmpty]
    public string[] Queue { get; set; } = Array.Empty<string>();

    /// <summary>Queue report types: leave out calls dropped within this many seconds (<c>filter.exclude_calls_dropped_before_seconds</c>).</summary>
    [Parameter(ParameterSetName = QueueSet)]
    [ValidateRange(1, 3600)]
    public int? ExcludeCallsDroppedBeforeSeconds { get; set; }

    /// <summary>RingGroupStatistics: ring group extension numbers (<c>filter.ring_groups</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RingGroupSet)]
    [ValidateNotNullOrEmpty]
    public string[] RingGroup { get; set; } = Array.Empty<string>();

    /// <summary>Wait for the one-time report to complete (up to -TimeoutSec) and return the completed report, or the file with -OutFile.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: save the file here (a file path, or a folder for the PBX's file name) and return the file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Path")]
    public string? OutFile { get; set; }

    /// <summary>With -OutFile: overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -Wait: seconds between polls of the completed reports. Default 2.</summary>
    [Parameter]
    [ValidateRange(0.1, 300.0)]
    public double PollIntervalSec { get; set; } = 2;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (OutFile is not null && !Wait)
        {
            ThrowInvalidArgument(PortSipErrors.OutFileWithoutWait, "-OutFile is used with -Wait: the file exists only once the report has run.", OutFile);
        }

        if (Wait && CronExpression is not null)
        {
            ThrowInvalidArgument(PortSipErrors.WaitOnScheduledReport, "-Wait is for a one-time report; a report with -CronExpression runs on its schedule, not now. Leave out -CronExpression, or -Wait.", CronExpression);
        }

        if (OutFile is not null)
        {
            var target = GetUnresolvedProviderPathFromPSPath(OutFile);
            if (File.Exists(target) && !Force)
            {
                ThrowInvalidArgument(PortSipErrors.FileExists, $"'{target}' already exists. Use -Force to overwrite it.", OutFile);
            }
        }

        ResolveSecret();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var baseUri = ParseServer();
        Run(() =>
        {
            var definition = new PortSipCallReportDefinition
            {
                Name = Name,
                Type = Type,
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
                ExtensionGroups = MyInvocation.BoundParameters.ContainsKey(nameof(ExtensionGroup)) ? ExtensionGroup : null,
                Queues = MyInvocation.BoundParameters.ContainsKey(nameof(Queue)) ? Queue : null,
                ExcludeCallsDroppedBeforeSeconds = ExcludeCallsDroppedBeforeSeconds,
                RingGroups = MyInvocation.BoundParameters.ContainsKey(nameof(RingGroup)) ? RingGroup : null,
            };

            // Judged before -WhatIf and before any request.
            try
            {
                definition.Validate();
            }
            catch (ArgumentException ex)
            {
                ThrowInvalidArgument(PortSipErrors.InvalidCallReport, WithoutParameterSuffix(ex), Name);
            }

            var what = string.Format(CultureInfo.InvariantCulture, "{0} report '{1}' ({2}, {3}{4}) on {5}", Type, Name, Range, Format, CronExpression is null ? ", one time" : ", cron '" + CronExpression + "'", Server);
            if (!ShouldProcess(what, "Create PortSIP call report"))
            {
                return;
            }

            var client = CreateClient(baseUri, CreateLog());
            var known = Wait ? client.GetCompletedReportIds(Name, CancellationToken) : null;
            var created = client.CreateCallReport(definition, CancellationToken);
            if (!Wait)
            {
                WriteObject(created);
                return;
            }

            WriteVerbose($"Created call report '{Name}' (id {created.Id}); waiting up to {TimeoutSec} s for it to complete.");
            var done = client.WaitForCompletedReport(Name, known!, TimeSpan.FromSeconds(TimeoutSec), TimeSpan.FromSeconds(PollIntervalSec), CancellationToken);
            if (OutFile is null)
            {
                WriteObject(done);
                return;
            }

            var file = client.SaveReport(done, GetUnresolvedProviderPathFromPSPath(OutFile), Force, CancellationToken);
            WriteFileItem(file.FullName);
        }, Name);
    }
}
