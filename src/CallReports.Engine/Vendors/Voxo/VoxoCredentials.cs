using System.Net;
using System.Security;

namespace CallReports.Engine.Vendors.Voxo;

/// <summary>How to authenticate to VOXO: an email and password (local strategy) or an access token from the VOXO portal.</summary>
public sealed class VoxoCredentials
{
    private VoxoCredentials(NetworkCredential? password, SecureString? accessToken)
    {
        Password = password;
        AccessToken = accessToken;
    }

    internal NetworkCredential? Password { get; }

    internal SecureString? AccessToken { get; }

    /// <summary>The cache principal: the email address.</summary>
    internal string Principal => Password is null ? "(access token)" : Password.UserName.Trim().ToLowerInvariant();

    /// <summary>Sign in with <c>POST /authentication</c> (<c>strategy: local</c>).</summary>
    /// <param name="credential">Email and password; the password stays a SecureString until the body is built.</param>
    public static VoxoCredentials FromPassword(NetworkCredential credential)
    {
        if (credential is null || string.IsNullOrWhiteSpace(credential.UserName))
        {
            throw new ArgumentException("The credential has no user name (the VOXO account's email address).", nameof(credential));
        }

        return new VoxoCredentials(credential, null);
    }

    /// <summary>Use a token issued elsewhere (the VOXO portal); there is no sign-in and no renewal.</summary>
    /// <param name="accessToken">The token.</param>
    public static VoxoCredentials FromAccessToken(SecureString accessToken)
    {
        if (accessToken is null || accessToken.Length == 0)
        {
            throw new ArgumentException("The access token is empty.", nameof(accessToken));
        }

        return new VoxoCredentials(null, accessToken);
    }
}
