namespace CallReports.Models;

/// <summary>
/// One PortSIP PBX call detail record (<c>GET /api/cdrs</c>, or <c>GET /api/cdrs/{id}</c> for the
/// detail form, which adds <see cref="PortSipCallRecord.Cost"/> and <see cref="PortSipCallRecord.BilledAccount"/>).
/// </summary>
public sealed class PortSipCdr : PortSipCallRecord
{
}
