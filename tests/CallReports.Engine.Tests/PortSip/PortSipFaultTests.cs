using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>Rate limits, server errors, cut connections, truncated bodies and timeouts, injected by the sandbox.</summary>
public sealed class PortSipFaultTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string Cdrs = "/portsip/api/cdrs";
    private readonly SandboxHost sandbox;

    public PortSipFaultTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    public Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.PortSip.AfterPageServed = null;
        sandbox.Counters.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        sandbox.Faults.Clear();
        sandbox.PortSip.AfterPageServed = null;
        return Task.CompletedTask;
    }

    [Fact]
    public void TooManyRequests_WithRetryAfter_IsWaitedOut()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, Method = "GET", StatusCode = 429, RetryAfterSeconds = 1, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);
        var clock = Stopwatch.StartNew();

        var records = harness.List(new PortSipCdrQuery { First = 5 });

        Assert.Equal(5, records.Count);
        Assert.Equal(2, sandbox.Counters.Count("GET", Cdrs));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"Retry-After: 1 was honoured (took {clock.Elapsed})");
    }

    [Fact]
    public void EveryRequestWaitsForTheServersLimiter_TheListGoesOn_NoError()
    {
        // PortSIP's 5,000 requests a minute are held by one process-wide limiter per server: a command waits for
        // a slot of it (here: the limiter is paused, as after a 429 another command saw), and then goes on.
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        RequestRateLimiter.For(harness.Connection.ServerDisplay, 5000, TimeSpan.FromMinutes(1)).Block(TimeSpan.FromMilliseconds(200));

        var records = harness.List(new PortSipCdrQuery { First = 3 });

        Assert.Equal(3, records.Count);
        Assert.Contains(harness.Entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("to stay under PortSIP's 5000 requests a minute", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Entries, e => e.Kind is LogKind.Error or LogKind.Warning);
        Assert.Equal(2, sandbox.Counters.Count("GET", Cdrs));
    }

    [Fact]
    public void ServiceUnavailable_Always_FailsAfterTheRetries()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, StatusCode = 503 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var (records, thrown) = harness.TryList(new PortSipCdrQuery());

        var error = Assert.IsType<CallReportsException>(thrown);
        Assert.Empty(records);
        Assert.Equal(FailureKind.Connection, error.Kind);
        Assert.StartsWith("PortSip", error.ErrorId, StringComparison.Ordinal);
        Assert.Equal(503, error.StatusCode);
        Assert.False(error.IsTerminating);
        Assert.Equal(harness.Connection.MaximumRetryCount + 1, sandbox.Counters.Count("GET", Cdrs));
    }

    [Fact]
    public void ConnectionResetMidBody_IsAnError_NeverAShortList()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, ResetAfterBytes = 3000, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var (records, thrown) = harness.TryList(new PortSipCdrQuery { PageSize = 100 });

        AssertInterrupted(thrown);
        Assert.True(records.Count < 100, $"only the records before the cut ({records.Count})");
        Assert.Equal(1, sandbox.Counters.Count("GET", Cdrs)); // a body error is not silently retried
        Assert.Equal(1, sandbox.Counters.Aborted("GET", Cdrs));
    }

    [Fact]
    public void TruncatedBody_IsAnError()
    {
        // Every attempt is cut: on a busy machine the cut can land before the client has read the headers,
        // which is then a connection failure that is retried, so one cut alone may be retried away.
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, TruncateAfterBytes = 5000 });
        var harness = new PortSipHarness(sandbox.PortSip, maximumRetryCount: 1);

        var (records, thrown) = harness.TryList(new PortSipCdrQuery { PageSize = 100 });

        Assert.True(thrown is not null, string.Join("\n", sandbox.Counters.Requests.Select(r => r.Method + " " + r.Path + r.QueryString)) + "\n" + string.Join("\n", harness.Entries.Select(e => e.Kind + ": " + e.Message)));
        AssertInterrupted(thrown);
        Assert.Empty(records);
    }

    [Fact]
    public void ResetOnTheSecondPage_SaysHowManyRecordsCameBefore()
    {
        var firstPage = sandbox.PortSip.ListRequestsServed + 1;
        sandbox.PortSip.AfterPageServed = served =>
        {
            if (served == firstPage)
            {
                sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, ResetAfterBytes = 1500, Times = 1 });
            }
        };
        var harness = new PortSipHarness(sandbox.PortSip);

        // One page at a time, so the cut lands on page 2 exactly.
        var (records, thrown) = harness.TryList(new PortSipCdrQuery { PageSize = 50, FetchAhead = 1 });

        Assert.True(thrown is not null, firstPage + " " + records.Count + "\n" + string.Join("\n", sandbox.Counters.Requests.Select(r => r.Method + " " + r.Path + r.QueryString)) + "\n" + string.Join("\n", harness.Entries.Select(e => e.Kind + ": " + e.Message)));
        var error = Assert.IsType<CallReportsException>(thrown);
        Assert.Equal("PortSipResponseInterrupted", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        // A page is parsed whole before any of it is handed out, so the cut page adds nothing.
        Assert.Equal(50, records.Count);
        Assert.Contains("50 records were returned before", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SlowServer_TimesOut_AndTheServerSeesTheAbort()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, LatencyMs = 10_000 });
        var harness = new PortSipHarness(sandbox.PortSip, maximumRetryCount: 0, timeout: TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = Assert.IsType<CallReportsException>(harness.TryList(new PortSipCdrQuery { First = 1 }).Error);

        Assert.Equal(FailureKind.Timeout, error.Kind);
        Assert.Equal("PortSipTimeout", error.ErrorId);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"gave up early ({clock.Elapsed})");
        Assert.True(SpinWait.SpinUntil(() => sandbox.Counters.Aborted("GET", Cdrs) >= 1, TimeSpan.FromSeconds(5)), "the server saw the client go away");
    }

    [Fact]
    public void CancellingTheCaller_StopsTheRequest()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, LatencyMs = 10_000 });
        var harness = new PortSipHarness(sandbox.PortSip);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.ThrowsAny<OperationCanceledException>(() => harness.Client.GetCdrs(new PortSipCdrQuery { First = 1 }, null, cancel.Token).GetEnumerator().MoveNext());

        Assert.True(SpinWait.SpinUntil(() => sandbox.Counters.Aborted("GET", Cdrs) >= 1, TimeSpan.FromSeconds(5)), "the server saw the client go away");
    }

    [Fact]
    public void UnauthorizedOnce_RenewsTheTokenAndRetries()
    {
        var harness = new PortSipHarness(sandbox.PortSip);
        Assert.Single(harness.List(new PortSipCdrQuery { First = 1 }));
        sandbox.Counters.Reset();
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, StatusCode = 401, Times = 1 });

        Assert.Equal(2, harness.List(new PortSipCdrQuery { First = 2 }).Count);

        Assert.Equal(2, sandbox.Counters.Count("GET", Cdrs));
        Assert.Equal(1, sandbox.Counters.Count("POST", "/portsip/api/auth/refresh_token"));
    }

    [Fact]
    public void UnauthorizedAlways_IsATerminatingError_AfterOneRenewal()
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs, StatusCode = 401 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var error = Assert.IsType<CallReportsException>(harness.TryList(new PortSipCdrQuery()).Error);

        Assert.Equal(FailureKind.Authentication, error.Kind);
        Assert.True(error.IsTerminating);
        Assert.Equal(2, sandbox.Counters.Count("GET", Cdrs));
    }

    [Fact]
    public void TruncatedDetail_IsAnError()
    {
        var id = sandbox.PortSip.Cdrs[0].Id;
        sandbox.Faults.Add(new FaultRule { PathPrefix = Cdrs + "/", TruncateAfterBytes = 200, Times = 1 });
        var harness = new PortSipHarness(sandbox.PortSip);

        var records = harness.Client.GetCdrDetails(new[] { id, id }, CancellationToken.None).ToList();

        // Never a silent empty result: the cut detail is a non-terminating error naming the record, and
        // the next id is still fetched.
        Assert.Single(records);
        var error = Assert.Single(harness.Entries, e => e.Kind == LogKind.Error).Error!;
        Assert.Equal("PortSipResponseInterrupted", error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Contains(id, error.Message, StringComparison.Ordinal);
    }

    private static void AssertInterrupted(Exception? thrown)
    {
        Assert.NotNull(thrown);
        Assert.True(thrown is CallReportsException or IOException or HttpRequestException, $"unexpected {thrown}");
        if (thrown is CallReportsException error)
        {
            Assert.Contains(error.ErrorId, new[] { "PortSipResponseInterrupted", "PortSipConnectionFailed" });
            Assert.Contains(error.Kind, new[] { FailureKind.InvalidData, FailureKind.Connection });
        }
    }
}
