using System.Globalization;
using CallReports.Engine.Auth;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Removes vendor tokens from CallReports' process-wide cache and revokes them where the vendor allows it.</para>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "CallReportsTokenCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(CachedToken))]
public sealed class ClearCallReportsTokenCacheCommand : CallReportsCmdlet
{
    /// <summary>Only tokens for these platforms; all when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public CallReportsVendor[]? Vendor { get; set; }

    /// <summary>Only tokens for servers matching this wildcard.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Server { get; set; }

    /// <summary>Only tokens for principals matching this wildcard.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string? Principal { get; set; }

    /// <summary>Remove the tokens from the cache without calling the vendor's sign-out or revoke endpoint.</summary>
    [Parameter]
    public SwitchParameter NoRevoke { get; set; }

    /// <summary>Return what was removed.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override string ErrorPrefix => "CallReports";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var filter = new TokenCacheFilter(Vendor, Server, Principal);

        // ShouldProcess must run on the pipeline thread, so the selection is made before any revoke call.
        var selected = new HashSet<(CallReportsVendor, string, string)>();
        foreach (var token in TokenCache.List())
        {
            if (filter.IsMatch(token) && ShouldProcess(
                    string.Format(CultureInfo.InvariantCulture, "{0} token for {1} at {2}", token.Vendor, token.Principal, token.Server),
                    NoRevoke ? "Remove from cache" : "Revoke and remove from cache"))
            {
                selected.Add((token.Vendor, token.Server, token.Principal));
            }
        }

        if (selected.Count == 0)
        {
            return;
        }

        Run(() =>
        {
            var log = CreateLog();
            var removed = TokenCache.ClearAsync(
                token => selected.Contains((token.Vendor, token.Server, token.Principal)),
                revoke: !NoRevoke,
                log,
                CancellationToken).GetAwaiter().GetResult();
            log.Drain();
            if (PassThru)
            {
                WriteObject(removed, enumerateCollection: true);
            }
        });
    }
}
