namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// PortSIP's error ids (each <c>PortSip&lt;Problem&gt;</c>, stable: scripts match on them) and how a PortSIP error
/// body reads. Ids made from the PBX's own error code (<c>PortSipValidateFailed</c> from <c>VALIDATE_FAILED</c>) or the HTTP status
/// (<c>PortSipUnauthorized</c>) come from <see cref="FromResponseAsync"/>.
/// </summary>
public static class PortSipErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "PortSip";

    /// <summary>-Vault without -SecretName.</summary>
    public const string VaultWithoutSecret = Prefix + "VaultWithoutSecret";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>-EndTime is not after -StartTime.</summary>
    public const string InvalidTimeRange = Prefix + "InvalidTimeRange";

    /// <summary>Another value out of range (page size, -Skip, an empty sort order or id).</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>A call report definition (new or changed) fails the checks; nothing was sent.</summary>
    public const string InvalidCallReport = Prefix + "InvalidCallReport";

    /// <summary>-OutFile without -Wait.</summary>
    public const string OutFileWithoutWait = Prefix + "OutFileWithoutWait";

    /// <summary>-Wait with -CronExpression.</summary>
    public const string WaitOnScheduledReport = Prefix + "WaitOnScheduledReport";

    /// <summary>The -OutFile exists and -Force was not given.</summary>
    public const string FileExists = Prefix + "FileExists";

    /// <summary>-AsObject with -OutFile or -Force.</summary>
    public const string AsObjectWithFile = Prefix + "AsObjectWithFile";

    /// <summary>The PBX refused the user name and password.</summary>
    public const string SignInFailed = Prefix + "SignInFailed";

    /// <summary>The PBX accepted the sign-in (or refresh) but sent no token.</summary>
    public const string InvalidSignInResponse = Prefix + "InvalidSignInResponse";

    /// <summary>The user has two-factor authentication, which an unattended command cannot answer.</summary>
    public const string TwoFactorRequired = Prefix + "TwoFactorRequired";

    /// <summary>The server answers none of the three sign-in endpoints.</summary>
    public const string UnsupportedVersion = Prefix + "UnsupportedVersion";

    /// <summary>HTTP 401 (the id <see cref="FromResponseAsync"/> gives it).</summary>
    public const string Unauthorized = Prefix + "Unauthorized";

    /// <summary>The PBX is older than v22.1 and has no call logs.</summary>
    public const string CallLogsUnsupported = Prefix + "CallLogsUnsupported";

    /// <summary>A body broke off, or is not what it should be.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>The PBX returned no record for an id.</summary>
    public const string NotFound = Prefix + "NotFound";

    /// <summary>The PBX accepted a creation but returned no id.</summary>
    public const string InvalidResponse = Prefix + "InvalidResponse";

    /// <summary>A created report did not complete within -TimeoutSec.</summary>
    public const string CallReportTimeout = Prefix + "CallReportTimeout";

    /// <summary>-AsObject on a report file that is HTML.</summary>
    public const string ReportNotCsv = Prefix + "ReportNotCsv";

    /// <summary>A definition read from the PBX holds a value this module does not know.</summary>
    public const string UnknownCallReportValue = Prefix + "UnknownCallReportValue";

    /// <summary>Reads a PortSIP error body (<c>{"errors":[{code,message,detail}]}</c>) into an exception.</summary>
    /// <param name="response">The unsuccessful answer.</param>
    /// <param name="what">What was requested.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The error: terminating for authentication and permission failures.</returns>
    internal static async Task<CallReportsException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var (code, message) = ReadError(body);
        var status = (int)response.StatusCode;
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "PortSIP answered HTTP {0} {1} for {2}{3}.",
            status,
            response.ReasonPhrase,
            what,
            message is null ? string.Empty : ": " + message);
        var kind = HttpFailure.KindOf(response.StatusCode);
        if (kind == FailureKind.LimitsExceeded)
        {
            text += " The PBX's REST rate limit (5,000 requests a minute per IP by default, [apigateway] access_limit) was exceeded even after retries.";
        }

        return new CallReportsException(
            Prefix + (code is null || string.Equals(code, "UNKNOWN", StringComparison.OrdinalIgnoreCase) && status != 400 ? HttpFailure.IdOf(response.StatusCode) : HttpFailure.PascalCase(code)),
            kind,
            text,
            terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied)
        {
            StatusCode = status,
            VendorCode = code,
            Target = what,
        };
    }

    /// <summary>The first error's code and message (with its detail), or nulls for a body that is not a PortSIP error.</summary>
    private static (string? Code, string? Message) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object ||
                !document.RootElement.TryGetProperty("errors", out var errors) ||
                errors.ValueKind != JsonValueKind.Array ||
                errors.GetArrayLength() == 0)
            {
                return (null, null);
            }

            var first = errors[0];
            var message = PortSipRecordMapper.Text(first, "message");
            if (first.TryGetProperty("detail", out var detail) && detail.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
            {
                message = (message is null ? string.Empty : message + " ") + "(" + (detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText()) + ")";
            }

            return (PortSipRecordMapper.Text(first, "code"), message);
        }
        catch (JsonException)
        {
            // Not a PortSIP error body (a proxy's HTML page, an empty {}); the status speaks for itself.
            return (null, null);
        }
    }
}
