using System.Text;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Yeastar's token endpoints: <c>get_token</c> (Client ID and Client Secret), <c>refresh_token</c> and
/// <c>del_token</c>. Each is sent once: a transient failure might hide a counted failed login, and 5 of those
/// block the caller's IP, so a rejected login is never retried.
/// </summary>
internal sealed class YeastarSignIn
{
    private readonly ConnectionOptions connection;
    private readonly YeastarCredentials credentials;
    private readonly OperationLog log;

    public YeastarSignIn(ConnectionOptions connection, YeastarCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    /// <summary>For the <see cref="TokenCache"/>: refreshes <paramref name="existing"/> when it can, otherwise gets a new token.</summary>
    public async Task<TokenState> AcquireAsync(TokenState? existing, CancellationToken cancellationToken)
    {
        if (existing?.RefreshToken is { } refresh)
        {
            try
            {
                var renewed = await PostAsync("refresh_token", "{\"refresh_token\":" + JsonSerializer.Serialize(refresh) + "}", "token refresh", cancellationToken).ConfigureAwait(false);
                log.Verbose($"Refreshed the Yeastar token of {credentials.ClientId}; it expires at {renewed.ExpiresAt:u}.");
                return renewed;
            }
            catch (CallReportsException ex) when (ex.Kind is not FailureKind.Security and not FailureKind.Connection and not FailureKind.Timeout)
            {
                log.Verbose($"Refreshing the Yeastar token failed ({ex.Message}); getting a new one.");
            }
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["username"] = credentials.ClientId, ["password"] = credentials.ClientSecret });
        var state = await PostAsync("get_token", body, "sign-in", cancellationToken).ConfigureAwait(false);
        log.Verbose($"Got a Yeastar token for {credentials.ClientId} at {connection.ServerDisplay}; it expires at {state.ExpiresAt:u}.");
        return state;
    }

    /// <summary>Revokes a token with <c>del_token</c>; the cache calls it after the command that got the token is gone.</summary>
    private static async Task RevokeAsync(ConnectionOptions connection, TokenState state, CancellationToken cancellationToken)
    {
        var uri = YeastarSession.WithToken(new Uri(connection.BaseUri, YeastarSession.AuthPath + "del_token"), state.AccessToken);
        using var response = await HttpPipeline.SendAsync(connection, () => new HttpRequestMessage(HttpMethod.Get, uri), new OperationLog(_ => { }), YeastarErrors.Prefix, "token revocation", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await YeastarErrors.FromHttpStatusAsync(response, connection.ServerDisplay, "the token revocation", cancellationToken).ConfigureAwait(false);
        }

        using var document = await YeastarErrors.ReadEnvelopeAsync(response, "the token revocation", cancellationToken).ConfigureAwait(false);
        if (YeastarErrors.ErrorCode(document.RootElement) != 0)
        {
            throw YeastarErrors.FromEnvelope(document.RootElement, "the token revocation", signIn: false);
        }
    }

    private async Task<TokenState> PostAsync(string endpoint, string json, string what, CancellationToken cancellationToken)
    {
        var uri = new Uri(connection.BaseUri, YeastarSession.AuthPath + endpoint);
        var once = connection.WithoutRetries();
        using var response = await HttpPipeline.SendAsync(
            once,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            log,
            YeastarErrors.Prefix,
            what,
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new CallReportsException(YeastarErrors.Prefix + HttpFailure.IdOf(response.StatusCode), HttpFailure.KindOf(response.StatusCode), string.Format(CultureInfo.InvariantCulture, "{0} answered HTTP {1} for the {2}.", connection.ServerDisplay, (int)response.StatusCode, what), terminating: true) { StatusCode = (int)response.StatusCode, Target = what };
        }

        using var document = await YeastarErrors.ReadEnvelopeAsync(response, "the " + what, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var access = YeastarRecordMapper.Text(root, "access_token");
        var refresh = YeastarRecordMapper.Text(root, "refresh_token");
        Redactor.Register(access);
        Redactor.Register(refresh);
        if (YeastarErrors.ErrorCode(root) != 0)
        {
            throw YeastarErrors.FromEnvelope(root, "the " + what + " of " + credentials.ClientId, signIn: true);
        }

        if (access is null)
        {
            throw new CallReportsException(YeastarErrors.InvalidSignInResponse, FailureKind.InvalidData, $"The PBX accepted the {what} but returned no access_token.", terminating: true);
        }

        var seconds = long.TryParse(YeastarRecordMapper.Text(root, "access_token_expire_time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : 1800;
        // The cache outlives this command: the revocation holds the connection, not the credentials.
        var revokeAt = connection;
        return new TokenState(access, refresh, TimeSpan.FromSeconds(seconds), YeastarSession.AuthPath + endpoint) { Revoke = (state, ct) => RevokeAsync(revokeAt, state, ct) };
    }
}
