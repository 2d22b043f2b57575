using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.Http;

/// <summary>The shared pipeline's retry rules, against the Sandbox's fault injection.</summary>
public sealed class HttpPipelineTests : IClassFixture<SandboxFixture>
{
    private const string Path = "/pipeline-probe/thing";
    private readonly SandboxHost sandbox;

    public HttpPipelineTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
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
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = status, RetryAfterSeconds = 0 });
        try
        {
            using var response = await Send(new HttpMethod(method), idempotent: false);
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal(expectedAttempts, sandbox.Counters.Count(method, Path));
        }
        finally
        {
            sandbox.Faults.Clear();
        }
    }

    [Fact]
    public async Task A_POST_marked_idempotent_is_retried_like_a_GET()
    {
        sandbox.Faults.Clear();
        sandbox.Counters.Reset();
        sandbox.Faults.Add(new FaultRule { PathPrefix = Path, StatusCode = 502, RetryAfterSeconds = 0 });
        try
        {
            using var response = await Send(HttpMethod.Post, idempotent: true);
            Assert.Equal(4, sandbox.Counters.Count("POST", Path));
        }
        finally
        {
            sandbox.Faults.Clear();
        }
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, bool idempotent)
    {
        var options = new ConnectionOptions(sandbox.BaseUri) { MaximumRetryCount = 3, RetryInterval = TimeSpan.FromMilliseconds(5), Timeout = TimeSpan.FromSeconds(10) };
        return HttpPipeline.SendAsync(
            options,
            () => new HttpRequestMessage(method, new Uri(sandbox.BaseUri, Path.TrimStart('/'))) { Content = method == HttpMethod.Post ? new StringContent("{}") : null },
            new OperationLog(_ => { }),
            "Test",
            "probe",
            CancellationToken.None,
            idempotent);
    }
}
