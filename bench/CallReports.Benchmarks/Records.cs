using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace CallReports.Benchmarks;

/// <summary>A benchmark class that knows how many records one invocation handles.</summary>
public interface ICountsRecords
{
    /// <summary>Builds the body (as the benchmark's setup does) and counts its records.</summary>
    int CountRecords();
}

/// <summary>
/// Record counts per benchmark class, worked out in the reporting process (BenchmarkDotNet runs the
/// benchmarks themselves in an isolated context, so nothing they set is visible here).
/// </summary>
internal static class Records
{
    private static readonly ConcurrentDictionary<Type, int?> Counts = new();

    public static int? Get(Type benchmark) => Counts.GetOrAdd(benchmark, static type =>
        typeof(ICountsRecords).IsAssignableFrom(type) ? ((ICountsRecords)Activator.CreateInstance(type)!).CountRecords() : null);
}

/// <summary>Records per second and allocated bytes per record, from the mean and the allocation of one invocation.</summary>
internal sealed class PerRecordColumn : IColumn
{
    private readonly Kind kind;

    public PerRecordColumn(Kind kind) => this.kind = kind;

    public enum Kind
    {
        RecordsPerSecond,
        BytesPerRecord,
    }

    public string Id => nameof(PerRecordColumn) + kind;

    public string ColumnName => kind == Kind.RecordsPerSecond ? "Records/s" : "B/record";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)kind;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => kind == Kind.RecordsPerSecond ? "Records handled per second (records in the body / mean time)" : "Managed bytes allocated per record";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var report = summary[benchmarkCase];
        if (report?.ResultStatistics is not { } statistics || Records.Get(benchmarkCase.Descriptor.Type) is not { } records || records == 0)
        {
            return "-";
        }

        if (kind == Kind.RecordsPerSecond)
        {
            return (records / (statistics.Mean / 1e9)).ToString("N0", CultureInfo.InvariantCulture);
        }

        var bytes = report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return bytes is { } b ? (b / (double)records).ToString("N0", CultureInfo.InvariantCulture) : "-";
    }

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => Records.Get(c.Descriptor.Type) is not null);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
