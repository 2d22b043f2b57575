namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// RingCX's error ids (each <c>Casper&lt;Problem&gt;</c>, stable: scripts match on them) and how a RingCX error
/// body reads. Ids made from an HTTP status (<c>CasperServiceUnavailable</c>) come from <see cref="FromResponseAsync"/>.
/// </summary>
public static class CasperErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "Casper";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>-Vault without -SecretName.</summary>
    public const string VaultWithoutSecret = Prefix + "VaultWithoutSecret";

    /// <summary>No -StartTime, and no -Checkpoint that says where to start.</summary>
    public const string StartTimeRequired = Prefix + "StartTimeRequired";

    /// <summary>-EndTime is not after -StartTime.</summary>
    public const string InvalidTimeRange = Prefix + "InvalidTimeRange";

    /// <summary>-TimeZone names no zone this machine knows.</summary>
    public const string UnknownTimeZone = Prefix + "UnknownTimeZone";

    /// <summary>Profiles and destinations selected together, or a -GroupBy that does not fit the ids.</summary>
    public const string ConflictingSelection = Prefix + "ConflictingSelection";

    /// <summary>-WindowSize under a minute.</summary>
    public const string InvalidWindowSize = Prefix + "InvalidWindowSize";

    /// <summary>Another value that cannot work (an account id that is not one, an empty name, a negative -Skip).</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>No way to sign in was given.</summary>
    public const string CredentialMissing = Prefix + "CredentialMissing";

    /// <summary>More than one way to sign in was given.</summary>
    public const string CredentialAmbiguous = Prefix + "CredentialAmbiguous";

    /// <summary>-RingCentralJwt without -ClientCredential.</summary>
    public const string ClientCredentialMissing = Prefix + "ClientCredentialMissing";

    /// <summary>-ClientCredential without a JWT.</summary>
    public const string JwtMissing = Prefix + "JwtMissing";

    /// <summary>The Engage login without -PlatformId.</summary>
    public const string PlatformIdMissing = Prefix + "PlatformIdMissing";

    /// <summary>A legacy Engage host (portal.vacd.biz) and anything but an API token.</summary>
    public const string LegacyHostNeedsApiToken = Prefix + "LegacyHostNeedsApiToken";

    /// <summary>A RingCentral JWT would go over plain http.</summary>
    public const string UnencryptedAuthentication = Prefix + "UnencryptedAuthentication";

    /// <summary>RingCentral or RingCX refused the sign-in, the exchange or the refresh.</summary>
    public const string SignInFailed = Prefix + "SignInFailed";

    /// <summary>A sign-in was accepted but sent no token.</summary>
    public const string InvalidSignInResponse = Prefix + "InvalidSignInResponse";

    /// <summary>RingCX refused the token (after a renewal, where one is possible).</summary>
    public const string Unauthorized = Prefix + "Unauthorized";

    /// <summary>HTTP 403: the user may not read the account's reports.</summary>
    public const string AccessDenied = Prefix + "AccessDenied";

    /// <summary>HTTP 404/410 for the report: the deprecated reportsStreaming API may be switched off.</summary>
    public const string ReportApiUnavailable = Prefix + "ReportApiUnavailable";

    /// <summary>RingCX listed <c>validationErrors</c>.</summary>
    public const string InvalidRequest = Prefix + "InvalidRequest";

    /// <summary>A JSON error document instead of the CSV, even with HTTP 200.</summary>
    public const string ErrorResponse = Prefix + "ErrorResponse";

    /// <summary>No -TimeZone, and the account's primaryTimezone does not name a zone.</summary>
    public const string TimeZoneRequired = Prefix + "TimeZoneRequired";

    /// <summary>A profile name, id or group that no requested account has.</summary>
    public const string ProfileNotFound = Prefix + "ProfileNotFound";

    /// <summary>A destination name, id or group that no requested account has.</summary>
    public const string DestinationNotFound = Prefix + "DestinationNotFound";

    /// <summary>The body lacks the report's key columns (usually a wrong -Delimiter).</summary>
    public const string UnexpectedColumns = Prefix + "UnexpectedColumns";

    /// <summary>A window's body broke off.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>One row could not be read; it is skipped.</summary>
    public const string InvalidRow = Prefix + "InvalidRow";

    /// <summary>-OutFile: the report could not be had, so nothing was written.</summary>
    public const string DownloadFailed = Prefix + "DownloadFailed";

    /// <summary>Reads a RingCX error body (<c>{generalMessage, developerMessage, validationErrors, errorCode}</c> or plain text) into an exception.</summary>
    /// <param name="response">The unsuccessful (or JSON-instead-of-CSV) response.</param>
    /// <param name="what">What was requested.</param>
    /// <param name="accountId">The account the request was for, when it matters for the message.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The error: terminating for authentication, permission, missing resources and invalid requests.</returns>
    internal static async Task<CallReportsException> FromResponseAsync(HttpResponseMessage response, string what, string? accountId, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var details = new List<string>();
        var code = ReadDetails(body, details);
        var status = (int)response.StatusCode;
        var success = response.IsSuccessStatusCode;
        var kind = success ? FailureKind.InvalidData : HttpFailure.KindOf(response.StatusCode);
        if (details.Count > 0 && (code?.IndexOf("validation", StringComparison.OrdinalIgnoreCase) >= 0 || body.IndexOf("validationErrors\":[{", StringComparison.Ordinal) >= 0))
        {
            kind = FailureKind.InvalidArgument;
        }

        var said = details.Count == 0 ? string.Empty : ": " + string.Join(" ", details);
        var text = success
            ? $"RingCX answered {what} with an error document instead of CSV{said}."
            : string.Format(CultureInfo.InvariantCulture, "RingCX answered HTTP {0} {1} for {2}{3}.", status, response.ReasonPhrase, what, said);
        var id = success ? ErrorResponse : Prefix + HttpFailure.IdOf(response.StatusCode);
        switch (kind)
        {
            case FailureKind.PermissionDenied:
                id = AccessDenied;
                text += accountId is null
                    ? " The user lacks permission for this resource."
                    : $" The user may not read reports on account {accountId}: it needs READ permission on the account (and its sub-accounts) in the RingCX admin portal.";
                break;
            case FailureKind.NotFound when accountId is not null:
                id = ReportApiUnavailable;
                text += $" RingCentral deprecated the Cloud Call Detail report API (reportsStreaming) in 2024 and may have switched it off for account {accountId}; check the account id, or move to the interaction-metadata API.";
                break;
            case FailureKind.InvalidArgument:
                id = InvalidRequest;
                break;
            case FailureKind.LimitsExceeded:
                text += accountId is null
                    ? " RingCX's rate limit was still exceeded after waiting; try again in a minute."
                    : " RingCX's rate limit was exceeded even after retries; wait a minute or use a larger -WindowSize.";
                break;
        }

        return new CallReportsException(id, kind, text, terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied or FailureKind.NotFound or FailureKind.InvalidArgument)
        {
            StatusCode = status,
            VendorCode = code,
            Target = what,
        };
    }

    /// <summary>A refused sign-in, exchange or refresh: transient failures stay as they are, the rest is <see cref="SignInFailed"/>.</summary>
    /// <param name="failure">The answer, read by <see cref="FromResponseAsync"/>.</param>
    /// <param name="message">What failed and what to check.</param>
    /// <returns>The error to throw.</returns>
    internal static CallReportsException SignInFailure(CallReportsException failure, string message)
    {
        if (failure.Kind is FailureKind.LimitsExceeded or FailureKind.Connection or FailureKind.Timeout)
        {
            return failure;
        }

        return new CallReportsException(SignInFailed, FailureKind.Authentication, message, terminating: true)
        {
            StatusCode = failure.StatusCode,
            VendorCode = failure.VendorCode,
            Target = failure.Target,
        };
    }

    /// <summary>Collects the messages of an error body into <paramref name="details"/>; returns its <c>errorCode</c>.</summary>
    private static string? ReadDetails(string body, List<string> details)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var name in new[] { "generalMessage", "developerMessage", "details", "cause" })
            {
                if (CasperRecordMapper.Text(root, name) is { } message && !details.Contains(message))
                {
                    details.Add(message);
                }
            }

            if (root.TryGetProperty("validationErrors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    details.Add(string.Format(CultureInfo.InvariantCulture, "{0}: {1}{2}", CasperRecordMapper.Text(error, "attributeName") ?? "(field)", CasperRecordMapper.Text(error, "message") ?? "invalid", CasperRecordMapper.Text(error, "value") is { } v ? " (" + v + ")" : string.Empty));
                }
            }

            return CasperRecordMapper.Text(root, "errorCode");
        }
        catch (JsonException)
        {
            var plain = body.Trim();
            if (plain.Length > 0 && plain.Length < 300 && plain.IndexOf('<') < 0)
            {
                details.Add(plain);
            }

            return null;
        }
    }
}
