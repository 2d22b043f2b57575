using CallReports.Engine.Vendors.PortSip;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Changes PortSIP call report definitions: name, e-mail, format, range, schedule or filter.</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "PortSipCallReport", DefaultParameterSetName = NormalSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(PortSipCallReport))]
public sealed class SetPortSipCallReportCommand : PortSipCallReportDefinitionCmdlet
{
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

    /// <summary>ExtensionGroupCallCost: all the extension group names (<c>filter.groups</c>), replacing the old ones.</summary>
    [Parameter(ParameterSetName = GroupSet)]
    [ValidateNotNullOrEmpty]
    public string[]? ExtensionGroup { get; set; }

    /// <summary>Queue report types: all the queue extension numbers (<c>filter.call_queues</c>), replacing the old ones.</summary>
    [Parameter(ParameterSetName = QueueSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Queue { get; set; }

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
            ExtensionGroups = ExtensionGroup,
            Queues = Queue,
            RingGroups = RingGroup,
        };
        SetCommonFields(change);

        // Judged before -WhatIf and before any request; what needs the report is judged once it is read.
        try
        {
            change.Validate();
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument(PortSipErrors.InvalidCallReport, WithoutParameterSuffix(ex), Id.Length == 1 ? Id[0] : null);
        }

        base.BeginProcessing();
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
