namespace CallReports.Models;

/// <summary>The span one row of a date-based (<c>time</c>) Yeastar report covers.</summary>
public enum YeastarGranularity
{
    /// <summary>One day, hour by hour (<c>time</c> is the full date).</summary>
    Hour,

    /// <summary>One month, day by day (<c>time</c> is year and month).</summary>
    Day,

    /// <summary>One year, month by month (<c>time</c> is the year).</summary>
    Month,
}
