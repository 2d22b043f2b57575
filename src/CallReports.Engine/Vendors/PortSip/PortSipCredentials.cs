using System.Net;
using System.Security;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>How to authenticate to a PortSIP PBX: a user name and password (with the tenant SIP domain) or an access token.</summary>
public sealed class PortSipCredentials
{
    private PortSipCredentials(NetworkCredential? password, string? domain, SecureString? accessToken)
    {
        Password = password;
        Domain = string.IsNullOrWhiteSpace(domain) ? null : domain!.Trim();
        AccessToken = accessToken;
    }

    internal NetworkCredential? Password { get; }

    internal string? Domain { get; }

    internal SecureString? AccessToken { get; }

    /// <summary>The cache principal: user@domain, or the user alone for system-level users.</summary>
    internal string Principal => Password is null
        ? "(access token)"
        : Domain is null ? Password.UserName : Password.UserName + "@" + Domain;

    /// <summary>Sign in with a user name and password; <paramref name="domain"/> is the tenant SIP domain (omit for system users).</summary>
    /// <param name="credential">User name and password; the password stays a SecureString until the sign-in body is built.</param>
    /// <param name="domain">Tenant SIP domain.</param>
    public static PortSipCredentials FromPassword(NetworkCredential credential, string? domain)
    {
        if (credential is null || string.IsNullOrWhiteSpace(credential.UserName))
        {
            throw new ArgumentException("The credential has no user name.", nameof(credential));
        }

        return new PortSipCredentials(credential, domain, null);
    }

    /// <summary>Use an access token issued elsewhere; there is no sign-in and no refresh.</summary>
    /// <param name="accessToken">The token.</param>
    public static PortSipCredentials FromAccessToken(SecureString accessToken)
    {
        if (accessToken is null || accessToken.Length == 0)
        {
            throw new ArgumentException("The access token is empty.", nameof(accessToken));
        }

        return new PortSipCredentials(null, null, accessToken);
    }
}
