using CallReports.Commands;
using CallReports.Engine.Checkpoints;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.PortSip;

namespace CallReports;

/// <summary>
/// Base of the cmdlets that list calls (<c>Get-PortSipCdr</c>, <c>Get-PortSipCallLog</c>): the time window,
/// the OData options and the page size, in the "List" parameter set; the detail set ("ById") is the cmdlet's own.
/// </summary>
public abstract class PortSipCallListCmdlet : PortSipCmdlet, IDynamicParameters
{
    /// <summary>The list parameter set.</summary>
    protected const string ListSet = "List";

    /// <summary>The detail parameter set.</summary>
    protected const string ByIdSet = "ById";

    /// <summary>PortSIP writes a CDR when the call ends: a run reads again the two hours before its mark (-Overlap).</summary>
    internal static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(2);

    /// <summary>A run with -Checkpoint ends five minutes before now (-Settle).</summary>
    internal static readonly TimeSpan DefaultSettle = TimeSpan.FromMinutes(5);

    private readonly CheckpointParameters checkpointing = new();
    private DateTime commandStart;
    private (DateTimeOffset Start, DateTimeOffset End)? checkpointRange;

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

    /// <summary>-Checkpoint, -Overlap and -Settle (with the list, not with -Id).</summary>
    /// <returns>The parameters object.</returns>
    public object GetDynamicParameters() => checkpointing;

    /// <summary>
    /// Lists calls, or the details of -Id: with -Checkpoint the list starts at the stored mark, leaves out the calls
    /// returned before and commits the checkpoint when it ends without an error. Every record gets its Source.
    /// </summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="details">Reads the details of the -Id values.</param>
    /// <param name="list">Reads the list for a query, reporting the server's total.</param>
    internal void WriteCalls<T>(Func<PortSipClient, IEnumerable<T>> details, Func<PortSipClient, PortSipCdrQuery, Action<long>?, IEnumerable<T>> list)
        where T : PortSipCallRecord
    {
        var byId = ParameterSetName == ByIdSet;
        var checkpoint = byId ? null : OpenListCheckpoint();
        var completed = false;
        try
        {
            var source = SourceOf(ParseServer(), Domain?.ToLowerInvariant());
            WriteListOrDetails(byId, details, () => CreateWindowQuery(PagingParameters), list, record =>
            {
                record.Source = source;
                return checkpoint?.Take(record.Id, record.StartedAt) != false;
            });
            completed = true;
        }
        finally
        {
            FinishCheckpoint(checkpoint, completed);
        }
    }

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
        query.StartTime = checkpointRange?.Start ?? (StartTime is { } s ? ToInstant(s) : null);
        query.EndTime = checkpointRange?.End ?? ToInstant(EndTime ?? commandStart);
        return query;
    }

    private CallCheckpoint? OpenListCheckpoint()
    {
        if (checkpointing.Checkpoint is not null && (PagingParameters.First != ulong.MaxValue || PagingParameters.Skip != 0))
        {
            ThrowInvalidArgument(PortSipErrors.InvalidArgument, "-First and -Skip cannot be used with -Checkpoint: the run must read its whole range before the checkpoint moves on.");
        }

        var scope = Domain is null ? "(no domain)" : "domain " + Domain.ToLowerInvariant();
        var identity = new CheckpointIdentity(
            PortSipErrors.Prefix,
            MyInvocation.MyCommand.Name,
            ParseServer().GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant(),
            scope,
            new[] { new KeyValuePair<string, string?>("Filter", Filter), new KeyValuePair<string, string?>("Search", Search) });
        var checkpoint = OpenCheckpoint(checkpointing, identity, StartTime is { } from ? ToInstant(from) : null, EndTime is { } to ? ToInstant(to) : null, DefaultOverlap, DefaultSettle, out var range);
        checkpointRange = checkpoint is null ? null : range;
        return checkpoint;
    }

    /// <summary>A DateTime without a zone is read as the local time of the machine running the command.</summary>
    private static DateTimeOffset ToInstant(DateTime value) => WallClock.FromUser(value);
}
