namespace CallReports.Models;

/// <summary>How a call ended, as the platform states it.</summary>
public enum CallOutcome
{
    /// <summary>The platform does not say, or says something this module cannot read as an outcome.</summary>
    Unknown,

    /// <summary>Answered by a person (or an extension).</summary>
    Answered,

    /// <summary>Not answered.</summary>
    Missed,

    /// <summary>The caller hung up while waiting (in a queue).</summary>
    Abandoned,

    /// <summary>The other side was busy.</summary>
    Busy,

    /// <summary>The call could not be set up.</summary>
    Failed,

    /// <summary>Sent to voicemail.</summary>
    Voicemail,
}
