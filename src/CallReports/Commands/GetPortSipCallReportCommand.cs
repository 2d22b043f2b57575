using System;
using System.Management.Automation;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets call report definitions from a PortSIP PBX.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCallReport", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCallReport))]
public sealed class GetPortSipCallReportCommand : PortSipCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>Only the definitions with exactly this name (sent as the filter <c>name eq '...'</c>).</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>An OData filter in PortSIP's syntax, e.g. "type eq 'QUEUE_SLA_STATISTICS'".</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Free-text search; the PBX decides which fields match.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Search { get; set; }

    /// <summary>Sort order in PortSIP's syntax, e.g. "name asc". Default: the PBX's order.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? OrderBy { get; set; }

    /// <summary>Definitions per request, 1–100.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, PortSipCdrQuery.MaximumPageSize)]
    public int PageSize { get; set; } = PortSipCdrQuery.MaximumPageSize;

    /// <summary>Definition ids; returns the detail of each (e-mail, format, range, times, filter).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("CallReportId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void BeginProcessing() => ResolveSecret();

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteListOrDetails(
        ParameterSetName == ByIdSet,
        client => client.GetCallReportDetails(Id, CancellationToken),
        () => CreateQuery(PagingParameters, NameFilter(Name, Filter), Search, OrderBy, PageSize),
        (client, query, total) => client.GetCallReports(query, total, CancellationToken));
}
