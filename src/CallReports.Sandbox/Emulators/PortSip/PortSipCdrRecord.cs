using System;
using System.Globalization;
using System.Text.Json;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>One emulated CDR, with the vendor's quirks kept (empty strings, varying fractional seconds).</summary>
public sealed class PortSipCdrRecord : IPortSipRow
{
    /// <summary>Numeric-string id, e.g. "878156644691742720".</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Caller number or extension.</summary>
    public string Caller { get; set; } = string.Empty;

    /// <summary>Caller domain.</summary>
    public string CallerDomain { get; set; } = string.Empty;

    /// <summary>Caller display name.</summary>
    public string CallerDisplayName { get; set; } = string.Empty;

    /// <summary>Callee number or extension.</summary>
    public string Callee { get; set; } = string.Empty;

    /// <summary>Callee domain.</summary>
    public string CalleeDomain { get; set; } = string.Empty;

    /// <summary>Callee display name.</summary>
    public string CalleeDisplayName { get; set; } = string.Empty;

    /// <summary>Start (exact value; <see cref="StartedAtText"/> is how it is sent).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>Fractional digits used when sending the times (0, 1, 3 or 6).</summary>
    public int FractionDigits { get; set; }

    /// <summary>Ringing started.</summary>
    public DateTimeOffset RangAt { get; set; }

    /// <summary>Answered, or null (sent as "").</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>Ended.</summary>
    public DateTimeOffset EndedAt { get; set; }

    /// <summary>SIP Call-ID.</summary>
    public string CallId { get; set; } = string.Empty;

    /// <summary>INBOUND_CALL, OUTBOUND_CALL, EXTENSION_CALL, INBOUND_OUTBOUND_CALL.</summary>
    public string Direction { get; set; } = string.Empty;

    /// <summary>End reason (including the vendor's "CALLER_DISCONNECT").</summary>
    public string EndReason { get; set; } = string.Empty;

    /// <summary>Reroute reason, often "".</summary>
    public string RerouteReason { get; set; } = string.Empty;

    /// <summary>SIP status; 0 = no error.</summary>
    public int StatusCode { get; set; }

    /// <summary>Destination.</summary>
    public string Destination { get; set; } = string.Empty;

    /// <summary>Outbound caller id.</summary>
    public string OutboundCallerId { get; set; } = string.Empty;

    /// <summary>DID/CID.</summary>
    public string DidCid { get; set; } = string.Empty;

    /// <summary>Trunk name.</summary>
    public string Trunk { get; set; } = string.Empty;

    /// <summary>Talk time in seconds.</summary>
    public int Duration { get; set; }

    /// <summary>Service number.</summary>
    public string ServiceNumber { get; set; } = string.Empty;

    /// <summary>User data.</summary>
    public string UserData { get; set; } = string.Empty;

    /// <summary>Cost (detail only).</summary>
    public double Cost { get; set; }

    /// <summary>Billed account (detail only).</summary>
    public string BilledAccount { get; set; } = string.Empty;

    /// <summary>The call session (<c>session_id</c>, call logs only): the legs of one call share it.</summary>
    public string SessionId { get; set; } = string.Empty;

    /// <summary>Where the record sorts when nothing else decides: insertion order.</summary>
    public long Sequence { get; set; }

    /// <summary>RFC 3339 UTC with this record's number of fractional digits.</summary>
    public string FormatTime(DateTimeOffset? value)
    {
        if (value is not { } v)
        {
            return string.Empty;
        }

        var format = FractionDigits == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss." + new string('f', FractionDigits) + "'Z'";
        return v.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes the record as PortSIP does; the detail adds cost and billed_account, a call log adds session_id.</summary>
    internal void Write(Utf8JsonWriter writer, bool detail, bool callLog = false)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        if (callLog)
        {
            writer.WriteString("session_id", SessionId);
        }

        writer.WriteString("caller", Caller);
        writer.WriteString("caller_domain", CallerDomain);
        writer.WriteString("caller_display_name", CallerDisplayName);
        writer.WriteString("callee", Callee);
        writer.WriteString("callee_domain", CalleeDomain);
        writer.WriteString("callee_display_name", CalleeDisplayName);
        writer.WriteString("started_at", FormatTime(StartedAt));
        writer.WriteString("rang_at", FormatTime(RangAt));
        writer.WriteString("answered_at", FormatTime(AnsweredAt));
        writer.WriteString("ended_at", FormatTime(EndedAt));
        writer.WriteString("call_id", CallId);
        writer.WriteString("direction", Direction);
        writer.WriteString("end_reason", EndReason);
        writer.WriteString("reroute_reason", RerouteReason);
        writer.WriteNumber("status_code", StatusCode);
        writer.WriteString("destination", Destination);
        writer.WriteString("outbound_caller_id", OutboundCallerId);
        writer.WriteString("did_cid", DidCid);
        writer.WriteString("trunk", Trunk);
        writer.WriteNumber("duration", Duration);
        if (detail)
        {
            writer.WriteNumber("cost", Cost);
            writer.WriteString("billed_account", BilledAccount);
        }

        writer.WriteString("service_number", ServiceNumber);
        writer.WriteString("user_data", UserData);
        writer.WriteEndObject();
    }

    /// <summary>The value of a field as the wire shows it (for filter, search and sort).</summary>
    public object? Field(string name) => name switch
    {
        "id" => Id,
        "session_id" => SessionId,
        "caller" => Caller,
        "caller_domain" => CallerDomain,
        "caller_display_name" => CallerDisplayName,
        "callee" => Callee,
        "callee_domain" => CalleeDomain,
        "callee_display_name" => CalleeDisplayName,
        "started_at" => StartedAt,
        "rang_at" => RangAt,
        "answered_at" => AnsweredAt,
        "ended_at" => EndedAt,
        "call_id" => CallId,
        "direction" => Direction,
        "end_reason" => EndReason,
        "reroute_reason" => RerouteReason,
        "status_code" => (long)StatusCode,
        "destination" => Destination,
        "outbound_caller_id" => OutboundCallerId,
        "did_cid" => DidCid,
        "trunk" => Trunk,
        "duration" => (long)Duration,
        "service_number" => ServiceNumber,
        "user_data" => UserData,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown field."),
    };

    /// <summary>Every field name a list record has.</summary>
    internal static readonly string[] FieldNames =
    {
        "id", "caller", "caller_domain", "caller_display_name", "callee", "callee_domain", "callee_display_name",
        "started_at", "rang_at", "answered_at", "ended_at", "call_id", "direction", "end_reason", "reroute_reason",
        "status_code", "destination", "outbound_caller_id", "did_cid", "trunk", "duration", "service_number", "user_data", "session_id",
    };

    /// <summary>The CDR and call log fields for filter and sort.</summary>
    internal static readonly PortSipSchema Schema = new(FieldNames, new[] { "started_at", "rang_at", "answered_at", "ended_at" }, new[] { "status_code", "duration" });

    /// <summary>Fields holding times.</summary>
    internal static bool IsTime(string name) => name is "started_at" or "rang_at" or "answered_at" or "ended_at";

    /// <summary>Fields holding numbers.</summary>
    internal static bool IsNumber(string name) => name is "status_code" or "duration";
}
