namespace CallReports.Models;

/// <summary>
/// The report types of PortSIP's call report engine (<c>type</c> of <c>POST /api/call_reports</c>). Each
/// name is the vendor's UPPER_SNAKE value in PascalCase (<c>QueueSlaStatistics</c> is <c>QUEUE_SLA_STATISTICS</c>).
/// </summary>
public enum PortSipCallReportType
{
    /// <summary><c>NORMAL</c>: a list of calls, filtered by from/to, answer state and duration. At most 20,000 calls.</summary>
    Normal,

    /// <summary><c>EXTENSION_GROUP_CALL_COST</c>: call cost per extension group, filtered by call type and groups.</summary>
    ExtensionGroupCallCost,

    /// <summary><c>QUEUE_PERFORMANCE</c>.</summary>
    QueuePerformance,

    /// <summary><c>QUEUE_DETAILED_STATISTICS</c>.</summary>
    QueueDetailedStatistics,

    /// <summary><c>QUEUE_ABANDONED_CALLS</c>.</summary>
    QueueAbandonedCalls,

    /// <summary><c>QUEUE_SLA_STATISTICS</c>.</summary>
    QueueSlaStatistics,

    /// <summary><c>QUEUE_BREACHES_SLA_STATISTICS</c>.</summary>
    QueueBreachesSlaStatistics,

    /// <summary><c>QUEUE_CALLBACKS</c>.</summary>
    QueueCallbacks,

    /// <summary><c>QUEUE_FAILED_CALLBACKS</c>: filtered by queues only.</summary>
    QueueFailedCallbacks,

    /// <summary><c>TEAM_QUEUE_GENERAL_STATISTICS</c>.</summary>
    TeamQueueGeneralStatistics,

    /// <summary><c>RING_GROUP_STATISTICS</c>: filtered by ring groups.</summary>
    RingGroupStatistics,
}
