using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Voxo;

// Each scenario runs the cmdlet and the naive baseline a hand-written script would use, side by side,
// against the same Sandbox data, and prints one table.
var scenario = args.Length > 0 ? args[0].ToLowerInvariant() : "all";
var root = FindRoot();
var module = Path.Combine(root, "out", "CallReports");
if (!File.Exists(Path.Combine(module, "CallReports.psd1")))
{
    Console.Error.WriteLine($"Build the module first (pwsh ./build.ps1): {module} is missing.");
    return 2;
}

var known = new Dictionary<string, Func<string, Task<IReadOnlyList<Row>>>>(StringComparer.Ordinal)
{
    ["portsip"] = PortSip,
    ["voxo"] = Voxo,
    ["casper"] = Casper,
    ["import"] = ImportTime,
};
if (scenario != "all" && !known.ContainsKey(scenario))
{
    Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: {string.Join(", ", known.Keys)}, all.");
    return 2;
}

foreach (var (name, run) in known.Where(k => scenario == "all" || k.Key == scenario))
{
    var rows = await run(module);
    Print(name, rows);
}

return 0;

static async Task<IReadOnlyList<Row>> PortSip(string module)
{
    const int Records = 100_000;
    const int LatencyMs = 20;
    await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { PortSipCdrCount = Records });
    sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = LatencyMs });
    var server = sandbox.PortSip.BaseUri.ToString();
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(PortSipEmulator.UserName, Secure(PortSipEmulator.Password));

    // Warm up the sign-in and the JIT so both sides measure paging only.
    Run(runspace, "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 1 | Out-Null", server, credential, PortSipEmulator.Domain);

    sandbox.Counters.Reset();
    // An explicit window: the Sandbox's 100,000 calls run into 2028, past the default end (now).
    var cmdlet = Measure(runspace, sandbox, "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -StartTime '2026-01-01Z' -EndTime '2030-01-01Z' | Measure-Object | ForEach-Object Count", server, credential, PortSipEmulator.Domain);

    sandbox.Counters.Reset();
    var sequential = Measure(runspace, sandbox, "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -StartTime '2026-01-01Z' -EndTime '2030-01-01Z' -ThrottleLimit 1 | Measure-Object | ForEach-Object Count", server, credential, PortSipEmulator.Domain);

    sandbox.Counters.Reset();
    const string Baseline = """
        $body = @{ username = $args[1].UserName; password = $args[1].GetNetworkCredential().Password; domain = $args[2] } | ConvertTo-Json
        $token = (Invoke-RestMethod -Method Post -Uri ($args[0] + 'api/auth/sign_in') -Body $body -ContentType 'application/json').access_token
        $all = [System.Collections.Generic.List[object]]::new()
        $skip = 0
        do {
            $page = Invoke-RestMethod -Uri ($args[0] + "api/cdrs?orderby=started_at%20asc&top=100&skip=$skip&count=true") -Headers @{ Authorization = "Bearer $token" }
            $all.AddRange([object[]]$page.items)
            $skip += $page.items.Count
        } while ($page.items.Count -eq 100)
        $all | Measure-Object | ForEach-Object Count
        """;
    var baseline = Measure(runspace, sandbox, Baseline, server, credential, PortSipEmulator.Domain);
    return new[]
    {
        cmdlet with { Name = $"Get-PortSipCdr ({Records:N0} CDRs, {LatencyMs} ms/page, fetch-ahead 4)" },
        sequential with { Name = "Get-PortSipCdr -ThrottleLimit 1 (one page at a time)" },
        baseline with { Name = "Invoke-RestMethod page loop into a list" },
    };
}

static async Task<IReadOnlyList<Row>> Voxo(string module)
{
    // One 31-day window of about 200,000 records in one JSON array (269 calls an hour).
    await using var sandbox = await SandboxHost.StartAsync();
    sandbox.Voxo.BulkCallsPerHour = 269;
    var server = sandbox.Voxo.BaseUri.ToString();
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(VoxoEmulator.PartnerEmail, Secure(VoxoEmulator.Password));
    Run(runspace, "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 -StartTime '2026-10-01Z' -EndTime '2026-10-02Z' | Out-Null", server, credential);

    sandbox.Counters.Reset();
    var cmdlet = Measure(runspace, sandbox, "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 99 -TimeZone America/Chicago -StartTime '2026-10-01T05:00:00Z' -EndTime '2026-11-01T05:00:00Z' | Measure-Object | ForEach-Object Count", server, credential);

    sandbox.Counters.Reset();
    const string Baseline = """
        $body = @{ strategy = 'local'; email = $args[1].UserName; password = $args[1].GetNetworkCredential().Password } | ConvertTo-Json
        $token = (Invoke-RestMethod -Method Post -Uri ($args[0] + 'authentication') -Body $body -ContentType 'application/json').accessToken
        $uri = $args[0] + 'call-reports?tenantId=99&start=2026-10-01%2000%3A00%3A00&end=2026-11-01%2000%3A00%3A00&timezone=America%2FChicago'
        $all = Invoke-RestMethod -Uri $uri -Headers @{ Authorization = "Bearer $token" }
        $all | Measure-Object | ForEach-Object Count
        """;
    var baseline = Measure(runspace, sandbox, Baseline, server, credential);
    return new[]
    {
        cmdlet with { Name = "Get-VoxoCallReport (31-day window, one JSON array)" },
        baseline with { Name = "Invoke-RestMethod of the same window" },
    };
}

static async Task<IReadOnlyList<Row>> Casper(string module)
{
    // 1,000,000 rows: the bulk account has a call every minute, so 1,000,000 minutes in one request.
    const int Rows = 1_000_000;
    await using var sandbox = await SandboxHost.StartAsync();
    var server = sandbox.Casper.BaseUri.ToString();
    using var runspace = OpenRunspace(module);
    var token = Secure(CasperEmulator.ApiToken);
    var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-7));
    var end = start.AddMinutes(Rows);
    var range = string.Format(CultureInfo.InvariantCulture, "-StartTime '{0:o}' -EndTime '{1:o}' -WindowSize {2}.00:00:00", start.UtcDateTime, end.UtcDateTime, (int)Math.Ceiling((end - start).TotalDays));
    var cmdlet = Measure(runspace, sandbox, $"Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId {CasperEmulator.BulkAccountId} -TimeZone US/Arizona {range} -WarningAction SilentlyContinue | Measure-Object | ForEach-Object Count", server, token);
    var body = sandbox.Casper.LastReportRequest!;

    sandbox.Counters.Reset();
    const string Baseline = """
        $uri = $args[0] + 'voice/api/v1/admin/accounts/99999999/reportsStreaming'
        $csv = (Invoke-WebRequest -Method Post -Uri $uri -Body $args[2] -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $args[1] }).Content
        $csv | ConvertFrom-Csv | Measure-Object | ForEach-Object Count
        """;
    var baseline = Measure(runspace, sandbox, Baseline, server, CasperEmulator.ApiToken, body);
    return new[]
    {
        cmdlet with { Name = "Get-CasperCallDetail (1,000,000-row report, one request)" },
        baseline with { Name = "Invoke-WebRequest then ConvertFrom-Csv of the same report" },
    };
}

static Task<IReadOnlyList<Row>> ImportTime(string module)
{
    // Cold import in a fresh process each time: what a runbook pays on every job.
    var pwsh = FindPwsh();
    var times = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var info = new ProcessStartInfo(pwsh, new[] { "-NoProfile", "-NonInteractive", "-Command", $"$s=[Diagnostics.Stopwatch]::StartNew(); Import-Module '{module}'; $null = Get-Command -Module CallReports; $s.Elapsed.TotalMilliseconds" })
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        times.Add(double.Parse(output.Trim().Split('\n').Last(), CultureInfo.InvariantCulture));
    }

    times.Sort();
    IReadOnlyList<Row> rows = new[]
    {
        new Row("Import-Module CallReports (cold, median of 5)", 0, TimeSpan.FromMilliseconds(times[times.Count / 2]), null, 0, 0),
    };
    return Task.FromResult(rows);
}

static Row Measure(Runspace runspace, SandboxHost sandbox, string script, params object[] arguments)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    foreach (var argument in arguments)
    {
        ps.AddArgument(argument);
    }

    var process = Process.GetCurrentProcess();
    GC.Collect();
    process.Refresh();
    var baseWorkingSet = process.WorkingSet64;
    long peak = baseWorkingSet;
    using var sampler = new Timer(_ =>
    {
        process.Refresh();
        var now = process.WorkingSet64;
        if (now > Interlocked.Read(ref peak))
        {
            Interlocked.Exchange(ref peak, now);
        }
    }, null, 0, 20);

    var clock = Stopwatch.StartNew();
    var output = ps.Invoke();
    clock.Stop();
    if (ps.HadErrors)
    {
        throw new InvalidOperationException(string.Join(" | ", ps.Streams.Error.Select(e => e.ToString())));
    }

    var count = Convert.ToInt64(output.Last().BaseObject, CultureInfo.InvariantCulture);
    return new Row(string.Empty, count, clock.Elapsed, null, (Interlocked.Read(ref peak) - baseWorkingSet) / (1024.0 * 1024.0), sandbox.Counters.Total);
}

static void Run(Runspace runspace, string script, params object[] arguments)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    foreach (var argument in arguments)
    {
        ps.AddArgument(argument);
    }

    ps.Invoke();
    if (ps.HadErrors)
    {
        throw new InvalidOperationException(string.Join(" | ", ps.Streams.Error.Select(e => e.ToString())));
    }
}

static Runspace OpenRunspace(string module)
{
    var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
    runspace.Open();
    Run(runspace, "Import-Module $args[0] -ErrorAction Stop", module);
    return runspace;
}

static System.Security.SecureString Secure(string value)
{
    var secure = new System.Security.SecureString();
    foreach (var c in value)
    {
        secure.AppendChar(c);
    }

    return secure;
}

static void Print(string scenario, IReadOnlyList<Row> rows)
{
    Console.WriteLine();
    Console.WriteLine($"## {scenario}");
    Console.WriteLine();
    Console.WriteLine("| run | records | seconds | records/s | peak working set growth (MB) | requests |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    foreach (var row in rows)
    {
        var rate = row.Records > 0 ? (row.Records / row.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Records:N0} | {row.Elapsed.TotalSeconds:0.000} | {rate} | {row.PeakGrowthMegabytes:0.0} | {row.Requests} |"));
    }
}

static string FindRoot()
{
    var directory = new DirectoryInfo(AppContext.BaseDirectory);
    while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallReports.sln")))
    {
        directory = directory.Parent;
    }

    return directory?.FullName ?? throw new InvalidOperationException("CallReports.sln not found.");
}

static string FindPwsh()
{
    foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
    {
        var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        if (File.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new InvalidOperationException("pwsh is not on PATH (see ../shared/tools/pwsh).");
}

internal sealed record Row(string Name, long Records, TimeSpan Elapsed, TimeSpan? FirstRecord, double PeakGrowthMegabytes, int Requests);
