using System.IO;
using CallReports.Engine.Vendors.PortSip;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Downloads the file of a completed PortSIP call report, or reads a CSV report's rows as objects.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "PortSipCallReport", DefaultParameterSetName = ReportSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo), typeof(PSObject))]
public sealed class SavePortSipCallReportCommand : PortSipCmdlet
{
    /// <summary>Most calls PortSIP puts in one Normal report.</summary>
    private const int NormalReportLimit = 20_000;
    private const string ReportSet = "Report";
    private const string ByIdSet = "ById";

    /// <summary>Completed reports, as Get-PortSipCompletedCallReport and New-PortSipCallReport -Wait return them.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ReportSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PortSipCompletedCallReport[] InputObject { get; set; } = Array.Empty<PortSipCompletedCallReport>();

    /// <summary>Completed report ids; each is looked up (<c>GET /api/completed_call_reports/{id}</c>) before downloading.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    [Alias("CompletedCallReportId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <summary>Where to save: a file path, or a folder for the PBX's file name. Default: the current folder with the PBX's file name.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [Alias("Path")]
    public string? OutFile { get; set; }

    /// <summary>Overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Read a CSV report into objects (one per row, a property per column) instead of saving it.</summary>
    [Parameter]
    public SwitchParameter AsObject { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (AsObject && (OutFile is not null || Force))
        {
            ThrowInvalidArgument(PortSipErrors.AsObjectWithFile, "-AsObject reads the rows into the pipeline; it does not take -OutFile or -Force.");
        }

        base.BeginProcessing();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var baseUri = ParseServer();
        var target = OutFile is null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : GetUnresolvedProviderPathFromPSPath(OutFile);
        PortSipClient? client = null;
        Run(() => client = CreateClient(baseUri, CreateLog()), Server);
        if (client is null)
        {
            return;
        }

        IEnumerable<PortSipCompletedCallReport> reports = InputObject;
        if (ParameterSetName == ByIdSet)
        {
            var found = new List<PortSipCompletedCallReport>();
            Run(() => found.AddRange(client.GetCompletedCallReportDetails(Id, CancellationToken)), Server);
            reports = found;
        }

        foreach (var report in reports)
        {
            if (report is null)
            {
                continue;
            }

            Run(() =>
            {
                if (AsObject)
                {
                    WriteRows(client, report);
                    return;
                }

                var into = Directory.Exists(target) ? Path.Combine(target, report.FileName ?? report.Id) : target;
                if (!ShouldProcess(into, $"Save PortSIP call report '{report.Name}' ({report.FileSize:N0} bytes)"))
                {
                    return;
                }

                var file = client.SaveReport(report, target, Force, CancellationToken);
                WriteFileItem(file.FullName);
            }, report.Name ?? report.Id);
        }
    }

    /// <summary>Writes a CSV report's rows as objects, a property per column.</summary>
    private void WriteRows(PortSipClient client, PortSipCompletedCallReport report)
    {
        long rows = 0;
        foreach (var row in client.ReadReportRows(report, CancellationToken))
        {
            var item = new PSObject();
            foreach (var cell in row)
            {
                item.Properties.Add(new PSNoteProperty(cell.Key, cell.Value));
            }

            rows++;
            WriteObject(item);
        }

        if (rows == NormalReportLimit && string.Equals(report.Type, "NORMAL", StringComparison.OrdinalIgnoreCase))
        {
            WriteWarning($"Report '{report.Name}' has {NormalReportLimit:N0} rows, the most a PortSIP Normal report holds: calls after that were left out. Split the range into shorter reports.");
        }
    }
}
