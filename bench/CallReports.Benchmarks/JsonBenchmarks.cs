using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using CallReports.Engine.Json;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Engine.Vendors.Voxo;

namespace CallReports.Benchmarks;

/// <summary>JSON body → typed records, against System.Text.Json's reader reading the same bytes.</summary>
public abstract class JsonBenchmark : ICountsRecords
{
    private byte[] body = Array.Empty<byte>();

    protected MemoryStream Body => new(body, writable: false);

    [GlobalSetup]
    public void Setup()
    {
        body = Create();
    }

    /// <inheritdoc />
    public int CountRecords()
    {
        Setup();
        var records = 0;
        foreach (var _ in Drain())
        {
            records++;
        }

        return records;
    }

    /// <summary>The bare parser: every token read, nothing kept.</summary>
    [Benchmark(Baseline = true)]
    public int BareReader()
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowTrailingCommas = true });
        var tokens = 0;
        while (reader.Read())
        {
            tokens++;
        }

        return tokens;
    }

    /// <summary>The whole body parsed into one <see cref="JsonDocument"/> (what a buffering client does first).</summary>
    [Benchmark]
    public int WholeDocument()
    {
        using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = true });
        return document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.GetArrayLength() : document.RootElement.EnumerateObject().MoveNext() ? 1 : 0;
    }

    /// <summary>The engine's streaming reader alone (elements out, nothing mapped).</summary>
    [Benchmark]
    public async Task<int> ReaderOnly()
    {
        var records = 0;
        await foreach (var element in Elements(Body))
        {
            records += element.ValueKind == JsonValueKind.Object ? 1 : 0;
        }

        return records;
    }

    /// <summary>What the cmdlet does: stream the array's elements and map each to its record type.</summary>
    [Benchmark]
    public async Task<int> Engine()
    {
        var records = 0;
        await foreach (var element in Elements(Body))
        {
            records += Map(element) is null ? 0 : 1;
        }

        return records;
    }

    protected abstract byte[] Create();

    protected abstract System.Collections.Generic.IAsyncEnumerable<JsonElement> Elements(Stream stream);

    protected abstract object Map(JsonElement element);

    private System.Collections.Generic.IEnumerable<object> Drain()
    {
        var enumerator = Elements(Body).GetAsyncEnumerator();
        while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            yield return Map(enumerator.Current);
        }
    }
}

/// <summary>A PortSIP <c>/api/cdrs</c> page of 100 CDRs.</summary>
public class PortSipJsonBenchmarks : JsonBenchmark
{
    protected override byte[] Create() => Bodies.PortSipPage;

    protected override System.Collections.Generic.IAsyncEnumerable<JsonElement> Elements(Stream stream) => JsonItemReader.ReadAsync(stream, "items", null, CancellationToken.None);

    protected override object Map(JsonElement element) => PortSipRecordMapper.ToCdr(element);
}

/// <summary>A VOXO <c>/call-reports</c> array (two days of the bulk tenant).</summary>
public class VoxoJsonBenchmarks : JsonBenchmark
{
    private readonly TimeZoneInfo zone = ZoneResolver.Resolve("America/Chicago");

    protected override byte[] Create() => Bodies.VoxoArray;

    protected override System.Collections.Generic.IAsyncEnumerable<JsonElement> Elements(Stream stream) => JsonItemReader.ReadAsync(stream, null, null, CancellationToken.None, allowTrailingCommas: true);

    protected override object Map(JsonElement element) => VoxoRecordMapper.ToRecord(element, zone, "America/Chicago", null);
}

/// <summary>An Ozonetel <c>fetchCDRDetails</c> day of 2,000 calls.</summary>
public class OzonetelJsonBenchmarks : JsonBenchmark
{
    private readonly TimeZoneInfo zone = ZoneResolver.Resolve(OzonetelQuery.DefaultZone);

    protected override byte[] Create() => Bodies.OzonetelDay;

    protected override System.Collections.Generic.IAsyncEnumerable<JsonElement> Elements(Stream stream) => JsonItemReader.ReadAsync(stream, "details", null, CancellationToken.None);

    protected override object Map(JsonElement element) => OzonetelRecordMapper.ToRecord(element, zone, "sandbox_ozonetel");
}
