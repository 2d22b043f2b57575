using System.Security;

namespace CallReports;

/// <summary>
/// Base of the vendor cmdlets that sign in: <c>-Credential</c>, <c>-SecretName</c> and <c>-Vault</c> are
/// declared here once, and <see cref="ResolveSecret"/> turns them (or the vendor's own token parameter,
/// <see cref="Token"/>) into the one credential the command uses, before any request.
/// </summary>
public abstract class SecretCmdlet : VendorCmdlet
{
    /// <summary>The vendor's user name and password (or client id and secret, or user name and API key).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Name of a SecretManagement secret holding a PSCredential or a SecureString (a token).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>SecretManagement vault of <see cref="SecretName"/>; the default vault when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>The value of the vendor's token parameter (-AccessToken, -ApiKey, ...), if it has one.</summary>
    protected virtual SecureString? Token => null;

    /// <summary>How an error names the choices, e.g. "-Credential (email and password), -AccessToken or -SecretName".</summary>
    protected abstract string CredentialChoices { get; }

    /// <summary>The one credential given: a <see cref="PSCredential"/> or a <see cref="SecureString"/> token.</summary>
    /// <returns>The credential; a terminating error when none or several were given.</returns>
    protected object ResolveSecret() => ResolveCredentialOrToken(Credential, Token, SecretName, Vault, CredentialChoices);
}
