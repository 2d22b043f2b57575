namespace CallReports.Models;

/// <summary>How Get-OzonetelCallDetail authenticates to Ozonetel's current API.</summary>
public enum OzonetelAuthMode
{
    /// <summary>The <c>apiKey</c> header with <c>userName</c> in the body (the "BASIC_AUTH" API Authentication setting).</summary>
    ApiKey,

    /// <summary>A token from <c>/ca_apis/CAToken/generateToken</c>, cached for its hour, sent as Bearer alongside the <c>apiKey</c> header.</summary>
    Token,
}
