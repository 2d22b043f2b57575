namespace CallReports.Models;

/// <summary>
/// One PortSIP PBX call log entry (<c>GET /api/calllogs</c>, PBX v22.1 and later, or
/// <c>GET /api/calllogs/{id}</c> for the detail form, which adds <see cref="PortSipCallRecord.Cost"/> and
/// <see cref="PortSipCallRecord.BilledAccount"/>). A call log is one leg of a call; the legs of one call share
/// <see cref="SessionId"/>, so <c>Group-Object SessionId</c> puts a call back together. Property names
/// are the vendor's snake_case fields in PascalCase; times are UTC.
/// </summary>
public sealed class PortSipCallLog : PortSipCallRecord
{
    /// <summary>The call session this leg belongs to (<c>session_id</c>); every leg of one call has the same value.</summary>
    public string? SessionId { get; set; }
}
