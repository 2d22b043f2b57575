<#
.SYNOPSIS
    Times the built module against the hand-written baseline in fresh pwsh processes, with the Sandbox
    running as a process of its own: the way a user (or a runbook) meets both.

.DESCRIPTION
    Starts src/CallReports.Sandbox on a loopback port, then for each run starts a new pwsh, imports
    out/CallReports where needed, and prints the records, seconds, records/s and the peak working set of
    that pwsh. Nothing is warmed up: every run pays for its own JIT, as a runbook job does. The RingCX
    emulator renders the report once, before the timed runs (an untimed download primes it), and replays
    the same bytes to both, so its CSV writer does not compete with them for the cores.

.EXAMPLE
    pwsh -NoProfile -File bench/Compare-InPwsh.ps1 -Scenario Casper -Rows 1000000
.EXAMPLE
    pwsh -NoProfile -File bench/Compare-InPwsh.ps1 -Scenario Voxo
#>
[CmdletBinding()]
param(
    [ValidateSet('Casper', 'Voxo')]
    [string[]] $Scenario = @('Casper', 'Voxo'),

    # Casper: rows in the report (one call a minute).
    [ValidateRange(1000, 5000000)]
    [int] $Rows = 1000000,

    [ValidateRange(1024, 65535)]
    [int] $Port = 5177
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$module = Join-Path $root 'out/CallReports'
if (-not (Test-Path (Join-Path $module 'CallReports.psd1'))) { throw "Build the module first (pwsh ./build.ps1): $module is missing." }
. (Join-Path $PSScriptRoot 'BenchSandbox.ps1')
$sandbox = Start-BenchSandbox -Port $Port -Arguments '--voxo-bulk', 269, '--replay'
try {
    $base = "http://127.0.0.1:$Port"

    function Invoke-Run([string] $Name, [string] $Script) {
        # The child prints: records, seconds, peak working set (bytes).
        $wrapped = "`$ErrorActionPreference = 'Stop'; `$s = [Diagnostics.Stopwatch]::StartNew(); `$n = & { $Script }; `$t = `$s.Elapsed.TotalSeconds; `"`$n `$t `$([Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64)`""
        $out = & pwsh -NoProfile -NonInteractive -Command $wrapped
        if ($LASTEXITCODE) { throw "$Name failed: $out" }
        $records, $seconds, $peak = ($out | Select-Object -Last 1) -split ' '
        [pscustomobject]@{
            Run = $Name
            Records = [long]$records
            Seconds = [math]::Round([double]$seconds, 2)
            'Records/s' = [math]::Round([long]$records / [double]$seconds)
            'Peak working set (MB)' = [math]::Round([long]$peak / 1MB)
        }
    }

    $results = foreach ($name in $Scenario) {
        switch ($name) {
            'Casper' {
                $server = "$base/ringcx/"
                $start = [DateTimeOffset]::new(2024, 1, 1, 0, 0, 0, [TimeSpan]::FromHours(-7))
                $end = $start.AddMinutes($Rows)
                $days = [math]::Ceiling(($end - $start).TotalDays)
                $token = 'aws80:5a1d6b0c-sandbox-api-token-0001'
                $cmdlet = "Import-Module '$module'; Get-CasperCallDetail -Server '$server' -ApiToken (ConvertTo-SecureString '$token' -AsPlainText -Force) -AccountId 99999999 -TimeZone US/Arizona -StartTime '$($start.UtcDateTime.ToString('o'))' -EndTime '$($end.UtcDateTime.ToString('o'))' -WindowSize $days.00:00:00 -WarningAction SilentlyContinue | Measure-Object | ForEach-Object Count"
                $body = @{
                    delimiter = 'COMMA'; reportType = 'CASPER_REPORT'; reportTypeName = 'Cloud_Call_Detail_Download'
                    reportCriteria = @{
                        accountIds = @('99999999'); groupBy = 'PROFILE'; cloudDestinationGroupIds = @(); cloudDestinationIds = @()
                        cloudProfileGroupIds = @(111, 222, $null); cloudProfileIds = @(1111, 2222, 5002, 5003, 5004, 5005, 5006)
                        startTimestamp = $start.ToString('yyyy-MM-dd HH:mm:ss'); endTimestamp = $end.ToString('yyyy-MM-dd HH:mm:ss')
                        timezoneName = 'US/Arizona'; criteriaType = 'CASPER_CRITERIA'; reportName = 'Cloud_Call_Detail_Download'; returnType = 'CSV'
                        schedule = @{ repeatOption = 'ONCE' }
                    }
                } | ConvertTo-Json -Depth 5 -Compress
                $primed = [IO.Path]::GetTempFileName()
                Invoke-WebRequest -Method Post -Uri "${server}voice/api/v1/admin/accounts/99999999/reportsStreaming" -Body $body -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $token } -OutFile $primed
                Remove-Item $primed
                Invoke-Run 'Get-CasperCallDetail' $cmdlet
                $baseline = "(Invoke-WebRequest -Method Post -Uri '${server}voice/api/v1/admin/accounts/99999999/reportsStreaming' -Body '$body' -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = '$token' }).Content | ConvertFrom-Csv | Measure-Object | ForEach-Object Count"
                Invoke-Run 'Invoke-WebRequest | ConvertFrom-Csv' $baseline
            }
            'Voxo' {
                $server = "$base/voxo/"
                $cmdlet = "Import-Module '$module'; `$c = [pscredential]::new('partner@sandbox.voxo.test', (ConvertTo-SecureString 'Sandbox-Voxo-Pass-1' -AsPlainText -Force)); Get-VoxoCallReport -Server '$server' -Credential `$c -TenantId 99 -TimeZone America/Chicago -StartTime '2026-10-01T05:00:00Z' -EndTime '2026-11-01T05:00:00Z' | Measure-Object | ForEach-Object Count"
                Invoke-Run 'Get-VoxoCallReport' $cmdlet
                $baseline = "`$t = (Invoke-RestMethod -Method Post -Uri '${server}authentication' -Body (@{ strategy = 'local'; email = 'partner@sandbox.voxo.test'; password = 'Sandbox-Voxo-Pass-1' } | ConvertTo-Json) -ContentType 'application/json').accessToken; (Invoke-RestMethod -Uri '${server}call-reports?tenantId=99&start=2026-10-01%2000%3A00%3A00&end=2026-11-01%2000%3A00%3A00&timezone=America%2FChicago' -Headers @{ Authorization = `"Bearer `$t`" }) | Measure-Object | ForEach-Object Count"
                Invoke-Run 'Invoke-RestMethod' $baseline
            }
        }
    }

    $results | Format-Table -AutoSize
}
finally {
    Stop-Process -Id $sandbox.Id -ErrorAction SilentlyContinue
}
