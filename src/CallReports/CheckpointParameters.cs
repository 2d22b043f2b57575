namespace CallReports;

/// <summary>
/// <c>-Checkpoint</c>, <c>-Overlap</c> and <c>-Settle</c>, declared once for every command that returns calls
/// (each offers them as dynamic parameters, whatever its base class).
/// </summary>
public sealed class CheckpointParameters
{
    /// <summary>A JSON file that remembers where the last successful run ended, so the next run continues there and returns every call once.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Checkpoint { get; set; }

    /// <summary>With -Checkpoint: how far before the stored mark to read again, for records the vendor publishes late.</summary>
    [Parameter]
    [ValidateRange("00:00:00", "7.00:00:00")]
    public TimeSpan? Overlap { get; set; }

    /// <summary>With -Checkpoint and no -EndTime: how long before now the run ends, so calls still being written are left for the next run.</summary>
    [Parameter]
    [ValidateRange("00:00:00", "1.00:00:00")]
    public TimeSpan? Settle { get; set; }
}
