using CallReports.Engine.Vendors.PortSip;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Deletes PortSIP call report definitions or completed reports.</para>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "PortSipCallReport", DefaultParameterSetName = ByIdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(void))]
public sealed class RemovePortSipCallReportCommand : PortSipCmdlet
{
    private const string ByIdSet = "ById";
    private const string ReportSet = "Report";
    private const string CompletedSet = "CompletedReport";

    /// <summary>Ids of definitions, or of completed reports with -Completed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>-Id names completed reports (<c>/api/completed_call_reports/{id}/destroy</c>) rather than definitions.</summary>
    [Parameter(ParameterSetName = ByIdSet)]
    public SwitchParameter Completed { get; set; }

    /// <summary>Definitions to delete, as Get-PortSipCallReport returns them. Their completed reports stay.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ReportSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PortSipCallReport[] Report { get; set; } = Array.Empty<PortSipCallReport>();

    /// <summary>Completed reports to delete, as Get-PortSipCompletedCallReport returns them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CompletedSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PortSipCompletedCallReport[] CompletedReport { get; set; } = Array.Empty<PortSipCompletedCallReport>();

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var baseUri = ParseServer();
        var targets = new List<(string Id, string Label, bool IsCompleted)>();
        switch (ParameterSetName)
        {
            case ReportSet:
                foreach (var report in Report)
                {
                    targets.Add((report.Id, $"call report '{report.Name}' (id {report.Id})", false));
                }

                break;
            case CompletedSet:
                foreach (var report in CompletedReport)
                {
                    targets.Add((report.Id, $"completed call report '{report.Name}' {report.FileName} (id {report.Id})", true));
                }

                break;
            default:
                foreach (var id in Id)
                {
                    targets.Add((id, (Completed ? "completed call report " : "call report ") + id, Completed.IsPresent));
                }

                break;
        }

        Engine.Vendors.PortSip.PortSipClient? client = null;
        Run(() => client = CreateClient(baseUri, CreateLog()), Server);
        if (client is null)
        {
            return;
        }

        foreach (var (id, label, isCompleted) in targets)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                ThrowInvalidArgument(PortSipErrors.InvalidArgument, "A report without an id cannot be removed.", label);
            }

            if (!ShouldProcess(label + " on " + Server, "Remove"))
            {
                continue;
            }

            Run(() => client.RemoveCallReport(id, isCompleted, CancellationToken), id);
        }
    }
}
