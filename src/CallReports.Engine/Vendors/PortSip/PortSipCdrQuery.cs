namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// What a PortSIP list asks for: a half-open UTC time window on <c>started_at</c> (CDRs and call logs
/// only), OData options and paging. The same query drives every list endpoint. The PBX is sent the window, and
/// every record it returns is checked against the window again here: the vendor page declares no query options
/// on the CDR and call log lists. Its checks (<see cref="Validate"/>, <see cref="ValidateIds"/>) are the one place
/// the input rules of the PortSIP lists live.
/// </summary>
public sealed class PortSipCdrQuery
{
    /// <summary>Largest page the API serves (<c>top</c> max 100).</summary>
    public const int MaximumPageSize = 100;

    /// <summary>
    /// Pages in flight by default once the caller has consumed the first page (<c>-ThrottleLimit</c>). Every page
    /// costs one round trip, so fetch-ahead reads at most this many times faster than one page at a time: 4 only
    /// just reached 4 times in the 20 ms scenario (bench/CallReports.Scenarios), 6 reaches about 5 times. The
    /// process-wide rate limiter keeps any setting within PortSIP's 5,000 requests a minute.
    /// </summary>
    public const int DefaultFetchAhead = 6;

    /// <summary>Inclusive start of the window (<c>started_at ge</c>).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Exclusive end of the window (<c>started_at lt</c>).</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Only the records with exactly this name (<c>name eq '...'</c>: call reports and their runs); null for any.</summary>
    public string? Name { get; set; }

    /// <summary>Raw OData filter, ANDed with the window and the name.</summary>
    public string? Filter { get; set; }

    /// <summary>Free-text search (the PBX decides what matches).</summary>
    public string? Search { get; set; }

    /// <summary>
    /// The sort order of CDRs and call logs unless the caller chooses one: by start, ties by id, so that every page
    /// of a listing (several are read at once) sees the same order and no record moves between pages.
    /// </summary>
    public const string DefaultOrderBy = "started_at asc, id asc";

    /// <summary>Sort order; <see cref="DefaultOrderBy"/> keeps CDR paging stable. Null sends none (the PBX's default order).</summary>
    public string? OrderBy { get; set; } = DefaultOrderBy;

    /// <summary>Records per request, 1–100.</summary>
    public int PageSize { get; set; } = MaximumPageSize;

    /// <summary>Records to skip at the start (<c>-Skip</c>).</summary>
    public long Skip { get; set; }

    /// <summary>
    /// How many pages may be in flight once the caller has consumed a whole page (fetch-ahead); 1 is
    /// one page at a time. Pages are still handed out in order.
    /// </summary>
    public int FetchAhead { get; set; } = DefaultFetchAhead;

    /// <summary>Stop after this many records (<c>-First</c>); null for all.</summary>
    public long? First { get; set; }

    /// <summary>Checks everything that can be judged without the network; the one place these rules live.</summary>
    /// <exception cref="CallReportsException">A value is out of range or inconsistent (<see cref="PortSipErrors"/> ids, terminating).</exception>
    public void Validate()
    {
        if (PageSize is < 1 or > MaximumPageSize)
        {
            throw CallReportsException.InvalidArgument(PortSipErrors.InvalidArgument, $"The page size must be between 1 and {MaximumPageSize}; it was {PageSize}.", PageSize);
        }

        if (StartTime is { } start && EndTime is { } end && end <= start)
        {
            throw CallReportsException.InvalidArgument(
                PortSipErrors.InvalidTimeRange,
                string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", end.ToUniversalTime(), start.ToUniversalTime()),
                end);
        }

        if (Skip < 0)
        {
            throw CallReportsException.InvalidArgument(PortSipErrors.InvalidArgument, "Skip cannot be negative.", Skip);
        }

        if (OrderBy is not null && OrderBy.Trim().Length == 0)
        {
            throw CallReportsException.InvalidArgument(PortSipErrors.InvalidArgument, "The sort order is empty.", OrderBy);
        }
    }

    /// <summary>The checks of <see cref="Validate"/>, for a list without a time window (call reports and their runs).</summary>
    /// <exception cref="CallReportsException">The query has a window, or fails <see cref="Validate"/>.</exception>
    internal void ValidateWithoutWindow()
    {
        if (HasWindow)
        {
            throw CallReportsException.InvalidArgument(PortSipErrors.InvalidArgument, "Call report lists have no time window.", StartTime ?? EndTime);
        }

        Validate();
    }

    /// <summary>Checks the ids of a detail request: each one given and not blank.</summary>
    /// <param name="ids">The ids.</param>
    /// <param name="noun">What an id names, e.g. "CDR", for the message.</param>
    /// <exception cref="CallReportsException">An id is blank.</exception>
    internal static void ValidateIds(IReadOnlyList<string> ids, string noun)
    {
        if (ids is null)
        {
            throw new ArgumentNullException(nameof(ids));
        }

        foreach (var id in ids)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                throw CallReportsException.InvalidArgument(PortSipErrors.InvalidArgument, $"A {noun} id is empty.", id);
            }
        }
    }

    /// <summary>The start sent to the PBX: <see cref="StartTime"/> rounded down to the millisecond.</summary>
    internal DateTimeOffset? SentStart => StartTime is { } start ? ToMilliseconds(start, up: false) : null;

    /// <summary>The end sent to the PBX: <see cref="EndTime"/> rounded up to the millisecond.</summary>
    internal DateTimeOffset? SentEnd => EndTime is { } end ? ToMilliseconds(end, up: true) : null;

    /// <summary>Whether the query has a time window at all.</summary>
    internal bool HasWindow => StartTime is not null || EndTime is not null;

    /// <summary>
    /// The OData filter sent: the window (UTC, quoted like strings, as the PBX expects) and the name, ANDed with the user's filter.
    /// The window is sent with at most milliseconds (the page's examples show whole seconds) and rounded outward,
    /// so the PBX returns every record of the window, and a few more that <see cref="Contains"/> leaves out.
    /// </summary>
    public string? BuildFilter()
    {
        var parts = new List<string>();
        if (SentStart is { } start)
        {
            parts.Add("started_at ge '" + FormatUtc(start) + "'");
        }

        if (SentEnd is { } end)
        {
            parts.Add("started_at lt '" + FormatUtc(end) + "'");
        }

        if (Name is not null)
        {
            parts.Add("name eq '" + Name.Replace("'", "''") + "'");
        }

        if (!string.IsNullOrWhiteSpace(Filter))
        {
            parts.Add(parts.Count == 0 ? Filter!.Trim() : "(" + Filter!.Trim() + ")");
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    /// <summary>Whether a record that started at <paramref name="startedAt"/> belongs to [<see cref="StartTime"/>, <see cref="EndTime"/>).</summary>
    /// <param name="startedAt">The record's start; a record without one cannot be placed in a window.</param>
    internal bool Contains(DateTimeOffset? startedAt) =>
        !HasWindow || (startedAt is { } t && (StartTime is not { } start || t >= start) && (EndTime is not { } end || t < end));

    /// <summary>Whether a start lies in what was sent to the PBX, ends included (a PBX may read lt as le).</summary>
    internal bool WasAskedFor(DateTimeOffset? startedAt) =>
        startedAt is { } t && (SentStart is not { } start || t >= start) && (SentEnd is not { } end || t <= end);

    /// <summary>RFC 3339 UTC with a Z suffix: whole seconds, or milliseconds when the instant has a fraction (rounded down).</summary>
    internal static string FormatUtc(DateTimeOffset value)
    {
        var utc = ToMilliseconds(value, up: false).ToUniversalTime();
        return utc.ToString(utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The instant on a whole millisecond, rounded down or up.</summary>
    internal static DateTimeOffset ToMilliseconds(DateTimeOffset value, bool up)
    {
        var below = value.UtcTicks % TimeSpan.TicksPerMillisecond;
        if (below == 0)
        {
            return value;
        }

        return value.AddTicks(up ? TimeSpan.TicksPerMillisecond - below : -below);
    }
}
