using System.IO;

namespace CallReports.Engine.Auth;

/// <summary>
/// Sends a request with a token: gets the token through the vendor's <see cref="VendorAuthentication"/>,
/// sends through the shared <see cref="HttpPipeline"/> (retries, time-outs, and a rate-limit slot for every
/// attempt), and when the server refuses the token renews it once and sends the request again. Each attempt
/// builds its request afresh and keeps nothing of the attempt before it but the refused token.
/// </summary>
internal sealed class AuthorizedSender
{
    private readonly ConnectionOptions connection;
    private readonly VendorAuthentication authentication;
    private readonly OperationLog log;

    /// <summary>Creates a sender.</summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="authentication">The vendor's part.</param>
    /// <param name="log">Where messages go.</param>
    public AuthorizedSender(ConnectionOptions connection, VendorAuthentication authentication, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.authentication = authentication ?? throw new ArgumentNullException(nameof(authentication));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
    }

    /// <summary>The connection requests go to.</summary>
    public ConnectionOptions Connection => connection;

    /// <summary>Sends a request, renewing a refused token once.</summary>
    /// <param name="createRequest">Builds the request without its token; called once per attempt.</param>
    /// <param name="what">What is requested, for messages (never a secret).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="idempotent">The request only reads, whatever its method, so it may be repeated after a 5xx.</param>
    /// <returns>The answer, which the caller reads and disposes. Only a refused token is handled here.</returns>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> createRequest, string what, CancellationToken cancellationToken, bool idempotent = false)
    {
        if (createRequest is null)
        {
            throw new ArgumentNullException(nameof(createRequest));
        }

        connection.EnsureCredentialsAllowed(authentication.Vendor);
        string? rejected = null;
        while (true)
        {
            var token = await authentication.GetTokenAsync(rejected, cancellationToken).ConfigureAwait(false);
            HttpResponseMessage? response = null;
            bool refused;
            try
            {
                response = await HttpPipeline.SendAsync(
                    connection,
                    () =>
                    {
                        var request = createRequest();
                        authentication.Authorize(request, token);
                        return request;
                    },
                    log,
                    authentication.Vendor,
                    what,
                    cancellationToken,
                    idempotent,
                    authentication.Pacing).ConfigureAwait(false);
                refused = await authentication.IsRejectedAsync(response, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // A body broke off in the first bytes read to see a refused token or a rate limit.
                response?.Dispose();
                throw new CallReportsException(authentication.Vendor + "ResponseInterrupted", FailureKind.InvalidData, $"The answer to {what} was cut off at its start: {ex.Message} Run the command again.", inner: ex) { Target = what };
            }
            catch
            {
                response?.Dispose();
                throw;
            }

            if (!refused)
            {
                return response;
            }

            if (rejected is not null || !authentication.CanRenew)
            {
                using (response)
                {
                    throw await authentication.RejectionAsync(response, what, rejected is not null, cancellationToken).ConfigureAwait(false);
                }
            }

            log.Verbose(what + ": the server refused the token; renewing it (refreshing it, or signing in again) and sending the request once more.");
            response.Dispose();
            rejected = token;
        }
    }
}
