namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets call logs (per-leg call records with a session id) from a PortSIP PBX v22.1 or later.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCallLog", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCallLog))]
public sealed class GetPortSipCallLogCommand : PortSipCallListCmdlet
{
    /// <summary>Call log ids; returns the detail record of each, with Cost and BilledAccount.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("CallLogId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteCalls(
        client => client.GetCallLogDetails(Id, CancellationToken),
        (client, query, total) => client.GetCallLogs(query, total, CancellationToken));
}
