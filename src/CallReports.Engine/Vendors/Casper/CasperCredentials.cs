using System.Linq;
using System.Net;
using System.Security;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// How to authenticate to RingCX: a bearer access token, a permanent API token (<c>X-Auth-Token</c>),
/// a RingCentral JWT exchanged for a RingCX token, or the legacy direct Engage login.
/// </summary>
public sealed class CasperCredentials
{
    /// <summary>The RingCentral platform that turns a JWT into a RingCentral access token.</summary>
    public static readonly Uri DefaultRingCentralServer = new("https://platform.ringcentral.com/");

    private CasperCredentials(CasperAuthMode mode)
    {
        Mode = mode;
    }

    internal CasperAuthMode Mode { get; }

    /// <summary>Access token, API token or RingCentral JWT.</summary>
    internal SecureString? Token { get; private set; }

    /// <summary>RingCentral app client id (user name) and secret (password).</summary>
    internal NetworkCredential? Client { get; private set; }

    /// <summary>Engage user name and password.</summary>
    internal NetworkCredential? Password { get; private set; }

    internal string? PlatformId { get; private set; }

    internal Uri RingCentralServer { get; private set; } = DefaultRingCentralServer;

    /// <summary>The window RingCX's 5 token exchanges are counted in (documented: a minute; tests scale it).</summary>
    internal TimeSpan ExchangeWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The token-cache principal: never a secret.</summary>
    internal string Principal => Mode switch
    {
        CasperAuthMode.RingCentralJwt => "rc-app:" + Client!.UserName,
        CasperAuthMode.EngageLogin => Password!.UserName + "@" + PlatformId,
        CasperAuthMode.ApiToken => "(API token)",
        _ => "(access token)",
    };

    /// <summary>How an error names the ways to sign in.</summary>
    public const string Choices = "-ApiToken, -AccessToken, -RingCentralJwt (with -ClientCredential), -Credential (with -PlatformId) or -SecretName";

    /// <summary>
    /// The one way to sign in a command was given, checked against how RingCX's parameters go together, before
    /// any request. A secret read through -SecretName is an API token, or a RingCentral JWT when
    /// <paramref name="client"/> is given, or (a credential) the Engage login.
    /// </summary>
    /// <param name="accessToken">-AccessToken.</param>
    /// <param name="apiToken">-ApiToken.</param>
    /// <param name="ringCentralJwt">-RingCentralJwt.</param>
    /// <param name="client">-ClientCredential.</param>
    /// <param name="ringCentralServer">-RingCentralServer, or null.</param>
    /// <param name="login">-Credential.</param>
    /// <param name="platformId">-PlatformId.</param>
    /// <param name="secretName">-SecretName, or null.</param>
    /// <param name="secret">What -SecretName holds: a <see cref="SecureString"/> or a <see cref="NetworkCredential"/>.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="CallReportsException">The parameters do not go together (<see cref="CasperErrors"/> ids, terminating).</exception>
    public static CasperCredentials FromParameters(
        SecureString? accessToken,
        SecureString? apiToken,
        SecureString? ringCentralJwt,
        NetworkCredential? client,
        Uri? ringCentralServer,
        NetworkCredential? login,
        string? platformId,
        string? secretName,
        object? secret)
    {
        var given = new object?[] { accessToken, apiToken, ringCentralJwt, login, secretName }.Count(p => p is not null);
        if (given != 1)
        {
            throw CallReportsException.InvalidArgument(given == 0 ? CasperErrors.CredentialMissing : CasperErrors.CredentialAmbiguous, "Give exactly one of " + Choices + ".");
        }

        if (ringCentralJwt is not null && client is null)
        {
            throw CallReportsException.InvalidArgument(CasperErrors.ClientCredentialMissing, "-RingCentralJwt needs -ClientCredential: the RingCentral app's client id as user name and client secret as password.");
        }

        if (client is not null && ringCentralJwt is null && secretName is null)
        {
            throw CallReportsException.InvalidArgument(CasperErrors.JwtMissing, "-ClientCredential is used with -RingCentralJwt (or a -SecretName holding the JWT).");
        }

        if ((login ?? secret as NetworkCredential) is not null && platformId is null)
        {
            throw CallReportsException.InvalidArgument(
                CasperErrors.PlatformIdMissing,
                login is not null
                    ? "-Credential signs in with the Engage login, which needs -PlatformId (ask your RingCentral CSM for it)."
                    : $"Secret '{secretName}' is a PSCredential, used for the Engage login, which needs -PlatformId.");
        }

        if ((login ?? secret as NetworkCredential) is { } password)
        {
            return FromPassword(password, platformId!);
        }

        if (accessToken is not null)
        {
            return FromAccessToken(accessToken);
        }

        var token = ringCentralJwt ?? apiToken ?? secret as SecureString ?? throw new ArgumentException($"Secret '{secretName}' is neither a SecureString nor a credential.", nameof(secret));
        return client is not null ? FromRingCentralJwt(token, client, ringCentralServer) : FromApiToken(token);
    }

    /// <summary>A RingCX access token used as <c>Authorization: Bearer</c>; it lives 5 minutes and is not renewed.</summary>
    /// <param name="accessToken">The token.</param>
    public static CasperCredentials FromAccessToken(SecureString accessToken) =>
        new(CasperAuthMode.AccessToken) { Token = NotEmpty(accessToken, nameof(accessToken)) };

    /// <summary>A permanent RingCX API token sent as <c>X-Auth-Token</c> (the only mode of the legacy hosts).</summary>
    /// <param name="apiToken">The token.</param>
    public static CasperCredentials FromApiToken(SecureString apiToken) =>
        new(CasperAuthMode.ApiToken) { Token = NotEmpty(apiToken, nameof(apiToken)) };

    /// <summary>A RingCentral JWT and the RingCentral app's client id and secret: JWT → RingCentral token → RingCX token.</summary>
    /// <param name="jwt">The JWT credential issued in the RingCentral developer console.</param>
    /// <param name="client">Client id (user name) and client secret (password) of the RingCentral REST API app.</param>
    /// <param name="ringCentralServer">The RingCentral platform; https://platform.ringcentral.com when null.</param>
    public static CasperCredentials FromRingCentralJwt(SecureString jwt, NetworkCredential client, Uri? ringCentralServer)
    {
        if (client is null || string.IsNullOrWhiteSpace(client.UserName) || string.IsNullOrEmpty(client.Password))
        {
            throw new ArgumentException("The client credential needs the RingCentral app's client id as user name and its client secret as password.", nameof(client));
        }

        return new CasperCredentials(CasperAuthMode.RingCentralJwt)
        {
            Token = NotEmpty(jwt, nameof(jwt)),
            Client = client,
            RingCentralServer = ringCentralServer ?? DefaultRingCentralServer,
        };
    }

    /// <summary>The direct Engage login (<c>/api/auth/login/admin</c>), which RingCentral has deprecated.</summary>
    /// <param name="credential">Engage user name and password.</param>
    /// <param name="platformId">The platform id from the customer's RingCentral CSM.</param>
    public static CasperCredentials FromPassword(NetworkCredential credential, string platformId)
    {
        if (credential is null || string.IsNullOrWhiteSpace(credential.UserName))
        {
            throw new ArgumentException("The credential has no user name.", nameof(credential));
        }

        if (string.IsNullOrWhiteSpace(platformId))
        {
            throw new ArgumentException("The Engage login needs -PlatformId (ask your RingCentral CSM for it).", nameof(platformId));
        }

        return new CasperCredentials(CasperAuthMode.EngageLogin) { Password = credential, PlatformId = platformId.Trim() };
    }

    private static SecureString NotEmpty(SecureString value, string name) =>
        value is null || value.Length == 0 ? throw new ArgumentException("The token is empty.", name) : value;
}
