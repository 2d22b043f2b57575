namespace CallReports.Models;

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
