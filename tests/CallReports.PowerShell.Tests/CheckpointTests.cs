using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Voxo;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// -Checkpoint run by the real engine against the Sandbox, with calls arriving between runs: consecutive runs
/// give exactly the server's calls, once; failed and stopped runs do not commit; bad checkpoints fail before
/// any request.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CheckpointTests : IDisposable
{
    /// <summary>A fan-out tenant in a month no other test reads: every call in it is this test's.</summary>
    private const long Tenant = VoxoEmulator.FanOutFirstTenantId + 7;
    private static readonly DateTimeOffset T0 = new(2027, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static int nextMonth;
    private readonly ModuleFixture fixture;
    private readonly string folder = Directory.CreateTempSubdirectory("callreports-checkpoint-ps-").FullName;
    private readonly DateTimeOffset start;

    public CheckpointTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        fixture.Sandbox.Faults.Clear();

        // Each test gets its own month, so the calls one adds are no other test's.
        start = T0.AddMonths(System.Threading.Interlocked.Increment(ref nextMonth));
    }

    private string Checkpoint => Path.Combine(folder, "voxo.json");

    public void Dispose()
    {
        fixture.Sandbox.Faults.Clear();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void Voxo_consecutive_runs_return_every_call_once_including_one_published_late()
    {
        AddCalls(start, 0, 60, 5);
        var returned = new List<string>();
        returned.AddRange(Run(start.AddHours(1), firstRun: true).Select(Id));

        AddCalls(start, 61, 120, 7);
        var late = Add(start.AddMinutes(50));
        returned.AddRange(Run(start.AddHours(2)).Select(Id));

        AddCalls(start, 121, 180, 11);
        returned.AddRange(Run(start.AddHours(3)).Select(Id));

        var truth = fixture.Sandbox.Voxo.CallsOf(Tenant, start, start.AddHours(3)).Select(c => c.Id).ToList();
        Assert.Contains(late.Id, returned);
        Assert.Equal(returned.Count, returned.Distinct().Count());
        Assert.Equal(truth.OrderBy(x => x), returned.OrderBy(x => x));
    }

    [Fact]
    public void Voxo_a_run_cut_mid_body_leaves_the_checkpoint_and_the_next_run_recovers_everything()
    {
        AddCalls(start, 0, 60, 3);
        var returned = Run(start.AddHours(1), firstRun: true).Select(Id).ToList();
        var before = File.ReadAllBytes(Checkpoint);

        AddCalls(start, 61, 120, 1);
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = "/voxo/call-reports", ResetAfterBytes = 400, Times = 1 });
        var failed = Invoke(start.AddHours(2), firstRun: false, "-MaximumRetryCount 0");
        Assert.NotEmpty(failed.Streams.Error);
        Assert.Contains(failed.Streams.Warning, w => w.Message.Contains("was not updated", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
        var partial = failed.Output.Select(Id).ToList();

        returned.AddRange(Run(start.AddHours(2)).Select(Id));
        var truth = fixture.Sandbox.Voxo.CallsOf(Tenant, start, start.AddHours(2)).Select(c => c.Id).ToList();
        Assert.Equal(truth.OrderBy(x => x), returned.OrderBy(x => x));
        Assert.All(partial, id => Assert.Contains(id, truth));
    }

    [Fact]
    public void Voxo_a_stopped_pipeline_does_not_commit()
    {
        AddCalls(start, 0, 60, 3);
        Run(start.AddHours(1), firstRun: true);
        var before = File.ReadAllBytes(Checkpoint);
        AddCalls(start, 61, 120, 3);

        var stopped = Invoke(start.AddHours(2), firstRun: false, "| Select-Object -First 1");
        Assert.Null(stopped.Failure);
        Assert.Single(stopped.Output);
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
        Assert.Equal(20, Run(start.AddHours(2)).Count);
    }

    [Fact]
    public void Voxo_bad_checkpoints_fail_before_any_request()
    {
        fixture.Sandbox.Counters.Reset();
        Assert.Equal("CheckpointStartRequired", ErrorOf(Invoke(start.AddHours(1), firstRun: false)));

        File.WriteAllText(Checkpoint, "{ not json");
        Assert.Equal("CheckpointInvalid", ErrorOf(Invoke(start.AddHours(1), firstRun: false)));
        Assert.Equal("{ not json", File.ReadAllText(Checkpoint));
        File.Delete(Checkpoint);

        using (File.Open(Checkpoint + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal("CheckpointInUse", ErrorOf(Invoke(start.AddHours(1), firstRun: true)));
        }

        Assert.Equal(0, fixture.Sandbox.Counters.Total);
        Run(start.AddHours(1), firstRun: true);
        fixture.Sandbox.Counters.Reset();
        Assert.Equal("CheckpointStartConflict", ErrorOf(Invoke(start.AddHours(2), firstRun: true)));
        var mismatch = fixture.Invoke(
            "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 -Checkpoint $args[2] -EndTime $args[3]",
            fixture.Sandbox.Voxo.BaseUri.ToString(), Credential(), Checkpoint, start.AddHours(2).UtcDateTime);
        Assert.Equal("CheckpointMismatch", ErrorOf(mismatch));
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    private static string Id(PSObject record) => (string)record.Properties["Id"].Value;

    private static string ErrorOf(PowerShellResult result) =>
        (result.Failure as IContainsErrorRecord)?.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]
            ?? result.Streams.Error.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).FirstOrDefault()
            ?? "(no error)";

    private static PSCredential Credential() => new(VoxoEmulator.PartnerEmail, ModuleFixture.ToSecure(VoxoEmulator.Password));

    private List<PSObject> Run(DateTimeOffset end, bool firstRun = false)
    {
        var result = Invoke(end, firstRun);
        result.ThrowIfFailed();
        Assert.DoesNotContain(result.Streams.Warning, w => w.Message.Contains("checkpoint", StringComparison.OrdinalIgnoreCase));
        return result.Output;
    }

    private PowerShellResult Invoke(DateTimeOffset end, bool firstRun, string extra = "")
    {
        var startClause = firstRun ? " -StartTime $args[4]" : string.Empty;
        var tail = extra.StartsWith('|') ? " " + extra : string.Empty;
        var parameters = extra.StartsWith('|') ? string.Empty : " " + extra;
        return fixture.Invoke(
            "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId " + Tenant + " -TimeZone UTC -Checkpoint $args[2] -EndTime $args[3]" + startClause + parameters + tail,
            fixture.Sandbox.Voxo.BaseUri.ToString(), Credential(), Checkpoint, end.UtcDateTime, start.UtcDateTime);
    }

    private void AddCalls(DateTimeOffset origin, int fromMinute, int toMinute, int everyMinutes)
    {
        for (var minute = fromMinute; minute < toMinute; minute += everyMinutes)
        {
            Add(origin.AddMinutes(minute));
        }
    }

    private VoxoCall Add(DateTimeOffset instant) => fixture.Sandbox.Voxo.AddCall(new VoxoCall { TenantId = Tenant, Instant = instant });
}
