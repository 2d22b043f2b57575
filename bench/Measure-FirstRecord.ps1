<#
.SYNOPSIS
    Times, in fresh pwsh processes, how long the first record of a call takes from the command's start: the figure a
    runbook job (a new process every run) waits for before its first object.

.DESCRIPTION
    Starts src/CallReports.Sandbox on a loopback port, then runs -Runs fresh `pwsh -NoProfile` processes. Each imports
    out/CallReports, then times three things one after the other and prints them:
      floor   `Get-Date | Select-Object -First 1`: what PowerShell itself pays the first time it runs a pipeline into
              Select-Object (command discovery, the Utility module); every script pays it, module or not.
      first   `Get-CasperCallDetail ... | Select-Object -First 1` over a one-day RingCX report: from the command's
              start to the first record, the downstream stop included.
      again   the same command a second time in the same process: the warm figure.
    Prints the median, min and max of each, and the import time.

.EXAMPLE
    pwsh -NoProfile -File bench/Measure-FirstRecord.ps1
.EXAMPLE
    pwsh -NoProfile -File bench/Measure-FirstRecord.ps1 -Runs 15 -Port 5188
#>
[CmdletBinding()]
param(
    # Fresh processes to run.
    [ValidateRange(1, 100)]
    [int] $Runs = 9,

    [ValidateRange(1024, 65535)]
    [int] $Port = 5177
)

$ErrorActionPreference = 'Stop'
$root = Split-Path -Parent $PSScriptRoot
$module = Join-Path $root 'out/CallReports'
if (-not (Test-Path (Join-Path $module 'CallReports.psd1'))) { throw "Build the module first (pwsh ./build.ps1): $module is missing." }
. (Join-Path $PSScriptRoot 'BenchSandbox.ps1')
$sandbox = Start-BenchSandbox -Port $Port -Arguments '--replay'
try {
    $base = "http://127.0.0.1:$Port"

    # The child: a script block's text, run by a fresh pwsh; it prints "import floor first again" in milliseconds.
    $child = @"
`$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module '$module'
`$import = `$sw.Elapsed.TotalMilliseconds
`$token = ConvertTo-SecureString 'aws80:5a1d6b0c-sandbox-api-token-0001' -AsPlainText -Force
`$call = { Get-CasperCallDetail -Server '$base/ringcx/' -ApiToken `$token -AccountId 99999999 -TimeZone US/Arizona -StartTime '2024-01-01T07:00:00Z' -EndTime '2024-01-02T07:00:00Z' -WarningAction SilentlyContinue | Select-Object -First 1 }
`$sw.Restart(); `$null = Get-Date | Select-Object -First 1; `$floor = `$sw.Elapsed.TotalMilliseconds
`$sw.Restart(); `$null = & `$call; `$first = `$sw.Elapsed.TotalMilliseconds
`$sw.Restart(); `$null = & `$call; `$again = `$sw.Elapsed.TotalMilliseconds
'{0} {1} {2} {3}' -f `$import, `$floor, `$first, `$again
"@

    $samples = foreach ($run in 1..$Runs) {
        Write-Progress -Activity 'First record in a fresh pwsh' -Status "run $run of $Runs" -PercentComplete (100 * ($run - 1) / $Runs)
        $out = & pwsh -NoProfile -NonInteractive -Command $child
        if ($LASTEXITCODE) { throw "Run $run failed: $out" }
        $import, $floor, $first, $again = ($out | Select-Object -Last 1) -split ' ' | ForEach-Object { [double]$_ }
        [pscustomobject]@{ Import = $import; Floor = $floor; First = $first; Again = $again }
    }
    Write-Progress -Activity 'First record in a fresh pwsh' -Completed

    foreach ($name in 'Import', 'Floor', 'First', 'Again') {
        $sorted = @($samples.$name | Sort-Object)
        [pscustomobject]@{
            Measure = $name
            'Median (ms)' = [math]::Round($sorted[[int][math]::Floor(($sorted.Count - 1) / 2)], 0)
            'Min (ms)' = [math]::Round($sorted[0], 0)
            'Max (ms)' = [math]::Round($sorted[-1], 0)
            Runs = $sorted.Count
        }
    }
}
finally {
    Stop-Process -InputObject $sandbox -ErrorAction SilentlyContinue
}
