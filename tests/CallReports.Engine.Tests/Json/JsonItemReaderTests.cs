using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Json;
using Xunit;

namespace CallReports.Engine.Tests.Json;

public sealed class JsonItemReaderTests
{
    [Fact]
    public async Task RootArray_YieldsEveryElement()
    {
        var items = await ReadAsync("[{\"a\":1},{\"a\":2}, 3, \"x\", [4]]", null);

        Assert.Equal(new[] { "{\"a\":1}", "{\"a\":2}", "3", "\"x\"", "[4]" }, items.Select(e => e.GetRawText()));
    }

    [Fact]
    public async Task EmptyArrays_YieldNothing()
    {
        Assert.Empty(await ReadAsync("[]", null));
        Assert.Empty(await ReadAsync("{\"count\":0,\"items\":[]}", "items"));
    }

    [Theory]
    [InlineData("{\"count\":2,\"items\":[{\"a\":1},{\"a\":2}]}")]
    [InlineData("{\"items\":[{\"a\":1},{\"a\":2}],\"count\":2}")]
    [InlineData("{ \"extra\": {\"items\": [9]}, \"count\" : 2 , \"items\" : [ {\"a\":1} , {\"a\":2} ] , \"tail\": [1,2] }")]
    public async Task ItemsProperty_WithCountBeforeOrAfter(string json)
    {
        var properties = new Dictionary<string, string>();

        var items = await ReadAsync(json, "items", (name, value) => properties[name] = value.GetRawText());

        Assert.Equal(new[] { 1, 2 }, items.Select(e => e.GetProperty("a").GetInt32()));
        Assert.Equal("2", properties["count"]);
    }

    [Fact]
    public async Task ItemsLargerThanTheBuffer_ArriveInSmallChunks()
    {
        var big = new string('x', 100_000);
        var json = "{\"count\":1234567,\"items\":[" + string.Join(",", Enumerable.Range(0, 3).Select(i => $"{{\"id\":\"{i}\",\"pad\":\"{big}\",\"n\":12345.5}}")) + "]}";
        long? count = null;

        // 1-byte reads: the reader waits for twice the data before re-parsing an unfinished item, so the
        // work stays linear (re-parsing after every read took seconds for these 100 KB items).
        var items = await ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), chunk: 1), "items", (name, value) => count = name == "count" ? value.GetInt64() : count);

        Assert.Equal(new[] { "0", "1", "2" }, items.Select(e => e.GetProperty("id").GetString()));
        Assert.All(items, e => Assert.Equal(big.Length, e.GetProperty("pad").GetString()!.Length));
        Assert.Equal(1234567, count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ChunkedDelivery_GivesTheSameResult(int chunk)
    {
        var json = JsonSerializer.Serialize(new { count = 300, items = Enumerable.Range(0, 300).Select(i => new { id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), name = "caller \"" + i + "\" ü" }) });

        var items = await ReadAsync(new TrickleStream(Encoding.UTF8.GetBytes(json), chunk), "items");

        Assert.Equal(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), items.Select(e => e.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task EveryTruncation_IsInvalidData_NeverAShortList()
    {
        const string json = "{\"count\":12,\"items\":[{\"id\":\"1\",\"t\":\"2026-11-02T00:00:00Z\"},{\"id\":\"2\",\"n\":[1,2.5,true,null]}]}";
        var bytes = Encoding.UTF8.GetBytes(json);
        for (var length = 0; length < bytes.Length; length++)
        {
            var cut = bytes.AsMemory(0, length).ToArray();
            foreach (var chunk in new[] { 1, 64 * 1024 })
            {
                await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(new TrickleStream(cut, chunk), "items"));
            }
        }
    }

    [Theory]
    [InlineData("{\"items\":[{\"a\":1},]}", "items")]
    [InlineData("{\"items\":[{\"a\":1}}", "items")]
    [InlineData("[1,2]", "items")]
    [InlineData("{\"items\":[1]}", null)]
    [InlineData("<html>502 Bad Gateway</html>", "items")]
    public async Task MalformedOrUnexpectedJson_IsInvalidData(string json, string? property)
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(json, property));
    }

    [Fact]
    public async Task StoppingEarly_DoesNotReadTheRest()
    {
        var json = "[" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(json), 100);

        await foreach (var item in JsonItemReader.ReadAsync(stream, null, null, CancellationToken.None))
        {
            Assert.Equal(0, item.GetInt32());
            break;
        }

        Assert.True(stream.Position < 1000, $"read {stream.Position} bytes");
    }

    private static Task<List<JsonElement>> ReadAsync(string json, string? property, Action<string, JsonElement>? onProperty = null) =>
        ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), property, onProperty);

    private static async Task<List<JsonElement>> ReadAsync(Stream stream, string? property, Action<string, JsonElement>? onProperty = null)
    {
        var items = new List<JsonElement>();
        await foreach (var item in JsonItemReader.ReadAsync(stream, property, onProperty, CancellationToken.None))
        {
            items.Add(item.Clone());
        }

        return items;
    }
}
