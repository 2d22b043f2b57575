namespace CallReports.Models;

/// <summary>What <c>Measure-CallRecord -GroupBy</c> can group calls by.</summary>
public enum CallGrouping
{
    /// <summary>The platform.</summary>
    Platform,

    /// <summary>The server and account, tenant or domain.</summary>
    Source,

    /// <summary>The queue, campaign, skill, ring group or RingCX profile.</summary>
    Queue,

    /// <summary>The agent or extension.</summary>
    Agent,

    /// <summary>Inbound, outbound, internal.</summary>
    Direction,

    /// <summary>The hour of the day (0–23) in the chosen zone.</summary>
    Hour,

    /// <summary>The date in the chosen zone.</summary>
    Date,

    /// <summary>The day of the week in the chosen zone.</summary>
    Weekday,
}
