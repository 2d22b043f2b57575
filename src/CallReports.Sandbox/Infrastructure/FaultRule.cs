namespace CallReports.Sandbox;

/// <summary>
/// A fault to inject in front of the emulators. Which requests: <see cref="PathPrefix"/> (and
/// <see cref="Method"/>), the next <see cref="Times"/> of them or all. What happens: an optional delay,
/// then either an error status, or the real answer cut short (<see cref="ResetAfterBytes"/>,
/// <see cref="TruncateAfterBytes"/>), or the real answer.
/// </summary>
public sealed class FaultRule
{
    /// <summary>Path prefix, e.g. "/portsip/api/cdrs" (case-insensitive).</summary>
    public string PathPrefix { get; set; } = "/";

    /// <summary>HTTP method to match, or null for any.</summary>
    public string? Method { get; set; }

    /// <summary>Answer with this status and a PortSIP-style errors body instead of the real answer.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Adds <c>Retry-After: N</c> to the injected status answer.</summary>
    public int? RetryAfterSeconds { get; set; }

    /// <summary>Delay before answering, in milliseconds (cut short when the client goes away).</summary>
    public int LatencyMs { get; set; }

    /// <summary>Send this many bytes of the real body (chunked), flush, then abort the connection.</summary>
    public int? ResetAfterBytes { get; set; }

    /// <summary>Announce the full Content-Length but send only this many bytes, then abort the connection.</summary>
    public int? TruncateAfterBytes { get; set; }

    /// <summary>Apply to the next N matching requests only; null applies to all.</summary>
    public int? Times { get; set; }
}
