using System;
using System.Management.Automation;
using CallReports.Commands;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.PortSip;

namespace CallReports;

/// <summary>
/// Base of the cmdlets that list calls (<c>Get-PortSipCdr</c>, <c>Get-PortSipCallLog</c>): the time window,
/// the OData options and the page size, in the "List" parameter set; the detail set ("ById") is the cmdlet's own.
/// </summary>
public abstract class PortSipCallListCmdlet : PortSipCmdlet
{
    /// <summary>The list parameter set.</summary>
    protected const string ListSet = "List";

    /// <summary>The detail parameter set.</summary>
    protected const string ByIdSet = "ById";

    private DateTime commandStart;

    /// <summary>Calls that started at or after this time. A time without a zone is local time.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Alias("From")]
    public DateTime? StartTime { get; set; }

    /// <summary>Calls that started before this time (exclusive). Default: when the command started.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Alias("To")]
    public DateTime? EndTime { get; set; }

    /// <summary>An OData filter in PortSIP's syntax, ANDed with the time window, e.g. "caller eq '101'".</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Free-text search; the PBX decides which fields match.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Search { get; set; }

    /// <summary>
    /// Sort order in PortSIP's syntax. Default "started_at asc, id asc": ties broken by id keep paging stable while
    /// several pages are read at once. A custom order should end with a unique field too.
    /// </summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PortSipOrderByCompleter))]
    public string OrderBy { get; set; } = PortSipCdrQuery.DefaultOrderBy;

    /// <summary>Records per request, 1–100.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, PortSipCdrQuery.MaximumPageSize)]
    public int PageSize { get; set; } = PortSipCdrQuery.MaximumPageSize;

    /// <summary>
    /// How many pages may be requested at once after the first page (fetch-ahead, handed out in order);
    /// 1 reads one page at a time.
    /// </summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, 8)]
    public int ThrottleLimit { get; set; } = PortSipCdrQuery.DefaultFetchAhead;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        commandStart = DateTime.Now;

        // The query judges its own window; judged here, before the credential is resolved and before any request.
        if (ParameterSetName == ListSet)
        {
            Run(() => CreateWindowQuery(PagingParameters).Validate());
        }

        base.BeginProcessing();
    }

    /// <summary>The window query: -StartTime to -EndTime (default: when the command started), the options and -Skip/-First.</summary>
    /// <param name="paging">The cmdlet's paging parameters.</param>
    internal PortSipCdrQuery CreateWindowQuery(PagingParameters paging)
    {
        var query = CreateQuery(paging, Filter, Search, OrderBy, PageSize);
        query.FetchAhead = ThrottleLimit;
        query.StartTime = StartTime is { } s ? ToInstant(s) : null;
        query.EndTime = ToInstant(EndTime ?? commandStart);
        return query;
    }

    /// <summary>A DateTime without a zone is read as the local time of the machine running the command.</summary>
    private static DateTimeOffset ToInstant(DateTime value) => WallClock.FromUser(value);
}
