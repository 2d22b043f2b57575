using System.Net;
using System.Net.Http.Headers;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// RingCX's part of authentication: a permanent API token goes in <c>X-Auth-Token</c>, every other token as a
/// bearer token. Tokens from the JWT exchange or the Engage login are kept in the <see cref="TokenCache"/> and
/// got by <see cref="CasperTokenExchange"/>; a 401 renews them once. A token the user gave is sent as it is.
/// Sending, renewing once and replaying are the <see cref="AuthorizedSender"/>'s.
/// </summary>
internal sealed class CasperSession : VendorAuthentication
{
    private readonly ConnectionOptions connection;
    private readonly CasperCredentials credentials;
    private readonly CasperTokenExchange exchange;
    private readonly AuthorizedSender sender;

    public CasperSession(ConnectionOptions connection, CasperCredentials credentials, OperationLog log)
        : base(CasperErrors.Prefix)
    {
        this.connection = connection;
        this.credentials = credentials;
        exchange = new CasperTokenExchange(connection, credentials, log);
        sender = new AuthorizedSender(connection, this, log);
        var host = connection.BaseUri.Host;
        IsLegacyHost = host.EndsWith("vacd.biz", StringComparison.OrdinalIgnoreCase) || host.EndsWith("virtualacd.biz", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>portal.vacd.biz / portal.virtualacd.biz: paths without <c>/voice</c>, API tokens only.</summary>
    public bool IsLegacyHost { get; }

    /// <summary>The admin API prefix: <c>voice/api/v1/</c>, or <c>api/v1/</c> on the legacy hosts.</summary>
    public string ApiPrefix => IsLegacyHost ? "api/v1/" : "voice/api/v1/";

    /// <inheritdoc />
    public override bool CanRenew => credentials.Mode is CasperAuthMode.RingCentralJwt or CasperAuthMode.EngageLogin;

    /// <summary>Sends an authorized request to <paramref name="relativeUri"/> (under the base URI), renewing an expired token once.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, Func<HttpContent>? content, string accept, string what, CancellationToken cancellationToken, bool idempotent = false) =>
        sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, new Uri(connection.BaseUri, relativeUri)) { Content = content?.Invoke() };
                request.Headers.Accept.ParseAdd(accept);
                return request;
            },
            what,
            cancellationToken,
            idempotent);

    /// <inheritdoc />
    public override void Authorize(HttpRequestMessage request, string token)
    {
        if (credentials.Mode == CasperAuthMode.ApiToken)
        {
            request.Headers.TryAddWithoutValidation("X-Auth-Token", token);
        }
        else
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <inheritdoc />
    public override async Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken)
    {
        if (IsLegacyHost && credentials.Mode != CasperAuthMode.ApiToken)
        {
            throw new CallReportsException(
                CasperErrors.LegacyHostNeedsApiToken,
                FailureKind.InvalidArgument,
                $"{connection.ServerDisplay} is a legacy Engage host: it accepts only permanent API tokens. Use -ApiToken.",
                terminating: true);
        }

        if (!CanRenew)
        {
            var plain = new NetworkCredential(string.Empty, credentials.Token).Password;
            Redactor.Register(plain);
            return plain;
        }

        var secret = credentials.Mode == CasperAuthMode.RingCentralJwt
            ? new NetworkCredential(string.Empty, credentials.Token).Password + "\n" + credentials.Client!.Password
            : credentials.Password!.Password;
        Redactor.Register(secret);
        var state = await TokenCache.GetAsync(CallReportsVendor.Casper, connection.ServerDisplay, credentials.Principal, secret, exchange.AcquireAsync, rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    /// <inheritdoc />
    public override async Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken)
    {
        var failure = await CasperErrors.FromResponseAsync(response, what, null, cancellationToken).ConfigureAwait(false);
        var advice = credentials.Mode switch
        {
            CasperAuthMode.AccessToken => " The access token was rejected; RingCX tokens live 5 minutes. Use -RingCentralJwt with -ClientCredential so tokens are renewed, or -ApiToken.",
            CasperAuthMode.ApiToken => " The API token was rejected; check that it was not revoked (GET /voice/api/v1/admin/token lists them).",
            _ => " A renewed token was rejected too; check that the user may read reports on the account.",
        };
        return new CallReportsException(CasperErrors.Unauthorized, FailureKind.Authentication, failure.Message + advice, terminating: true)
        {
            StatusCode = 401,
            Target = what,
        };
    }
}
