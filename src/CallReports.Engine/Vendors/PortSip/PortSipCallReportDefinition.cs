using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using CallReports.Models;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// A new PortSIP call report (<c>POST /api/call_reports</c>): the common fields and the one filter that
/// belongs to <see cref="Type"/>. <see cref="Validate"/> judges everything that can be judged without
/// the PBX; <see cref="ToJson"/> sends only the fields of the type's filter variant, because the
/// vendor's <c>filter</c> is an untitled oneOf the server tells apart by <c>type</c>.
/// </summary>
public sealed class PortSipCallReportDefinition
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

    /// <summary>Start of a Custom range (<c>started_at</c>).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>End of a Custom range (<c>ended_at</c>).</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Schedule (<c>cron_expr</c>); null for a one-time report that runs now.</summary>
    public string? CronExpression { get; set; }

    /// <summary>Normal: calling party kind (<c>filter.from</c>).</summary>
    public PortSipCallReportParty? From { get; set; }

    /// <summary>Normal: calling party value (<c>filter.from_value</c>), e.g. 101 or 101-110.</summary>
    public string? FromValue { get; set; }

    /// <summary>Normal: called party kind (<c>filter.to</c>).</summary>
    public PortSipCallReportParty? To { get; set; }

    /// <summary>Normal: called party value (<c>filter.to_value</c>).</summary>
    public string? ToValue { get; set; }

    /// <summary>Normal: answer state (<c>filter.answer_state</c>).</summary>
    public PortSipCallReportAnswerState? AnswerState { get; set; }

    /// <summary>Normal: which duration is bounded (<c>filter.duration</c>).</summary>
    public PortSipCallReportDuration? Duration { get; set; }

    /// <summary>Normal: lower duration bound in seconds (<c>filter.duration_from</c>).</summary>
    public int? DurationFrom { get; set; }

    /// <summary>Normal: upper duration bound in seconds (<c>filter.duration_to</c>).</summary>
    public int? DurationTo { get; set; }

    /// <summary>Extension-group call cost: call type (<c>filter.type</c>).</summary>
    public PortSipCallReportCallType? CallType { get; set; }

    /// <summary>Extension-group call cost: extension group names (<c>filter.groups</c>).</summary>
    public IReadOnlyList<string>? ExtensionGroups { get; set; }

    /// <summary>Queue types: queue extension numbers (<c>filter.call_queues</c>).</summary>
    public IReadOnlyList<string>? Queues { get; set; }

    /// <summary>Queue types: leave out calls dropped within this many seconds (<c>filter.exclude_calls_dropped_before_seconds</c>).</summary>
    public int? ExcludeCallsDroppedBeforeSeconds { get; set; }

    /// <summary>Ring group statistics: ring group extension numbers (<c>filter.ring_groups</c>).</summary>
    public IReadOnlyList<string>? RingGroups { get; set; }

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
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("The report needs a name.", nameof(Name));
        }

        if (string.IsNullOrWhiteSpace(Email) || Email.Length > MaximumEmailLength || Email.IndexOf('@') <= 0 || Email.IndexOf('@') == Email.Length - 1)
        {
            throw new ArgumentException($"-Email must be one e-mail address of at most {MaximumEmailLength} characters (the PBX e-mails the finished report there); it was '{Email}'.", nameof(Email));
        }

        if (Range == PortSipCallReportRange.Custom)
        {
            if (StartTime is not { } start || EndTime is not { } end)
            {
                throw new ArgumentException("-Range Custom needs -StartTime and -EndTime.", nameof(Range));
            }

            if (end <= start)
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", end.ToUniversalTime(), start.ToUniversalTime()), nameof(EndTime));
            }
        }
        else if (StartTime is not null || EndTime is not null)
        {
            throw new ArgumentException($"-StartTime and -EndTime are used only with -Range Custom; -Range is {Range}.", nameof(StartTime));
        }

        if (CronExpression is not null)
        {
            var fields = CronExpression.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length is < 5 or > 6)
            {
                throw new ArgumentException($"-CronExpression '{CronExpression}' is not a crontab expression (5 fields: minute hour day-of-month month day-of-week, e.g. '0 6 * * 1').", nameof(CronExpression));
            }
        }

        var isNormal = Type == PortSipCallReportType.Normal;
        var usesNormal = From is not null || FromValue is not null || To is not null || ToValue is not null || AnswerState is not null || Duration is not null || DurationFrom is not null || DurationTo is not null;
        var usesGroups = CallType is not null || ExtensionGroups is not null;
        var usesQueues = Queues is not null || ExcludeCallsDroppedBeforeSeconds is not null;
        Refuse(usesNormal && !isNormal, "-From, -To, -AnswerState and -DurationKind filter Normal reports");
        Refuse(usesGroups && Type != PortSipCallReportType.ExtensionGroupCallCost, "-CallType and -ExtensionGroup filter ExtensionGroupCallCost reports");
        Refuse(usesQueues && !IsQueueType(Type), "-Queue and -ExcludeCallsDroppedBeforeSeconds filter the queue report types");
        Refuse(RingGroups is not null && Type != PortSipCallReportType.RingGroupStatistics, "-RingGroup filters RingGroupStatistics reports");

        if (isNormal)
        {
            CheckParty(From ?? PortSipCallReportParty.Any, FromValue, "From");
            CheckParty(To ?? PortSipCallReportParty.Any, ToValue, "To");
            var duration = Duration ?? PortSipCallReportDuration.Any;
            if (duration == PortSipCallReportDuration.Any && (DurationFrom is not null || DurationTo is not null))
            {
                throw new ArgumentException("-MinimumDurationSec and -MaximumDurationSec need -DurationKind RingDuration or TalkDuration.", nameof(DurationFrom));
            }

            if (duration != PortSipCallReportDuration.Any && DurationFrom is null && DurationTo is null)
            {
                throw new ArgumentException($"-DurationKind {duration} needs -MinimumDurationSec, -MaximumDurationSec or both.", nameof(Duration));
            }

            if (DurationFrom < 0 || DurationTo < 0 || (DurationFrom is { } low && DurationTo is { } high && high < low))
            {
                throw new ArgumentException(string.Format(CultureInfo.InvariantCulture, "The duration bounds must be 0 or more, the minimum not above the maximum; they were {0}–{1}.", DurationFrom, DurationTo), nameof(DurationTo));
            }
        }
        else if (Type == PortSipCallReportType.ExtensionGroupCallCost)
        {
            CheckList(ExtensionGroups, "-ExtensionGroup", "extension group names");
        }
        else if (IsQueueType(Type))
        {
            CheckList(Queues, "-Queue", "queue extension numbers");
            if (ExcludeCallsDroppedBeforeSeconds is { } seconds)
            {
                if (Type == PortSipCallReportType.QueueFailedCallbacks)
                {
                    throw new ArgumentException("QueueFailedCallbacks reports are filtered by queues only; -ExcludeCallsDroppedBeforeSeconds does not apply.", nameof(ExcludeCallsDroppedBeforeSeconds));
                }

                if (seconds < 1)
                {
                    throw new ArgumentException($"-ExcludeCallsDroppedBeforeSeconds must be 1 or more; it was {seconds}.", nameof(ExcludeCallsDroppedBeforeSeconds));
                }
            }
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

    /// <summary>The request body of <c>POST /api/call_reports</c>.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("name", Name.Trim());
            writer.WriteString("type", ToWire(Type));
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

            writer.WritePropertyName("filter");
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
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool NeedsValue(PortSipCallReportParty kind) => kind is PortSipCallReportParty.ExtensionOrExtensionRange
        or PortSipCallReportParty.Number or PortSipCallReportParty.NumbersStartWith or PortSipCallReportParty.NumbersContain;

    private static void CheckParty(PortSipCallReportParty kind, string? value, string name)
    {
        if (NeedsValue(kind) && string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"-{name} {kind} needs -{name}Value (e.g. 101, or 101-110 for a range of extensions).", name + "Value");
        }

        if (!NeedsValue(kind) && value is not null)
        {
            throw new ArgumentException($"-{name}Value is used with -{name} ExtensionOrExtensionRange, Number, NumbersStartWith or NumbersContain; -{name} is {kind}.", name + "Value");
        }

        if (kind == PortSipCallReportParty.ExtensionOrExtensionRange)
        {
            var parts = value!.Trim().Split('-');
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
        if (NeedsValue(kind))
        {
            writer.WriteString(name + "_value", value!.Trim());
        }
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value.Trim());
        }

        writer.WriteEndArray();
    }
}
