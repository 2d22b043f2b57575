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

/// <summary>Which OpenAPI path serves the report data.</summary>
public enum YeastarApiVersion
{
    /// <summary><c>openapi/v2.0</c> on firmware x.21.0.117 or later, else <c>openapi/v1.0</c>.</summary>
    Auto,

    /// <summary><c>openapi/v1.0</c>: legacy data (firmware x.21.0.66 and earlier).</summary>
    V1,

    /// <summary><c>openapi/v2.0</c>: data generated on firmware x.21.0.117 or later.</summary>
    V2,
}

/// <summary>The <c>communication_type</c> filter.</summary>
public enum YeastarCommunicationType
{
    /// <summary><c>Inbound</c>.</summary>
    Inbound,

    /// <summary><c>Outbound</c>.</summary>
    Outbound,

    /// <summary><c>Internal</c> (extension reports only).</summary>
    Internal,
}

/// <summary>The <c>callback_result</c> filter.</summary>
public enum YeastarCallbackResult
{
    /// <summary><c>success</c>.</summary>
    Success,

    /// <summary><c>fail</c>.</summary>
    Fail,
}

/// <summary>The <c>call_to_type</c> filter.</summary>
public enum YeastarCallToType
{
    /// <summary><c>Extension</c>.</summary>
    Extension,

    /// <summary><c>Queue</c>.</summary>
    Queue,

    /// <summary><c>RingGroup</c>.</summary>
    RingGroup,
}

/// <summary>The <c>miss_call_type</c> filter.</summary>
public enum YeastarMissedCallType
{
    /// <summary><c>no_answer</c>.</summary>
    NoAnswer,

    /// <summary><c>busy</c>.</summary>
    Busy,

    /// <summary><c>abandoned</c>.</summary>
    Abandoned,
}

/// <summary>The <c>unreturn_status</c> filter.</summary>
public enum YeastarUnreturnedStatus
{
    /// <summary><c>1</c>: returned.</summary>
    Returned = 1,

    /// <summary><c>2</c>: not returned.</summary>
    NotReturned = 2,
}
