using System.Net;

namespace CallReports.Engine.Http;

/// <summary>Where and how to reach a vendor server; the values behind the common cmdlet parameters.</summary>
public sealed class ConnectionOptions
{
    /// <summary>Creates options for a base URI.</summary>
    /// <param name="baseUri">Scheme, host, port and base path (ending in '/').</param>
    public ConnectionOptions(Uri baseUri)
    {
        BaseUri = baseUri ?? throw new ArgumentNullException(nameof(baseUri));
    }

    /// <summary>Scheme, host, port and base path.</summary>
    public Uri BaseUri { get; }

    /// <summary>Accept any server certificate (self-signed PBX appliances).</summary>
    public bool SkipCertificateCheck { get; set; }

    /// <summary>Allow credentials and tokens over plain http to a host that is not loopback.</summary>
    public bool AllowUnencryptedAuthentication { get; set; }

    /// <summary>How long one attempt may take until the response headers arrive.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How many times a request that failed transiently (429, 5xx, network error) is tried again.</summary>
    public int MaximumRetryCount { get; set; } = 3;

    /// <summary>First back-off delay; it doubles with jitter. A Retry-After header wins.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The same connection for a request sent once (a login: a retry could hide a counted failed attempt).</summary>
    internal ConnectionOptions WithoutRetries() => new(BaseUri)
    {
        SkipCertificateCheck = SkipCertificateCheck,
        AllowUnencryptedAuthentication = AllowUnencryptedAuthentication,
        Timeout = Timeout,
        MaximumRetryCount = 0,
        RetryInterval = RetryInterval,
    };

    /// <summary>The server as shown to users and used in cache keys: scheme://host:port and any base path.</summary>
    public string ServerDisplay => BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant();

    /// <summary>
    /// Turns what a user types (host, host:port or a URI) into a base URI. A bare host or host:port
    /// gets <paramref name="defaultScheme"/> and, without a port, <paramref name="defaultPort"/>; a URI
    /// is taken as written.
    /// </summary>
    /// <param name="server">The user's value.</param>
    /// <param name="defaultScheme">Scheme for a bare host.</param>
    /// <param name="defaultPort">Port for a bare host.</param>
    /// <exception cref="ArgumentException">The value is not a host, host:port or http(s) URI.</exception>
    public static Uri ParseServer(string server, string defaultScheme, int defaultPort)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new ArgumentException("The server is empty. Give a host name, host:port or a URI such as https://pbx.example.com:8887.", nameof(server));
        }

        var text = server.Trim();
        Uri? uri;
        if (text.IndexOf("://", StringComparison.Ordinal) >= 0)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"'{Diagnostics.Redactor.Redact(text)}' is not an http or https URI.", nameof(server));
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException("Give the server without a query string or user information.", nameof(server));
            }
        }
        else
        {
            if (!Uri.TryCreate(defaultScheme + "://" + text, UriKind.Absolute, out uri) || uri.AbsolutePath != "/" || uri.Host.Length == 0)
            {
                throw new ArgumentException($"'{Diagnostics.Redactor.Redact(text)}' is not a host name, host:port or URI.", nameof(server));
            }

            if (text.IndexOf(':') < 0 || text.StartsWith("[", StringComparison.Ordinal) && !text.Contains("]:"))
            {
                uri = new UriBuilder(uri) { Port = defaultPort }.Uri;
            }
        }

        var path = uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri;
    }

    /// <summary>
    /// Refuses to send credentials or tokens over plain http to anything but loopback, unless the user
    /// allowed it. Called before any request that carries a secret.
    /// </summary>
    /// <param name="vendor">Vendor name for the error id.</param>
    public void EnsureCredentialsAllowed(string vendor)
    {
        if (BaseUri.Scheme == Uri.UriSchemeHttps || AllowUnencryptedAuthentication || IsLoopback(BaseUri))
        {
            return;
        }

        throw new CallReportsException(
            vendor + "UnencryptedAuthentication",
            FailureKind.Security,
            string.Format(
                CultureInfo.InvariantCulture,
                "Refusing to send credentials over unencrypted http to {0}. Use https, or add -AllowUnencryptedAuthentication if you accept that the credentials can be read on the network.",
                ServerDisplay),
            terminating: true);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
