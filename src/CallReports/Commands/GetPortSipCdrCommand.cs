namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets call detail records from a PortSIP PBX.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCdr", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCdr))]
public sealed class GetPortSipCdrCommand : PortSipCallListCmdlet
{
    /// <summary>CDR ids; returns the detail record of each, with Cost and BilledAccount.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("CdrId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteCalls(
        client => client.GetCdrDetails(Id, CancellationToken),
        (client, query, total) => client.GetCdrs(query, total, CancellationToken));
}
