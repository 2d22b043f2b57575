using CallReports.Engine.Json;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>Turns one PortSIP JSON record into a model object, cleaning the vendor's quirks ("" for null, numbers as strings).</summary>
internal static class PortSipRecordMapper
{
    [ThreadStatic]
    private static JsonFields? fields;

    /// <summary>The fields of a CDR or call log; each is named as PortSIP names it, in snake_case.</summary>
    private enum Field
    {
        Id,
        Caller,
        CallerDomain,
        CallerDisplayName,
        Callee,
        CalleeDomain,
        CalleeDisplayName,
        StartedAt,
        RangAt,
        AnsweredAt,
        EndedAt,
        CallId,
        Direction,
        EndReason,
        RerouteReason,
        StatusCode,
        Destination,
        OutboundCallerId,
        DidCid,
        Trunk,
        Duration,
        ServiceNumber,
        UserData,
        Cost,
        BilledAccount,
        SessionId,
    }

    private static JsonFields Fields => fields ??= new JsonFields(Array.ConvertAll(Enum.GetNames(typeof(Field)), SnakeCase));

    public static PortSipCdr ToCdr(JsonElement item) => Fill(new PortSipCdr(), item);

    public static PortSipCallLog ToCallLog(JsonElement item)
    {
        var log = Fill(new PortSipCallLog(), item);
        log.SessionId = Text(Fields, Field.SessionId);
        return log;
    }

    /// <summary>The fields CDRs and call logs share (the record's properties are read once, into <see cref="Fields"/>).</summary>
    private static T Fill<T>(T record, JsonElement item)
        where T : PortSipCallRecord
    {
        var f = Fields;
        f.Load(item);
        record.Id = Text(f, Field.Id) ?? string.Empty;
        record.Caller = Text(f, Field.Caller);
        record.CallerDomain = Text(f, Field.CallerDomain);
        record.CallerDisplayName = Text(f, Field.CallerDisplayName);
        record.Callee = Text(f, Field.Callee);
        record.CalleeDomain = Text(f, Field.CalleeDomain);
        record.CalleeDisplayName = Text(f, Field.CalleeDisplayName);
        record.StartedAt = Time(f, Field.StartedAt);
        record.RangAt = Time(f, Field.RangAt);
        record.AnsweredAt = Time(f, Field.AnsweredAt);
        record.EndedAt = Time(f, Field.EndedAt);
        record.CallId = Text(f, Field.CallId);
        record.Direction = Text(f, Field.Direction);
        record.EndReason = Text(f, Field.EndReason);
        record.RerouteReason = Text(f, Field.RerouteReason);
        record.StatusCode = (int)(Number(f, Field.StatusCode) ?? 0);
        record.Destination = Text(f, Field.Destination);
        record.OutboundCallerId = Text(f, Field.OutboundCallerId);
        record.DidCid = Text(f, Field.DidCid);
        record.Trunk = Text(f, Field.Trunk);
        record.Duration = TimeSpan.FromSeconds(Number(f, Field.Duration) ?? 0);
        record.ServiceNumber = Text(f, Field.ServiceNumber);
        record.UserData = Text(f, Field.UserData);
        record.Cost = Number(f, Field.Cost);
        record.BilledAccount = Text(f, Field.BilledAccount);
        return record;
    }

    public static PortSipCallReport ToCallReport(JsonElement item) => new()
    {
        Id = Text(item, "id") ?? string.Empty,
        Name = Text(item, "name"),
        Type = Text(item, "type"),
        Email = Text(item, "email"),
        Format = Text(item, "format"),
        Range = Text(item, "range"),
        StartedAt = Time(item, "started_at"),
        EndedAt = Time(item, "ended_at"),
        CronExpression = Text(item, "cron_expr"),
        Status = Text(item, "status"),
        Filter = item.TryGetProperty("filter", out var filter) && filter.ValueKind == JsonValueKind.Object ? filter.GetRawText() : null,
    };

    public static PortSipCompletedCallReport ToCompletedCallReport(JsonElement item) => new()
    {
        Id = Text(item, "id") ?? string.Empty,
        Name = Text(item, "name"),
        Type = Text(item, "type"),
        Format = Text(item, "format"),
        CompletedAt = Time(item, "completed_at"),
        FileName = Text(item, "file_name"),
        FileSize = (long)(Number(item, "file_size") ?? 0),
        FileUrl = Text(item, "file_url"),
    };

    /// <summary>A string field; "" and null both become null, numbers are kept as their text.</summary>
    internal static string? Text(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? Text(value) : null;

    internal static string? Text(JsonElement value)
    {
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>A number that may arrive as a JSON number or a numeric string.</summary>
    internal static double? Number(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? Number(value) : null;

    private static double? Number(JsonElement value)
    {
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>RFC 3339 in UTC with any number of fractional digits; "" means null.</summary>
    internal static DateTimeOffset? Time(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? Time(value) : null;

    private static DateTimeOffset? Time(JsonElement value)
    {
        // The common case, ISO 8601 as System.Text.Json reads it, straight from the UTF-8 bytes; a time
        // without an offset is UTC (as below), one with an offset is converted.
        if (value.ValueKind == JsonValueKind.String && value.TryGetDateTime(out var parsed))
        {
            return parsed.Kind switch
            {
                DateTimeKind.Utc => new DateTimeOffset(parsed, TimeSpan.Zero),
                DateTimeKind.Unspecified => new DateTimeOffset(DateTime.SpecifyKind(parsed, DateTimeKind.Utc), TimeSpan.Zero),
                _ => value.TryGetDateTimeOffset(out var zoned) ? zoned.ToUniversalTime() : null,
            };
        }

        var text = Text(value);
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var general)
            ? general
            : null;
    }

    private static string? Text(JsonFields fields, Field field) => fields.TryGet((int)field, out var value) ? Text(value) : null;

    private static double? Number(JsonFields fields, Field field) => fields.TryGet((int)field, out var value) ? Number(value) : null;

    private static DateTimeOffset? Time(JsonFields fields, Field field) => fields.TryGet((int)field, out var value) ? Time(value) : null;

    /// <summary>CallerDisplayName → caller_display_name.</summary>
    private static string SnakeCase(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
