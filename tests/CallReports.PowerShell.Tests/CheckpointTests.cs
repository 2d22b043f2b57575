using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.PortSip;
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
    private static readonly TimeSpan Ist = TimeSpan.FromMinutes(330);
    private static int nextMonth;
    private static int nextOzonetelDay;
    private readonly ModuleFixture fixture;
    private readonly string folder = Directory.CreateTempSubdirectory("callreports-checkpoint-ps-").FullName;
    private readonly int month;

    public CheckpointTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        fixture.Sandbox.Faults.Clear();

        // Each test gets its own month, so the calls one adds are no other test's.
        month = System.Threading.Interlocked.Increment(ref nextMonth);
    }

    public static TheoryData<string> Vendors => new() { "Voxo", "PortSipCdr", "PortSipCallLog", "Casper", "Ozonetel" };

    private string Checkpoint => Path.Combine(folder, "calls.checkpoint.json");

    public void Dispose()
    {
        fixture.Sandbox.Faults.Clear();
        fixture.Sandbox.Ozonetel.PlacedCalls = Array.Empty<DateTime>();
        fixture.Sandbox.Ozonetel.CallsPerDay = 6;
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Consecutive_runs_return_every_call_once_including_one_published_late(string vendor)
    {
        var at = Case(vendor);
        AddCalls(at, 0, 60, 5);
        var returned = new List<string>();
        returned.AddRange(Run(at, at.Start.AddHours(1), firstRun: true).Select(at.IdOf));

        AddCalls(at, 61, 120, 7);
        var late = at.Add(at.Start.AddMinutes(50));
        returned.AddRange(Run(at, at.Start.AddHours(2)).Select(at.IdOf));

        AddCalls(at, 121, 180, 11);
        returned.AddRange(Run(at, at.Start.AddHours(3)).Select(at.IdOf));

        var truth = at.Truth(at.Start, at.Start.AddHours(3));
        Assert.Contains(late, returned);
        Assert.Equal(returned.Count, returned.Distinct().Count());
        Assert.Equal(truth.OrderBy(x => x), returned.OrderBy(x => x));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void A_run_cut_mid_body_leaves_the_checkpoint_and_the_next_run_recovers_everything(string vendor)
    {
        var at = Case(vendor);
        AddCalls(at, 0, 60, 3);
        var returned = Run(at, at.Start.AddHours(1), firstRun: true).Select(at.IdOf).ToList();
        var before = File.ReadAllBytes(Checkpoint);

        AddCalls(at, 61, 120, 1);
        // Every request of this run is cut: a client that reads a cut answer again must still fail here.
        fixture.Sandbox.Faults.Add(new FaultRule { PathPrefix = at.ListPath, ResetAfterBytes = 400 });
        var failed = Invoke(at, at.Start.AddHours(2), firstRun: false, "-MaximumRetryCount 0");
        fixture.Sandbox.Faults.Clear();
        Assert.True(failed.Streams.Error.Count > 0 || failed.Failure is not null, "no error; output " + failed.Output.Count + "; requests " + string.Join(" | ", fixture.Sandbox.Counters.Requests.Select(r => r.Path)));
        Assert.Contains(failed.Streams.Warning, w => w.Message.Contains("was not updated", StringComparison.Ordinal));
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));

        returned.AddRange(Run(at, at.Start.AddHours(2)).Select(at.IdOf));
        var truth = at.Truth(at.Start, at.Start.AddHours(2));
        Assert.Equal(truth.OrderBy(x => x), returned.OrderBy(x => x));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void A_stopped_pipeline_does_not_commit(string vendor)
    {
        var at = Case(vendor);
        AddCalls(at, 0, 60, 3);
        Run(at, at.Start.AddHours(1), firstRun: true);
        var before = File.ReadAllBytes(Checkpoint);
        AddCalls(at, 61, 120, 3);

        var stopped = Invoke(at, at.Start.AddHours(2), firstRun: false, "| Select-Object -First 1");
        Assert.Null(stopped.Failure);
        Assert.Single(stopped.Output);
        Assert.Equal(before, File.ReadAllBytes(Checkpoint));
        Assert.Equal(20, Run(at, at.Start.AddHours(2)).Count);
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Bad_checkpoints_fail_before_any_request(string vendor)
    {
        var at = Case(vendor);
        fixture.Sandbox.Counters.Reset();
        Assert.Equal("CheckpointStartRequired", ErrorOf(Invoke(at, at.Start.AddHours(1), firstRun: false)));

        File.WriteAllText(Checkpoint, "{ not json");
        Assert.Equal("CheckpointInvalid", ErrorOf(Invoke(at, at.Start.AddHours(1), firstRun: false)));
        Assert.Equal("{ not json", File.ReadAllText(Checkpoint));
        File.Delete(Checkpoint);

        using (File.Open(Checkpoint + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Equal("CheckpointInUse", ErrorOf(Invoke(at, at.Start.AddHours(1), firstRun: true)));
        }

        Assert.Equal(0, fixture.Sandbox.Counters.Total);
        Run(at, at.Start.AddHours(1), firstRun: true);
        fixture.Sandbox.Counters.Reset();
        Assert.Equal("CheckpointStartConflict", ErrorOf(Invoke(at, at.Start.AddHours(2), firstRun: true)));
        Assert.Equal("CheckpointMismatch", ErrorOf(fixture.Invoke(at.OtherQuery + " -Checkpoint $args[2] -EndTime $args[3]", at.Server, at.Credential, Checkpoint, at.Start.AddHours(2).UtcDateTime)));
        Assert.Equal(0, fixture.Sandbox.Counters.Total);
    }

    private static string ErrorOf(PowerShellResult result) =>
        (result.Failure as IContainsErrorRecord)?.ErrorRecord.FullyQualifiedErrorId.Split(',')[0]
            ?? result.Streams.Error.Select(e => e.FullyQualifiedErrorId.Split(',')[0]).FirstOrDefault()
            ?? "(no error)";

    private VendorCase Case(string vendor)
    {
        var sandbox = fixture.Sandbox;
        switch (vendor)
        {
            case "Voxo":
            {
                const long Tenant = VoxoEmulator.FanOutFirstTenantId + 7;
                var credential = new PSCredential(VoxoEmulator.PartnerEmail, ModuleFixture.ToSecure(VoxoEmulator.Password));
                return new VendorCase(
                    new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(month),
                    sandbox.Voxo.BaseUri.ToString(),
                    credential,
                    "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId " + Tenant + " -TimeZone UTC",
                    "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37",
                    "/voxo/call-reports",
                    "Id",
                    instant => sandbox.Voxo.AddCall(new VoxoCall { TenantId = Tenant, Instant = instant }).Id,
                    (from, to) => sandbox.Voxo.CallsOf(Tenant, from, to).Select(c => c.Id).ToList());
            }

            case "Ozonetel":
            {
                // Ozonetel keeps 15 days: each test takes its own day of the last twelve, on which only its calls exist.
                var emulator = sandbox.Ozonetel;
                emulator.ResetLimits();
                emulator.RequestsPerWindow = 2;
                emulator.RateLimitWindow = TimeSpan.FromMilliseconds(200);
                emulator.CallsPerDay = 0;
                var day = OzonetelEmulator.TodayIst.AddDays(-2 - (System.Threading.Interlocked.Increment(ref nextOzonetelDay) % 11));
                var credential = new PSCredential(OzonetelEmulator.UserName, ModuleFixture.ToSecure(OzonetelEmulator.ApiKey));
                return new VendorCase(
                    new DateTimeOffset(day, Ist),
                    emulator.BaseUri.ToString(),
                    credential,
                    "Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -RequestsPerMinute 2 -RateLimitWindow 00:00:00.2",
                    "Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -ApiVersion Legacy -RateLimitWindow 00:00:00.2",
                    "/ozonetel/ca_reports/fetchCDRDetails",
                    "Ucid",
                    instant =>
                    {
                        emulator.PlacedCalls = emulator.PlacedCalls.Append(instant.ToOffset(Ist).DateTime).ToArray();
                        return emulator.PlacedUcid(emulator.PlacedCalls.Count - 1);
                    },
                    (from, to) => emulator.PlacedCalls
                        .Select((wall, index) => (Instant: new DateTimeOffset(wall, Ist), Ucid: emulator.PlacedUcid(index)))
                        .Where(c => c.Instant >= from && c.Instant < to)
                        .Select(c => c.Ucid)
                        .ToList());
            }

            case "Casper":
            {
                var random = new Random(month);
                var sequence = 5_000_000L + (month * 10_000L);
                return new VendorCase(
                    new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(month),
                    sandbox.Casper.BaseUri.ToString(),
                    ModuleFixture.ToSecure(CasperEmulator.ApiToken),
                    "Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId " + CasperEmulator.AccountId + " -TimeZone US/Arizona",
                    "Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId " + CasperEmulator.SecondAccountId + " -TimeZone US/Arizona",
                    "/ringcx/voice/api/v1/admin/accounts/" + CasperEmulator.AccountId + "/reportsStreaming",
                    "Uii",
                    instant =>
                    {
                        var row = CasperDataGenerator.Create(random, sequence++, instant, CasperEmulator.AccountId);
                        sandbox.Casper.AddRow(row);
                        return row.Uii;
                    },
                    (from, to) => sandbox.Casper.Rows.Where(r => r.AccountId == CasperEmulator.AccountId && r.Enqueue >= from && r.Enqueue < to).Select(r => r.Uii).ToList());
            }

            default:
            {
                var command = vendor == "PortSipCdr" ? "Get-PortSipCdr" : "Get-PortSipCallLog";
                return new VendorCase(
                    new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(month),
                    sandbox.PortSip.BaseUri.ToString(),
                    fixture.PortSipCredential(),
                    command + " -Server $args[0] -Credential $args[1] -Domain " + PortSipEmulator.Domain,
                    command + " -Server $args[0] -Credential $args[1] -Domain " + PortSipEmulator.Domain + " -Filter \"caller eq '101'\"",
                    vendor == "PortSipCdr" ? "/portsip/api/cdrs" : "/portsip/api/calllogs",
                    "Id",
                    instant => sandbox.PortSip.InsertCdr(instant),
                    (from, to) => sandbox.PortSip.Cdrs.Where(c => c.StartedAt >= from && c.StartedAt < to).Select(c => c.Id).ToList());
            }
        }
    }

    private List<PSObject> Run(VendorCase at, DateTimeOffset end, bool firstRun = false)
    {
        var result = Invoke(at, end, firstRun);
        result.ThrowIfFailed();
        Assert.DoesNotContain(result.Streams.Warning, w => w.Message.Contains("checkpoint", StringComparison.OrdinalIgnoreCase));
        return result.Output;
    }

    private PowerShellResult Invoke(VendorCase at, DateTimeOffset end, bool firstRun, string extra = "")
    {
        var startClause = firstRun ? " -StartTime $args[4]" : string.Empty;
        var tail = extra.StartsWith('|') ? " " + extra : string.Empty;
        var parameters = extra.StartsWith('|') ? string.Empty : " " + extra;
        return fixture.Invoke(
            at.Command + " -Checkpoint $args[2] -EndTime $args[3]" + startClause + parameters + tail,
            at.Server, at.Credential, Checkpoint, end.UtcDateTime, at.Start.UtcDateTime);
    }

    private static void AddCalls(VendorCase at, int fromMinute, int toMinute, int everyMinutes)
    {
        for (var minute = fromMinute; minute < toMinute; minute += everyMinutes)
        {
            at.Add(at.Start.AddMinutes(minute));
        }
    }

    /// <summary>How one command is run, its calls placed and its truth read.</summary>
    private sealed record VendorCase(
        DateTimeOffset Start,
        string Server,
        object Credential,
        string Command,
        string OtherQuery,
        string ListPath,
        string IdProperty,
        Func<DateTimeOffset, string> Add,
        Func<DateTimeOffset, DateTimeOffset, List<string>> Truth)
    {
        public string IdOf(PSObject record) => (string)record.Properties[IdProperty].Value;
    }
}
