using System.Linq;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Yeastar's part of authentication. Only 8 tokens may be live per application and 5 bad logins block the
/// caller's IP, so a token is got once per server and Client ID and kept in the <see cref="TokenCache"/>
/// (<see cref="YeastarSignIn"/>: refreshed before it expires, revoked when the cache is cleared). The token
/// travels in the query string (<c>access_token=</c>; URIs are logged as path and query length only), and the
/// PBX refuses it with HTTP 200 and <c>errcode 10004</c>, read with <see cref="ResponsePeek"/>. Sending,
/// renewing once and replaying (the same download link included) are the <see cref="AuthorizedSender"/>'s.
/// </summary>
internal sealed class YeastarSession : VendorAuthentication
{
    internal const string AuthPath = "openapi/v1.0/";

    private const int TokenRefused = 10004;

    private readonly ConnectionOptions connection;
    private readonly YeastarCredentials credentials;
    private readonly YeastarSignIn signIn;
    private readonly OperationLog log;
    private readonly AuthorizedSender sender;

    public YeastarSession(ConnectionOptions connection, YeastarCredentials credentials, OperationLog log)
        : base(YeastarErrors.Prefix)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
        signIn = new YeastarSignIn(connection, credentials, log);
        sender = new AuthorizedSender(connection, this, log);
    }

    public ConnectionOptions Connection => connection;

    /// <inheritdoc />
    public override bool CanRenew => true;

    /// <summary><paramref name="uri"/> with the token added to its query string.</summary>
    internal static Uri WithToken(Uri uri, string token) =>
        new(uri.AbsoluteUri + (string.IsNullOrEmpty(uri.Query) ? "?" : "&") + "access_token=" + Uri.EscapeDataString(token));

    /// <summary>GETs <paramref name="path"/> (an API path or a download link) with the token; an HTTP error status is an exception, the caller reads the rest.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, string what, CancellationToken cancellationToken)
    {
        var query = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
        var uri = new Uri(connection.BaseUri, path.TrimStart('/') + (query.Length == 0 ? string.Empty : (path.IndexOf('?') >= 0 ? "&" : "?") + query));
        var response = await sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Accept.ParseAdd("application/json");
                request.Headers.Accept.ParseAdd("*/*");
                return request;
            },
            what,
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await YeastarErrors.FromHttpStatusAsync(response, connection.ServerDisplay, what, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    /// <summary>GETs a JSON endpoint; an <c>errcode</c> other than 0 is an exception, after -2 and 70082 (the PBX busy) were retried with back-off.</summary>
    public async Task<JsonDocument> GetJsonAsync(string path, IReadOnlyList<KeyValuePair<string, string>> parameters, string what, CancellationToken cancellationToken, bool processingIsSuccess = false)
    {
        for (var busy = 0; ; busy++)
        {
            JsonDocument document;
            using (var response = await GetAsync(path, parameters, what, cancellationToken).ConfigureAwait(false))
            {
                document = await YeastarErrors.ReadEnvelopeAsync(response, what, cancellationToken).ConfigureAwait(false);
            }

            var code = YeastarErrors.ErrorCode(document.RootElement);
            if (code == 0 || (code == 2 && processingIsSuccess))
            {
                return document;
            }

            using (document)
            {
                if (code is not (-2 or 70082) || busy >= connection.MaximumRetryCount)
                {
                    throw YeastarErrors.FromEnvelope(document.RootElement, what, signIn: false);
                }
            }

            var wait = TimeSpan.FromTicks(connection.RetryInterval.Ticks * (1L << busy));
            log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0}: the PBX answered {1} ({2}); retrying in {3:0.0} s.", what, code, code == -2 ? "INTERNAL SERVER ERROR" : "OVERLOAD_TASK_RUNNING", wait.TotalSeconds));
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        connection.EnsureCredentialsAllowed(YeastarErrors.Prefix);
        var state = await TokenCache.GetAsync(CallReportsVendor.Yeastar, connection.ServerDisplay, credentials.ClientId, credentials.ClientSecret, signIn.AcquireAsync, rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    /// <inheritdoc />
    public override void Authorize(HttpRequestMessage request, string token) => request.RequestUri = WithToken(request.RequestUri!, token);

    /// <summary>
    /// <c>errcode 10004</c>, whatever the Content-Type says (the page does not say which the PBX sends), except what is
    /// plainly a report file (an attachment, CSV, octet-stream): that body is left to the download.
    /// </summary>
    public override async Task<bool> IsRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var headers = response.Content?.Headers;
        var type = headers?.ContentType?.MediaType ?? string.Empty;
        if (headers?.ContentDisposition is { DispositionType: "attachment" } || type.IndexOf("csv", StringComparison.OrdinalIgnoreCase) >= 0 || type.IndexOf("octet-stream", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return false;
        }

        using var document = await ResponsePeek.TryReadSmallJsonAsync(response, cancellationToken, connection.Timeout, anyMediaType: true).ConfigureAwait(false);
        return document is not null && document.RootElement.ValueKind == JsonValueKind.Object && YeastarErrors.ErrorCode(document.RootElement) == TokenRefused;
    }

    /// <inheritdoc />
    public override async Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken)
    {
        using var document = await YeastarErrors.ReadEnvelopeAsync(response, what, cancellationToken).ConfigureAwait(false);
        return YeastarErrors.FromEnvelope(document.RootElement, what, signIn: false);
    }
}
