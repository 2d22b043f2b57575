namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>Where a P-Series PBX listens when the user names only its host, and how long it may take to answer.</summary>
public static class YeastarServer
{
    /// <summary>
    /// Seconds an attempt may take when the user sets no -TimeoutSec: the synchronous <c>call_report/download</c>
    /// answers only once the report is built, which takes minutes for a large one.
    /// </summary>
    public const int DefaultTimeoutSec = 600;

    /// <summary>The port of the web interface and API on the Appliance and Software editions.</summary>
    public const int AppliancePort = 8088;

    /// <summary>The port of a Cloud edition PBX (<c>*.yeastarcloud.com</c>) or one reached through Yeastar's remote access service (<c>*.ras.yeastar.com</c>).</summary>
    public const int CloudPort = 443;

    /// <summary>The port a bare host (or host without a port) gets: Cloud names 443, anything else 8088.</summary>
    /// <param name="server">What the user typed: host, host:port or URI (a URI or a port keeps its own).</param>
    public static int DefaultPort(string server)
    {
        var bare = (server ?? string.Empty).Trim();
        var host = bare.IndexOf("://", StringComparison.Ordinal) >= 0 ? string.Empty : bare.Split(':')[0];
        var cloud = host.EndsWith(".yeastarcloud.com", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".ras.yeastar.com", StringComparison.OrdinalIgnoreCase);
        return cloud ? CloudPort : AppliancePort;
    }
}
