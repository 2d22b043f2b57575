using CallReports.Engine.Http;
using CallReports.Engine.Time;

namespace CallReports;

/// <summary>
/// Base of the cmdlets that call a vendor: the connection parameters every one of them shares, named
/// as <c>Invoke-RestMethod</c> names them.
/// </summary>
public abstract class VendorCmdlet : CallReportsCmdlet
{
    /// <summary>Accept the server's certificate without validation (self-signed PBX appliances).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Allow credentials and tokens over plain http to a host that is not loopback.</summary>
    [Parameter]
    public SwitchParameter AllowUnencryptedAuthentication { get; set; }

    /// <summary>Seconds one attempt may take until the server starts answering.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 100;

    /// <summary>How many times a request that failed transiently (429, 5xx, network) is retried.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaximumRetryCount { get; set; } = 3;

    /// <summary>Seconds before the first retry; later retries back off exponentially. A Retry-After header wins.</summary>
    [Parameter]
    [ValidateRange(0, 600)]
    public int RetryIntervalSec { get; set; } = 1;

    /// <summary>Parses -Server (host, host:port or URI), or fails before any request with <c>&lt;Vendor&gt;InvalidServer</c>.</summary>
    /// <param name="server">The -Server value.</param>
    /// <param name="defaultScheme">The scheme when none is given.</param>
    /// <param name="defaultPort">The port when none is given.</param>
    internal Uri ParseServer(string server, string defaultScheme, int defaultPort)
    {
        try
        {
            return ConnectionOptions.ParseServer(server, defaultScheme, defaultPort);
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument(ErrorPrefix + "InvalidServer", ex.Message, server);
            throw; // unreachable: ThrowTerminatingError throws
        }
    }

    /// <summary>
    /// Resolves -TimeZone (an IANA name, an old alias such as US/Arizona, or a Windows id), or fails before any
    /// request with <c>&lt;Vendor&gt;InvalidTimeZone</c>. Null stays null.
    /// </summary>
    /// <param name="name">The -TimeZone value.</param>
    /// <param name="example">An IANA name that fits the vendor, for the message.</param>
    /// <param name="errorId">The error id, when the vendor's predates <c>&lt;Vendor&gt;InvalidTimeZone</c> (<c>CasperUnknownTimeZone</c>).</param>
    internal TimeZoneInfo? ResolveZone(string? name, string example, string? errorId = null)
    {
        if (name is null)
        {
            return null;
        }

        if (!ZoneResolver.TryResolve(name, out var zone))
        {
            ThrowInvalidArgument(errorId ?? ErrorPrefix + "InvalidTimeZone", $"'{name}' is not a time zone this machine knows. Use an IANA name such as {example}, an alias such as US/Arizona, or a Windows id such as 'Central Standard Time'.", name);
        }

        return zone;
    }

    /// <summary>The text of a record's <c>Source</c>: the server's host (and port, when not the scheme's default) and whose calls.</summary>
    /// <param name="baseUri">The parsed server.</param>
    /// <param name="scope">The account, tenant or domain, or null when the server is all there is.</param>
    internal static string SourceOf(Uri baseUri, string? scope) =>
        string.IsNullOrEmpty(scope) ? baseUri.Authority : baseUri.Authority + "/" + scope;

    /// <summary>Builds the engine's connection options from the common parameters.</summary>
    /// <param name="baseUri">The parsed server.</param>
    internal ConnectionOptions CreateConnection(Uri baseUri) => new(baseUri)
    {
        SkipCertificateCheck = SkipCertificateCheck.IsPresent,
        AllowUnencryptedAuthentication = AllowUnencryptedAuthentication.IsPresent,
        Timeout = TimeSpan.FromSeconds(TimeoutSec),
        MaximumRetryCount = MaximumRetryCount,
        RetryInterval = TimeSpan.FromSeconds(RetryIntervalSec),
    };
}
