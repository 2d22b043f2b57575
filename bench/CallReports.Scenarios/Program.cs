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
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Voxo;
using CallReports.Sandbox.Emulators.Yeastar;
using CallReports.Scenarios;

// Each scenario runs the cmdlet and the naive baseline a hand-written script would use, side by side,
// against the same Sandbox data, and prints one table. An optional second argument scales the scenario
// down (or up) for a quick check: the record, row or UCID count it is built around.
var scenario = args.Length > 0 ? args[0].ToLowerInvariant() : "all";
int? size = null;
if (args.Length > 1)
{
    if (!int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < 1)
    {
        Console.Error.WriteLine($"The size must be a positive whole number, not '{args[1]}'.");
        return 2;
    }

    size = n;
}

var root = FindRoot();
var module = Path.Combine(root, "out", "CallReports");
if (!File.Exists(Path.Combine(module, "CallReports.psd1")))
{
    Console.Error.WriteLine($"Build the module first (pwsh ./build.ps1): {module} is missing.");
    return 2;
}

var known = new Dictionary<string, Func<string, int?, Task<Table>>>(StringComparer.Ordinal)
{
    ["portsip"] = PortSip,
    ["voxo"] = Voxo,
    ["casper"] = Casper,
    ["yeastar"] = Yeastar,
    ["ozonetel"] = Ozonetel,
    ["callrecord"] = CallRecord,
    ["measure"] = MeasureCalls,
    ["import"] = ImportTime,
};
if (scenario != "all" && !known.ContainsKey(scenario))
{
    Console.Error.WriteLine($"Unknown scenario '{scenario}'. Known: {string.Join(", ", known.Keys)}, all.");
    return 2;
}

foreach (var (name, run) in known.Where(k => scenario == "all" || k.Key == scenario))
{
    var table = await run(module, size);
    Print(name, table);
}

return 0;

static async Task<Table> PortSip(string module, int? size)
{
    var records = size ?? 100_000;
    const int LatencyMs = 20;
    await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { PortSipCdrCount = records });
    sandbox.Faults.Add(new FaultRule { PathPrefix = "/portsip/api/cdrs", LatencyMs = LatencyMs });
    var server = sandbox.PortSip.BaseUri.ToString();
    var data = sandbox.PortSip.MountPath + "api/cdrs";
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(PortSipEmulator.UserName, Secure(PortSipEmulator.Password));

    // An explicit window: the Sandbox's 100,000 calls run into 2028, past the default end (now).
    const string List = "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -StartTime '2026-01-01Z' -EndTime '2030-01-01Z'";

    // Warm up so that no measured row pays for coming first: the sign-in; the JIT on both paging paths (the first
    // listing in a process compiles some 4,700 methods, about 3 s of JIT on 2 cores, and runs slower code meanwhile);
    // and the Sandbox's sorted matches for this window (it sorts the CDRs on the first page of a new query). Then let
    // the tiered JIT finish recompiling in the background. (Every request goes through the process-wide PortSIP
    // limiter of 5,000 a minute: the warm-up and the three measured rows stay under it.)
    var warm = Math.Min(records, 30_000);
    Run(runspace, List + " -First $args[3] | Out-Null", server, credential, PortSipEmulator.Domain, warm);
    Run(runspace, List + " -ThrottleLimit 1 -First $args[3] | Out-Null", server, credential, PortSipEmulator.Domain, Math.Max(1, warm / 10));
    WaitForJit();

    sandbox.Counters.Reset();
    var cmdlet = Measure(runspace, sandbox, data, List + " | Measure-Arrival", server, credential, PortSipEmulator.Domain);
    var peakDefault = sandbox.Counters.PeakConcurrency(data);

    sandbox.Counters.Reset();
    var four = Measure(runspace, sandbox, data, List + " -ThrottleLimit 4 | Measure-Arrival", server, credential, PortSipEmulator.Domain);
    var peakFour = sandbox.Counters.PeakConcurrency(data);

    sandbox.Counters.Reset();
    var sequential = Measure(runspace, sandbox, data, List + " -ThrottleLimit 1 | Measure-Arrival", server, credential, PortSipEmulator.Domain);
    var peakOne = sandbox.Counters.PeakConcurrency(data);

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
        $all | Measure-Arrival
        """;
    var baseline = Measure(runspace, sandbox, data, Baseline, server, credential, PortSipEmulator.Domain);
    return new Table(
        new[]
        {
            cmdlet with { Name = $"Get-PortSipCdr ({records:N0} CDRs, {LatencyMs} ms/page, default -ThrottleLimit)" },
            four with { Name = "Get-PortSipCdr -ThrottleLimit 4" },
            sequential with { Name = "Get-PortSipCdr -ThrottleLimit 1 (one page at a time)" },
            baseline with { Name = "Invoke-RestMethod page loop into a list" },
        },
        Notes: new[]
        {
            string.Create(CultureInfo.InvariantCulture, $"Against one page at a time: {sequential.Elapsed / cmdlet.Elapsed:0.0}x (default), {sequential.Elapsed / four.Elapsed:0.0}x (-ThrottleLimit 4)."),
            $"Most page requests the Sandbox was handling at once: {peakDefault} (default), {peakFour} (-ThrottleLimit 4), {peakOne} (-ThrottleLimit 1).",
        });
}

// After a warm-up the tiered JIT goes on recompiling hot methods in the background: wait until it is idle (at most 10 s).
static void WaitForJit()
{
    var clock = Stopwatch.StartNew();
    var last = System.Runtime.JitInfo.GetCompiledMethodCount();
    while (clock.Elapsed < TimeSpan.FromSeconds(10))
    {
        Thread.Sleep(500);
        var now = System.Runtime.JitInfo.GetCompiledMethodCount();
        if (now - last < 5)
        {
            return;
        }

        last = now;
    }
}

static async Task<Table> Voxo(string module, int? size)
{
    // One 31-day window of about 200,000 records in one JSON array (269 calls an hour).
    await using var sandbox = await SandboxHost.StartAsync();
    sandbox.Voxo.BulkCallsPerHour = size is { } records ? Math.Max(1, (int)Math.Round(records / (31.0 * 24))) : 269;
    var server = sandbox.Voxo.BaseUri.ToString();
    var data = sandbox.Voxo.MountPath + "call-reports";
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(VoxoEmulator.PartnerEmail, Secure(VoxoEmulator.Password));
    Run(runspace, "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 37 -StartTime '2026-10-01Z' -EndTime '2026-10-02Z' | Out-Null", server, credential);

    sandbox.Counters.Reset();
    var cmdlet = Measure(runspace, sandbox, data, "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 99 -TimeZone America/Chicago -StartTime '2026-10-01T05:00:00Z' -EndTime '2026-11-01T05:00:00Z' | Measure-Arrival", server, credential);

    sandbox.Counters.Reset();
    const string Baseline = """
        $body = @{ strategy = 'local'; email = $args[1].UserName; password = $args[1].GetNetworkCredential().Password } | ConvertTo-Json
        $token = (Invoke-RestMethod -Method Post -Uri ($args[0] + 'authentication') -Body $body -ContentType 'application/json').accessToken
        $uri = $args[0] + 'call-reports?tenantId=99&start=2026-10-01%2000%3A00%3A00&end=2026-11-01%2000%3A00%3A00&timezone=America%2FChicago'
        $all = Invoke-RestMethod -Uri $uri -Headers @{ Authorization = "Bearer $token" }
        $all | Measure-Arrival
        """;
    var baseline = Measure(runspace, sandbox, data, Baseline, server, credential);
    return new Table(new[]
    {
        cmdlet with { Name = "Get-VoxoCallReport (31-day window, one JSON array)" },
        baseline with { Name = "Invoke-RestMethod of the same window" },
    });
}

static async Task<Table> CallRecord(string module, int? size)
{
    // The same VOXO window as the voxo scenario, then Yeastar's rows (the costliest to convert: read by column name
    // from a PSObject, not a typed record) in a 200,000-row Extension Call Accounting Details report, each into the
    // sink directly and through ConvertTo-CallRecord, twice in turn (after an untimed run of both), so the
    // conversion's cost is the difference.
    await using var sandbox = await SandboxHost.StartAsync();
    sandbox.Voxo.BulkCallsPerHour = size is { } records ? Math.Max(1, (int)Math.Round(records / (31.0 * 24))) : 269;
    sandbox.Yeastar.BulkRows = size ?? 200_000;
    using var runspace = OpenRunspace(module);
    var rows = new List<Row>();
    var notes = new List<string>();
    void Rounds(string platform, string command, string data, string server, PSCredential credential)
    {
        // Untimed: both paths once over the whole window, so the JIT's tiering has caught up for both.
        Run(runspace, command + " | Out-Null", server, credential);
        Run(runspace, command + " | ConvertTo-CallRecord | Out-Null", server, credential);
        double direct = 0, converted = 0;
        for (var round = 1; round <= 2; round++)
        {
            sandbox.Counters.Reset();
            var plain = Measure(runspace, sandbox, data, command + " | Measure-Arrival", server, credential) with { Name = $"{command.Split(' ')[0]}, run {round}" };
            sandbox.Counters.Reset();
            var through = Measure(runspace, sandbox, data, command + " | ConvertTo-CallRecord | Measure-Arrival", server, credential) with { Name = $"the same through ConvertTo-CallRecord, run {round}" };
            rows.Add(plain);
            rows.Add(through);
            direct += plain.Records / plain.Elapsed.TotalSeconds;
            converted += through.Records / through.Elapsed.TotalSeconds;
        }

        notes.Add(string.Format(CultureInfo.InvariantCulture, "{0}: ConvertTo-CallRecord keeps {1:P0} of the cmdlet's own rate (mean of the two rounds).", platform, converted / direct));
    }

    Rounds(
        "VOXO",
        "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 99 -TimeZone America/Chicago -StartTime '2026-10-01T05:00:00Z' -EndTime '2026-11-01T05:00:00Z'",
        sandbox.Voxo.MountPath + "call-reports",
        sandbox.Voxo.BaseUri.ToString(),
        new PSCredential(VoxoEmulator.PartnerEmail, Secure(VoxoEmulator.Password)));
    Rounds(
        "Yeastar",
        "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-11-01 00:00:00' -EndTime '2026-12-01 00:00:00'",
        sandbox.Yeastar.MountPath + "api/download/",
        sandbox.Yeastar.BaseUri.ToString(),
        new PSCredential(YeastarEmulator.ClientId, Secure(YeastarEmulator.ClientSecret)));
    return new Table(rows, notes);
}

static async Task<Table> MeasureCalls(string module, int? size)
{
    // About 1,000,000 VOXO records (one 31-day window) converted and added up into 24 hourly groups: the
    // memory must grow with the groups, not the records.
    var records = size ?? 1_000_000;
    await using var sandbox = await SandboxHost.StartAsync();
    sandbox.Voxo.BulkCallsPerHour = Math.Max(1, (int)Math.Round(records / (31.0 * 24)));
    var server = sandbox.Voxo.BaseUri.ToString();
    var data = sandbox.Voxo.MountPath + "call-reports";
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(VoxoEmulator.PartnerEmail, Secure(VoxoEmulator.Password));
    const string Window = "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 99 -TimeZone America/Chicago -StartTime '2026-10-01T05:00:00Z' -EndTime '2026-11-01T05:00:00Z'";
    Run(runspace, "Get-VoxoCallReport -Server $args[0] -Credential $args[1] -TenantId 99 -StartTime '2026-10-01Z' -EndTime '2026-10-02Z' | ConvertTo-CallRecord | Measure-CallRecord -GroupBy Hour | Out-Null", server, credential);
    sandbox.Counters.Reset();
    var direct = Measure(runspace, sandbox, data, Window + " | Measure-Arrival", server, credential);
    sandbox.Counters.Reset();
    var measured = Measure(runspace, sandbox, data, Window + " | ConvertTo-CallRecord | Measure-CallRecord -GroupBy Hour -TimeZone America/Chicago | Measure-Arrival", server, credential);
    return new Table(
        new[]
        {
            direct with { Name = "Get-VoxoCallReport (31-day window) into the sink" },
            measured with { Name = "the same through ConvertTo-CallRecord and Measure-CallRecord -GroupBy Hour (records = groups out)" },
        },
        new[] { string.Format(CultureInfo.InvariantCulture, "Measure-CallRecord took {0:N0} call records at {1:N0} records/s end to end (VOXO's JSON, the conversion and the sums).", direct.Records, direct.Records / measured.Elapsed.TotalSeconds) });
}

static async Task<Table> Casper(string module, int? size)
{
    // 1,000,000 rows: the bulk account has a call every minute, so 1,000,000 minutes in one request.
    var rows = size ?? 1_000_000;
    await using var sandbox = await SandboxHost.StartAsync();
    var server = sandbox.Casper.BaseUri.ToString();
    var data = sandbox.Casper.MountPath + "voice/api/v1/admin/accounts/" + CasperEmulator.BulkAccountId + "/reportsStreaming";
    using var runspace = OpenRunspace(module);
    var token = Secure(CasperEmulator.ApiToken);
    var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-7));
    var end = start.AddMinutes(rows);
    var range = string.Format(CultureInfo.InvariantCulture, "-StartTime '{0:o}' -EndTime '{1:o}' -WindowSize {2}.00:00:00", start.UtcDateTime, end.UtcDateTime, (int)Math.Ceiling((end - start).TotalDays));
    var command = $"Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId {CasperEmulator.BulkAccountId} -TimeZone US/Arizona {range} -WarningAction SilentlyContinue | Measure-Arrival";

    // Untimed: a small report compiles the module's code; -First 1 on the full range gives the request
    // body, whose report the emulator then renders once into one array. Both timed runs get those bytes
    // replayed, so they measure the clients, not the emulator's CSV writer sharing the 2 cores.
    var warmEnd = start.AddMinutes(Math.Min(rows, 20_000));
    Run(runspace, string.Format(CultureInfo.InvariantCulture, "Get-CasperCallDetail -Server $args[0] -ApiToken $args[1] -AccountId {0} -TimeZone US/Arizona -StartTime '{1:o}' -EndTime '{2:o}' -WindowSize 30.00:00:00 -WarningAction SilentlyContinue | Out-Null", CasperEmulator.BulkAccountId, start.UtcDateTime, warmEnd.UtcDateTime), server, token);
    Run(runspace, command.Replace("| Measure-Arrival", "-First 1 | Out-Null", StringComparison.Ordinal), server, token);
    await sandbox.Casper.PrerenderAsync(CasperEmulator.BulkAccountId, sandbox.Casper.LastReportRequest!);
    sandbox.Casper.ReplayReports = true;
    sandbox.Counters.Reset();
    var cmdlet = Measure(runspace, sandbox, data, command, server, token);

    // The same command again: the first large run in a process pays for the JIT's tiering (measured at
    // about 2 s of extra CPU on 2 cores); the second shows the steady state.
    sandbox.Counters.Reset();
    var again = Measure(runspace, sandbox, data, command, server, token);
    var body = sandbox.Casper.LastReportRequest!;

    sandbox.Counters.Reset();
    const string Baseline = """
        $uri = $args[0] + 'voice/api/v1/admin/accounts/99999999/reportsStreaming'
        $csv = (Invoke-WebRequest -Method Post -Uri $uri -Body $args[2] -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $args[1] }).Content
        $csv | ConvertFrom-Csv | Measure-Arrival
        """;
    var baseline = Measure(runspace, sandbox, data, Baseline, server, CasperEmulator.ApiToken, body);
    return new Table(new[]
    {
        cmdlet with { Name = $"Get-CasperCallDetail ({rows:N0}-row report, one request)" },
        again with { Name = "the same, second run in the process" },
        baseline with { Name = "Invoke-WebRequest then ConvertFrom-Csv of the same report" },
    });
}

static async Task<Table> Yeastar(string module, int? size)
{
    // A 500,000-row Extension Call Billing Details report (a per-call report, the kind that grows large),
    // generated by the Sandbox as it is downloaded. To objects and to a file, each against the script a
    // user would write for the same API flow: get_token, call_report/download (the synchronous call,
    // which answers with the link once the report is built; the API has no status to poll), then the
    // link with Invoke-WebRequest.
    var rows = size ?? 500_000;
    await using var sandbox = await SandboxHost.StartAsync();
    var server = sandbox.Yeastar.BaseUri.ToString();
    var data = sandbox.Yeastar.MountPath + "api/download/";
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(YeastarEmulator.ClientId, Secure(YeastarEmulator.ClientSecret));
    const string Report = "Invoke-YeastarReportDownload -Server $args[0] -Credential $args[1] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-11-01 00:00:00' -EndTime '2026-12-01 00:00:00'";

    // Warm up the token, the PBX's display formats (cached per process) and the JIT on a 6-row report.
    Run(runspace, Report + " | Out-Null", server, credential);
    sandbox.Yeastar.BulkRows = rows;

    // The script's side: the PBX here shows DD/MM/YYYY and a 12-hour clock, so the times are written that way.
    const string SignInAndRequest = """
        $server = $args[0]
        $body = @{ username = $args[1].UserName; password = $args[1].GetNetworkCredential().Password } | ConvertTo-Json
        $login = Invoke-RestMethod -Method Post -Uri ($server + 'openapi/v1.0/get_token') -Body $body -ContentType 'application/json'
        if ($login.errcode -ne 0) { throw "get_token: $($login.errmsg)" }
        $token = $login.access_token
        $range = 'start_time=' + [uri]::EscapeDataString('01/11/2026 12:00:00 AM') + '&end_time=' + [uri]::EscapeDataString('01/12/2026 12:00:00 AM')
        $report = Invoke-RestMethod -Uri ($server + "openapi/v2.0/call_report/download?access_token=$token&type=extcallbillingdetails&trunk_id_list=21&$range")
        if ($report.errcode -ne 0) { throw "call_report/download: $($report.errmsg)" }
        $link = $server + $report.download_resource_url.TrimStart('/') + "?access_token=$token"

        """;

    var cmdletFile = Path.Combine(Path.GetTempPath(), $"callreports-yeastar-cmdlet-{Environment.ProcessId}.csv");
    var baselineFile = Path.Combine(Path.GetTempPath(), $"callreports-yeastar-baseline-{Environment.ProcessId}.csv");
    try
    {
        sandbox.Counters.Reset();
        var cmdlet = Measure(runspace, sandbox, data, Report + " | Measure-Arrival", server, credential);

        sandbox.Counters.Reset();
        var cmdletToFile = Measure(runspace, sandbox, data, Report + " -OutFile $args[2] -Force", server, credential, cmdletFile);
        cmdletToFile = cmdletToFile with { Records = CountCsvRows(cmdletFile) };

        sandbox.Counters.Reset();
        var baseline = Measure(runspace, sandbox, data, SignInAndRequest + """
            $download = Invoke-WebRequest -Uri $link
            [System.Text.Encoding]::UTF8.GetString($download.Content).TrimStart([char]0xFEFF) | ConvertFrom-Csv | Measure-Arrival
            """, server, credential);

        sandbox.Counters.Reset();
        var baselineToFile = Measure(runspace, sandbox, data, SignInAndRequest + "Invoke-WebRequest -Uri $link -OutFile $args[2]", server, credential, baselineFile);
        baselineToFile = baselineToFile with { Records = CountCsvRows(baselineFile) };

        // The cmdlet ran first, so PowerShell's own object-building code was compiled on its time; run it
        // again now that the baseline has had the same head start.
        sandbox.Counters.Reset();
        var cmdletAgain = Measure(runspace, sandbox, data, Report + " | Measure-Arrival", server, credential);

        var notes = new List<string>();
        if (!File.ReadAllBytes(cmdletFile).AsSpan().SequenceEqual(File.ReadAllBytes(baselineFile)))
        {
            notes.Add("WARNING: the two downloaded files differ.");
        }

        notes.Add("Records of the file rows: data lines in the written file; no records reach the pipeline, so no first-record time.");
        return new Table(
            new[]
            {
                cmdlet with { Name = $"Invoke-YeastarReportDownload to objects ({rows:N0}-row report)" },
                cmdletToFile with { Name = "Invoke-YeastarReportDownload -OutFile" },
                baseline with { Name = "Invoke-RestMethod sign-in and request, Invoke-WebRequest, ConvertFrom-Csv" },
                baselineToFile with { Name = "Invoke-RestMethod sign-in and request, Invoke-WebRequest -OutFile" },
                cmdletAgain with { Name = "Invoke-YeastarReportDownload to objects, again after the baselines" },
            },
            Notes: notes);
    }
    finally
    {
        File.Delete(cmdletFile);
        File.Delete(baselineFile);
    }
}

static async Task<Table> Ozonetel(string module, int? size)
{
    // 300 UCIDs looked up on the legacy UCID API, whose documented limit is 50 requests a minute per
    // account, with the clock scaled 50-fold: the Sandbox and the cmdlet both count 50 requests per 1.2 s.
    var count = size ?? 300;
    const int Limit = 50;
    var window = TimeSpan.FromMinutes(1) / Limit;
    await using var sandbox = await SandboxHost.StartAsync();
    var emulator = sandbox.Ozonetel;
    emulator.RateLimitWindow = window;
    emulator.LegacyRequestsPerWindow = Limit;

    // Known UCIDs: the calls of the 14 days before today (IST), so all are in the historical store (one
    // legacy request each) and stay inside Ozonetel's 15 days even if the run crosses midnight IST.
    const int Days = 14;
    emulator.CallsPerDay = (count + Days - 1) / Days;
    var today = OzonetelEmulator.TodayIst;
    var ucids = Enumerable.Range(1, Days)
        .SelectMany(d => Enumerable.Range(0, emulator.CallsPerDay).Select(i => OzonetelEmulator.UcidOf(today.AddDays(-d), i)))
        .Take(count)
        .ToArray();
    var server = emulator.BaseUri.ToString();
    var data = emulator.MountPath + "CAServices/cdr/callbacks.php";
    using var runspace = OpenRunspace(module);
    var credential = new PSCredential(OzonetelEmulator.UserName, Secure(OzonetelEmulator.ApiKey));
    var windowText = window.ToString("c", CultureInfo.InvariantCulture);
    var cmdletScript = $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -ApiVersion Legacy -RequestsPerMinute {Limit} -RateLimitWindow {windowText} -Ucid $args[2]";

    // What a script would write: one request per UCID, then sleep for the window divided by the limit.
    var baselineScript = $$"""
        $server = $args[0]
        $user = $args[1].UserName
        $key = $args[1].GetNetworkCredential().Password
        $ucids = $args[2]
        $pause = [int]({{window.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}} / {{Limit}})
        & {
            foreach ($ucid in $ucids) {
                $answer = Invoke-RestMethod -Uri ($server + "CAServices/cdr/callbacks.php?userName=$user&apiKey=$key&ucid=$ucid&reportType=historical")
                if ($answer.status -eq 'success' -and $answer.message -isnot [string]) { $answer.message }
                Start-Sleep -Milliseconds $pause
            }
        }
        """;

    // Warm up both sides on one UCID, then let the window pass so each run starts with the whole budget
    // (the cmdlet's limiter is process-wide; the Sandbox forgets its history on ResetLimits).
    Run(runspace, cmdletScript + " | Out-Null", server, credential, ucids.Take(1).ToArray());
    Run(runspace, baselineScript + " | Out-Null", server, credential, ucids.Take(1).ToArray());

    async Task<Row> Lookups(string script)
    {
        await Task.Delay(window * 1.5);
        emulator.ResetLimits();
        sandbox.Counters.Reset();
        var row = Measure(runspace, sandbox, data, script, server, credential, ucids);
        var arrivals = sandbox.Counters.Requests.Where(r => string.Equals(r.Path, data, StringComparison.OrdinalIgnoreCase)).Select(r => r.Timestamp).ToArray();
        string? rate = null;
        if (arrivals.Length > Limit)
        {
            // A sliding limit admits Limit requests at once and Limit more each window after that, so the
            // fastest schedule for n lookups spans (ceil(n / Limit) - 1) windows from the first to the last.
            // The achieved rate is that span over the actual one (100% = the limit's full rate).
            var span = Stopwatch.GetElapsedTime(arrivals.Min(), arrivals.Max());
            var fastest = window * (((arrivals.Length + Limit - 1) / Limit) - 1);
            rate = string.Format(CultureInfo.InvariantCulture, "{0:0.0}% of {1}/{2:0.0##} s", 100 * (fastest / span), Limit, window.TotalSeconds);
        }

        return row with { AchievedRate = rate, Rejections = emulator.RateLimitRejections };
    }

    var cmdlet = await Lookups(cmdletScript + " | Measure-Arrival");
    var baseline = await Lookups(baselineScript + " | Measure-Arrival");
    return new Table(
        new[]
        {
            cmdlet with { Name = $"Get-OzonetelCallDetail -ApiVersion Legacy ({count:N0} UCIDs, {Limit} per {window.TotalSeconds:0.0##} s)" },
            baseline with { Name = $"Invoke-RestMethod loop, Start-Sleep {window.TotalMilliseconds / Limit:0.#} ms between calls" },
        },
        Notes: new[]
        {
            $"Achieved rate: the span from the first lookup to the last that the limit allows at best ({Limit} at once, then {Limit} more each window: ceil(n / {Limit}) - 1 windows) over the actual span; shown only for more than {Limit} lookups. Rejections: the Sandbox's 'max limit exceeded' answers.",
        });
}

static Task<Table> ImportTime(string module, int? size)
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
    return Task.FromResult(new Table(new[]
    {
        new Row("Import-Module CallReports (cold, median of 5)", 0, TimeSpan.FromMilliseconds(times[times.Count / 2]), null, 0, 0),
    }));
}

// Runs a script whose last output is Measure-Arrival's (or nothing, for the file rows). The first-record
// time runs from the first response byte of a request to dataPath (sign-in requests do not count) to the
// first object reaching Measure-Arrival.
static Row Measure(Runspace runspace, SandboxHost sandbox, string dataPath, string script, params object[] arguments)
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

    var arrival = output.Count > 0 ? output[^1].BaseObject as Arrival : null;
    TimeSpan? firstRecord = null;
    if (arrival?.FirstTimestamp is { } first && sandbox.Counters.FirstResponseStarted(dataPath) is { } started)
    {
        firstRecord = Stopwatch.GetElapsedTime(started, first);
    }

    return new Row(string.Empty, arrival?.Count ?? 0, clock.Elapsed, firstRecord, (Interlocked.Read(ref peak) - baseWorkingSet) / (1024.0 * 1024.0), sandbox.Counters.Total);
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
    var state = InitialSessionState.CreateDefault2();
    state.Commands.Add(new SessionStateCmdletEntry("Measure-Arrival", typeof(MeasureArrivalCommand), null));
    var runspace = RunspaceFactory.CreateRunspace(state);
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

// Data lines of a CSV file the Sandbox wrote (no field in it spans lines): all lines but the header.
static long CountCsvRows(string path) => Math.Max(0, File.ReadLines(path).LongCount() - 1);

static void Print(string scenario, Table table)
{
    var rows = table.Rows;
    var extra = rows.Any(r => r.AchievedRate is not null || r.Rejections is not null);
    Console.WriteLine();
    Console.WriteLine($"## {scenario}");
    Console.WriteLine();
    Console.WriteLine("| run | records | seconds | records/s | first record (ms) | peak working set growth (MB) | requests |" + (extra ? " achieved rate | rejections |" : string.Empty));
    Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|" + (extra ? "---:|---:|" : string.Empty));
    foreach (var row in rows)
    {
        var rate = row.Records > 0 ? (row.Records / row.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : "–";
        var first = row.FirstRecord is { } f ? f.TotalMilliseconds.ToString("#,0.0", CultureInfo.InvariantCulture) : "–";
        var line = string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Records:N0} | {row.Elapsed.TotalSeconds:0.000} | {rate} | {first} | {row.PeakGrowthMegabytes:0.0} | {row.Requests} |");
        if (extra)
        {
            line += string.Create(CultureInfo.InvariantCulture, $" {row.AchievedRate ?? "–"} | {(row.Rejections is { } r ? r.ToString(CultureInfo.InvariantCulture) : "–")} |");
        }

        Console.WriteLine(line);
    }

    if (table.Notes is { Count: > 0 } notes)
    {
        Console.WriteLine();
        foreach (var note in notes)
        {
            Console.WriteLine(note);
        }
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

/// <summary>One run of a scenario. FirstRecord: from the first response byte of a data request to the first record in the pipeline.</summary>
internal sealed record Row(string Name, long Records, TimeSpan Elapsed, TimeSpan? FirstRecord, double PeakGrowthMegabytes, int Requests, string? AchievedRate = null, int? Rejections = null);

/// <summary>A scenario's rows, and lines printed under its table.</summary>
internal sealed record Table(IReadOnlyList<Row> Rows, IReadOnlyList<string>? Notes = null);
