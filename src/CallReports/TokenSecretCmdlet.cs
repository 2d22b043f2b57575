using System.Security;

namespace CallReports;

/// <summary>Base of the vendor cmdlets that also take a ready token, as <c>-AccessToken</c> (PortSIP, VOXO, RingCX).</summary>
public abstract class TokenSecretCmdlet : SecretCmdlet
{
    /// <summary>An access token issued elsewhere, instead of signing in; it is sent as it is and never renewed.</summary>
    [Parameter]
    public SecureString? AccessToken { get; set; }

    /// <inheritdoc />
    protected override SecureString? Token => AccessToken;
}
