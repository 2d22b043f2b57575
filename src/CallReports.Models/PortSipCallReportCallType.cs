namespace CallReports.Models;

/// <summary>Which calls an extension-group call cost report counts (<c>filter.type</c>).</summary>
public enum PortSipCallReportCallType
{
    /// <summary><c>ANY</c>.</summary>
    Any,

    /// <summary><c>LOCAL</c>.</summary>
    Local,

    /// <summary><c>NATIONAL</c>.</summary>
    National,

    /// <summary><c>INTERNATIONAL</c>.</summary>
    International,

    /// <summary><c>MOBILE</c>.</summary>
    Mobile,
}
