using System.Globalization;
using System.IO;
using CallReports.Engine.Vendors.PortSip;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Creates a call report on a PortSIP PBX, and optionally waits for it and downloads the file.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "PortSipCallReport", DefaultParameterSetName = NormalSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PortSipCallReport), typeof(PortSipCompletedCallReport), typeof(FileInfo))]
public sealed class NewPortSipCallReportCommand : PortSipCallReportDefinitionCmdlet
{
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

    /// <summary>ExtensionGroupCallCost: extension group names (<c>filter.groups</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = GroupSet)]
    [ValidateNotNullOrEmpty]
    public string[] ExtensionGroup { get; set; } = Array.Empty<string>();

    /// <summary>Queue report types: queue extension numbers (<c>filter.call_queues</c>).</summary>
    [Parameter(Mandatory = true, ParameterSetName = QueueSet)]
    [ValidateNotNullOrEmpty]
    public string[] Queue { get; set; } = Array.Empty<string>();

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

        base.BeginProcessing();
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
                ExtensionGroups = MyInvocation.BoundParameters.ContainsKey(nameof(ExtensionGroup)) ? ExtensionGroup : null,
                Queues = MyInvocation.BoundParameters.ContainsKey(nameof(Queue)) ? Queue : null,
                RingGroups = MyInvocation.BoundParameters.ContainsKey(nameof(RingGroup)) ? RingGroup : null,
            };
            SetCommonFields(definition);

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
