namespace CallReports.Models;

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
