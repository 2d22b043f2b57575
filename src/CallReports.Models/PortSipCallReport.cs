using System;

namespace CallReports.Models;

/// <summary>
/// A PortSIP call report definition (<c>GET /api/call_reports</c>, or <c>GET /api/call_reports/{id}</c> for
/// the detail form with e-mail, format, range, times and filter). A definition produces files; each run
/// appears as a <see cref="PortSipCompletedCallReport"/>. Vendor values (type, format, range, status) are
/// kept as the PBX sends them, e.g. QUEUE_SLA_STATISTICS, so values from newer PBXs pass through.
/// </summary>
public sealed class PortSipCallReport
{
    /// <summary>Opaque definition id (<c>id</c>).</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Report name (<c>name</c>); completed runs carry the same name.</summary>
    public string? Name { get; set; }

    /// <summary>Report type (<c>type</c>), e.g. NORMAL or QUEUE_SLA_STATISTICS.</summary>
    public string? Type { get; set; }

    /// <summary>Where the finished file is e-mailed (<c>email</c>); detail only.</summary>
    public string? Email { get; set; }

    /// <summary>File format (<c>format</c>): CSV or HTML; detail only.</summary>
    public string? Format { get; set; }

    /// <summary>Covered period (<c>range</c>), e.g. TODAY, LAST_WEEK or CUSTOM; detail only.</summary>
    public string? Range { get; set; }

    /// <summary>Start of a CUSTOM range, UTC (<c>started_at</c>).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>End of a CUSTOM range, UTC (<c>ended_at</c>).</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Schedule as a crontab expression (<c>cron_expr</c>); null for a one-time report.</summary>
    public string? CronExpression { get; set; }

    /// <summary>State (<c>status</c>): RUNNING, SCHEDULED or ABORTED. A finished run is a completed report, not a status.</summary>
    public string? Status { get; set; }

    /// <summary>The type's filter as the PBX returned it (<c>filter</c>, JSON text); detail only.</summary>
    public string? Filter { get; set; }
}
