namespace CallReports.Engine.Diagnostics;

/// <summary>Which PowerShell stream a <see cref="LogEntry"/> belongs on.</summary>
public enum LogKind
{
    /// <summary>Write-Verbose.</summary>
    Verbose,

    /// <summary>Write-Debug.</summary>
    Debug,

    /// <summary>Write-Warning.</summary>
    Warning,

    /// <summary>Write-Progress.</summary>
    Progress,

    /// <summary>Write-Error (non-terminating).</summary>
    Error,
}

/// <summary>One message from the engine to the cmdlet, already redacted.</summary>
public sealed class LogEntry
{
    internal LogEntry(LogKind kind, string message)
    {
        Kind = kind;
        Message = message;
    }

    /// <summary>The stream.</summary>
    public LogKind Kind { get; }

    /// <summary>The message, or the progress status line.</summary>
    public string Message { get; }

    /// <summary>Progress only: the activity (e.g. "Get-PortSipCdr").</summary>
    public string? Activity { get; internal set; }

    /// <summary>Progress only: a stable id per activity.</summary>
    public int ActivityId { get; internal set; }

    /// <summary>Progress only: percent complete, or -1 when unknown.</summary>
    public int PercentComplete { get; internal set; } = -1;

    /// <summary>Error only: the failure.</summary>
    public CallReportsException? Error { get; internal set; }

    /// <summary>Progress only: the activity has finished.</summary>
    public bool Completed { get; internal set; }
}
