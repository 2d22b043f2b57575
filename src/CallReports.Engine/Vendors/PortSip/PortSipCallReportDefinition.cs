using System.IO;
using System.Linq;
using System.Text;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// A new PortSIP call report (<c>POST /api/call_reports</c>): the common fields and the one filter that
/// belongs to <see cref="Type"/>. <see cref="Validate"/> judges everything that can be judged without
/// the PBX; <see cref="ToJson()"/> sends only the fields of the type's filter variant, because the
/// vendor's <c>filter</c> is an untitled oneOf the server tells apart by <c>type</c>. The same checks serve an
/// update (<see cref="PortSipCallReportChange"/>): the definition read from the PBX, changed, is validated whole.
/// </summary>
public sealed partial class PortSipCallReportDefinition : PortSipCallReportFields
{
    /// <summary>Longest e-mail address the PBX stores.</summary>
    public const int MaximumEmailLength = 128;

    /// <summary>Report name (<c>name</c>).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>Report type (<c>type</c>).</summary>
    public PortSipCallReportType Type { get; set; }

    /// <summary>Where the PBX e-mails the file (<c>email</c>, required by the PBX).</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>File format (<c>format</c>).</summary>
    public PortSipCallReportFormat Format { get; set; }

    /// <summary>Covered period (<c>range</c>).</summary>
    public PortSipCallReportRange Range { get; set; }

    /// <summary>The report types filtered by queues.</summary>
    public static bool IsQueueType(PortSipCallReportType type) => type is PortSipCallReportType.QueuePerformance
        or PortSipCallReportType.QueueDetailedStatistics or PortSipCallReportType.QueueAbandonedCalls
        or PortSipCallReportType.QueueSlaStatistics or PortSipCallReportType.QueueBreachesSlaStatistics
        or PortSipCallReportType.QueueCallbacks or PortSipCallReportType.QueueFailedCallbacks
        or PortSipCallReportType.TeamQueueGeneralStatistics;

    /// <summary>A PascalCase enum name as PortSIP spells it: QueueSlaStatistics → QUEUE_SLA_STATISTICS.</summary>
    /// <param name="value">Enum value.</param>
    public static string ToWire(Enum value)
    {
        var name = (value ?? throw new ArgumentNullException(nameof(value))).ToString();
        var wire = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                wire.Append('_');
            }

            wire.Append(char.ToUpperInvariant(name[i]));
        }

        return wire.ToString();
    }

    /// <summary>Checks everything that can be judged without the PBX.</summary>
    /// <exception cref="ArgumentException">A value is missing, out of range or belongs to another report type.</exception>
    public void Validate()
    {
        ValidateCommon();
        ValidateFilter();
    }

    /// <summary>The checks of the fields every report type has: name, e-mail, range and times, schedule.</summary>
    /// <exception cref="ArgumentException">A value is missing or out of range.</exception>
    internal void ValidateCommon()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("The report needs a name.", nameof(Name));
        }

        CheckEmail(Email);
        CheckTimes(Range, StartTime, EndTime, complete: true);
        CheckCron(CronExpression);
    }

    /// <summary>The checks of the filter: only the type's own fields, each with what it needs.</summary>
    /// <exception cref="ArgumentException">A filter value is missing, out of range or belongs to another report type.</exception>
    internal void ValidateFilter()
    {
        var isNormal = Type == PortSipCallReportType.Normal;
        Refuse(GivesNormalFilter && !isNormal, "-From, -To, -AnswerState and -DurationKind filter Normal reports");
        Refuse(GivesGroupFilter && Type != PortSipCallReportType.ExtensionGroupCallCost, "-CallType and -ExtensionGroup filter ExtensionGroupCallCost reports");
        Refuse(GivesQueueFilter && !IsQueueType(Type), "-Queue and -ExcludeCallsDroppedBeforeSeconds filter the queue report types");
        Refuse(RingGroups is not null && Type != PortSipCallReportType.RingGroupStatistics, "-RingGroup filters RingGroupStatistics reports");

        if (isNormal)
        {
            CheckParty(From ?? PortSipCallReportParty.Any, FromValue, "From", complete: true);
            CheckParty(To ?? PortSipCallReportParty.Any, ToValue, "To", complete: true);
            CheckDuration(Duration ?? PortSipCallReportDuration.Any, DurationFrom, DurationTo, complete: true);
        }
        else if (Type == PortSipCallReportType.ExtensionGroupCallCost)
        {
            CheckList(ExtensionGroups, "-ExtensionGroup", "extension group names");
        }
        else if (IsQueueType(Type))
        {
            CheckList(Queues, "-Queue", "queue extension numbers");
            if (ExcludeCallsDroppedBeforeSeconds is not null && Type == PortSipCallReportType.QueueFailedCallbacks)
            {
                throw new ArgumentException("QueueFailedCallbacks reports are filtered by queues only; -ExcludeCallsDroppedBeforeSeconds does not apply.", nameof(ExcludeCallsDroppedBeforeSeconds));
            }

            CheckExclusion(ExcludeCallsDroppedBeforeSeconds);
        }
        else if (Type == PortSipCallReportType.RingGroupStatistics)
        {
            CheckList(RingGroups, "-RingGroup", "ring group extension numbers");
        }

        void Refuse(bool wrong, string what)
        {
            if (wrong)
            {
                throw new ArgumentException($"{what}; this report's -Type is {Type}.", nameof(Type));
            }
        }
    }

    /// <summary>One e-mail address the PBX can store.</summary>
    internal static void CheckEmail(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email!.Length > MaximumEmailLength || email.IndexOf('@') <= 0 || email.IndexOf('@') == email.Length - 1)
        {
            throw new ArgumentException($"-Email must be one e-mail address of at most {MaximumEmailLength} characters (the PBX e-mails the finished report there); it was '{email}'.", nameof(Email));
        }
    }

    /// <summary>
    /// A Custom range has both times, in order; another range has none. With <paramref name="complete"/> false (an
    /// update, the rest unknown) only what is given is judged: a null <paramref name="range"/> is not known.
    /// </summary>
    internal static void CheckTimes(PortSipCallReportRange? range, DateTimeOffset? start, DateTimeOffset? end, bool complete)
    {
        if (range is { } known && known != PortSipCallReportRange.Custom && (start is not null || end is not null))
        {
            throw new ArgumentException($"-StartTime and -EndTime are used only with -Range Custom; -Range is {known}.", nameof(StartTime));
        }

        if (complete && range == PortSipCallReportRange.Custom && (start is null || end is null))
        {
            throw new ArgumentException("-Range Custom needs -StartTime and -EndTime.", nameof(Range));
        }

        if (start is { } s && end is { } e && e <= s)
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", e.ToUniversalTime(), s.ToUniversalTime()), nameof(EndTime));
        }
    }

    /// <summary>A crontab expression of 5 (or 6) fields, when there is one.</summary>
    internal static void CheckCron(string? cron)
    {
        if (cron is not null && cron.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Length is < 5 or > 6)
        {
            throw new ArgumentException($"-CronExpression '{cron}' is not a crontab expression (5 fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * 1').", nameof(CronExpression));
        }
    }

    /// <summary>Duration bounds go with a duration kind, are 0 or more and in order (with <paramref name="complete"/> false, a kind given without bounds is not judged).</summary>
    internal static void CheckDuration(PortSipCallReportDuration? kind, int? from, int? to, bool complete)
    {
        if (kind == PortSipCallReportDuration.Any && (from is not null || to is not null))
        {
            throw new ArgumentException("-MinimumDurationSec and -MaximumDurationSec need -DurationKind RingDuration or TalkDuration.", nameof(DurationFrom));
        }

        if (complete && kind is { } k && k != PortSipCallReportDuration.Any && from is null && to is null)
        {
            throw new ArgumentException($"-DurationKind {k} needs -MinimumDurationSec, -MaximumDurationSec or both.", nameof(Duration));
        }

        if (from < 0 || to < 0 || (from is { } low && to is { } high && high < low))
        {
            throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The duration bounds must be 0 or more, the minimum not above the maximum; they were {0}–{1}.", from, to), nameof(DurationTo));
        }
    }

    /// <summary>Calls dropped within at least a second, when given.</summary>
    internal static void CheckExclusion(int? seconds)
    {
        if (seconds < 1)
        {
            throw new ArgumentException($"-ExcludeCallsDroppedBeforeSeconds must be 1 or more; it was {seconds}.", nameof(ExcludeCallsDroppedBeforeSeconds));
        }
    }

    /// <summary>The request body of <c>POST /api/call_reports</c>.</summary>
    public string ToJson() => ToJson(includeType: true, filterJson: null, includeFilter: true);

    /// <summary>
    /// A request body: the definition, with <c>type</c> (a creation) or without it (an update, whose body has no
    /// <c>type</c>), and the filter written from the fields or, when <paramref name="filterJson"/> is given, as it is
    /// (or none, without <paramref name="includeFilter"/>).
    /// </summary>
    internal string ToJson(bool includeType, string? filterJson, bool includeFilter)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", Name.Trim());
            if (includeType)
            {
                writer.WriteString("type", ToWire(Type));
            }

            writer.WriteString("email", Email.Trim());
            writer.WriteString("format", ToWire(Format));
            writer.WriteString("range", ToWire(Range));
            if (Range == PortSipCallReportRange.Custom)
            {
                writer.WriteString("started_at", PortSipCdrQuery.FormatUtc(StartTime!.Value));
                writer.WriteString("ended_at", PortSipCdrQuery.FormatUtc(PortSipCdrQuery.ToMilliseconds(EndTime!.Value, up: true)));
            }

            if (CronExpression is not null)
            {
                writer.WriteString("cron_expr", CronExpression.Trim());
            }

            if (filterJson is not null)
            {
                using var filter = JsonDocument.Parse(filterJson);
                writer.WritePropertyName("filter");
                filter.RootElement.WriteTo(writer);
            }
            else if (includeFilter)
            {
                writer.WritePropertyName("filter");
                WriteFilter(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The filter alone, as <see cref="ToJson()"/> writes it.</summary>
    internal string FilterJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteFilter(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void WriteFilter(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (Type == PortSipCallReportType.Normal)
        {
            WriteParty(writer, "from", From ?? PortSipCallReportParty.Any, FromValue);
            WriteParty(writer, "to", To ?? PortSipCallReportParty.Any, ToValue);
            writer.WriteString("answer_state", ToWire(AnswerState ?? PortSipCallReportAnswerState.Any));
            writer.WriteString("duration", ToWire(Duration ?? PortSipCallReportDuration.Any));
            if (DurationFrom is { } from)
            {
                writer.WriteNumber("duration_from", from);
            }

            if (DurationTo is { } to)
            {
                writer.WriteNumber("duration_to", to);
            }
        }
        else if (Type == PortSipCallReportType.ExtensionGroupCallCost)
        {
            writer.WriteString("type", ToWire(CallType ?? PortSipCallReportCallType.Any));
            WriteList(writer, "groups", ExtensionGroups!);
        }
        else if (IsQueueType(Type))
        {
            if (Type != PortSipCallReportType.QueueFailedCallbacks)
            {
                // The seconds go only with the switch on: a 0 could fail a PBX's range check.
                writer.WriteBoolean("enable_exclude_calls_dropped_before_seconds", ExcludeCallsDroppedBeforeSeconds is not null);
                if (ExcludeCallsDroppedBeforeSeconds is { } seconds)
                {
                    writer.WriteNumber("exclude_calls_dropped_before_seconds", seconds);
                }
            }

            WriteList(writer, "call_queues", Queues!);
        }
        else
        {
            WriteList(writer, "ring_groups", RingGroups!);
        }

        writer.WriteEndObject();
    }

    internal static bool NeedsValue(PortSipCallReportParty kind) => kind is PortSipCallReportParty.ExtensionOrExtensionRange
        or PortSipCallReportParty.Number or PortSipCallReportParty.NumbersStartWith or PortSipCallReportParty.NumbersContain;

    /// <summary>
    /// A party kind and its value: the value-taking kinds need one (judged only when <paramref name="complete"/>), the
    /// others take none, and an extension range reads as one.
    /// </summary>
    internal static void CheckParty(PortSipCallReportParty kind, string? value, string name, bool complete)
    {
        if (complete && NeedsValue(kind) && string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"-{name} {kind} needs -{name}Value (e.g. 101, or 101-110 for a range of extensions).", name + "Value");
        }

        if (!NeedsValue(kind) && value is not null)
        {
            throw new ArgumentException($"-{name}Value is used with -{name} ExtensionOrExtensionRange, Number, NumbersStartWith or NumbersContain; -{name} is {kind}.", name + "Value");
        }

        if (kind == PortSipCallReportParty.ExtensionOrExtensionRange && value is not null)
        {
            var parts = value.Trim().Split('-');
            if (parts.Length > 2 || parts.Any(p => p.Trim().Length == 0 || !p.Trim().All(char.IsDigit)))
            {
                throw new ArgumentException($"-{name}Value '{value}' is not an extension or a range of extensions such as 101-110.", name + "Value");
            }
        }
    }

    private static void CheckList(IReadOnlyList<string>? values, string parameter, string what)
    {
        if (values is null || values.Count == 0 || values.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"This report type needs {parameter}: one or more {what}.", parameter.TrimStart('-'));
        }
    }

    private static void WriteParty(Utf8JsonWriter writer, string name, PortSipCallReportParty kind, string? value)
    {
        writer.WriteString(name, ToWire(kind));
        if (NeedsValue(kind) && value is not null)
        {
            writer.WriteString(name + "_value", value.Trim());
        }
    }

    // Validate() makes sure a list is there; an update compares filters before that, maybe with none.
    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values ?? Array.Empty<string>())
        {
            writer.WriteStringValue(value.Trim());
        }

        writer.WriteEndArray();
    }
}
