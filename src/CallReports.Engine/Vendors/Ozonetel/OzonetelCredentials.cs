using System.Net;
using System.Security;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>An Ozonetel CloudAgent account name and its API key (the admin's key from CloudAgent).</summary>
public sealed class OzonetelCredentials
{
    private readonly SecureString apiKey;

    /// <summary>Creates credentials; the key stays a SecureString until a header is built.</summary>
    /// <param name="userName">The CloudAgent account name (not an agent id).</param>
    /// <param name="apiKey">The API key.</param>
    public OzonetelCredentials(string userName, SecureString apiKey)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            throw new ArgumentException("The user name (the CloudAgent account name) is empty.", nameof(userName));
        }

        if (apiKey is null || apiKey.Length == 0)
        {
            throw new ArgumentException("The API key is empty.", nameof(apiKey));
        }

        UserName = userName.Trim();
        this.apiKey = apiKey;
    }

    /// <summary>The CloudAgent account name.</summary>
    public string UserName { get; }

    /// <summary>The key in plain text, only while a request is built.</summary>
    internal string ApiKey => new NetworkCredential(string.Empty, apiKey).Password;
}
