namespace CallReports.Models;

/// <summary>Which way a call went, as the platform states it.</summary>
public enum CallDirection
{
    /// <summary>The platform does not say, or says something this module cannot read as a direction.</summary>
    Unknown,

    /// <summary>From outside to the organisation.</summary>
    Inbound,

    /// <summary>From the organisation to outside.</summary>
    Outbound,

    /// <summary>Between extensions of the organisation.</summary>
    Internal,
}
