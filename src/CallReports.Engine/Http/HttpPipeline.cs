using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CallReports.Engine.Http;

/// <summary>
/// The one HTTP pipeline every vendor client uses: named clients from Microsoft.Extensions.Http
/// (pooled handlers, a User-Agent on every request, no shared cookie jar), and a Polly retry and
/// timeout pipeline built from the caller's <see cref="ConnectionOptions"/>.
/// </summary>
internal static class HttpPipeline
{
    private const string TrustedClient = "CallReports";
    private const string UntrustedClient = "CallReports.SkipCertificateCheck";
    private static readonly TimeSpan LongestHonouredRetryAfter = TimeSpan.FromMinutes(5);

    private static readonly Lazy<IHttpClientFactory> Factory = new(CreateFactory, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The User-Agent sent on every request (Yeastar refuses requests without one).</summary>
    internal static readonly string UserAgent = string.Format(
        CultureInfo.InvariantCulture,
        "CallReports/{0} ({1}; {2})",
        typeof(HttpPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "0.0.0",
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription.Trim());

    /// <summary>An HttpClient for the options; cheap to create, the handlers are pooled.</summary>
    internal static HttpClient GetClient(ConnectionOptions options) =>
        Factory.Value.CreateClient(options.SkipCertificateCheck ? UntrustedClient : TrustedClient);

    /// <summary>
    /// Sends a request with retries on 408/429/5xx and transient network errors, honouring Retry-After,
    /// and a per-attempt timeout until the headers arrive. The body is left unread for streaming.
    /// Returns the last response (success or not); throws <see cref="CallReportsException"/> when no
    /// response could be had.
    /// </summary>
    /// <param name="options">Connection options.</param>
    /// <param name="createRequest">Builds a fresh request per attempt.</param>
    /// <param name="log">Where retries are reported.</param>
    /// <param name="vendor">Vendor prefix for error ids.</param>
    /// <param name="what">What is being fetched, for messages ("page 3").</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="idempotent">
    /// The request may be repeated whatever its method (a POST that only reads, such as a report query).
    /// Otherwise a POST is retried only when the server refused it outright (429, 503) or the connection was
    /// refused, never after a 5xx or a timeout that may have come after the server acted on it.
    /// </param>
    /// <param name="limiter">
    /// A vendor's request limit: every attempt, a retry too, takes its own slot (waited for outside the attempt's
    /// timeout) and completes it when its answer arrives or it fails, so retries count against the limit.
    /// </param>
    /// <param name="onLimiterWait">Hears each wait for a slot of <paramref name="limiter"/> before it begins.</param>
    internal static Task<HttpResponseMessage> SendAsync(
        ConnectionOptions options,
        Func<HttpRequestMessage> createRequest,
        OperationLog log,
        string vendor,
        string what,
        CancellationToken cancellationToken,
        bool idempotent = false,
        RequestRateLimiter? limiter = null,
        Action<TimeSpan>? onLimiterWait = null) =>
        SendCoreAsync(options, createRequest, log, vendor, what, cancellationToken, idempotent, limiter, onLimiterWait, null);

    /// <summary>
    /// Sends a request as the overload above does, under a vendor's documented limit: every attempt takes a slot of
    /// <see cref="RequestPacing.Limiter"/>, and a refusal for the limit (429, or an answer
    /// <see cref="RequestPacing.SaysLimitReached"/> reads so) pauses the limiter for the Retry-After or a whole window,
    /// whichever is longer, said as a warning; the retry then waits for its slot (reported through
    /// <see cref="RequestPacing.OnWait"/>). A pause longer than five minutes is not waited out: the answer is returned.
    /// (Given a limiter alone, the overload above retries a 429 as any transient failure.)
    /// </summary>
    /// <param name="options">Connection options.</param>
    /// <param name="createRequest">Builds a fresh request per attempt.</param>
    /// <param name="log">Where retries and pauses are reported.</param>
    /// <param name="vendor">Vendor prefix for error ids and messages.</param>
    /// <param name="what">What is being fetched, for messages.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="idempotent">The request may be repeated whatever its method.</param>
    /// <param name="pacing">The vendor's limit, or null when it documents none.</param>
    internal static Task<HttpResponseMessage> SendAsync(
        ConnectionOptions options,
        Func<HttpRequestMessage> createRequest,
        OperationLog log,
        string vendor,
        string what,
        CancellationToken cancellationToken,
        bool idempotent,
        RequestPacing? pacing) =>
        SendCoreAsync(options, createRequest, log, vendor, what, cancellationToken, idempotent, pacing?.Limiter, pacing?.OnWait, pacing is null ? null : new LimitPause(pacing.Limiter, pacing.SaysLimitReached, log, vendor, what));

    private static async Task<HttpResponseMessage> SendCoreAsync(
        ConnectionOptions options,
        Func<HttpRequestMessage> createRequest,
        OperationLog log,
        string vendor,
        string what,
        CancellationToken cancellationToken,
        bool idempotent,
        RequestRateLimiter? limiter,
        Action<TimeSpan>? onLimiterWait,
        LimitPause? pacing)
    {
        var client = GetClient(options);
        var unsafeMethod = false;
        RequestRateLimiter.Slot? slot = null;
        Func<CancellationToken, ValueTask>? takeSlot = limiter is null ? null : async token => slot = await limiter.WaitAsync(onLimiterWait, token).ConfigureAwait(false);
        var pipeline = BuildPipeline(options, log, what, () => unsafeMethod, takeSlot, pacing);
        var attempt = 0;
        if (takeSlot is not null)
        {
            await takeSlot(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    var attemptSlot = slot;
                    try
                    {
                        return await SendOnceAsync(token).ConfigureAwait(false);
                    }
                    finally
                    {
                        attemptSlot?.Complete();
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new CallReportsException(
                vendor + "Timeout",
                FailureKind.Timeout,
                string.Format(CultureInfo.InvariantCulture, "{0} {1} did not answer within {2:0} s ({3} attempts). Raise -TimeoutSec or try again later.", options.ServerDisplay, what, options.Timeout.TotalSeconds, attempt),
                inner: ex) { Target = what };
        }
        catch (HttpRequestException ex)
        {
            throw new CallReportsException(
                vendor + "ConnectionFailed",
                FailureKind.Connection,
                string.Format(CultureInfo.InvariantCulture, "Could not reach {0} for {1} after {2} attempts: {3}", options.ServerDisplay, what, attempt, ex.GetBaseException().Message),
                inner: ex) { Target = what };
        }

        // Every attempt builds its own request: nothing (headers, content read by the failed attempt) carries over.
        async Task<HttpResponseMessage> SendOnceAsync(CancellationToken token)
        {
            using var request = createRequest();
            request.Headers.UserAgent.ParseAdd(UserAgent);
            unsafeMethod = !idempotent && request.Method == HttpMethod.Post;
            attempt++;
            log.Verbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1}{2}{3}",
                request.Method,
                Redactor.DescribeUri(request.RequestUri!),
                string.IsNullOrEmpty(what) ? string.Empty : " — " + what,
                attempt > 1 ? " (attempt " + attempt.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty));
            return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Builds the client factory, a client and a retry pipeline, and runs one attempt through the pipeline that answers
    /// itself (no request leaves the process): the first real request of a fresh process then finds them ready.
    /// </summary>
    internal static async Task WarmAsync()
    {
        var options = new ConnectionOptions(new Uri("https://localhost/"));
        using var client = GetClient(options);
        using var request = new HttpRequestMessage(HttpMethod.Get, options.BaseUri);
        request.Headers.UserAgent.ParseAdd(UserAgent);
        var pipeline = BuildPipeline(options, new OperationLog(_ => { }), string.Empty, () => false, null, null);
        using var answer = await pipeline.ExecuteAsync(_ => new ValueTask<HttpResponseMessage>(new HttpResponseMessage(HttpStatusCode.OK)), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens a response body for streaming, failing with an <see cref="System.IO.IOException"/> when no data
    /// arrives for the connection's timeout (vendors turn that into a "response interrupted" error).
    /// </summary>
    /// <param name="response">A successful response.</param>
    /// <param name="options">Its connection options (the idle timeout is <see cref="ConnectionOptions.Timeout"/>).</param>
    internal static async Task<System.IO.Stream> OpenBodyAsync(HttpResponseMessage response, ConnectionOptions options) =>
        new IdleTimeoutStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), options.Timeout);

    /// <summary>A refused connection means nothing was sent, so even a POST may be tried again.</summary>
    private static bool IsConnectionRefused(HttpRequestException ex) =>
        ex.InnerException is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused };

    /// <summary>Whether a status is worth another try.</summary>
    internal static bool IsTransient(HttpStatusCode status) =>
        status == HttpStatusCode.RequestTimeout || (int)status == 429 || status == HttpStatusCode.InternalServerError ||
        status == HttpStatusCode.BadGateway || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout;

    /// <summary>The delay a Retry-After header asks for, if any.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        if (header is null)
        {
            return null;
        }

        var delay = header.Delta ?? (header.Date - DateTimeOffset.UtcNow);
        return delay is { } d && d < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(ConnectionOptions options, OperationLog log, string what, Func<bool> unsafeMethod, Func<CancellationToken, ValueTask>? takeSlot, LimitPause? pacing)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.MaximumRetryCount > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaximumRetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryInterval,
                ShouldHandle = async args => pacing is not null && await pacing.IsLimitReachedAsync(args.Outcome.Result, args.Context.CancellationToken).ConfigureAwait(false)
                    ? pacing.Pause is not null
                    : args.Outcome switch
                    {
                        { Exception: HttpRequestException ex } when unsafeMethod() => IsConnectionRefused(ex),
                        { Exception: HttpRequestException or TimeoutRejectedException } => !unsafeMethod(),
                        { Exception: OperationCanceledException } => false,
                        { Result: { } response } => IsTransient(response.StatusCode) &&
                            (!unsafeMethod() || (int)response.StatusCode is 429 or 503) &&
                            !(RetryAfter(response) > LongestHonouredRetryAfter),
                        _ => false,
                    },

                // After a refusal for the limit the limiter holds the retry back (a wait reported like any other).
                DelayGenerator = args => new ValueTask<TimeSpan?>(pacing?.Pause is not null ? TimeSpan.Zero : RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    pacing?.Apply();
                    var reason = args.Outcome.Result is { } r
                        ? "HTTP " + ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture)
                        : args.Outcome.Exception?.GetType().Name ?? "error";
                    log.Verbose(string.Format(
                        CultureInfo.InvariantCulture,
                        "{0}: {1}; retry {2} of {3} in {4:0.0} s.",
                        string.IsNullOrEmpty(what) ? "Request" : what,
                        reason,
                        args.AttemptNumber + 1,
                        options.MaximumRetryCount,
                        (pacing?.Pause ?? args.RetryDelay).TotalSeconds));
                    args.Outcome.Result?.Dispose();
                    return takeSlot is null ? default : takeSlot(args.Context.CancellationToken);
                },
            });
        }

        builder.AddTimeout(options.Timeout);
        return builder.Build();
    }

    /// <summary>
    /// A limiter's answer to a refusal for the limit: the pause the last answer asked for (null when it was no such
    /// refusal, or asked for more than <see cref="LongestHonouredRetryAfter"/>), applied before the retry.
    /// </summary>
    private sealed class LimitPause
    {
        private readonly RequestRateLimiter limiter;
        private readonly Func<HttpResponseMessage, CancellationToken, Task<bool>>? saysLimitReached;
        private readonly OperationLog log;
        private readonly string vendor;
        private readonly string what;

        public LimitPause(RequestRateLimiter limiter, Func<HttpResponseMessage, CancellationToken, Task<bool>>? saysLimitReached, OperationLog log, string vendor, string what)
        {
            this.limiter = limiter;
            this.saysLimitReached = saysLimitReached;
            this.log = log;
            this.vendor = vendor;
            this.what = what;
        }

        /// <summary>How long the limiter pauses before the retry, or null.</summary>
        public TimeSpan? Pause { get; private set; }

        /// <summary>Whether the answer (null after an exception) refused the request for the limit; sets <see cref="Pause"/>.</summary>
        public async Task<bool> IsLimitReachedAsync(HttpResponseMessage? response, CancellationToken cancellationToken)
        {
            Pause = null;
            if (response is null || ((int)response.StatusCode != 429 && (saysLimitReached is null || !await saysLimitReached(response, cancellationToken).ConfigureAwait(false))))
            {
                return false;
            }

            // The server counts its own window: never less than one of ours, longer when it asks for longer.
            var pause = RetryAfter(response) is { } asked && asked > limiter.Window ? asked : limiter.Window;
            Pause = pause > LongestHonouredRetryAfter ? null : pause;
            return true;
        }

        /// <summary>Before a retry: pauses the limiter, and says so (our pacing held, so another client uses the limit).</summary>
        public void Apply()
        {
            if (Pause is not { } pause)
            {
                return;
            }

            log.Warning(string.Format(CultureInfo.InvariantCulture, "{0} said the rate limit was reached for {1} (another client may share the account); waiting {2:0.#} s and trying again.", vendor, what, pause.TotalSeconds));
            limiter.Block(pause);
        }
    }

    private static IHttpClientFactory CreateFactory()
    {
        var services = new ServiceCollection();
        services.AddHttpClient(TrustedClient, ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(skipCertificateCheck: false))
            .SetHandlerLifetime(TimeSpan.FromMinutes(5));
        services.AddHttpClient(UntrustedClient, ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(skipCertificateCheck: true))
            .SetHandlerLifetime(TimeSpan.FromMinutes(5));
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
    }

    private static void ConfigureClient(HttpClient client)
    {
        // Timeouts are per attempt in the Polly pipeline; a long report body must not be cut off.
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    }

    private static HttpMessageHandler CreateHandler(bool skipCertificateCheck)
    {
        // No cookie jar: handlers are pooled across sessions and principals. No automatic redirects
        // either, so an Authorization header is never replayed to another host.
        var handler = new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        };
        if (skipCertificateCheck)
        {
            handler.ServerCertificateCustomValidationCallback = static (_, _, _, _) => true;
        }

        return handler;
    }
}
