using CallReports.Engine.Vendors.PortSip;

namespace CallReports;

/// <summary>
/// Base of the cmdlets that list call reports (<c>Get-PortSipCallReport</c>, <c>Get-PortSipCompletedCallReport</c>):
/// the OData options and the page size, in the "List" parameter set; -Name and the detail set ("ById") are each
/// cmdlet's own, as they bind from the pipeline differently.
/// </summary>
public abstract class PortSipReportListCmdlet : PortSipCmdlet
{
    /// <summary>The list parameter set.</summary>
    protected const string ListSet = "List";

    /// <summary>The detail parameter set.</summary>
    protected const string ByIdSet = "ById";

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

    /// <summary>Reports per request, 1–100.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, PortSipCdrQuery.MaximumPageSize)]
    public int PageSize { get; set; } = PortSipCdrQuery.MaximumPageSize;

    /// <summary>The list query: the reports named <paramref name="name"/> (all when null), the options and -Skip/-First.</summary>
    /// <param name="name">The -Name value.</param>
    internal PortSipCdrQuery CreateReportQuery(string? name)
    {
        var query = CreateQuery(PagingParameters, Filter, Search, OrderBy, PageSize);
        query.Name = name;
        return query;
    }
}
