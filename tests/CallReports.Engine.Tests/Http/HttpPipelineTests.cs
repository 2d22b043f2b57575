using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.Http;

/// <summary>
/// The shared pipeline's retry rules, against the Sandbox's fault injection: what is retried, and that a retried
/// request carries nothing from its failed attempt (headers, a body already read, the attempt's timeout, its
/// limiter slot).
/// </summary>
public sealed class HttpPipelineTests : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Path = "/pipeline-probe/thing";
    private readonly SandboxHost sandbox;

    public HttpPipelineTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
    }

    public void Dispose()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.CaptureBodies = false;
    }

    [Theory]
    [InlineData("GET", 500, 4)]
    [InlineData("GET", 503, 4)]
    [InlineData("POST", 500, 1)]
    [InlineData("POST", 502, 1)]
    [InlineData("POST", 429, 4)]
    [InlineData("POST", 503, 4)]
    public async Task A_POST_is_retried_only_when_the_server_refused_it(string method, int status, int expectedAttempts)
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = status, RetryAfterSeconds = 0 });

        using var response = await Send(new HttpMethod(method), idempotent: false);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(expectedAttempts, sandbox.Counters.Count(method, Path));
    }

    [Fact]
    public async Task A_POST_marked_idempotent_is_retried_like_a_GET()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = 502, RetryAfterSeconds = 0 });

        using var response = await Send(HttpMethod.Post, idempotent: true);

        Assert.Equal(4, sandbox.Counters.Count("POST", Path));
    }

    [Fact]
    public async Task A_retried_GET_carries_exactly_the_headers_of_its_first_attempt()
    {
        RefuseOnce();

        using var response = await Send(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, ProbeUri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "probe-token-0001");
            request.Headers.Accept.ParseAdd("application/json");
            return request;
        });

        var attempts = Attempts();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(Headers(attempts[0]), Headers(attempts[1]));
        Assert.Equal(new[] { HttpPipeline.UserAgent }, attempts[1].Headers["User-Agent"]);
        Assert.Equal(new[] { "Bearer probe-token-0001" }, attempts[1].Headers["Authorization"]);
        Assert.Equal(new[] { "application/json" }, attempts[1].Headers["Accept"]);
    }

    [Fact]
    public async Task A_retried_POST_sends_its_whole_body_again()
    {
        sandbox.Counters.CaptureBodies = true;
        RefuseOnce();
        var body = "{\"padding\":\"" + new string('x', 20_000) + "\"}";

        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Post, ProbeUri) { Content = new StringContent(body, Encoding.UTF8, "application/json") });

        var attempts = Attempts();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(body, Encoding.UTF8.GetString(a.Body ?? Array.Empty<byte>())));
        Assert.Equal(Headers(attempts[0]), Headers(attempts[1]));
    }

    [Fact]
    public async Task A_first_attempt_that_times_out_leaves_the_second_its_own_time()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, LatencyMs = 600_000, Times = 1 });
        var options = Options();
        options.Timeout = TimeSpan.FromSeconds(3);

        using var response = await Send(HttpMethod.Get, idempotent: false, options);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, sandbox.Counters.Count("GET", Path));
    }

    [Fact]
    public async Task Each_attempt_takes_its_own_limiter_slot_and_a_retry_counts_against_the_limit()
    {
        RefuseOnce();
        var clock = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var waits = new List<TimeSpan>();
        var limiter = new RequestRateLimiter(2, TimeSpan.FromHours(1), () => clock, (d, _) =>
        {
            clock += d;
            return Task.CompletedTask;
        });

        using (await Send(() => new HttpRequestMessage(HttpMethod.Get, ProbeUri), limiter, waits.Add))
        {
            Assert.Empty(waits);
        }

        // The retried request used both slots of the hour: the next one waits for the hour to pass.
        using (await Send(() => new HttpRequestMessage(HttpMethod.Get, ProbeUri), limiter, waits.Add))
        {
            Assert.Single(waits);
        }

        Assert.Equal(3, sandbox.Counters.Count("GET", Path));
    }

    [Theory]
    [InlineData(null, 60)]
    [InlineData(120, 120)]
    public async Task A_429_under_a_limiter_pauses_it_a_whole_window_or_the_Retry_After_and_says_so(int? retryAfterSeconds, int expectedPauseSeconds)
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = 429, RetryAfterSeconds = retryAfterSeconds, Times = 1 });
        var (limiter, waits) = VirtualLimiter(10, TimeSpan.FromMinutes(1));
        var log = new List<LogEntry>();
        var operationLog = new OperationLog(log.Add);

        using var response = await HttpPipeline.SendAsync(Options(), () => new HttpRequestMessage(HttpMethod.Get, ProbeUri), operationLog, "Test", "probe", CancellationToken.None, false, new RequestPacing(limiter, waits.Add));
        operationLog.Drain();

        // The retry waited for the pause as a limiter wait (reported for progress), not inside the window that refused it.
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, sandbox.Counters.Count("GET", Path));
        var wait = Assert.Single(waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(expectedPauseSeconds - 1), TimeSpan.FromSeconds(expectedPauseSeconds));
        Assert.Contains(log, e => e.Kind == LogKind.Warning && e.Message.Contains("rate limit", StringComparison.Ordinal));
        Assert.DoesNotContain(log, e => e.Kind == LogKind.Error);
    }

    [Fact]
    public async Task A_429_under_a_limiter_whose_window_is_longer_than_five_minutes_is_returned_not_waited_out()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = 429, Times = 1 });
        var (limiter, waits) = VirtualLimiter(10, TimeSpan.FromHours(1));

        using var response = await HttpPipeline.SendAsync(Options(), () => new HttpRequestMessage(HttpMethod.Get, ProbeUri), new OperationLog(_ => { }), "Test", "probe", CancellationToken.None, false, new RequestPacing(limiter, waits.Add));

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(1, sandbox.Counters.Count("GET", Path));
        Assert.Empty(waits);
    }

    [Fact]
    public async Task A_429_under_a_bare_limiter_is_retried_as_any_transient_failure()
    {
        // PortSIP passes its limiter alone: a 429 keeps the Retry-After and back-off of every other retry.
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = 429, RetryAfterSeconds = 0, Times = 1 });
        var (limiter, waits) = VirtualLimiter(10, TimeSpan.FromHours(1));

        using var response = await Send(() => new HttpRequestMessage(HttpMethod.Get, ProbeUri), limiter, waits.Add);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(2, sandbox.Counters.Count("GET", Path));
        Assert.Empty(waits);
    }

    [Fact]
    public async Task An_answer_the_vendor_reads_as_its_limit_reached_is_sent_again_after_a_window()
    {
        // Some vendors say "max limit exceeded" in a 200 body: the vendor's predicate tells the pipeline.
        var (limiter, waits) = VirtualLimiter(10, TimeSpan.FromMinutes(1));
        var answers = 0;

        using var response = await HttpPipeline.SendAsync(
            Options(),
            () => new HttpRequestMessage(HttpMethod.Get, ProbeUri),
            new OperationLog(_ => { }),
            "Test",
            "probe",
            CancellationToken.None,
            false,
            new RequestPacing(limiter, waits.Add, (_, _) => Task.FromResult(Interlocked.Increment(ref answers) == 1)));

        Assert.Equal(2, sandbox.Counters.Count("GET", Path));
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.Single(waits));
    }

    private static (RequestRateLimiter Limiter, List<TimeSpan> Waits) VirtualLimiter(int limit, TimeSpan window)
    {
        var clock = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var limiter = new RequestRateLimiter(limit, window, () => clock, (d, _) =>
        {
            clock += d;
            return Task.CompletedTask;
        });
        return (limiter, new List<TimeSpan>());
    }

    private Uri ProbeUri => new(sandbox.BaseUri, Path.TrimStart('/'));

    private void RefuseOnce() => sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = 503, RetryAfterSeconds = 0, Times = 1 });

    private List<RecordedRequest> Attempts() => sandbox.Counters.Requests.Where(r => r.Path == Path).ToList();

    private static string Headers(RecordedRequest request) =>
        string.Join("\n", request.Headers.Where(h => h.Key is not ("Content-Length" or "Host")).OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase).Select(h => h.Key + ": " + string.Join(" | ", h.Value)));

    private ConnectionOptions Options() =>
        new(sandbox.BaseUri) { MaximumRetryCount = 3, RetryInterval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromSeconds(10) };

    private Task<HttpResponseMessage> Send(Func<HttpRequestMessage> createRequest, RequestRateLimiter? limiter = null, Action<TimeSpan>? onLimiterWait = null) =>
        HttpPipeline.SendAsync(Options(), createRequest, new OperationLog(_ => { }), "Test", "probe", CancellationToken.None, limiter: limiter, onLimiterWait: onLimiterWait);

    private Task<HttpResponseMessage> Send(HttpMethod method, bool idempotent, ConnectionOptions? options = null) =>
        HttpPipeline.SendAsync(
            options ?? Options(),
            () => new HttpRequestMessage(method, ProbeUri) { Content = method == HttpMethod.Post ? new StringContent("{}") : null },
            new OperationLog(_ => { }),
            "Test",
            "probe",
            CancellationToken.None,
            idempotent);
}
