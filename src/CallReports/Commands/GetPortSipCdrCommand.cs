using System;
using System.Management.Automation;
using CallReports.Models;

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
    protected override void ProcessRecord()
    {
        var baseUri = ParseServer();
        Run(() =>
        {
            var client = CreateClient(baseUri, CreateLog());
            if (ParameterSetName == ByIdSet)
            {
                foreach (var record in client.GetCdrDetails(Id, CancellationToken))
                {
                    WriteObject(record);
                }

                return;
            }

            var query = CreateWindowQuery(PagingParameters);
            if (query.First == 0)
            {
                WriteTotalCountIfKnown(PagingParameters);
                return;
            }

            foreach (var record in client.GetCdrs(query, PagingParameters.IncludeTotalCount ? TotalCountSink : null, CancellationToken))
            {
                WriteTotalCountIfKnown(PagingParameters);
                WriteObject(record);
            }

            FinishTotalCount(PagingParameters);
        }, Server);
    }
}
