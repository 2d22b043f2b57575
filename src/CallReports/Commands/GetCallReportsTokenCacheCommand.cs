using CallReports.Engine.Auth;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Lists the vendor tokens CallReports holds in this PowerShell process, without the tokens themselves.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CallReportsTokenCache")]
[OutputType(typeof(CachedToken))]
public sealed class GetCallReportsTokenCacheCommand : CallReportsCmdlet
{
    /// <summary>Only tokens for these platforms.</summary>
    [Parameter(Position = 0)]
    public CallReportsVendor[]? Vendor { get; set; }

    /// <summary>Only tokens for servers matching this wildcard, e.g. "*pbx01*".</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Server { get; set; }

    /// <inheritdoc />
    protected override string ErrorPrefix => "CallReports";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var filter = new TokenCacheFilter(Vendor, Server, principal: null);
        foreach (var token in TokenCache.List())
        {
            if (filter.IsMatch(token))
            {
                WriteObject(token);
            }
        }
    }
}
