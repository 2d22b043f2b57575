using System.Net.Http.Headers;
using System.Text;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Ozonetel's part of authentication, for the requests to one endpoint (each has a limit of its own): the
/// <c>apiKey</c> header (the legacy API: the key in the query string), and in token mode also a generated token
/// as Bearer, kept in the <see cref="TokenCache"/> (<see cref="OzonetelTokenGeneration"/>). Ozonetel refuses an
/// expired token with a 200 <c>"Token Expired"</c> body, read with <see cref="ResponsePeek"/>. Sending, pacing,
/// renewing once and replaying are the <see cref="AuthorizedSender"/>'s.
/// </summary>
internal sealed class OzonetelSession : VendorAuthentication
{
    private readonly ConnectionOptions connection;
    private readonly OzonetelCredentials credentials;
    private readonly bool keyInQuery;
    private readonly OperationLog log;
    private readonly AuthorizedSender sender;

    /// <summary>
    /// The session of one endpoint, paced at the query's limit by a limiter the whole process shares per server,
    /// account and endpoint; a 429 or "max limit exceeded" pauses it a whole window (the shared pipeline).
    /// </summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="credentials">Account name and API key.</param>
    /// <param name="query">The API, the authentication mode and the limit.</param>
    /// <param name="path">The endpoint.</param>
    /// <param name="log">Where messages and rate-limit waits go.</param>
    public OzonetelSession(ConnectionOptions connection, OzonetelCredentials credentials, OzonetelQuery query, string path, OperationLog log)
        : base(OzonetelErrors.Prefix)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
        keyInQuery = query.ApiVersion == OzonetelApiVersion.Legacy;
        CanRenew = query.AuthMode == OzonetelAuthMode.Token;
        var limiter = RequestRateLimiter.For(connection.ServerDisplay + "|" + credentials.UserName.ToLowerInvariant() + "|" + path, query.RequestsPerMinute, query.RateLimitWindow);
        var api = keyInQuery ? ", legacy API" : " on " + path;
        Pacing = new RequestPacing(
            limiter,
            wait => log.Progress(OzonetelClient.WaitProgressId, OzonetelClient.Activity, string.Format(CultureInfo.InvariantCulture, "Waiting {0:0.#} s for Ozonetel's rate limit ({1} requests per {2:g}{3})", wait.TotalSeconds, limiter.Limit, limiter.Window, api)),
            OzonetelErrors.SaysLimitReachedAsync);
        sender = new AuthorizedSender(connection, this, log);
    }

    /// <summary>Token mode: a generated token, renewed when Ozonetel says it expired.</summary>
    public override bool CanRenew { get; }

    /// <inheritdoc />
    public override RequestPacing? Pacing { get; }

    /// <summary>Sends an authorized GET, with a JSON body (the current API) or none (the legacy API).</summary>
    /// <param name="relativeUri">The endpoint, with a query string or none.</param>
    /// <param name="jsonBody">The body, or null.</param>
    /// <param name="what">What is requested, for messages.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public Task<HttpResponseMessage> GetAsync(string relativeUri, string? jsonBody, string what, CancellationToken cancellationToken) =>
        sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.BaseUri, relativeUri));
                if (jsonBody is not null)
                {
                    request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
                }

                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            what,
            cancellationToken);

    /// <summary>The API key in API-key mode; otherwise the cached or a newly generated token.</summary>
    public override async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        var apiKey = credentials.ApiKey;
        Redactor.Register(apiKey);
        if (!CanRenew)
        {
            return apiKey;
        }

        var generation = new OzonetelTokenGeneration(connection, credentials, log);
        var state = await TokenCache.GetAsync(
            CallReportsVendor.Ozonetel,
            connection.ServerDisplay,
            credentials.UserName.ToLowerInvariant(),
            apiKey,
            (_, ct) => generation.GenerateAsync(apiKey, ct),
            rejected,
            cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    /// <inheritdoc />
    public override void Authorize(HttpRequestMessage request, string token)
    {
        if (keyInQuery)
        {
            // Query strings are never logged (Redactor.DescribeUri), and the key is registered with the Redactor.
            request.RequestUri = new Uri(request.RequestUri!.AbsoluteUri + "&apiKey=" + Uri.EscapeDataString(token));
            return;
        }

        request.Headers.TryAddWithoutValidation("apiKey", credentials.ApiKey);
        if (CanRenew)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>"Token Expired", in token mode; without a token the client reports it as it reports any refusal.</summary>
    public override async Task<bool> IsRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        CanRenew && (await ClassifyAsync(response, "the request", cancellationToken).ConfigureAwait(false))?.ErrorId == OzonetelErrors.TokenExpired;

    /// <summary>The terminating <c>OzonetelTokenExpired</c>: only an answer read as "Token Expired" is refused.</summary>
    public override async Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken) =>
        (await ClassifyAsync(response, what, cancellationToken).ConfigureAwait(false))!;

    private static async Task<CallReportsException?> ClassifyAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        using var document = await ResponsePeek.TryReadSmallJsonAsync(response, cancellationToken).ConfigureAwait(false);
        if (document is null)
        {
            return null;
        }

        var (status, message) = OzonetelErrors.Envelope(document.RootElement);
        return OzonetelErrors.Classify((int)response.StatusCode, status, message, what, out _);
    }
}
