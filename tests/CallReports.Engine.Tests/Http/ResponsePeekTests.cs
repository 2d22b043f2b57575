using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Http;
using Xunit;

namespace CallReports.Engine.Tests.Http;

/// <summary>A small JSON envelope is read; a large body is put back whole, as if nothing had read it.</summary>
public sealed class ResponsePeekTests
{
    [Fact]
    public async Task A_small_json_envelope_is_read_and_can_still_be_read_again()
    {
        using var response = Answer("{\"status\":\"false\",\"message\":\"Token Expired\"}", chunked: true);
        using var document = await ResponsePeek.TryReadSmallJsonAsync(response, CancellationToken.None);
        Assert.NotNull(document);
        Assert.Equal("Token Expired", document!.RootElement.GetProperty("message").GetString());
        Assert.Equal("{\"status\":\"false\",\"message\":\"Token Expired\"}", await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_large_body_is_not_parsed_and_streams_whole(bool chunked)
    {
        var body = "{\"status\":\"true\",\"details\":[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => "{\"UCID\":\"" + i + "\"}")) + "]}";
        using var response = Answer(body, chunked);
        Assert.Null(await ResponsePeek.TryReadSmallJsonAsync(response, CancellationToken.None));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal(body, await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_left_alone()
    {
        using var response = Answer("a,b\r\n1,2\r\n", chunked: true, mediaType: "text/csv");
        Assert.Null(await ResponsePeek.TryReadSmallJsonAsync(response, CancellationToken.None));
        Assert.Equal("a,b\r\n1,2\r\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_server_that_stalls_in_the_first_bytes_is_an_IOException_not_a_hang()
    {
        var content = new StreamContent(new StallingStream());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        await Assert.ThrowsAsync<IOException>(() => ResponsePeek.TryReadSmallJsonAsync(response, CancellationToken.None, TimeSpan.FromMilliseconds(200)));
    }

    /// <summary>Sends nothing, ever, until cancelled.</summary>
    private sealed class StallingStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => 0, cancellationToken, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private static HttpResponseMessage Answer(string body, bool chunked, string mediaType = "application/json")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        HttpContent content = chunked ? new StreamContent(new TrickleStream(bytes, 7)) : new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
