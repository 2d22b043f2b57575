namespace CallReports.Models;

/// <summary>The period a PortSIP call report covers (<c>range</c>), relative to the day the report runs.</summary>
public enum PortSipCallReportRange
{
    /// <summary><c>TODAY</c>: the day the report is generated.</summary>
    Today,

    /// <summary><c>YESTERDAY</c>.</summary>
    Yesterday,

    /// <summary><c>LAST_WEEK</c>: the previous calendar week.</summary>
    LastWeek,

    /// <summary><c>LAST_SEVEN_DAYS</c>.</summary>
    LastSevenDays,

    /// <summary><c>LAST_MONTH</c>: the previous calendar month.</summary>
    LastMonth,

    /// <summary><c>LAST_THIRTY_DAYS</c>.</summary>
    LastThirtyDays,

    /// <summary><c>CUSTOM</c>: from <c>started_at</c> to <c>ended_at</c>.</summary>
    Custom,
}
