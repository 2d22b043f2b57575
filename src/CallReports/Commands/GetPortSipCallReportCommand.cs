namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets call report definitions from a PortSIP PBX.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCallReport", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCallReport))]
public sealed class GetPortSipCallReportCommand : PortSipReportListCmdlet
{
    /// <summary>Only the definitions with exactly this name (sent as the filter <c>name eq '...'</c>).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Definition ids; returns the detail of each (e-mail, format, range, times, filter).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("CallReportId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteListOrDetails(
        ParameterSetName == ByIdSet,
        client => client.GetCallReportDetails(Id, CancellationToken),
        () => CreateReportQuery(Name),
        (client, query, total) => client.GetCallReports(query, total, CancellationToken));
}
