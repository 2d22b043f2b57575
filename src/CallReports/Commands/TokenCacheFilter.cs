using System.Linq;

namespace CallReports.Commands;

/// <summary>The vendor / server / principal selection shared by the token cache cmdlets.</summary>
internal sealed class TokenCacheFilter
{
    private readonly CallReportsVendor[]? vendors;
    private readonly WildcardPattern? server;
    private readonly WildcardPattern? principal;

    public TokenCacheFilter(CallReportsVendor[]? vendors, string? server, string? principal)
    {
        this.vendors = vendors is { Length: > 0 } ? vendors : null;
        this.server = server is null ? null : new WildcardPattern(server, WildcardOptions.IgnoreCase);
        this.principal = principal is null ? null : new WildcardPattern(principal, WildcardOptions.IgnoreCase);
    }

    public bool IsMatch(CachedToken token) =>
        (vendors is null || vendors.Contains(token.Vendor)) &&
        (server is null || server.IsMatch(token.Server)) &&
        (principal is null || principal.IsMatch(token.Principal));
}
