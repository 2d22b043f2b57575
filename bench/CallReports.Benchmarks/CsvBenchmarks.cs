using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using CallReports.Engine.Csv;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallReports.Benchmarks;

/// <summary>CSV body → typed records, against CsvHelper's parser reading the same bytes.</summary>
public abstract class CsvBenchmark : ICountsRecords
{
    private byte[] body = Array.Empty<byte>();

    protected abstract int Rows { get; }

    protected MemoryStream Body => new(body, writable: false);

    [GlobalSetup]
    public void Setup()
    {
        body = Create(Rows);
    }

    /// <inheritdoc />
    public int CountRecords() => Rows;

    /// <summary>The bare parser: every field of every row read as a string, then discarded.</summary>
    [Benchmark(Baseline = true)]
    public int BareParser()
    {
        using var text = new StreamReader(Body, new UTF8Encoding(false), true, 16 * 1024);
        using var parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture) { Mode = CsvMode.RFC4180 });
        var rows = -1;
        while (parser.Read())
        {
            _ = parser.Record;
            rows++;
        }

        return rows;
    }

    /// <summary>The parser finding the row boundaries only (no field strings).</summary>
    [Benchmark]
    public int BareParserNoFields()
    {
        using var text = new StreamReader(Body, new UTF8Encoding(false), true, 16 * 1024);
        using var parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture) { Mode = CsvMode.RFC4180 });
        var rows = -1;
        while (parser.Read())
        {
            rows++;
        }

        return rows;
    }

    /// <summary>The engine's streaming reader alone (rows out, nothing mapped): the cost of streaming and cut detection.</summary>
    [Benchmark]
    public async Task<int> ReaderOnly()
    {
        var rows = 0;
        await foreach (var row in CsvRecordReader.ReadAsync(Body, ',', null, CancellationToken.None))
        {
            rows += row.FieldCount > 0 ? 1 : 0;
        }

        return rows;
    }

    protected abstract byte[] Create(int rows);
}

/// <summary>Casper Cloud Call Detail: 34 columns, two report times and eight whole numbers a row.</summary>
public class CasperCsvBenchmarks : CsvBenchmark
{
    private readonly TimeZoneInfo zone = ZoneResolver.Resolve(Bodies.CasperZone);

    protected override int Rows => 100_000;

    /// <summary>What <c>Get-CasperCallDetail</c> does with the body: stream rows, map each to <see cref="CasperCallDetail"/>.</summary>
    [Benchmark]
    public async Task<int> Engine()
    {
        var rows = 0;
        CasperRecordMapper? mapper = null;
        await foreach (var row in CsvRecordReader.ReadAsync(Body, ',', header => mapper = new CasperRecordMapper(header, zone), CancellationToken.None))
        {
            var record = mapper!.ToRecord(row);
            rows += record.Uii.Length > 0 ? 1 : 0;
        }

        return rows;
    }

    protected override byte[] Create(int rows) => Bodies.CasperCsv(rows);
}

/// <summary>Yeastar report download: 11 columns, untyped by the vendor, typed by content.</summary>
public class YeastarCsvBenchmarks : CsvBenchmark
{
    private readonly YeastarDisplayFormat format = YeastarDisplayFormat.Parse("DD/MM/YYYY", "hh:mm:ss AM");
    private readonly ZoneClock clock = new(YeastarRecordMapper.FixedZone(TimeSpan.FromHours(1)));

    protected override int Rows => 100_000;

    /// <summary>What <c>Invoke-YeastarReportDownload</c> does with the body: stream rows, type each column.</summary>
    [Benchmark]
    public async Task<int> Engine()
    {
        var rows = 0;
        string[]? names = null;
        string[]? properties = null;
        await foreach (var row in CsvRecordReader.ReadAsync(Body, ',', null, CancellationToken.None))
        {
            names ??= YeastarRecordMapper.ColumnNames(row.Columns);
            properties ??= YeastarRecordMapper.PropertyNames(names);
            var record = YeastarRecordMapper.ToRow(YeastarReportType.ExtensionCallStatistics, row, names, properties, format, clock);
            rows += record.Columns.Count > 0 ? 1 : 0;
        }

        return rows;
    }

    protected override byte[] Create(int rows) => Bodies.YeastarCsv(rows);
}
