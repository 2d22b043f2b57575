namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets completed call reports (finished runs with a file to download) from a PortSIP PBX.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCompletedCallReport", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCompletedCallReport))]
public sealed class GetPortSipCompletedCallReportCommand : PortSipReportListCmdlet
{
    /// <summary>Only the completed reports with exactly this name (the definition's name, so a piped definition lists its runs); sent as the filter <c>name eq '...'</c>.</summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Completed report ids; returns each one.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    [Alias("CompletedCallReportId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteListOrDetails(
        ParameterSetName == ByIdSet,
        client => client.GetCompletedCallReportDetails(Id, CancellationToken),
        () => CreateReportQuery(Name),
        (client, query, total) => client.GetCompletedCallReports(query, total, CancellationToken));
}
