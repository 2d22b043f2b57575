namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Yeastar's error ids (each <c>Yeastar&lt;Problem&gt;</c>, stable: scripts match on them) and how a Yeastar answer
/// says it failed: an <c>{errcode, errmsg}</c> envelope, which the API sends with HTTP 200, or an HTTP status from
/// something in front of it. An <c>errcode</c> this list does not name becomes <c>YeastarError&lt;code&gt;</c>.
/// </summary>
public static class YeastarErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "Yeastar";

    /// <summary>-Vault without -SecretName.</summary>
    public const string VaultWithoutSecret = Prefix + "VaultWithoutSecret";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>A vault secret that is not a PSCredential (Client ID and Client Secret).</summary>
    public const string CredentialType = Prefix + "CredentialType";

    /// <summary>-TimeZone names no zone this machine knows.</summary>
    public const string InvalidTimeZone = Prefix + "InvalidTimeZone";

    /// <summary>A parameter the report type needs, or does not take, or a value out of range.</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>An answer that is not a Yeastar API response, or lacks what it must carry.</summary>
    public const string InvalidResponse = Prefix + "InvalidResponse";

    /// <summary>The sign-in was accepted without an access token.</summary>
    public const string InvalidSignInResponse = Prefix + "InvalidSignInResponse";

    /// <summary>A name given for an ID (extension, queue, trunk…) that the PBX does not have.</summary>
    public const string NameNotFound = Prefix + "NameNotFound";

    /// <summary>The report download was cut off before its end.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>The download link was refused again after a fresh one was asked for.</summary>
    public const string DownloadLinkExpired = Prefix + "DownloadLinkExpired";

    /// <summary>The PBX reports a date or time display format the module does not know.</summary>
    public const string UnknownDisplayFormat = Prefix + "UnknownDisplayFormat";

    /// <summary>The PBX closed the event subscription (asynchronous reports).</summary>
    public const string SubscriptionClosed = Prefix + "SubscriptionClosed";

    /// <summary>The PBX refused the event subscription, or it failed.</summary>
    public const string SubscriptionFailed = Prefix + "SubscriptionFailed";

    /// <summary>The PBX could not build an asynchronous report.</summary>
    public const string AsyncReportFailed = Prefix + "AsyncReportFailed";

    /// <summary>The report's completion event did not arrive in time.</summary>
    public const string Timeout = Prefix + "Timeout";

    /// <summary>errcode -1 at sign-in: the Client ID or Client Secret is wrong.</summary>
    public const string SignInFailed = Prefix + "SignInFailed";

    /// <summary>errcode 60002 at sign-in: the application has 8 live tokens already.</summary>
    public const string TokenLimitReached = Prefix + "TokenLimitReached";

    /// <summary>errcode 70004: this IP is blocked after failed logins.</summary>
    public const string IpBlocked = Prefix + "IpBlocked";

    /// <summary>errcode 70087: this IP is not on the API's allow-list.</summary>
    public const string IpForbidden = Prefix + "IpForbidden";

    /// <summary>errcode 10004 for a renewed token too.</summary>
    public const string TokenExpired = Prefix + "TokenExpired";

    /// <summary>errcode 10005: the API application lacks the permission.</summary>
    public const string AccessDenied = Prefix + "AccessDenied";

    /// <summary>errcode 10001: no such endpoint on this firmware or API version.</summary>
    public const string InterfaceNotFound = Prefix + "InterfaceNotFound";

    /// <summary>errcode 10002 or 10003: the API version is not served.</summary>
    public const string ApiVersionUnsupported = Prefix + "ApiVersionUnsupported";

    /// <summary>errcode 10009: the feature is disabled or not licensed.</summary>
    public const string OperationFailed = Prefix + "OperationFailed";

    /// <summary>errcode 40001 or 40002: a parameter the PBX refused.</summary>
    public const string ParameterError = Prefix + "ParameterError";

    /// <summary>errcode 60001: no such data.</summary>
    public const string DataNotFound = Prefix + "DataNotFound";

    /// <summary>errcode 60002 outside sign-in: a limit was reached.</summary>
    public const string LimitExceeded = Prefix + "LimitExceeded";

    /// <summary>errcode 70082: the PBX is busy with an overload task (retried first).</summary>
    public const string Overloaded = Prefix + "Overloaded";

    /// <summary>errcode -2: an internal error (retried first).</summary>
    public const string InternalError = Prefix + "InternalError";

    /// <summary>errcode -1 outside sign-in.</summary>
    public const string Failure = Prefix + "Failure";

    /// <summary>The <c>errcode</c> of an answer, or <see cref="int.MinValue"/> when it has none.</summary>
    internal static int ErrorCode(JsonElement root) =>
        root.TryGetProperty("errcode", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var value) ? value : int.MinValue;

    /// <summary>Parses an <c>{errcode, errmsg}</c> answer; anything else is <see cref="InvalidResponse"/>.</summary>
    internal static async Task<JsonDocument> ReadEnvelopeAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        try
        {
            var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errcode", out _))
            {
                return document;
            }

            document.Dispose();
        }
        catch (JsonException)
        {
            // Reported below.
        }

        throw new CallReportsException(InvalidResponse, FailureKind.InvalidData, $"The PBX answered {what} with something that is not a Yeastar API response (no errcode).", terminating: true) { Target = what };
    }

    /// <summary>An HTTP error status: the API answers 200 even for errors, so something in front of it answered.</summary>
    internal static async Task<CallReportsException> FromHttpStatusAsync(HttpResponseMessage response, string server, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var kind = HttpFailure.KindOf(response.StatusCode);
        return new CallReportsException(
            Prefix + HttpFailure.IdOf(response.StatusCode),
            kind,
            string.Format(CultureInfo.InvariantCulture, "{0} answered HTTP {1} {2} for {3} (the Yeastar API answers 200 even for errors: a proxy or the remote-access relay may be in the way).{4}", server, (int)response.StatusCode, response.ReasonPhrase, what, body.Length is > 0 and < 300 ? " " + body.Trim() : string.Empty),
            terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied or FailureKind.NotFound)
        { StatusCode = (int)response.StatusCode, Target = what };
    }

    /// <summary>A non-zero <c>errcode</c> as an exception with a stable id, the errmsg, the invalid parameters and what to do.</summary>
    internal static CallReportsException FromEnvelope(JsonElement root, string what, bool signIn)
    {
        var code = ErrorCode(root);
        var invalid = new List<string>();
        if (root.TryGetProperty("invalid_param_list", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                invalid.Add((YeastarRecordMapper.Text(item, "field") ?? "(field)") + "=" + (YeastarRecordMapper.Text(item, "value") ?? YeastarRecordMapper.Text(item, "validation_type") ?? "?"));
            }
        }

        var said = string.Format(CultureInfo.InvariantCulture, "The PBX answered {0} with errcode {1} {2}{3}.", what, code, YeastarRecordMapper.Text(root, "errmsg") ?? "(no errmsg)", invalid.Count == 0 ? string.Empty : " (invalid: " + string.Join(", ", invalid) + ")");
        var (id, kind, terminating, advice) = Describe(code, signIn, YeastarRecordMapper.Text(root, "block_expire_time"));
        return new CallReportsException(id, kind, said + advice, terminating) { VendorCode = code.ToString(CultureInfo.InvariantCulture), Target = what };
    }

    private static (string Id, FailureKind Kind, bool Terminating, string Advice) Describe(int code, bool signIn, string? blockedUntil) => code switch
    {
        -1 when signIn => (SignInFailed, FailureKind.Authentication, true, " The Client ID or Client Secret is wrong (Integrations > API on the PBX). It was not retried: after 5 failed logins the PBX blocks this IP."),
        60002 when signIn => (TokenLimitReached, FailureKind.LimitsExceeded, true, " The application already has 8 live access tokens, the most Yeastar allows; a new one is issued only when one expires (30 minutes) or is revoked. Stop other scripts using this Client ID, or wait."),
        70004 => (IpBlocked, FailureKind.Security, true, " This IP is blocked after repeated failed logins" + (blockedUntil is not null ? " until " + blockedUntil : string.Empty) + "; an administrator can remove it under PBX Security > Blocked IPs."),
        70087 => (IpForbidden, FailureKind.Security, true, " This IP is not in the API's IP allow-list (Integrations > API > IP restriction on the PBX)."),
        10004 => (TokenExpired, FailureKind.Authentication, true, " A renewed token was rejected too."),
        10005 => (AccessDenied, FailureKind.PermissionDenied, true, " The API application lacks permission for this."),
        10001 => (InterfaceNotFound, FailureKind.NotFound, true, " The endpoint does not exist on this firmware (or on this API version); try -ApiVersion V1."),
        10002 or 10003 => (ApiVersionUnsupported, FailureKind.NotFound, true, " Try -ApiVersion V1."),
        10009 => (OperationFailed, FailureKind.PermissionDenied, true, " The feature is disabled or not licensed on the PBX."),
        40001 or 40002 => (ParameterError, FailureKind.InvalidArgument, true, string.Empty),
        60001 => (DataNotFound, FailureKind.NotFound, false, string.Empty),
        60002 => (LimitExceeded, FailureKind.LimitsExceeded, false, string.Empty),
        70082 => (Overloaded, FailureKind.LimitsExceeded, false, " The PBX is busy with an overload task; try again later."),
        -2 => (InternalError, FailureKind.Unknown, false, " Some PBX firmware also answers -2 for a malformed report request."),
        -1 => (Failure, FailureKind.Unknown, false, string.Empty),
        _ => (Prefix + "Error" + code.ToString(CultureInfo.InvariantCulture).Replace("-", "Minus"), FailureKind.Unknown, false, string.Empty),
    };
}
