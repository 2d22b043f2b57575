namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Yeastar's error ids (each <c>Yeastar&lt;Problem&gt;</c>, stable: scripts match on them). Ids made from the PBX's
/// own <c>errcode</c> are built where the answer is read (<see cref="YeastarSession"/>).
/// </summary>
public static class YeastarErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "Yeastar";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>A vault secret that is not a PSCredential (Client ID and Client Secret).</summary>
    public const string CredentialType = Prefix + "CredentialType";

    /// <summary>-TimeZone names no zone this machine knows.</summary>
    public const string InvalidTimeZone = Prefix + "InvalidTimeZone";

    /// <summary>A parameter the report type needs, or does not take, or a value out of range.</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>An answer that is not a Yeastar API response, or lacks what it must carry.</summary>
    public const string InvalidResponse = Prefix + "InvalidResponse";

    /// <summary>The sign-in was accepted without an access token.</summary>
    public const string InvalidSignInResponse = Prefix + "InvalidSignInResponse";

    /// <summary>A name given for an ID (extension, queue, trunk…) that the PBX does not have.</summary>
    public const string NameNotFound = Prefix + "NameNotFound";

    /// <summary>The report download was cut off before its end.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>The download link was refused again after a fresh one was asked for.</summary>
    public const string DownloadLinkExpired = Prefix + "DownloadLinkExpired";

    /// <summary>The PBX reports a date or time display format the module does not know.</summary>
    public const string UnknownDisplayFormat = Prefix + "UnknownDisplayFormat";

    /// <summary>The PBX closed the event subscription (asynchronous reports).</summary>
    public const string SubscriptionClosed = Prefix + "SubscriptionClosed";

    /// <summary>The PBX refused the event subscription, or it failed.</summary>
    public const string SubscriptionFailed = Prefix + "SubscriptionFailed";

    /// <summary>The PBX could not build an asynchronous report.</summary>
    public const string AsyncReportFailed = Prefix + "AsyncReportFailed";

    /// <summary>The report's completion event did not arrive in time.</summary>
    public const string Timeout = Prefix + "Timeout";
}
