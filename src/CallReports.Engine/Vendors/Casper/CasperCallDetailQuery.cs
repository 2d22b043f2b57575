using System.Linq;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>What <c>Get-CasperCallDetail</c> asks for: accounts, a time range in a report zone, the profile or destination selection, and the CSV delimiter.</summary>
public sealed class CasperCallDetailQuery
{
    /// <summary>Sub-account ids (<c>reportCriteria.accountIds</c>, sent as JSON strings).</summary>
    public IReadOnlyList<string> AccountIds { get; set; } = Array.Empty<string>();

    /// <summary>The account in the request path; the first of <see cref="AccountIds"/> when null.</summary>
    public string? PathAccountId { get; set; }

    /// <summary>Inclusive start: calls queued at or after it.</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Exclusive end: calls queued before it.</summary>
    public DateTimeOffset EndTime { get; set; }

    /// <summary>The report zone (<c>timezoneName</c>); null means the account's <c>primaryTimezone</c>, else the local zone.</summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>The zone name as the user gave it (sent as <c>timezoneName</c> when it is an IANA name or alias).</summary>
    public string? TimeZoneName { get; set; }

    /// <summary>Profile or destination selection (<c>groupBy</c>); null: by destination when destination ids or names are given, else by profile.</summary>
    public CasperGroupBy? GroupBy { get; set; }

    /// <summary>Cloud profile group ids (<c>cloudProfileGroupIds</c>).</summary>
    public IReadOnlyList<int> ProfileGroupIds { get; set; } = Array.Empty<int>();

    /// <summary>Cloud profile ids (<c>cloudProfileIds</c>).</summary>
    public IReadOnlyList<int> ProfileIds { get; set; } = Array.Empty<int>();

    /// <summary>Cloud destination group ids (<c>cloudDestinationGroupIds</c>).</summary>
    public IReadOnlyList<int> DestinationGroupIds { get; set; } = Array.Empty<int>();

    /// <summary>Cloud destination ids (<c>cloudDestinationIds</c>).</summary>
    public IReadOnlyList<int> DestinationIds { get; set; } = Array.Empty<int>();

    /// <summary>Cloud profile names (wildcards allowed), resolved to ids before the first window.</summary>
    public IReadOnlyList<string> ProfileNames { get; set; } = Array.Empty<string>();

    /// <summary>Cloud destination names (wildcards allowed), resolved to ids before the first window.</summary>
    public IReadOnlyList<string> DestinationNames { get; set; } = Array.Empty<string>();

    /// <summary>Field separator of the CSV (<c>delimiter</c>); the parser follows it.</summary>
    public CasperDelimiter Delimiter { get; set; } = CasperDelimiter.Comma;

    /// <summary>The character the parser splits fields on, for <see cref="Delimiter"/>.</summary>
    internal char Separator => Delimiter switch
    {
        CasperDelimiter.Pipe => '|',
        CasperDelimiter.Tab => '\t',
        _ => ',',
    };

    /// <summary>Longest range one request covers; longer ranges are split.</summary>
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Records to skip.</summary>
    public long Skip { get; set; }

    /// <summary>Stop after this many records; null for all.</summary>
    public long? First { get; set; }

    /// <summary>The account in the request path.</summary>
    public string RequestAccountId => PathAccountId ?? AccountIds[0];

    /// <summary>Whether the report is grouped by destination: <see cref="GroupBy"/>, else whether destinations were selected.</summary>
    internal bool ByDestination => GroupBy is { } given ? given == CasperGroupBy.Destination : SelectsDestinations;

    private bool SelectsProfiles => ProfileGroupIds.Count + ProfileIds.Count + ProfileNames.Count > 0;

    private bool SelectsDestinations => DestinationGroupIds.Count + DestinationIds.Count + DestinationNames.Count > 0;

    /// <summary>Checks everything that can be judged without the network; the one place these rules live.</summary>
    /// <exception cref="CallReportsException">A value is missing, out of range or inconsistent (<see cref="CasperErrors"/> ids, terminating).</exception>
    public void Validate()
    {
        if (AccountIds is null || AccountIds.Count == 0 || AccountIds.Any(string.IsNullOrWhiteSpace))
        {
            throw CallReportsException.InvalidArgument(CasperErrors.InvalidArgument, "Give at least one RingCX sub-account id (-AccountId), as listed by GET /voice/api/v1/admin/accounts.");
        }

        foreach (var id in AccountIds.Concat(PathAccountId is null ? Array.Empty<string>() : new[] { PathAccountId }))
        {
            if (id.Trim().Any(c => !char.IsLetterOrDigit(c) && c != '-' && c != '_'))
            {
                throw CallReportsException.InvalidArgument(CasperErrors.InvalidArgument, $"'{id}' is not a RingCX account id (digits, such as 13670001).", id);
            }
        }

        if (EndTime <= StartTime)
        {
            throw CallReportsException.InvalidArgument(
                CasperErrors.InvalidTimeRange,
                string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", EndTime.ToUniversalTime(), StartTime.ToUniversalTime()),
                EndTime);
        }

        if (WindowSize < TimeSpan.FromMinutes(1))
        {
            throw CallReportsException.InvalidArgument(CasperErrors.InvalidWindowSize, "-WindowSize must be at least one minute (RingCX report times have minute precision).", WindowSize);
        }

        if (ProfileNames.Concat(DestinationNames).Any(string.IsNullOrWhiteSpace))
        {
            throw CallReportsException.InvalidArgument(CasperErrors.InvalidArgument, "A profile or destination name is empty.");
        }

        if (SelectsProfiles && SelectsDestinations)
        {
            throw CallReportsException.InvalidArgument(CasperErrors.ConflictingSelection, "Select by profile (-ProfileGroupId/-ProfileId/-ProfileName) or by destination (-DestinationGroupId/-DestinationId/-DestinationName), not both: RingCX groups the report one way.");
        }

        if ((SelectsProfiles && GroupBy == CasperGroupBy.Destination) || (SelectsDestinations && GroupBy == CasperGroupBy.Profile))
        {
            throw CallReportsException.InvalidArgument(CasperErrors.ConflictingSelection, $"-GroupBy {GroupBy} does not match the {(SelectsProfiles ? "profile" : "destination")} ids given.", GroupBy);
        }

        if (Skip < 0)
        {
            throw CallReportsException.InvalidArgument(CasperErrors.InvalidArgument, "-Skip cannot be negative.", Skip);
        }
    }

    /// <summary>
    /// The next whole minute (the instant itself when it is one). RingCX report times have minute precision,
    /// so a range [start, end) holds the calls whose reported minute m has start &lt;= m &lt; end, which are
    /// the calls queued in [<see cref="UpToMinute"/>(start), <see cref="UpToMinute"/>(end)).
    /// </summary>
    internal static DateTimeOffset UpToMinute(DateTimeOffset instant)
    {
        var past = instant.UtcTicks % TimeSpan.TicksPerMinute;
        return past == 0 ? instant : instant.AddTicks(TimeSpan.TicksPerMinute - past);
    }

    /// <summary>
    /// The request body, exactly the seed's shape, for the range [<paramref name="start"/>, <paramref name="end"/>)
    /// in <paramref name="zone"/>, carrying <paramref name="selection"/>. Both ends are sent as whole minutes; the
    /// end as itself: whether RingCX includes it is not documented, so callers drop what lies on it.
    /// </summary>
    internal string BuildBody(CasperSelection selection, DateTimeOffset start, DateTimeOffset end, TimeZoneInfo zone, string zoneName)
    {
        var byDestination = ByDestination;
        var noGroups = Array.Empty<int?>();
        var noIds = Array.Empty<int>();
        using var buffer = new System.IO.MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("delimiter", Delimiter.ToString().ToUpperInvariant());
            json.WriteString("reportType", "CASPER_REPORT");
            json.WriteString("reportTypeName", "Cloud_Call_Detail_Download");
            json.WriteStartObject("reportCriteria");
            json.WriteStartArray("accountIds");
            foreach (var id in AccountIds)
            {
                json.WriteStringValue(id.Trim());
            }

            json.WriteEndArray();
            json.WriteString("groupBy", byDestination ? "DESTINATION" : "PROFILE");
            WriteIds(json, "cloudDestinationGroupIds", byDestination ? selection.GroupIds : noGroups);
            WriteIds(json, "cloudDestinationIds", byDestination ? selection.Ids.Select(i => (int?)i).ToList() : noGroups);
            WriteIds(json, "cloudProfileGroupIds", byDestination ? noGroups : selection.GroupIds);
            WriteIds(json, "cloudProfileIds", byDestination ? noGroups : selection.Ids.Select(i => (int?)i).ToList());
            json.WriteString("endTimestamp", WallClock.Format(UpToMinute(end), zone, "yyyy-MM-dd HH:mm:ss"));
            json.WriteString("startTimestamp", WallClock.Format(UpToMinute(start), zone, "yyyy-MM-dd HH:mm:ss"));
            json.WriteString("timezoneName", zoneName);
            json.WriteString("criteriaType", "CASPER_CRITERIA");
            json.WriteString("reportName", "Cloud_Call_Detail_Download");
            json.WriteString("returnType", "CSV");
            json.WriteStartObject("schedule");
            json.WriteString("repeatOption", "ONCE");
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Integer ids as JSON integers; a null id is the ungrouped group.</summary>
    private static void WriteIds(Utf8JsonWriter json, string name, IReadOnlyList<int?> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            if (id is { } value)
            {
                json.WriteNumberValue(value);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}
