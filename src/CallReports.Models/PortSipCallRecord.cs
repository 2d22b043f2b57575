using System;

namespace CallReports.Models;

/// <summary>
/// The fields PortSIP's call detail records and call logs share (<c>GET /api/cdrs</c>,
/// <c>GET /api/calllogs</c>); the detail forms add <see cref="Cost"/> and <see cref="BilledAccount"/>.
/// Property names are the vendor's snake_case fields in PascalCase; times are UTC.
/// </summary>
public abstract class PortSipCallRecord
{
    /// <summary>Opaque record id (<c>id</c>). Never parse it: PBXs return base64-like or numeric strings.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Caller number or extension (<c>caller</c>).</summary>
    public string? Caller { get; set; }

    /// <summary>Caller's SIP domain (<c>caller_domain</c>).</summary>
    public string? CallerDomain { get; set; }

    /// <summary>Caller display name (<c>caller_display_name</c>).</summary>
    public string? CallerDisplayName { get; set; }

    /// <summary>Callee number or extension (<c>callee</c>).</summary>
    public string? Callee { get; set; }

    /// <summary>Callee's SIP domain (<c>callee_domain</c>).</summary>
    public string? CalleeDomain { get; set; }

    /// <summary>Callee display name (<c>callee_display_name</c>).</summary>
    public string? CalleeDisplayName { get; set; }

    /// <summary>When the call started, UTC (<c>started_at</c>).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>When the callee started ringing, UTC (<c>rang_at</c>); null when it never rang.</summary>
    public DateTimeOffset? RangAt { get; set; }

    /// <summary>When the call was answered, UTC (<c>answered_at</c>); null for unanswered calls (the PBX sends "").</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>When the call ended, UTC (<c>ended_at</c>).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>SIP Call-ID (<c>call_id</c>).</summary>
    public string? CallId { get; set; }

    /// <summary>
    /// Direction (<c>direction</c>): INBOUND_CALL, OUTBOUND_CALL, EXTENSION_CALL, INBOUND_OUTBOUND_CALL, or
    /// any value a newer PBX sends.
    /// </summary>
    public string? Direction { get; set; }

    /// <summary>Why the call ended (<c>end_reason</c>), e.g. CALLER_DISCONNECTED; unknown values pass through.</summary>
    public string? EndReason { get; set; }

    /// <summary>Why the call was rerouted (<c>reroute_reason</c>), e.g. TRANSFER or OVERFLOW; null when empty.</summary>
    public string? RerouteReason { get; set; }

    /// <summary>Final SIP status code (<c>status_code</c>); 0 means no error.</summary>
    public int StatusCode { get; set; }

    /// <summary>Destination (<c>destination</c>).</summary>
    public string? Destination { get; set; }

    /// <summary>Outbound caller id used (<c>outbound_caller_id</c>).</summary>
    public string? OutboundCallerId { get; set; }

    /// <summary>DID or CID (<c>did_cid</c>).</summary>
    public string? DidCid { get; set; }

    /// <summary>Trunk name (<c>trunk</c>).</summary>
    public string? Trunk { get; set; }

    /// <summary>Talk time (<c>duration</c>, whole seconds on the wire).</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Service number (<c>service_number</c>, PBX v22.1+).</summary>
    public string? ServiceNumber { get; set; }

    /// <summary>User data attached to the call (<c>user_data</c>, PBX v22.1+).</summary>
    public string? UserData { get; set; }

    /// <summary>Call cost (<c>cost</c>); only on the detail record (<c>-Id</c>), otherwise null.</summary>
    public double? Cost { get; set; }

    /// <summary>Billed account (<c>billed_account</c>); only on the detail record (<c>-Id</c>), otherwise null.</summary>
    public string? BilledAccount { get; set; }

    /// <summary>Where the record came from: the server's host and the account, tenant or domain (set by the command).</summary>
    public string? Source { get; set; }
}
