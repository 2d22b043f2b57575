namespace CallReports.Models;

/// <summary>Which duration a Normal PortSIP call report bounds (<c>filter.duration</c>, with <c>duration_from</c>/<c>duration_to</c> in seconds).</summary>
public enum PortSipCallReportDuration
{
    /// <summary><c>ANY</c>: no duration bound.</summary>
    Any,

    /// <summary><c>RING_DURATION</c>: the time the call rang.</summary>
    RingDuration,

    /// <summary><c>TALK_DURATION</c>: the time the call was connected.</summary>
    TalkDuration,
}
