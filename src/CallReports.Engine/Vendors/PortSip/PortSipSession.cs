using System.Net;
using System.Net.Http.Headers;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// PortSIP's part of authentication: a token from the <see cref="TokenCache"/> (signed in, refreshed and signed
/// out by <see cref="PortSipSignIn"/>), or the user's own; sent as a bearer token; a 401 is a refused token.
/// Every attempt takes a slot of PortSIP's documented 5,000 requests a minute. Sending, renewing once (a refresh,
/// or a fresh sign-in when the refresh fails) and replaying are the <see cref="AuthorizedSender"/>'s.
/// </summary>
internal sealed class PortSipSession : VendorAuthentication
{
    /// <summary>PortSIP's documented REST limit per IP from v16.2 (v16.0–16.1: 1,000; a 429 is waited out and retried).</summary>
    private const int RequestsPerMinute = 5000;

    private readonly ConnectionOptions connection;
    private readonly PortSipCredentials credentials;
    private readonly PortSipSignIn signIn;
    private readonly AuthorizedSender sender;

    public PortSipSession(ConnectionOptions connection, PortSipCredentials credentials, OperationLog log)
        : base(PortSipErrors.Prefix)
    {
        this.connection = connection;
        this.credentials = credentials;
        signIn = new PortSipSignIn(connection, credentials, log);
        sender = new AuthorizedSender(connection, this, log);

        // Stay under the limit rather than bounce off it, whatever the fetch-ahead and however many commands share
        // the process: the limiter is one per server, and every attempt (each retry too) takes a slot.
        Pacing = new RequestPacing(
            RequestRateLimiter.For(connection.ServerDisplay, RequestsPerMinute, TimeSpan.FromMinutes(1)),
            wait => log.Verbose($"Waiting {wait.TotalSeconds:0.0} s to stay under PortSIP's {RequestsPerMinute} requests a minute."));
    }

    /// <inheritdoc />
    public override RequestPacing? Pacing { get; }

    /// <inheritdoc />
    public override bool CanRenew => credentials.AccessToken is null;

    /// <summary>Sends an authorized request to <paramref name="relativeUri"/>.</summary>
    /// <param name="method">The method.</param>
    /// <param name="relativeUri">Path and query, relative to the server.</param>
    /// <param name="what">What is requested, for messages.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="content">Builds the body afresh for every attempt, or null.</param>
    /// <returns>The answer, which the caller reads and disposes.</returns>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, string what, CancellationToken cancellationToken, Func<HttpContent>? content = null) =>
        sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, new Uri(connection.BaseUri, relativeUri)) { Content = content?.Invoke() };
                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            what,
            cancellationToken);

    /// <inheritdoc />
    public override void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    /// <inheritdoc />
    public override async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (credentials.AccessToken is { } secure)
        {
            var plain = new NetworkCredential(string.Empty, secure).Password;
            Redactor.Register(plain);
            return plain;
        }

        var state = await TokenCache.GetAsync(CallReportsVendor.PortSip, connection.ServerDisplay, credentials.Principal, credentials.Password!.Password, signIn.AcquireAsync, rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    /// <inheritdoc />
    public override async Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken)
    {
        var failure = await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        var advice = CanRenew
            ? " A fresh sign-in was also rejected; check that the account may read CDRs (tenant Admin or QueueManager)."
            : " The access token was rejected; issue a new one, or sign in with -Credential so the token can be renewed.";
        return new CallReportsException(failure.ErrorId, FailureKind.Authentication, failure.Message + advice, terminating: true)
        {
            StatusCode = 401,
            VendorCode = failure.VendorCode,
            Target = what,
        };
    }
}
