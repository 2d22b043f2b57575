namespace CallReports.Engine.Vendors.Voxo;

/// <summary>
/// VOXO's error ids (each <c>Voxo&lt;Problem&gt;</c>, stable: scripts match on them) and how a VOXO error body
/// reads. Ids made from the server's own error name (<c>VoxoBadRequest</c>, <c>VoxoNotAuthenticated</c>)
/// come from <see cref="FromResponseAsync"/>.
/// </summary>
public static class VoxoErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "Voxo";

    /// <summary>-Vault without -SecretName.</summary>
    public const string VaultWithoutSecret = Prefix + "VaultWithoutSecret";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>-TimeZone names no zone this machine knows.</summary>
    public const string InvalidTimeZone = Prefix + "InvalidTimeZone";

    /// <summary>-EndTime is not after -StartTime.</summary>
    public const string InvalidTimeRange = Prefix + "InvalidTimeRange";

    /// <summary>Both -TenantId and -BillingCode.</summary>
    public const string TenantAmbiguous = Prefix + "TenantAmbiguous";

    /// <summary>Another value out of range (-WindowSize, an empty billing code).</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>VOXO refused the email address and password.</summary>
    public const string SignInFailed = Prefix + "SignInFailed";

    /// <summary>VOXO accepted the sign-in but sent no token.</summary>
    public const string InvalidSignInResponse = Prefix + "InvalidSignInResponse";

    /// <summary>A window's body broke off.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>Reads a Feathers error (<c>{name, message, code, className, data, errors}</c>) into an exception.</summary>
    /// <param name="response">The unsuccessful answer.</param>
    /// <param name="what">What was requested.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The error: terminating for authentication and permission failures.</returns>
    internal static async Task<CallReportsException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? name = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                name = VoxoRecordMapper.Text(root, "name");
                message = VoxoRecordMapper.Text(root, "message");
            }
        }
        catch (JsonException)
        {
            // Not a Feathers error body (a proxy's HTML page); the status speaks for itself.
        }

        var status = (int)response.StatusCode;
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "VOXO answered HTTP {0} {1} for {2}{3}",
            status,
            name ?? response.ReasonPhrase,
            what,
            message is null ? "." : ": " + message.TrimEnd('.') + ".");
        var kind = HttpFailure.KindOf(response.StatusCode);
        if (kind == FailureKind.PermissionDenied)
        {
            text += " Call reports need an account admin, reports admin or partner admin user; billing codes and partner-wide reports need a partner admin.";
        }

        // Feathers error names are PascalCase already (BadRequest, NotAuthenticated).
        var suffix = name is not null && IsIdentifier(name) ? char.ToUpperInvariant(name[0]) + name.Substring(1) : HttpFailure.IdOf(response.StatusCode);
        return new CallReportsException(Prefix + suffix, kind, text, terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied)
        {
            StatusCode = status,
            VendorCode = name,
            Target = what,
        };
    }

    /// <summary>What a refused sign-in tells the user: a missing endpoint points at -Server, a refusal at the credentials.</summary>
    /// <param name="failure">The sign-in answer, read by <see cref="FromResponseAsync"/>.</param>
    /// <param name="server">The server, as shown.</param>
    /// <param name="principal">Who signed in (the email address).</param>
    /// <returns>The error to throw; terminating unless the failure was transient.</returns>
    internal static CallReportsException SignInFailure(CallReportsException failure, string server, string principal)
    {
        if (failure.Kind is FailureKind.LimitsExceeded or FailureKind.Connection or FailureKind.Timeout)
        {
            return failure;
        }

        var missing = failure.Kind == FailureKind.NotFound || failure.StatusCode == 405;
        return new CallReportsException(
            missing ? failure.ErrorId : failure.Kind == FailureKind.Authentication ? SignInFailed : failure.ErrorId,
            missing ? FailureKind.NotFound : FailureKind.Authentication,
            missing
                ? $"{server} has no VOXO sign-in endpoint: {failure.Message} Check -Server (the VOXO API is https://api.voxo.co)."
                : $"Signing in to VOXO {server} as {principal} failed: {failure.Message} Check the email address and password, or use -AccessToken with a token from the VOXO portal. Failed sign-ins are not retried.",
            terminating: true) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = "sign-in" };
    }

    private static bool IsIdentifier(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                return false;
            }
        }

        return name.Length is > 0 and <= 64;
    }
}
