using System;

namespace CallReports.Models;

/// <summary>
/// One VOXO call detail record (<c>GET /call-reports</c>). Property names are the vendor's camelCase
/// fields in PascalCase. Durations are whole seconds; the vendor's 0/1 flags are booleans; "" becomes null.
/// </summary>
public sealed class VoxoCallRecord
{
    /// <summary>Record id, a UUID (<c>id</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>
    /// When the call started (<c>time</c>), in the zone the report was requested in. The exact instant
    /// comes from the epoch inside <see cref="UniqueId"/> when there is one; use <c>.UtcDateTime</c> for UTC.
    /// Null when VOXO sent no readable time.
    /// </summary>
    public DateTimeOffset? Time { get; set; }

    /// <summary>The <c>time</c> string exactly as VOXO sent it (<c>MM/dd/yy HH:mm:ss</c>, no zone).</summary>
    public string? TimeText { get; set; }

    /// <summary>The IANA zone VOXO rendered <c>time</c> in (the request's <c>timezone</c>).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Caller id number (<c>callerIdNumber</c>).</summary>
    public string? CallerIdNumber { get; set; }

    /// <summary>Caller id name (<c>callerIdName</c>).</summary>
    public string? CallerIdName { get; set; }

    /// <summary>The number dialed (<c>dialedNum</c>).</summary>
    public string? DialedNum { get; set; }

    /// <summary>Direction (<c>direction</c>): IN, OUT, or any value VOXO adds.</summary>
    public string? Direction { get; set; }

    /// <summary>Disposition (<c>disposition</c>): ANSWERED, NO ANSWER, BUSY, FAILED, or any value VOXO adds.</summary>
    public string? Disposition { get; set; }

    /// <summary>Call length in whole seconds (<c>duration</c>).</summary>
    public int Duration { get; set; }

    /// <summary>Talk time after answer in whole seconds (<c>afterAnswerDuration</c>).</summary>
    public int AfterAnswerDuration { get; set; }

    /// <summary>Jitter percentage (<c>percentJitter</c>).</summary>
    public double? PercentJitter { get; set; }

    /// <summary>Packet loss (<c>packetLoss</c>).</summary>
    public double? PacketLoss { get; set; }

    /// <summary>Quality-of-service value (<c>qos</c>).</summary>
    public double? Qos { get; set; }

    /// <summary>Mean opinion score, 1–5; 0 when not measured (<c>mos</c>).</summary>
    public double? Mos { get; set; }

    /// <summary>Asterisk unique id, <c>host-epochSeconds.sequence</c> (<c>uniqueId</c>).</summary>
    public string? UniqueId { get; set; }

    /// <summary>Unique id of the call leg before this one (<c>prevUniqueId</c>).</summary>
    public string? PrevUniqueId { get; set; }

    /// <summary>Unique id of the call leg after this one (<c>nextUniqueId</c>).</summary>
    public string? NextUniqueId { get; set; }

    /// <summary>Who answered (<c>whoAnswered</c>).</summary>
    public string? WhoAnswered { get; set; }

    /// <summary>Whether the call was recorded (<c>recorded</c>, 0/1).</summary>
    public bool Recorded { get; set; }

    /// <summary>Whether the call went through a queue (<c>queueCall</c>, 0/1).</summary>
    public bool QueueCall { get; set; }

    /// <summary>Whether the call was presented to a user (<c>presented</c>, 0/1).</summary>
    public bool Presented { get; set; }

    /// <summary>LERG: operating company number (<c>ocn</c>); null when VOXO has no LERG data.</summary>
    public string? Ocn { get; set; }

    /// <summary>LERG: automatic number identification (<c>ani</c>).</summary>
    public string? Ani { get; set; }

    /// <summary>LERG: local access and transport area (<c>lata</c>).</summary>
    public string? Lata { get; set; }

    /// <summary>LERG: city (<c>city</c>).</summary>
    public string? City { get; set; }

    /// <summary>LERG: rate center (<c>rateCenter</c>).</summary>
    public string? RateCenter { get; set; }

    /// <summary>LERG: state or region code (<c>state</c>).</summary>
    public string? State { get; set; }

    /// <summary>LERG: jurisdiction, e.g. INTERSTATE (<c>jurisdiction</c>).</summary>
    public string? Jurisdiction { get; set; }

    /// <summary>LERG: whether the call was local (<c>local</c>, 0/1); null when unknown.</summary>
    public bool? Local { get; set; }

    /// <summary>LERG: local exchange carrier (<c>lec</c>).</summary>
    public string? Lec { get; set; }

    /// <summary>LERG: carrier type, e.g. CLEC (<c>lecType</c>).</summary>
    public string? LecType { get; set; }

    /// <summary>Service provider id (<c>spid</c>).</summary>
    public string? Spid { get; set; }

    /// <summary>Whether the number is toll-free (<c>isTollFree</c>, 0/1); null when unknown.</summary>
    public bool? IsTollFree { get; set; }

    /// <summary>Whether the call was international (<c>isInternational</c>, 0/1); null when unknown.</summary>
    public bool? IsInternational { get; set; }

    /// <summary>Call outcome tag (<c>callOutcome</c>).</summary>
    public string? CallOutcome { get; set; }

    /// <summary>Outgoing caller id number (<c>outgoingCidNum</c>).</summary>
    public string? OutgoingCidNum { get; set; }

    /// <summary>Billing id (<c>billingId</c>).</summary>
    public string? BillingId { get; set; }

    /// <summary>Partner id (<c>partnerId</c>).</summary>
    public string? PartnerId { get; set; }

    /// <summary>Geolocation (<c>geolocation</c>), as text (JSON text when VOXO sends an object).</summary>
    public string? Geolocation { get; set; }

    /// <summary>Where the record came from: the server's host and the account, tenant or domain (set by the command).</summary>
    public string? Source { get; set; }
}
