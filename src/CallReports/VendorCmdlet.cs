using System;
using System.Management.Automation;
using CallReports.Engine.Http;

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
