using System.Text;
using CallReports.Engine.Auth;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Generates an Ozonetel token (<c>POST ca_apis/CAToken/generateToken</c>): never more than the 10 generations an
/// hour Ozonetel allows, counted for the whole process; a token lives 60 minutes.
/// </summary>
internal sealed class OzonetelTokenGeneration
{
    internal const string TokenPath = "ca_apis/CAToken/generateToken";

    /// <summary>Ozonetel allows 10 token generations an hour.</summary>
    internal const int TokensPerHour = 10;

    private const string What = "token generation";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(60);

    private readonly ConnectionOptions connection;
    private readonly OzonetelCredentials credentials;
    private readonly OperationLog log;

    public OzonetelTokenGeneration(ConnectionOptions connection, OzonetelCredentials credentials, OperationLog log)
    {
        this.connection = connection;
        this.credentials = credentials;
        this.log = log;
    }

    /// <summary>Asks Ozonetel for a token; a refusal (the hourly cap included) is a terminating error.</summary>
    public async Task<TokenState> GenerateAsync(string apiKey, CancellationToken cancellationToken)
    {
        var limiter = RequestRateLimiter.For(connection.ServerDisplay + "|" + credentials.UserName.ToLowerInvariant() + "|" + TokenPath, TokensPerHour, TimeSpan.FromHours(1));

        // Idempotent: a generation that failed with a 5xx or timed out is tried again, each attempt in a slot of the ten.
        // A 429 would pause the hourly limiter longer than the pipeline waits: it is returned, and reported below.
        using var response = await HttpPipeline.SendAsync(
            connection,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(connection.BaseUri, TokenPath))
                {
                    Content = new StringContent(JsonSerializer.Serialize(new Dictionary<string, string> { ["userName"] = credentials.UserName }), Encoding.UTF8, "application/json"),
                };
                request.Headers.TryAddWithoutValidation("apiKey", apiKey);
                return request;
            },
            log,
            OzonetelErrors.Prefix,
            What,
            cancellationToken,
            idempotent: true,
            new RequestPacing(limiter, wait => log.Progress(OzonetelClient.WaitProgressId, OzonetelClient.Activity, string.Format(CultureInfo.InvariantCulture, "Waiting {0:0} s: Ozonetel allows {1} token generations an hour", wait.TotalSeconds, TokensPerHour)))).ConfigureAwait(false);
        var text = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? token = null;
        (string? Status, string? Message) envelope = (null, null);
        try
        {
            using var document = JsonDocument.Parse(text);
            envelope = OzonetelErrors.Envelope(document.RootElement);
            token = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("token", out var t) ? OzonetelRecordMapper.Text(t) : null;
        }
        catch (JsonException)
        {
            // Reported below.
        }

        Redactor.Register(token);
        if (token is null || !response.IsSuccessStatusCode)
        {
            throw Refusal((int)response.StatusCode, envelope.Status, envelope.Message);
        }

        log.Verbose($"Generated an Ozonetel token for {credentials.UserName} at {connection.ServerDisplay}; it is reused for an hour.");
        return new TokenState(token, null, TokenLifetime, "/" + TokenPath);
    }

    private CallReportsException Refusal(int httpStatus, string? status, string? message)
    {
        var failure = OzonetelErrors.Classify(httpStatus, status ?? "false", message, What, out var rateLimited);
        return new CallReportsException(
            rateLimited ? OzonetelErrors.TokenLimitReached : failure?.ErrorId ?? OzonetelErrors.InvalidTokenResponse,
            rateLimited ? FailureKind.LimitsExceeded : failure?.Kind ?? FailureKind.InvalidData,
            (failure?.Message ?? $"Ozonetel {connection.ServerDisplay} answered the token request without a token.") + " Ozonetel allows 10 token generations an hour; -AuthMode ApiKey needs none.",
            terminating: true) { StatusCode = httpStatus, VendorCode = message, Target = What };
    }
}
