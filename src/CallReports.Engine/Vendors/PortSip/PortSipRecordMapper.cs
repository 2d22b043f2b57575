using System;
using System.Globalization;
using System.Text.Json;
using CallReports.Models;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>Turns one PortSIP JSON record into a model object, cleaning the vendor's quirks ("" for null, numbers as strings).</summary>
internal static class PortSipRecordMapper
{
    public static PortSipCdr ToCdr(JsonElement item) => Fill(new PortSipCdr(), item);

    public static PortSipCallLog ToCallLog(JsonElement item)
    {
        var log = Fill(new PortSipCallLog(), item);
        log.SessionId = Text(item, "session_id");
        return log;
    }

    /// <summary>The fields CDRs and call logs share.</summary>
    private static T Fill<T>(T record, JsonElement item)
        where T : PortSipCallRecord
    {
        record.Id = Text(item, "id") ?? string.Empty;
        record.Caller = Text(item, "caller");
        record.CallerDomain = Text(item, "caller_domain");
        record.CallerDisplayName = Text(item, "caller_display_name");
        record.Callee = Text(item, "callee");
        record.CalleeDomain = Text(item, "callee_domain");
        record.CalleeDisplayName = Text(item, "callee_display_name");
        record.StartedAt = Time(item, "started_at");
        record.RangAt = Time(item, "rang_at");
        record.AnsweredAt = Time(item, "answered_at");
        record.EndedAt = Time(item, "ended_at");
        record.CallId = Text(item, "call_id");
        record.Direction = Text(item, "direction");
        record.EndReason = Text(item, "end_reason");
        record.RerouteReason = Text(item, "reroute_reason");
        record.StatusCode = (int)(Number(item, "status_code") ?? 0);
        record.Destination = Text(item, "destination");
        record.OutboundCallerId = Text(item, "outbound_caller_id");
        record.DidCid = Text(item, "did_cid");
        record.Trunk = Text(item, "trunk");
        record.Duration = TimeSpan.FromSeconds(Number(item, "duration") ?? 0);
        record.ServiceNumber = Text(item, "service_number");
        record.UserData = Text(item, "user_data");
        record.Cost = Number(item, "cost");
        record.BilledAccount = Text(item, "billed_account");
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
    internal static string? Text(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    /// <summary>A number that may arrive as a JSON number or a numeric string.</summary>
    internal static double? Number(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>RFC 3339 in UTC with any number of fractional digits; "" means null.</summary>
    internal static DateTimeOffset? Time(JsonElement item, string name)
    {
        var text = Text(item, name);
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }
}
