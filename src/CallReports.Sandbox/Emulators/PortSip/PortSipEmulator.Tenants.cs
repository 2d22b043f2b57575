using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>
/// More tenants on the v22.2+ PBX, for tests that read many accounts of one server at once: user
/// <see cref="UserName"/> (password <see cref="Password"/>) of domain <see cref="TenantDomain"/>(1..8) signs in
/// with <c>/api/auth/sign_in</c>, and its tokens see that tenant's own CDRs only. ASSUMED: the page does not
/// say how a tenant admin's token is scoped; a multi-tenant PBX that showed one tenant another's calls would be
/// a bug, and the client asks only what its token allows either way.
/// </summary>
public sealed partial class PortSipEmulator
{
    /// <summary>How many extra tenants the v22.2+ PBX has.</summary>
    public const int TenantCount = 8;

    /// <summary>CDRs each extra tenant holds.</summary>
    public const int TenantCdrCount = 40;

    private readonly Dictionary<string, string> tenantOfToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PortSipCdrRecord>> tenantRecords = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The SIP domain of extra tenant <paramref name="number"/> (1-based).</summary>
    public static string TenantDomain(int number) => "tenant" + number.ToString(CultureInfo.InvariantCulture) + ".sandbox.portsip.test";

    /// <summary>The CDRs of an extra tenant, in start order.</summary>
    public IReadOnlyList<PortSipCdrRecord> TenantCdrs(string domain)
    {
        lock (gate)
        {
            return TenantRecordsLocked(domain).OrderBy(r => r.StartedAt).ThenBy(r => r.Sequence).ToArray();
        }
    }

    private bool IsTenantDomain(string? domain)
    {
        if (Generation != PortSipGeneration.V22_2 || domain is null)
        {
            return false;
        }

        for (var n = 1; n <= TenantCount; n++)
        {
            if (string.Equals(domain, TenantDomain(n), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Binds the tokens just issued to the tenant that signed in (nothing for the main domain).</summary>
    private Dictionary<string, object> BindTenant(Dictionary<string, object> tokens, string? domain)
    {
        if (IsTenantDomain(domain))
        {
            lock (gate)
            {
                foreach (var key in new[] { "access_token", "refresh_token" })
                {
                    if (tokens.TryGetValue(key, out var token) && token is string text)
                    {
                        tenantOfToken[text] = domain!.ToLowerInvariant();
                    }
                }
            }
        }

        return tokens;
    }

    /// <summary>The extra tenant a token (bearer or refresh) belongs to; null for the main domain.</summary>
    private string? TenantOfToken(string? token)
    {
        lock (gate)
        {
            return token is not null && tenantOfToken.TryGetValue(token, out var domain) ? domain : null;
        }
    }

    private string? TenantOf(HttpContext context) => TenantOfToken(Bearer(context));

    private List<PortSipCdrRecord> TenantRecordsLocked(string domain)
    {
        if (!tenantRecords.TryGetValue(domain, out var list))
        {
            var number = Enumerable.Range(1, TenantCount).First(n => string.Equals(TenantDomain(n), domain, StringComparison.OrdinalIgnoreCase));
            list = PortSipDataGenerator.Generate(number * 7919, TenantCdrCount, TenantDomain(number));
            foreach (var record in list)
            {
                // Ids of their own, so a record of one tenant can never pass for another's.
                record.Id = (long.Parse(record.Id, CultureInfo.InvariantCulture) + (number * 10_000_000_000L)).ToString(CultureInfo.InvariantCulture);
                record.SessionId = "T" + number.ToString(CultureInfo.InvariantCulture) + "-" + record.SessionId;
            }

            tenantRecords[domain] = list;
        }

        return list;
    }
}
