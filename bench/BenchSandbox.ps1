# Dot-sourced by the fresh-process benchmarks: builds and starts src/CallReports.Sandbox as a process of its own on
# 127.0.0.1, and waits until it answers.

function Start-BenchSandbox {
    param(
        [Parameter(Mandatory)] [int] $Port,
        [string[]] $Arguments = @()
    )

    $root = Split-Path -Parent $PSScriptRoot
    $dll = Join-Path $root 'src/CallReports.Sandbox/bin/Release/net10.0/CallReports.Sandbox.dll'
    if (-not $script:BenchSandboxBuilt) {
        & dotnet build -c Release (Join-Path $root 'src/CallReports.Sandbox') -v quiet -nologo | Out-Null
        if ($LASTEXITCODE) { throw 'The Sandbox did not build.' }
        $script:BenchSandboxBuilt = $true
    }

    $process = Start-Process dotnet -ArgumentList (@($dll, '--port', $Port) + $Arguments) -PassThru -RedirectStandardOutput ([IO.Path]::GetTempFileName())
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    while ($true) {
        try { $null = Invoke-WebRequest "http://127.0.0.1:$Port/" -SkipHttpErrorCheck -TimeoutSec 2; return $process }
        catch {
            if ($process.HasExited -or [DateTime]::UtcNow -gt $deadline) { throw "The Sandbox did not start on 127.0.0.1:$Port." }
            Start-Sleep -Milliseconds 200
        }
    }
}
