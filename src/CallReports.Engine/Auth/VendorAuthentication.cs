using System.Net;

namespace CallReports.Engine.Auth;

/// <summary>
/// What a vendor brings to the <see cref="AuthorizedSender"/>, and nothing more: how it gets a token (through
/// the <see cref="TokenCache"/>), where the token goes on a request, how its server says a token was refused,
/// and what to tell the user when renewing did not help. The loop itself — send, see the refusal, renew once,
/// replay — is the sender's and is written once.
/// </summary>
internal abstract class VendorAuthentication
{
    /// <summary>Creates the description.</summary>
    /// <param name="vendor">The error-id prefix, e.g. <c>Voxo</c>.</param>
    protected VendorAuthentication(string vendor) => Vendor = vendor ?? throw new ArgumentNullException(nameof(vendor));

    /// <summary>The error-id prefix.</summary>
    public string Vendor { get; }

    /// <summary>Whether a refused token can be replaced: false for a token the user gave as it is.</summary>
    public abstract bool CanRenew { get; }

    /// <summary>The process-wide limiter every attempt takes a slot of, or null when the vendor documents no limit.</summary>
    public virtual RequestPacing? Pacing => null;

    /// <summary>
    /// A token to send: the cached one while it is fresh, otherwise a refreshed or new one. After a refusal,
    /// <paramref name="rejected"/> is the refused token, so the cache never hands it out again.
    /// </summary>
    /// <param name="rejected">The token the server just refused, or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The token.</returns>
    public abstract Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken);

    /// <summary>Puts the token on a request (a header, or the query string).</summary>
    /// <param name="request">The request, built fresh for this attempt.</param>
    /// <param name="token">The token.</param>
    public abstract void Authorize(HttpRequestMessage request, string token);

    /// <summary>
    /// Whether the server refused the token. HTTP 401 by default; a vendor that says so in a body (Yeastar's
    /// errcode 10004, Ozonetel's "Token Expired") reads the body with <see cref="ResponsePeek"/>, which leaves a
    /// body that is not such an envelope to be streamed as if nothing had read it.
    /// </summary>
    /// <param name="response">The answer.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>True when the token was refused.</returns>
    public virtual Task<bool> IsRejectedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        Task.FromResult(response.StatusCode == HttpStatusCode.Unauthorized);

    /// <summary>The error for a refusal that a renewal could not cure (or that could not be renewed).</summary>
    /// <param name="response">The refusing answer; the sender disposes it.</param>
    /// <param name="what">What was requested.</param>
    /// <param name="afterRenewal">True when a renewed token was refused too.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>A terminating authentication error.</returns>
    public abstract Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken);
}
