namespace CallReports.Engine.Vendors.PortSip;

/// <summary>A definition read back from the PBX (<c>GET /api/call_reports/{id}</c>), so an update can change it and check it whole.</summary>
public sealed partial class PortSipCallReportDefinition
{
    /// <summary>Whether the PBX returned a filter this definition was read from (an update keeps an unknown filter as it is).</summary>
    internal bool FilterKnown { get; private set; }

    /// <summary>The definition a detail record describes.</summary>
    /// <param name="report">The detail (the list form lacks e-mail, format, range and filter).</param>
    /// <exception cref="CallReportsException">PortSipUnknownCallReportValue: a type, format, range or filter value this module does not know.</exception>
    internal static PortSipCallReportDefinition FromReport(PortSipCallReport report)
    {
        var definition = new PortSipCallReportDefinition
        {
            Name = report.Name ?? string.Empty,
            Type = FromWire<PortSipCallReportType>(report, report.Type, "type"),
            Email = report.Email ?? string.Empty,
            Format = FromWire<PortSipCallReportFormat>(report, report.Format, "format"),
            Range = FromWire<PortSipCallReportRange>(report, report.Range, "range"),
            CronExpression = string.IsNullOrWhiteSpace(report.CronExpression) ? null : report.CronExpression,
        };

        // A PBX may echo times for other ranges; only a Custom range has them.
        if (definition.Range == PortSipCallReportRange.Custom)
        {
            definition.StartTime = report.StartedAt;
            definition.EndTime = report.EndedAt;
        }

        if (report.Filter is { } text)
        {
            using var document = JsonDocument.Parse(text);
            definition.ReadFilter(report, document.RootElement);
            definition.FilterKnown = true;
        }

        return definition;
    }

    /// <summary>The PascalCase value of a PortSIP name: QUEUE_SLA_STATISTICS → QueueSlaStatistics.</summary>
    private static TEnum FromWire<TEnum>(PortSipCallReport report, string? wire, string field)
        where TEnum : struct, Enum
    {
        if (wire is not null && Enum.TryParse<TEnum>(wire.Replace("_", string.Empty), ignoreCase: true, out var value) && Enum.IsDefined(typeof(TEnum), value))
        {
            return value;
        }

        throw new CallReportsException(
            PortSipErrors.UnknownCallReportValue,
            FailureKind.NotImplemented,
            $"Call report '{report.Name}' (id {report.Id}) has the {field} '{wire}', which this module does not know; it was not changed. Change it in the PortSIP web portal.") { Target = report.Id };
    }

    private void ReadFilter(PortSipCallReport report, JsonElement filter)
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        TEnum? Kind<TEnum>(string name)
            where TEnum : struct, Enum =>
            PortSipRecordMapper.Text(filter, name) is { } wire ? FromWire<TEnum>(report, wire, "filter." + name) : null;

        int? Whole(string name) => PortSipRecordMapper.Number(filter, name) is { } n ? (int)n : null;

        List<string>? List(string name)
        {
            if (!filter.TryGetProperty(name, out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var values = new List<string>();
            foreach (var item in array.EnumerateArray())
            {
                if (PortSipRecordMapper.Text(item) is { } value)
                {
                    values.Add(value);
                }
            }

            return values;
        }

        if (Type == PortSipCallReportType.Normal)
        {
            From = Kind<PortSipCallReportParty>("from");
            FromValue = From is { } from && NeedsValue(from) ? PortSipRecordMapper.Text(filter, "from_value") : null;
            To = Kind<PortSipCallReportParty>("to");
            ToValue = To is { } to && NeedsValue(to) ? PortSipRecordMapper.Text(filter, "to_value") : null;
            AnswerState = Kind<PortSipCallReportAnswerState>("answer_state");
            Duration = Kind<PortSipCallReportDuration>("duration");
            if (Duration is { } duration && duration != PortSipCallReportDuration.Any)
            {
                DurationFrom = Whole("duration_from");
                DurationTo = Whole("duration_to");
            }
        }
        else if (Type == PortSipCallReportType.ExtensionGroupCallCost)
        {
            CallType = Kind<PortSipCallReportCallType>("type");
            ExtensionGroups = List("groups");
        }
        else if (IsQueueType(Type))
        {
            Queues = List("call_queues");
            if (filter.TryGetProperty("enable_exclude_calls_dropped_before_seconds", out var enabled) && enabled.ValueKind == JsonValueKind.True)
            {
                ExcludeCallsDroppedBeforeSeconds = Whole("exclude_calls_dropped_before_seconds");
            }
        }
        else
        {
            RingGroups = List("ring_groups");
        }
    }
}
