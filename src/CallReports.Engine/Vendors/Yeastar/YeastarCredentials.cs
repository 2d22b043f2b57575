using System.Net;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>The Client ID and Client Secret of a Yeastar P-Series API application (Integrations &gt; API on the PBX).</summary>
public sealed class YeastarCredentials
{
    private readonly NetworkCredential credential;

    /// <summary>Creates credentials; the secret is registered with the redactor at once.</summary>
    /// <param name="credential">The Client ID as user name and the Client Secret as password.</param>
    public YeastarCredentials(NetworkCredential credential)
    {
        if (credential is null || string.IsNullOrWhiteSpace(credential.UserName))
        {
            throw new ArgumentException("The credential has no user name (the API application's Client ID).", nameof(credential));
        }

        this.credential = credential;
        Redactor.Register(credential.Password);
    }

    /// <summary>The Client ID: the token cache's principal and the <c>get_token</c> user name.</summary>
    public string ClientId => credential.UserName;

    /// <summary>The Client Secret in plain text, only while a sign-in body is built.</summary>
    internal string ClientSecret => credential.Password;
}
