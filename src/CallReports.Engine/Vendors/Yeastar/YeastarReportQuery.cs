using System.Linq;
using CallReports.Engine.Time;
using P = CallReports.Engine.Vendors.Yeastar.YeastarReportDefinition.P;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>What to download. <see cref="Validate"/> checks it against the type's row of <see cref="YeastarReportDefinition"/> before any request.</summary>
public sealed class YeastarReportQuery
{
    /// <summary>The report type.</summary>
    public YeastarReportType Type { get; set; }

    /// <summary>Range types: the start (inclusive), a PBX wall-clock time; a UTC time is converted to the PBX's zone.</summary>
    public DateTime? StartTime { get; set; }

    /// <summary>Range types: the end (exclusive), read as <see cref="StartTime"/> is.</summary>
    public DateTime? EndTime { get; set; }

    /// <summary>
    /// The PBX's time zone, whose rules convert each time at its own instant. Null: the zone
    /// <c>system/information</c> names, or else the UTC offset the PBX shows now, for every time.
    /// </summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>Date types: the day, month or year of <c>time</c>.</summary>
    public DateTime? Date { get; set; }

    /// <summary>Date types: what one row covers.</summary>
    public YeastarGranularity? Granularity { get; set; }

#pragma warning disable CS1591 // each is the cmdlet parameter of the same name; the table gives the API name
    public IReadOnlyList<string>? ExtensionId { get; set; }

    public IReadOnlyList<string>? TrunkId { get; set; }

    public IReadOnlyList<string>? QueueId { get; set; }

    public IReadOnlyList<string>? IvrId { get; set; }

    public IReadOnlyList<string>? RingGroupId { get; set; }

    public IReadOnlyList<string>? AgentId { get; set; }

    public int? AbandonTime { get; set; }

    public int? TalkTime { get; set; }

    public bool? IncludeInternal { get; set; }

    public YeastarCallbackResult? CallbackResult { get; set; }

    public string? PauseReason { get; set; }

    public YeastarCommunicationType? CommunicationType { get; set; }

    public string? CallFrom { get; set; }

    public string? CallTo { get; set; }

    public YeastarCallToType? CallToType { get; set; }

    public YeastarMissedCallType? MissedCallType { get; set; }

    public YeastarUnreturnedStatus? UnreturnedStatus { get; set; }

    public bool? NeedDetail { get; set; }
#pragma warning restore CS1591

    /// <summary>
    /// Names or numbers (wildcards allowed) to resolve to IDs through <c>system/get_menuoptions</c>, by the
    /// ID parameter they stand for (ExtensionId, QueueId, TrunkId, IvrId, RingGroupId, AgentId).
    /// </summary>
    public IDictionary<string, IReadOnlyList<string>> Names { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Overrides the PBX's <c>system_date_format</c> (for firmware that does not report it).</summary>
    public string? DateFormat { get; set; }

    /// <summary>Overrides the PBX's <c>system_time_format</c>.</summary>
    public string? TimeFormat { get; set; }

    /// <summary>Which API path serves the report data.</summary>
    public YeastarApiVersion ApiVersion { get; set; }

    /// <summary>Request with <c>is_async=1</c> and wait for event 30027 on the WebSocket subscription.</summary>
    public bool Async { get; set; }

    /// <summary>Rows to skip (object mode).</summary>
    public long Skip { get; set; }

    /// <summary>Rows to return at most (object mode); reading stops there.</summary>
    public long? First { get; set; }

    /// <summary>The definition of <see cref="Type"/>.</summary>
    public YeastarReportDefinition Definition => YeastarReportDefinition.Of(Type);

    /// <summary>Checks the query against the type's rules; the message names the parameter.</summary>
    /// <exception cref="CallReportsException"><see cref="YeastarErrors.InvalidArgument"/>: something the type needs is missing, or something it does not take was given. The message names the parameter; the target is the offending value.</exception>
    public void Validate()
    {
        var definition = Definition;
        var name = "-Type " + Type;
        if (definition.TimeMode == YeastarTimeMode.Date)
        {
            if (StartTime is not null || EndTime is not null)
            {
                throw Invalid($"{name} takes -Date with -Granularity Hour|Day|Month (the API's 'time'), not -StartTime/-EndTime.", StartTime ?? EndTime);
            }

            if (Date is null)
            {
                throw Invalid($"{name} needs -Date (with -Granularity Hour for that day by hour, Day for its month by day, Month for its year by month).", Type);
            }
        }
        else
        {
            if (Date is not null || Granularity is not null)
            {
                throw Invalid($"{name} takes -StartTime/-EndTime, not -Date/-Granularity (those are for {string.Join(", ", YeastarReportDefinition.All.Where(d => d.TimeMode == YeastarTimeMode.Date).Select(d => d.Type))}).", Date is not null ? Date : (object?)Granularity);
            }

            if (StartTime is { } s && EndTime is { } e && e <= s)
            {
                throw Invalid(string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:yyyy-MM-dd HH:mm:ss}) must be after -StartTime ({1:yyyy-MM-dd HH:mm:ss}).", e, s), e);
            }
        }

        var given = Given();
        foreach (var parameter in given.Keys)
        {
            if (definition.Find(parameter) is null)
            {
                throw Invalid($"{name} does not take -{parameter}. It takes {definition.Describe()}.", given[parameter]);
            }
        }

        foreach (var parameter in definition.Parameters)
        {
            if (!given.TryGetValue(parameter.Parameter, out var value))
            {
                if (parameter.Required)
                {
                    throw Invalid($"{name} needs -{parameter.Parameter} ('{parameter.ApiName}'). It takes {definition.Describe()}.", Type);
                }

                continue;
            }

            if (parameter.Single && value.IndexOf(',') >= 0 && !Names.ContainsKey(parameter.Parameter))
            {
                throw Invalid($"{name} takes one -{parameter.Parameter} ('{parameter.ApiName}'), not a list.", value);
            }
        }

        if (Names.ContainsKey(P.AgentId) && !given.ContainsKey(P.QueueId))
        {
            throw Invalid(AgentNeedsQueue, string.Join(", ", Names[P.AgentId]));
        }

        if (CommunicationType == YeastarCommunicationType.Internal && Type is YeastarReportType.PbxCallActivity or YeastarReportType.DidOutboundCallerIdActivity)
        {
            throw Invalid($"{name} takes -CommunicationType Inbound or Outbound; Internal is for the extension reports.", CommunicationType);
        }

        if (AbandonTime < 0 || TalkTime < 0)
        {
            throw Invalid("-AbandonTime and -TalkTime are seconds, 0 or more.", AbandonTime < 0 ? AbandonTime : TalkTime);
        }

        if (DateFormat is not null || TimeFormat is not null)
        {
            try
            {
                YeastarDisplayFormat.Parse(DateFormat ?? "YYYY/MM/DD", TimeFormat ?? "HH:mm:ss");
            }
            catch (ArgumentException ex)
            {
                throw Invalid(ex.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0], ex.ParamName == "TimeFormat" ? TimeFormat : DateFormat);
            }
        }
    }

    /// <summary>What -Agent alone is told: names of queue agents are looked up in a queue.</summary>
    internal const string AgentNeedsQueue = "-Agent names are looked up in a queue: give -QueueId or -Queue.";

    /// <summary>The input error: its message names the parameter, its target is the value given.</summary>
    internal static CallReportsException Invalid(string message, object? offending) =>
        CallReportsException.InvalidArgument(YeastarErrors.InvalidArgument, message, offending);

    /// <summary>The query string pairs for <c>call_report/download</c>, times in <paramref name="format"/>.</summary>
    /// <param name="format">The PBX's display format.</param>
    /// <param name="zone">The PBX's zone: a UTC time is converted to its wall-clock time.</param>
    /// <param name="cutOnClient">
    /// The rows will be cut to [start, end) on the client (a call list read as rows): ask from one second
    /// before the start to the end itself, so the range is whole whether the PBX includes its ends or not.
    /// Otherwise (figures, or a file written as sent) ask up to the last second before the end, which is
    /// exact when the PBX includes <c>end_time</c>, as the page's example range ending at 23:59:59 reads.
    /// </param>
    public IReadOnlyList<KeyValuePair<string, string>> BuildParameters(YeastarDisplayFormat format, TimeZoneInfo zone, bool cutOnClient = false)
    {
        var definition = Definition;
        var pairs = new List<KeyValuePair<string, string>> { new("type", definition.ApiName) };
        if (definition.TimeMode == YeastarTimeMode.Date)
        {
            pairs.Add(new("time", format.FormatPeriod(Date!.Value, Granularity ?? YeastarGranularity.Hour)));
        }
        else
        {
            var (start, end) = Bounds(zone);
            if (start is { } from)
            {
                var wall = Wall(from, zone);
                pairs.Add(new("start_time", format.FormatDateTime(cutOnClient ? Floor(wall).AddSeconds(-1) : Ceiling(wall))));
            }

            if (end is { } to)
            {
                var wall = Ceiling(Wall(to, zone));
                pairs.Add(new("end_time", format.FormatDateTime(cutOnClient ? wall : wall.AddSeconds(-1))));
            }
        }

        var given = Given();
        foreach (var parameter in definition.Parameters)
        {
            if (given.TryGetValue(parameter.Parameter, out var value))
            {
                pairs.Add(new(parameter.ApiName, value));
            }
        }

        return pairs;
    }

    /// <summary>The ID lists and options that were given, by cmdlet parameter name, as API values.</summary>
    internal Dictionary<string, string> Given()
    {
        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void Add(string parameter, string? value)
        {
            if (value is not null)
            {
                given[parameter] = value;
            }
        }

        static string? Ids(IReadOnlyList<string>? ids) =>
            ids is null ? null : string.Join(",", ids.SelectMany(i => i.Split(',')).Select(i => i.Trim()).Where(i => i.Length > 0));

        Add(P.ExtensionId, Ids(ExtensionId));
        Add(P.TrunkId, Ids(TrunkId));
        Add(P.QueueId, Ids(QueueId));
        Add(P.IvrId, Ids(IvrId));
        Add(P.RingGroupId, Ids(RingGroupId));
        Add(P.AgentId, Ids(AgentId));
        foreach (var pair in Names)
        {
            if (!given.ContainsKey(pair.Key) && pair.Value.Count > 0)
            {
                // Resolved before the request; for validation a name stands for an ID.
                given[pair.Key] = pair.Value.Count > 1 ? "?,?" : "?";
            }
        }

        Add(P.AbandonTime, AbandonTime?.ToString(CultureInfo.InvariantCulture));
        Add(P.TalkTime, TalkTime?.ToString(CultureInfo.InvariantCulture));
        Add(P.IncludeInternal, IncludeInternal is { } i ? (i ? "1" : "0") : null);
        Add(P.CallbackResult, CallbackResult is { } c ? (c == YeastarCallbackResult.Success ? "success" : "fail") : null);
        Add(P.PauseReason, PauseReason);
        Add(P.CommunicationType, CommunicationType?.ToString());
        Add(P.CallFrom, CallFrom);
        Add(P.CallTo, CallTo);
        Add(P.CallToType, CallToType?.ToString());
        Add(P.MissedCallType, MissedCallType switch { YeastarMissedCallType.NoAnswer => "no_answer", YeastarMissedCallType.Busy => "busy", YeastarMissedCallType.Abandoned => "abandoned", _ => null });
        Add(P.UnreturnedStatus, UnreturnedStatus is { } u ? ((int)u).ToString(CultureInfo.InvariantCulture) : null);
        Add(P.NeedDetail, NeedDetail is { } n ? (n ? "1" : "0") : null);
        foreach (var empty in given.Where(g => g.Value.Length == 0).Select(g => g.Key).ToList())
        {
            throw Invalid($"-{empty} is empty.", string.Empty);
        }

        return given;
    }

    /// <summary>The range as instants: a UTC time as it is, any other as PBX wall-clock time in <paramref name="zone"/>.</summary>
    internal (DateTimeOffset? Start, DateTimeOffset? End) Bounds(TimeZoneInfo zone) => (Instant(StartTime, zone), Instant(EndTime, zone));

    private static DateTimeOffset? Instant(DateTime? value, TimeZoneInfo zone) =>
        value is not { } time ? null : time.Kind == DateTimeKind.Utc ? new DateTimeOffset(time) : WallClock.ToInstant(time, zone);

    private static DateTime Wall(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    // The PBX takes times to the second (its display formats end in ss).
    private static DateTime Floor(DateTime value) => new(value.Ticks - (value.Ticks % TimeSpan.TicksPerSecond), value.Kind);

    private static DateTime Ceiling(DateTime value) => value.Ticks % TimeSpan.TicksPerSecond == 0 ? value : Floor(value).AddSeconds(1);
}
