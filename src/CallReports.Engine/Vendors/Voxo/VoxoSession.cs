using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Voxo;

/// <summary>
/// VOXO's part of authentication: signs in with <c>POST /authentication</c> (Feathers' local strategy), keeps
/// the JWT in the <see cref="TokenCache"/> for the lifetime its <c>exp</c> claim gives, sends it as a bearer
/// token, and reads a 401 as a refused token. Sending, renewing once and replaying are the
/// <see cref="AuthorizedSender"/>'s.
/// </summary>
internal sealed class VoxoSession : VendorAuthentication
{
    /// <summary>Feathers' default <c>expiresIn</c>, for a token whose exp cannot be read.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(1);

    private readonly ConnectionOptions connection;
    private readonly VoxoCredentials credentials;
    private readonly OperationLog log;
    private readonly AuthorizedSender sender;

    public VoxoSession(ConnectionOptions connection, VoxoCredentials credentials, OperationLog log)
        : base(VoxoErrors.Prefix)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
        sender = new AuthorizedSender(connection, this, log);
    }

    /// <inheritdoc />
    public override bool CanRenew => credentials.AccessToken is null;

    /// <summary>Sends an authorized GET to <paramref name="relativeUri"/>.</summary>
    public Task<HttpResponseMessage> GetAsync(string relativeUri, string what, CancellationToken cancellationToken) =>
        sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.BaseUri, relativeUri));
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

        var state = await TokenCache.GetAsync(CallReportsVendor.Voxo, connection.ServerDisplay, credentials.Principal, credentials.Password!.Password, (_, ct) => SignInAsync(ct), rejected, cancellationToken).ConfigureAwait(false);
        return state.AccessToken;
    }

    /// <inheritdoc />
    public override async Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken)
    {
        var failure = await VoxoErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        var advice = CanRenew
            ? " A fresh sign-in was also rejected; check that the user is an account admin, reports admin or partner admin."
            : " The access token was rejected (expired or revoked); issue a new one in the VOXO portal, or use -Credential so the token can be renewed.";
        return new CallReportsException(failure.ErrorId, FailureKind.Authentication, failure.Message + advice, terminating: true)
        {
            StatusCode = 401,
            VendorCode = failure.VendorCode,
            Target = what,
        };
    }

    private async Task<TokenState> SignInAsync(CancellationToken cancellationToken)
    {
        var password = credentials.Password!;
        Redactor.Register(password.Password);
        using var response = await HttpPipeline.SendAsync(
            connection,
            () => new HttpRequestMessage(HttpMethod.Post, new Uri(connection.BaseUri, "authentication"))
            {
                Content = new StringContent(
                    JsonSerializer.Serialize(new Dictionary<string, string> { ["strategy"] = "local", ["email"] = password.UserName.Trim(), ["password"] = password.Password }),
                    Encoding.UTF8,
                    "application/json"),
            },
            log,
            VoxoErrors.Prefix,
            "sign-in",
            cancellationToken).ConfigureAwait(false);

        if (!response.IsSuccessStatusCode)
        {
            var failure = await VoxoErrors.FromResponseAsync(response, "sign-in", cancellationToken).ConfigureAwait(false);
            throw VoxoErrors.SignInFailure(failure, connection.ServerDisplay, credentials.Principal);
        }

        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? accessToken = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            accessToken = VoxoRecordMapper.Text(document.RootElement, "accessToken");
        }
        catch (JsonException)
        {
            // Reported below.
        }

        if (accessToken is null)
        {
            throw new CallReportsException(VoxoErrors.InvalidSignInResponse, FailureKind.InvalidData, $"VOXO {connection.ServerDisplay} accepted the sign-in but returned no accessToken.", terminating: true) { Target = "sign-in" };
        }

        Redactor.Register(accessToken);
        var now = DateTimeOffset.UtcNow;
        var lifetime = Jwt.ExpiryOf(accessToken) is { } exp && exp > now ? exp - now : DefaultLifetime;
        var state = new TokenState(accessToken, null, lifetime, "/authentication (local)");
        log.Verbose($"Signed in to VOXO {connection.ServerDisplay} as {credentials.Principal}; the token expires at {state.ExpiresAt.ToUniversalTime():u}.");
        return state;
    }
}
