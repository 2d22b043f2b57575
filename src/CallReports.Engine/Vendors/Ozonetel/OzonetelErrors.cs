using System.Net;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Ozonetel's error ids (each <c>Ozonetel&lt;Problem&gt;</c>, stable: scripts match on them) and how Ozonetel's
/// <c>status</c>/<c>message</c> answers read (<see cref="Classify"/>). Ids for an HTTP status without a documented
/// message (<c>OzonetelServiceUnavailable</c>) are made from the status.
/// </summary>
public static class OzonetelErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "Ozonetel";

    /// <summary>-Vault without -SecretName.</summary>
    public const string VaultWithoutSecret = Prefix + "VaultWithoutSecret";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>-TimeZone names no zone this machine knows.</summary>
    public const string InvalidTimeZone = Prefix + "InvalidTimeZone";

    /// <summary>-RateLimitWindow is not positive.</summary>
    public const string InvalidRateLimitWindow = Prefix + "InvalidRateLimitWindow";

    /// <summary>An API key without the account name.</summary>
    public const string UserNameMissing = Prefix + "UserNameMissing";

    /// <summary>The account name both in -Credential and in -UserName.</summary>
    public const string UserNameAmbiguous = Prefix + "UserNameAmbiguous";

    /// <summary>Both -Date and -StartTime/-EndTime.</summary>
    public const string DateAmbiguous = Prefix + "DateAmbiguous";

    /// <summary>A UCID that is not digits only.</summary>
    public const string InvalidUcid = Prefix + "InvalidUcid";

    /// <summary>Another value out of range or inconsistent (a range, a day older than 15 days, a page size).</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>The current API on .NET Framework, which cannot send a GET with a body.</summary>
    public const string RequiresPowerShell7 = Prefix + "RequiresPowerShell7";

    /// <summary>HTTP 429, or "max limit exceeded", after every retry.</summary>
    public const string RateLimitExceeded = Prefix + "RateLimitExceeded";

    /// <summary>"No Data Found", or no record with the UCID.</summary>
    public const string UcidNotFound = Prefix + "UcidNotFound";

    /// <summary>"Token Expired" (after one renewal, or without token authentication).</summary>
    public const string TokenExpired = Prefix + "TokenExpired";

    /// <summary>The account name or API key was refused.</summary>
    public const string AuthenticationFailed = Prefix + "AuthenticationFailed";

    /// <summary>"Invalid Json": the body of the GET did not arrive.</summary>
    public const string InvalidJson = Prefix + "InvalidJson";

    /// <summary>Ozonetel refused <c>fromDate</c>/<c>toDate</c>.</summary>
    public const string InvalidDate = Prefix + "InvalidDate";

    /// <summary>Ozonetel refused <c>campaignName</c>.</summary>
    public const string InvalidCampaign = Prefix + "InvalidCampaign";

    /// <summary>Ozonetel refused <c>reportType</c> or the UCID.</summary>
    public const string InvalidRequest = Prefix + "InvalidRequest";

    /// <summary>HTTP 405: the server takes no GET with a body there.</summary>
    public const string MethodNotAllowed = Prefix + "MethodNotAllowed";

    /// <summary>HTTP 404: no Ozonetel API at -Server.</summary>
    public const string NotFound = Prefix + "NotFound";

    /// <summary>A 2xx answer with a failure status and a message Ozonetel does not document.</summary>
    public const string RequestFailed = Prefix + "RequestFailed";

    /// <summary>The 10 token generations an hour are used up.</summary>
    public const string TokenLimitReached = Prefix + "TokenLimitReached";

    /// <summary>The token generation answered without a token.</summary>
    public const string InvalidTokenResponse = Prefix + "InvalidTokenResponse";

    /// <summary>A UCID answer that is not JSON.</summary>
    public const string InvalidResponse = Prefix + "InvalidResponse";

    /// <summary>A day's body broke off.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>Ozonetel's documented messages, in the order they are recognised (the first that matches wins).</summary>
    private static readonly Rule[] Rules =
    {
        new(UcidNotFound, FailureKind.NotFound, false, " Ozonetel keeps 15 days of calls; check the UCID and its day.", 0, "No Data Found"),
        new(TokenExpired, FailureKind.Authentication, true, " Generate a new token.", 0, "Token Expired"),
        new(AuthenticationFailed, FailureKind.Authentication, true, " Check the CloudAgent account name (-UserName or the credential's user name) and the API key from the CloudAgent admin login; the account's 'API Authentication' setting must allow API keys.", 401, "apiKey", "userName"),
        new(InvalidJson, FailureKind.InvalidArgument, true, " Ozonetel did not receive the JSON body of the GET request; a proxy between here and Ozonetel may drop bodies on GET.", 0, "Invalid Json"),
        new(InvalidDate, FailureKind.InvalidArgument, false, " Ozonetel serves one calendar day within the last 15 days per request.", 0, "fromDate", "toDate"),
        new(InvalidCampaign, FailureKind.InvalidArgument, false, string.Empty, 0, "campaignName"),
        new(InvalidRequest, FailureKind.InvalidArgument, false, string.Empty, 0, "reportType", "ucid should"),
        new(MethodNotAllowed, FailureKind.InvalidArgument, true, " The server does not take GET with a body here; check -Server.", 405),
        new(NotFound, FailureKind.NotFound, true, " Check -Server (the domestic API is https://in1-ccaas-api.ozonetel.com, the international one https://api.ccaas.ozonetel.com).", 404),
    };

    /// <summary>Whether Ozonetel refused a request for its rate limit: HTTP 429, or "max limit exceeded" in any answer.</summary>
    internal static bool IsRateLimit(int httpStatus, string? message) =>
        httpStatus == 429 || message?.IndexOf("limit exceeded", StringComparison.OrdinalIgnoreCase) >= 0;

    /// <summary>Maps Ozonetel's <c>status</c>/<c>message</c> (its documented strings) to an error; null when it is a success.</summary>
    internal static CallReportsException? Classify(int httpStatus, string? status, string? message, string what, out bool rateLimited)
    {
        rateLimited = IsRateLimit(httpStatus, message);
        if (rateLimited)
        {
            return new CallReportsException(RateLimitExceeded, FailureKind.LimitsExceeded, $"Ozonetel refused {what}: rate limit reached ({message ?? "HTTP 429"}).") { StatusCode = httpStatus, VendorCode = message, Target = what };
        }

        var ok = httpStatus is >= 200 and < 300 &&
            (status is null || status.Equals("success", StringComparison.OrdinalIgnoreCase) || status.Equals("true", StringComparison.OrdinalIgnoreCase));
        var text = message ?? string.Empty;
        if (ok && text.IndexOf("No Data Found", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return null;
        }

        var rule = Array.Find(Rules, r => r.Matches(httpStatus, text));
        var kind = rule?.Kind ?? (httpStatus is >= 200 and < 300 ? FailureKind.Unknown : HttpFailure.KindOf((HttpStatusCode)httpStatus));
        var id = rule?.Id ?? (httpStatus is >= 200 and < 300 ? RequestFailed : Prefix + HttpFailure.IdOf((HttpStatusCode)httpStatus));
        var terminating = rule?.Terminating ?? kind is FailureKind.Authentication or FailureKind.PermissionDenied;
        var said = message is null ? "HTTP " + httpStatus.ToString(CultureInfo.InvariantCulture) : "\"" + message + "\"";
        return new CallReportsException(id, kind, $"Ozonetel refused {what}: {said}.{rule?.Advice}", terminating) { StatusCode = httpStatus, VendorCode = message, Target = what };
    }

    /// <summary>Reads <c>status</c> and <c>message</c> (a text, not the legacy API's records) of an answer's top level.</summary>
    internal static (string? Status, string? Message) Envelope(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var status = root.TryGetProperty("status", out var s) ? OzonetelRecordMapper.Text(s) : null;
        var message = root.TryGetProperty("message", out var m) && m.ValueKind != JsonValueKind.Array ? OzonetelRecordMapper.Text(m) : null;
        return (status, message);
    }

    /// <summary>
    /// Whether a small JSON answer says "max limit exceeded" whatever its status (the legacy API answers it with
    /// 200), read with <see cref="ResponsePeek"/> so that a large body still streams whole.
    /// </summary>
    internal static async Task<bool> SaysLimitReachedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var document = await ResponsePeek.TryReadSmallJsonAsync(response, cancellationToken).ConfigureAwait(false);
        return document is not null && IsRateLimit(0, Envelope(document.RootElement).Message);
    }

    /// <summary>One documented message: its id, and the texts (or the HTTP status) that say it.</summary>
    private sealed class Rule
    {
        private readonly int status;
        private readonly string[] needles;

        public Rule(string id, FailureKind kind, bool terminating, string advice, int status, params string[] needles)
        {
            Id = id;
            Kind = kind;
            Terminating = terminating;
            Advice = advice;
            this.status = status;
            this.needles = needles;
        }

        public string Id { get; }

        public FailureKind Kind { get; }

        public bool Terminating { get; }

        public string Advice { get; }

        public bool Matches(int httpStatus, string text) =>
            httpStatus == status || Array.Exists(needles, n => text.IndexOf(n, StringComparison.OrdinalIgnoreCase) >= 0);
    }
}
