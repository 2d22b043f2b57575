namespace CallReports.Models;

/// <summary>
/// What kind of failure an engine error is; the cmdlets map it to a PowerShell ErrorCategory.
/// </summary>
public enum FailureKind
{
    /// <summary>Nothing more specific is known.</summary>
    Unknown,

    /// <summary>A parameter value the vendor or CallReports cannot accept.</summary>
    InvalidArgument,

    /// <summary>Sign-in failed or a token was rejected (HTTP 401).</summary>
    Authentication,

    /// <summary>The account may not do this (HTTP 403).</summary>
    PermissionDenied,

    /// <summary>The record, report or endpoint does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>A vendor rate or quota limit (HTTP 429), after retries.</summary>
    LimitsExceeded,

    /// <summary>The request timed out.</summary>
    Timeout,

    /// <summary>The server could not be reached or failed (network error, HTTP 5xx).</summary>
    Connection,

    /// <summary>The response was cut short or malformed.</summary>
    InvalidData,

    /// <summary>The operation is refused for safety (e.g. credentials over plain http).</summary>
    Security,

    /// <summary>The server does not support the operation (version too old).</summary>
    NotImplemented,

    /// <summary>Something is in use by another run (a checkpoint another command holds).</summary>
    ResourceBusy,
}
