using System;

namespace CallReports.Models;

/// <summary>
/// What the process-wide token cache holds for one vendor, server and principal. The token itself is
/// never exposed.
/// </summary>
public sealed class CachedToken
{
    /// <summary>The platform the token is for.</summary>
    public CallReportsVendor Vendor { get; set; }

    /// <summary>The server (scheme, host and port) the token was issued by.</summary>
    public string Server { get; set; } = string.Empty;

    /// <summary>Who signed in: user name, client id or account, with the tenant where there is one.</summary>
    public string Principal { get; set; } = string.Empty;

    /// <summary>How the token was obtained, e.g. the sign-in endpoint that answered.</summary>
    public string? Method { get; set; }

    /// <summary>When the token was issued (local clock).</summary>
    public DateTimeOffset IssuedAt { get; set; }

    /// <summary>When the token expires; the cache refreshes it before then.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>Whether a refresh token is held, so the next refresh needs no password.</summary>
    public bool CanRefresh { get; set; }
}
