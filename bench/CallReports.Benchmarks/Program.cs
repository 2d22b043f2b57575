using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CallReports.Benchmarks;

// In-process, a short job by default so
// anyone can run the whole set in a few minutes; pass BenchmarkDotNet's own options (--filter,
// --job, --iterationCount) to change it.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(10).AsDefault())
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddColumn(new PerRecordColumn(PerRecordColumn.Kind.RecordsPerSecond), new PerRecordColumn(PerRecordColumn.Kind.BytesPerRecord))
    .WithOptions(ConfigOptions.DisableLogFile);
BenchmarkSwitcher.FromAssembly(typeof(Records).Assembly).Run(args, config);
