using System;
using System.Management.Automation;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets completed call reports (finished runs with a file to download) from a PortSIP PBX.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCompletedCallReport", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCompletedCallReport))]
public sealed class GetPortSipCompletedCallReportCommand : PortSipCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";

    /// <summary>Only the completed reports with exactly this name (the definition's name, so a piped definition lists its runs); sent as the filter <c>name eq '...'</c>.</summary>
    [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>An OData filter in PortSIP's syntax, e.g. "completed_at ge '2026-11-01T00:00:00Z'".</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Free-text search; the PBX decides which fields match.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Search { get; set; }

    /// <summary>Sort order in PortSIP's syntax, e.g. "completed_at desc". Default: the PBX's order.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? OrderBy { get; set; }

    /// <summary>Completed reports per request, 1–100.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, PortSipCdrQuery.MaximumPageSize)]
    public int PageSize { get; set; } = PortSipCdrQuery.MaximumPageSize;

    /// <summary>Completed report ids; returns each one.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet)]
    [ValidateNotNullOrEmpty]
    [Alias("CompletedCallReportId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override void BeginProcessing() => ResolveSecret();

    /// <inheritdoc />
    protected override void ProcessRecord() => WriteListOrDetails(
        ParameterSetName == ByIdSet,
        client => client.GetCompletedCallReportDetails(Id, CancellationToken),
        () => CreateQuery(PagingParameters, NameFilter(Name, Filter), Search, OrderBy, PageSize),
        (client, query, total) => client.GetCompletedCallReports(query, total, CancellationToken));
}
