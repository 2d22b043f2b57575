using System;
using System.Globalization;
using System.Linq;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.Voxo;
using CallReports.Sandbox.Emulators.Yeastar;

// dotnet run --project src/CallReports.Sandbox -- [--port N] [--seed N] [--size N] [--voxo-bulk N] [--yeastar-rows N] [--replay]
var options = new SandboxOptions { Port = 5150 };
var voxoBulk = 0;
var yeastarRows = 0;
var replay = false;
for (var i = 0; i < args.Length; i++)
{
    var name = args[i];
    if (name == "--replay")
    {
        replay = true;
        continue;
    }

    if (name is "-h" or "--help" or "-?")
    {
        Console.WriteLine("Usage: CallReports.Sandbox [--port N (default 5150, 0 = free port)] [--seed N (default 42)] [--size N (CDRs per PortSIP PBX, default 250)] [--voxo-bulk N (calls an hour for VOXO tenant 99, default 0)] [--yeastar-rows N (rows of every Yeastar report, generated as it downloads; default 0: the fixed sample)] [--replay (RingCX: render each distinct report once, then replay its bytes)]");
        return 0;
    }

    if (i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
    {
        Console.Error.WriteLine($"'{name}' needs an integer value. Try --help.");
        return 2;
    }

    i++;
    switch (name)
    {
        case "--port":
            options.Port = value;
            break;
        case "--seed":
            options.Seed = value;
            break;
        case "--size":
            options.PortSipCdrCount = value;
            break;
        case "--voxo-bulk":
            voxoBulk = value;
            break;
        case "--yeastar-rows":
            yeastarRows = value;
            break;
        default:
            Console.Error.WriteLine($"Unknown option '{name}'. Try --help.");
            return 2;
    }
}

await using var host = await SandboxHost.StartAsync(options);
host.Voxo.BulkCallsPerHour = voxoBulk;
host.Yeastar.BulkRows = yeastarRows;
host.Casper.ReplayReports = replay;
Console.WriteLine($"CallReports sandbox listening on {host.BaseUri} (127.0.0.1 only). Press Ctrl+C to stop.");
Console.WriteLine();
Console.WriteLine($"PortSIP v22.2+  {host.PortSip.BaseUri}");
Console.WriteLine($"PortSIP v22.0   {host.PortSipV22_0.BaseUri}");
Console.WriteLine($"PortSIP v16     {host.PortSipV16.BaseUri}");
Console.WriteLine($"  user {PortSipEmulator.UserName}  password {PortSipEmulator.Password}  domain {PortSipEmulator.Domain}");
Console.WriteLine($"  user {PortSipEmulator.TwoFactorUserName} (same password) gets a two-factor challenge on v22.2+");
Console.WriteLine($"  {options.PortSipCdrCount} CDRs each (seed {options.Seed}) from 2026-11-02T00:00:00Z, one every ~7 minutes");
Console.WriteLine($"  on v22.2+ also domains {PortSipEmulator.TenantDomain(1)} ... {PortSipEmulator.TenantDomain(PortSipEmulator.TenantCount)} (user {PortSipEmulator.UserName}), {PortSipEmulator.TenantCdrCount} CDRs each");
Console.WriteLine($"VOXO            {host.Voxo.BaseUri}");
Console.WriteLine($"  partner admin {VoxoEmulator.PartnerEmail}, account admin of tenant {VoxoEmulator.DentalTenantId} {VoxoEmulator.TenantAdminEmail}, password {VoxoEmulator.Password}");
Console.WriteLine($"  tenants {string.Join(", ", host.Voxo.Tenants.Where(t => t.Id < VoxoEmulator.FanOutFirstTenantId).Select(t => t.Id + " (" + t.TimeZone + ", billing code " + t.BillingCode + ")"))}; calls from {VoxoEmulator.DataStart:yyyy-MM-dd} to {VoxoEmulator.DataEnd:yyyy-MM-dd}");
Console.WriteLine($"  tenants {VoxoEmulator.FanOutFirstTenantId}-{VoxoEmulator.FanOutFirstTenantId + VoxoEmulator.FanOutTenantCount - 1}, each with its own account admin ({VoxoEmulator.AccountAdminEmail(VoxoEmulator.FanOutFirstTenantId)} ...); calls from {VoxoEmulator.FanOutStart:yyyy-MM-dd} to {VoxoEmulator.FanOutEnd:yyyy-MM-dd}");
Console.WriteLine($"Ozonetel        {host.Ozonetel.BaseUri}");
Console.WriteLine($"  also {OzonetelEmulator.AccountUserName(1)} ... {OzonetelEmulator.AccountUserName(OzonetelEmulator.AccountCount)} with API keys {OzonetelEmulator.AccountApiKey(1)} ... {OzonetelEmulator.AccountApiKey(OzonetelEmulator.AccountCount)}");
Console.WriteLine($"  user name {OzonetelEmulator.UserName}, API key {OzonetelEmulator.ApiKey}; {host.Ozonetel.CallsPerDay} calls a day for the last 15 days (IST), {host.Ozonetel.RequestsPerWindow} requests a minute per endpoint");
Console.WriteLine($"RingCX (Engage Voice) {host.Casper.BaseUri}");
Console.WriteLine($"  accounts {CasperEmulator.AccountId} (US/Arizona), {CasperEmulator.SecondAccountId} (US/Eastern), {CasperEmulator.BulkAccountId} (a call every minute)");
Console.WriteLine($"  -ApiToken {CasperEmulator.ApiToken}");
Console.WriteLine($"  -RingCentralJwt {CasperEmulator.Jwt} -ClientCredential {CasperEmulator.ClientId} / {CasperEmulator.ClientSecret} -RingCentralServer {host.Casper.BaseUri}");
Console.WriteLine($"  -Credential {CasperEmulator.UserName} / {CasperEmulator.Password} -PlatformId {CasperEmulator.PlatformId}");
Console.WriteLine($"Yeastar P-Series {host.Yeastar.BaseUri}");
Console.WriteLine($"  -Credential {YeastarEmulator.ClientId} / {YeastarEmulator.ClientSecret} (Client ID / Client Secret); display format {host.Yeastar.DateFormat} {host.Yeastar.TimeFormat}, firmware {host.Yeastar.Firmware}");
Console.WriteLine($"  the vendor page's 3 sample calls on 2020-04-20 (US/Arizona), {options.CasperRowCount} more from 2026-11-02, one every ~41 minutes");
Console.WriteLine($"  call logs on v22.2+ only; call reports on all three: a one-time report completes after {host.PortSip.ReportDelay.TotalSeconds:0.#} s");
Console.WriteLine();
Console.WriteLine("Example:");
Console.WriteLine($"  Get-PortSipCdr -Server {host.PortSip.BaseUri} -Domain {PortSipEmulator.Domain} -Credential (Get-Credential {PortSipEmulator.UserName}) -StartTime 2026-11-02 -EndTime 2026-11-03");
Console.WriteLine($"  New-PortSipCallReport -Server {host.PortSip.BaseUri} -Domain {PortSipEmulator.Domain} -Credential (Get-Credential {PortSipEmulator.UserName}) -Name missed -Type Normal -AnswerState NotAnswered -Range Custom -StartTime 2026-11-02 -EndTime 2026-11-03 -Email ops@example.com -Wait -OutFile .");
await host.WaitForShutdownAsync();
return 0;
