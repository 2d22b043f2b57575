<#
.SYNOPSIS
    The fresh-process matrix: each per-call cmdlet against the script an admin would write instead, at an hour, a day
    and three days of calls, every run a new pwsh (as a runbook job is).

.DESCRIPTION
    For each cmdlet and size, starts src/CallReports.Sandbox on a loopback port with that much data, then runs -Runs
    pairs of fresh `pwsh -NoProfile` processes, module and baseline in turn (so drift in the machine's speed hits
    both). Each child notes the time from its start (the module's Import-Module included) to its first record and
    to its last, the records, and its peak working set. Prints a table of medians, writes every run to runs.csv and
    the medians to matrix.csv, and draws matrix.svg (records/s against size, module and baseline per cmdlet) into
    -OutDirectory.

    Sizes are counted in calls at 90 a minute, the density of a busy contact centre: an hour is 5,400 records, a day
    129,600, three days 388,800. The Sandbox spreads RingCX calls one a minute, so the RingCX range covers that many
    minutes in one request (-WindowSize set to cover it, as the baseline's one request does), and VOXO one a second, so
    its range covers that many seconds. PortSIP lists every CDR
    of a PBX generated with that many; Yeastar downloads an Extension Call Billing Details report of that many rows.
    Ozonetel is left out: its documented limit (the UCID lookups a minute) makes its time the limit's, not the code's.
    A baseline cell that would hold more than 200,000 parsed JSON objects at once (VOXO three days: about 8 GB and
    two minutes a run) is not run; the table says so.

    Records reach Measure-Arrival (bench/CallReports.Scenarios), a compiled sink like Measure-Object that also
    notes when the first record arrived; both sides import it before their clock starts.

.EXAMPLE
    pwsh -NoProfile -File bench/Compare-FreshMatrix.ps1
.EXAMPLE
    pwsh -NoProfile -File bench/Compare-FreshMatrix.ps1 -Cmdlet Casper, Voxo -Size Hour -Runs 5
#>
[CmdletBinding()]
param(
    [ValidateSet('Casper', 'PortSip', 'Voxo', 'Yeastar')]
    [string[]] $Cmdlet = @('Casper', 'PortSip', 'Voxo', 'Yeastar'),

    [ValidateSet('Hour', 'Day', 'ThreeDays')]
    [string[]] $Size = @('Hour', 'Day', 'ThreeDays'),

    # Fresh processes per side and cell; the table shows medians.
    [ValidateRange(1, 25)]
    [int] $Runs = 3,

    [ValidateRange(1024, 65535)]
    [int] $Port = 5177,

    [string] $OutDirectory = (Join-Path $PSScriptRoot 'out/matrix')
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$module = Join-Path $root 'out/CallReports'
if (-not (Test-Path (Join-Path $module 'CallReports.psd1'))) { throw "Build the module first (pwsh ./build.ps1): $module is missing." }
. (Join-Path $PSScriptRoot 'BenchSandbox.ps1')
& dotnet build -c Release (Join-Path $root 'bench/CallReports.Scenarios') -v quiet -nologo | Out-Null
if ($LASTEXITCODE) { throw 'bench/CallReports.Scenarios did not build.' }
$sink = Join-Path $root 'bench/CallReports.Scenarios/bin/Release/net10.0/CallReports.Scenarios.dll'
$null = New-Item -ItemType Directory -Force $OutDirectory
$base = "http://127.0.0.1:$Port"
$records = @{ Hour = 5400; Day = 129600; ThreeDays = 388800 }

# What each side runs, as the text of a script block. $args[0] is the record count of the cell.
$vendors = [ordered]@{
    Casper = @{
        Name = 'Get-CasperCallDetail'; Baseline = 'Invoke-WebRequest | ConvertFrom-Csv'
        Sandbox = { param($n) @('--replay') }
        Prime = $true
        Setup = @'
$start = [DateTimeOffset]::new(2024, 1, 1, 0, 0, 0, [TimeSpan]::FromHours(-7)); $end = $start.AddMinutes($args[0])
$token = 'aws80:5a1d6b0c-sandbox-api-token-0001'; $server = "$env:MATRIX_BASE/ringcx/"
'@
        Module = @'
Get-CasperCallDetail -Server $server -ApiToken (ConvertTo-SecureString $token -AsPlainText -Force) -AccountId 99999999 -TimeZone US/Arizona -StartTime $start.UtcDateTime -EndTime $end.UtcDateTime -WindowSize ("{0}.00:00:00" -f [math]::Ceiling(($end - $start).TotalDays)) -WarningAction SilentlyContinue
'@
        Script = @'
$body = @{
    delimiter = 'COMMA'; reportType = 'CASPER_REPORT'; reportTypeName = 'Cloud_Call_Detail_Download'
    reportCriteria = @{
        accountIds = @('99999999'); groupBy = 'PROFILE'; cloudDestinationGroupIds = @(); cloudDestinationIds = @()
        cloudProfileGroupIds = @(111, 222, $null); cloudProfileIds = @(1111, 2222, 5002, 5003, 5004, 5005, 5006)
        startTimestamp = $start.ToString('yyyy-MM-dd HH:mm:ss'); endTimestamp = $end.AddSeconds(-1).ToString('yyyy-MM-dd HH:mm:ss')
        timezoneName = 'US/Arizona'; criteriaType = 'CASPER_CRITERIA'; reportName = 'Cloud_Call_Detail_Download'; returnType = 'CSV'
        schedule = @{ repeatOption = 'ONCE' }
    }
} | ConvertTo-Json -Depth 5 -Compress
(Invoke-WebRequest -Method Post -Uri "${server}voice/api/v1/admin/accounts/99999999/reportsStreaming" -Body $body -ContentType 'application/json' -Headers @{ 'X-Auth-Token' = $token }).Content | ConvertFrom-Csv
'@
    }
    PortSip = @{
        Name = 'Get-PortSipCdr'; Baseline = 'Invoke-RestMethod page loop'
        Sandbox = { param($n) @('--size', $n) }
        Setup = @'
$server = "$env:MATRIX_BASE/portsip/"; $user = 'admin'; $password = 'Sandbox-PortSip-Pass-1'; $domain = 'sandbox.portsip.test'
'@
        Module = @'
Get-PortSipCdr -Server $server -Credential ([pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))) -Domain $domain -StartTime '2000-01-01Z' -EndTime '2100-01-01Z'
'@
        Script = @'
$token = (Invoke-RestMethod -Method Post -Uri "${server}api/auth/sign_in" -Body (@{ username = $user; password = $password; domain = $domain } | ConvertTo-Json) -ContentType 'application/json').access_token
$skip = 0
do {
    $page = Invoke-RestMethod -Uri "${server}api/cdrs?orderby=started_at%20asc&top=100&skip=$skip&count=true" -Headers @{ Authorization = "Bearer $token" }
    $page.items
    $skip += $page.items.Count
} while ($page.items.Count -eq 100)
'@
    }
    Voxo = @{
        Name = 'Get-VoxoCallReport'; Baseline = 'Invoke-RestMethod'; BaselineLimit = 200000
        Sandbox = { param($n) @('--voxo-bulk', 3600) }
        Setup = @'
$server = "$env:MATRIX_BASE/voxo/"; $user = 'partner@sandbox.voxo.test'; $password = 'Sandbox-Voxo-Pass-1'
$start = [DateTime]::new(2026, 10, 1, 0, 0, 0); $end = $start.AddSeconds($args[0] - 1)
'@
        Module = @'
Get-VoxoCallReport -Server $server -Credential ([pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))) -TenantId 99 -TimeZone America/Chicago -StartTime ([DateTimeOffset]::new($start, [TimeSpan]::FromHours(-5))).UtcDateTime -EndTime ([DateTimeOffset]::new($end, [TimeSpan]::FromHours(-5))).UtcDateTime
'@
        Script = @'
$token = (Invoke-RestMethod -Method Post -Uri "${server}authentication" -Body (@{ strategy = 'local'; email = $user; password = $password } | ConvertTo-Json) -ContentType 'application/json').accessToken
$range = 'start=' + [uri]::EscapeDataString($start.ToString('yyyy-MM-dd HH:mm:ss')) + '&end=' + [uri]::EscapeDataString($end.ToString('yyyy-MM-dd HH:mm:ss'))
(Invoke-RestMethod -Uri "${server}call-reports?tenantId=99&$range&timezone=America%2FChicago" -Headers @{ Authorization = "Bearer $token" })
'@
    }
    Yeastar = @{
        Name = 'Invoke-YeastarReportDownload'; Baseline = 'Invoke-RestMethod, Invoke-WebRequest | ConvertFrom-Csv'
        Sandbox = { param($n) @('--yeastar-rows', $n) }
        Setup = @'
$server = "$env:MATRIX_BASE/yeastar/"; $user = 'sandbox-yeastar-client'; $password = 'Sandbox-Yeastar-Secret-7Q'
'@
        Module = @'
Invoke-YeastarReportDownload -Server $server -Credential ([pscredential]::new($user, (ConvertTo-SecureString $password -AsPlainText -Force))) -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-11-01 00:00:00' -EndTime '2026-12-01 00:00:00'
'@
        # The Sandbox's PBX shows DD/MM/YYYY and a 12-hour clock, so a script writes the times that way.
        Script = @'
$login = Invoke-RestMethod -Method Post -Uri "${server}openapi/v1.0/get_token" -Body (@{ username = $user; password = $password } | ConvertTo-Json) -ContentType 'application/json'
if ($login.errcode -ne 0) { throw "get_token: $($login.errmsg)" }
$range = 'start_time=' + [uri]::EscapeDataString('01/11/2026 12:00:00 AM') + '&end_time=' + [uri]::EscapeDataString('01/12/2026 12:00:00 AM')
$report = Invoke-RestMethod -Uri "${server}openapi/v2.0/call_report/download?access_token=$($login.access_token)&type=extcallbillingdetails&trunk_id_list=21&$range"
if ($report.errcode -ne 0) { throw "call_report/download: $($report.errmsg)" }
$download = Invoke-WebRequest -Uri ($server + $report.download_resource_url.TrimStart('/') + "?access_token=$($login.access_token)")
[System.Text.Encoding]::UTF8.GetString($download.Content).TrimStart([char]0xFEFF) | ConvertFrom-Csv
'@
    }
}

function Invoke-Child([string] $Setup, [string] $Work, [bool] $ImportModule, [int] $Count) {
    # Prints: records, seconds to the last record, seconds to the first, peak working set (bytes).
    $import = if ($ImportModule) { "Import-Module '$module'" } else { '' }
    $child = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$sink'
`$t0 = [Diagnostics.Stopwatch]::GetTimestamp()
$import
$Setup
`$arrival = & { $Work } | Measure-Arrival
`$t1 = [Diagnostics.Stopwatch]::GetTimestamp()
`$first = if (`$arrival.FirstTimestamp) { (`$arrival.FirstTimestamp - `$t0) / [Diagnostics.Stopwatch]::Frequency } else { -1 }
'{0} {1} {2} {3}' -f `$arrival.Count, ((`$t1 - `$t0) / [Diagnostics.Stopwatch]::Frequency), `$first, [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64
"@
    $file = [IO.Path]::GetTempFileName() + '.ps1'
    Set-Content -Path $file -Value $child
    try {
        $env:MATRIX_BASE = $base
        $out = & pwsh -NoProfile -NonInteractive -File $file $Count
        if ($LASTEXITCODE) { throw "A child failed: $out" }
    }
    finally { Remove-Item $file -ErrorAction SilentlyContinue }
    $n, $seconds, $first, $peak = ($out | Select-Object -Last 1) -split ' '
    [pscustomobject]@{ Records = [long]$n; Seconds = [double]$seconds; First = [double]$first; PeakMB = [double]$peak / 1MB }
}

function Get-Median([double[]] $Values) {
    $sorted = @($Values | Sort-Object)
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

$started = [DateTime]::UtcNow
$cells = @(foreach ($vendorName in $Cmdlet) { foreach ($sizeName in $Size) { , @($vendorName, $sizeName) } })
$allRuns = [System.Collections.Generic.List[object]]::new()
$matrix = [System.Collections.Generic.List[object]]::new()
$cell = 0
foreach ($pair in $cells) {
    $vendorName, $sizeName = $pair
    $spec = $vendors[$vendorName]
    $count = $records[$sizeName]
    $cell++
    Write-Progress -Activity 'Fresh-process matrix' -Status "$($spec.Name), $sizeName ($count records)" -PercentComplete (100 * ($cell - 1) / $cells.Count)
    $sandbox = Start-BenchSandbox -Port $Port -Arguments (& $spec.Sandbox $count)
    try {
        $skipBaseline = $spec.BaselineLimit -and $count -gt $spec.BaselineLimit
        # Untimed runs of both sides first, so that neither pays for the Sandbox's own first requests; the replaying
        # RingCX emulator renders a report once, so its baseline primes with the very report both then read.
        $null = Invoke-Child $spec.Setup $spec.Module $true 60
        $null = Invoke-Child $spec.Setup $spec.Script $false $(if ($spec.Prime) { $count } else { 60 })

        foreach ($run in 1..$Runs) {
            foreach ($side in 'Module', 'Baseline') {
                if ($side -eq 'Baseline' -and $skipBaseline) { continue }
                $result = if ($side -eq 'Module') { Invoke-Child $spec.Setup $spec.Module $true $count } else { Invoke-Child $spec.Setup $spec.Script $false $count }
                $allRuns.Add([pscustomobject]@{ Cmdlet = $spec.Name; Size = $sizeName; Side = $side; Run = $run; Records = $result.Records; Seconds = $result.Seconds; FirstRecord = $result.First; PeakMB = $result.PeakMB })
            }
        }
    }
    finally {
        Stop-Process -InputObject $sandbox -ErrorAction SilentlyContinue
        $sandbox.WaitForExit()
    }

    $mine = @($allRuns | Where-Object { $_.Cmdlet -eq $spec.Name -and $_.Size -eq $sizeName })
    $row = [ordered]@{ Cmdlet = $spec.Name; Size = $sizeName; Records = ($mine | Select-Object -First 1).Records }
    foreach ($side in 'Module', 'Baseline') {
        $sideRuns = @($mine | Where-Object Side -eq $side)
        if ($sideRuns.Count -eq 0) {
            $row["$side s"] = $null; $row["$side rows/s"] = $null; $row["$side first ms"] = $null; $row["$side peak MB"] = $null
            continue
        }
        $seconds = Get-Median $sideRuns.Seconds
        $row["$side s"] = [math]::Round($seconds, 2)
        $row["$side rows/s"] = [math]::Round($sideRuns[0].Records / $seconds)
        $row["$side first ms"] = [math]::Round((Get-Median $sideRuns.FirstRecord) * 1000)
        $row["$side peak MB"] = [math]::Round((Get-Median $sideRuns.PeakMB))
    }
    $row['Speed-up'] = if ($row['Baseline s']) { [math]::Round($row['Baseline s'] / $row['Module s'], 2) } else { 'baseline not run (> 200,000 objects held)' }
    $matrix.Add([pscustomobject]$row)
}
Write-Progress -Activity 'Fresh-process matrix' -Completed

$allRuns | Export-Csv (Join-Path $OutDirectory 'runs.csv') -NoTypeInformation
$matrix | Export-Csv (Join-Path $OutDirectory 'matrix.csv') -NoTypeInformation
& (Join-Path $PSScriptRoot 'Write-MatrixChart.ps1') -Matrix $matrix -Path (Join-Path $OutDirectory 'matrix.svg')
$matrix | Format-Table -AutoSize | Out-String -Width 250
"Runs: $Runs per side and cell; $([math]::Round(([DateTime]::UtcNow - $started).TotalMinutes, 1)) minutes; results in $OutDirectory"
