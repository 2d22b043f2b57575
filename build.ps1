#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, documents, tests and packages the CallReports module.
.DESCRIPTION
    Build   (default) compiles the solution and lays out out/CallReports: manifest with the version
            stamped from Directory.Build.props, cmdlet and model assemblies, Dependencies/Core (PowerShell 7)
            and Dependencies/Desktop (Windows PowerShell 5.1), format and types files, and en-US MAML help
            made by PlatyPS (Microsoft.PowerShell.PlatyPS) from docs/en-US when that module is installed.
    Docs    only regenerates the MAML help into out/CallReports/en-US.
    Test    builds, then runs the xunit suites (engine and hosted PowerShell) and the Pester tests in a child
            pwsh, and prints one summary line "N passed, N failed".
    Package builds, then writes out/CallReports.zip (module files at the zip root and the zip named after
            the module, as Azure Automation wants) beside the out/CallReports folder that Publish-PSResource takes.
    Sandbox runs the vendor emulators on 127.0.0.1 (pass -Port to choose the port).
.EXAMPLE
    ./build.ps1
.EXAMPLE
    ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'Package', 'Sandbox')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [int] $Port = 5080
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleDir = Join-Path $out 'CallReports'

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Get-ModuleVersion {
    ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.ModuleVersion |
        Where-Object { $_ } | Select-Object -First 1
}

function Get-ReleaseNotes {
    # The newest section of CHANGELOG.md (Keep a Changelog), without its heading.
    $lines = @(Get-Content (Join-Path $root 'CHANGELOG.md'))
    $headings = @(for ($i = 0; $i -lt $lines.Count; $i++) { if ($lines[$i] -like '## *') { $i } })
    if ($headings.Count -eq 0) { return '' }
    $end = if ($headings.Count -gt 1) { $headings[1] - 1 } else { $lines.Count - 1 }
    ($lines[($headings[0] + 1)..$end] -join "`n").Trim()
}

function Invoke-Build {
    Invoke-Dotnet build (Join-Path $root 'CallReports.sln') -c $Configuration --nologo --verbosity minimal

    if (Test-Path $moduleDir) { Remove-Item $moduleDir -Recurse -Force }
    $core = New-Item -ItemType Directory -Force (Join-Path $moduleDir 'Dependencies/Core')
    $desktop = New-Item -ItemType Directory -Force (Join-Path $moduleDir 'Dependencies/Desktop')

    $cmdletBin = Join-Path $root "src/CallReports/bin/$Configuration/netstandard2.0"
    foreach ($file in 'CallReports.dll', 'CallReports.pdb', 'CallReports.xml', 'CallReports.Models.dll', 'CallReports.Models.pdb', 'CallReports.Models.xml') {
        Copy-Item (Join-Path $cmdletBin $file) $moduleDir
    }
    # One format and one types file per vendor (CallReports.<Vendor>.format.ps1xml), listed in the manifest.
    Get-ChildItem (Join-Path $root 'src/CallReports') -Filter *.ps1xml | Copy-Item -Destination $moduleDir
    Copy-Item (Join-Path $root 'LICENSE') $moduleDir

    # The engine and its third-party dependencies, once per edition. The models stay in the module root:
    # they are shared by the cmdlets and the engine and must load exactly once.
    $engine = Join-Path $root 'src/CallReports.Engine/CallReports.Engine.csproj'
    foreach ($target in @(@{ Tfm = 'net6.0'; Dir = $core }, @{ Tfm = 'netstandard2.0'; Dir = $desktop })) {
        $publish = Join-Path $root "artifacts/publish/engine-$($target.Tfm)"
        if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
        Invoke-Dotnet publish $engine -c $Configuration -f $target.Tfm -o $publish --nologo --verbosity quiet
        Get-ChildItem $publish -Filter *.dll | Where-Object Name -ne 'CallReports.Models.dll' | Copy-Item -Destination $target.Dir
    }
    Copy-Item (Join-Path $root "src/CallReports.Loader/bin/$Configuration/net6.0/CallReports.Loader.dll") $core
    Invoke-ReadyToRun $core

    $manifest = Get-Content -Raw (Join-Path $root 'CallReports.psd1')
    $manifest = $manifest -replace "ModuleVersion(\s*)= '0\.0\.0'", "ModuleVersion`$1= '$(Get-ModuleVersion)'"
    $notes = (Get-ReleaseNotes) -replace "'", "''"
    $manifest = $manifest -replace "ReleaseNotes = ''", "ReleaseNotes = '$notes'"
    Set-Content -Path (Join-Path $moduleDir 'CallReports.psd1') -Value $manifest -Encoding utf8

    Invoke-Docs
    Write-Host "Built $moduleDir (version $(Get-ModuleVersion))"
}

function Invoke-ReadyToRun([string] $Core) {
    # A runbook job is a fresh process: without precompiled code it compiles the engine, CsvHelper, Polly and the
    # HTTP factory's dependencies method by method before and while its first records arrive (docs/performance.md).
    # crossgen2 precompiles them for this machine's platform into Dependencies/Core/<rid>, which the module loads on
    # that platform only (precompiled code for another OS is refused at load); everywhere else the IL in
    # Dependencies/Core is used as before. Without the compiler (a registry that does not serve it) the build goes on.
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    if ($rid -notin 'linux-x64', 'linux-arm64', 'win-x64', 'win-arm64', 'osx-x64', 'osx-arm64') {
        Write-Warning "No ReadyToRun compilation for $rid; the module uses its IL there."
        return
    }

    & dotnet restore (Join-Path $root 'build/Crossgen.proj') "-p:CrossgenRid=$rid" --nologo --verbosity quiet | Out-Null
    $restored = $LASTEXITCODE -eq 0
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $version = ([xml](Get-Content -Raw (Join-Path $root 'build/Crossgen.proj'))).Project.PropertyGroup.CrossgenVersion | Where-Object { $_ } | Select-Object -First 1
    $tools = Join-Path $packages.Trim() "microsoft.netcore.app.crossgen2.$rid/$version/tools"
    $crossgen = Get-ChildItem $tools -Filter 'crossgen2*' -File -ErrorAction SilentlyContinue |
        Where-Object { $_.Name -in 'crossgen2', 'crossgen2.exe' } | Select-Object -First 1
    if (-not $restored -or -not $crossgen) {
        Write-Warning "crossgen2 $version for $rid could not be restored; the module is built without precompiled code."
        return
    }

    $target = New-Item -ItemType Directory -Force (Join-Path $Core $rid)
    $os, $arch = $rid -split '-'
    $os = @{ win = 'windows'; linux = 'linux'; osx = 'osx' }[$os]

    # One reference per simple name: the runtime's own copy where it has one (the module's load context prefers it
    # too), then the module's, then PowerShell's.
    $references = [ordered]@{}
    foreach ($folder in [System.Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory(), $Core, $moduleDir, $PSHOME) {
        foreach ($reference in Get-ChildItem $folder -Filter *.dll -File) {
            if (-not $references.Contains($reference.BaseName)) { $references[$reference.BaseName] = $reference.FullName }
        }
    }

    foreach ($dll in Get-ChildItem $Core -Filter *.dll | Where-Object Name -ne 'CallReports.Loader.dll') {
        $output = Join-Path $target $dll.Name
        if ($references[$dll.BaseName] -ne $dll.FullName) {
            # The runtime has a copy of its own, which the load context takes instead of ours when it is as new: ours stays IL.
            Copy-Item $dll.FullName $output
            continue
        }

        $arguments = @($dll.FullName, '-o', $output, '-O', "--targetos:$os", "--targetarch:$arch") +
            @($references.Values | Where-Object { $_ -ne $dll.FullName } | ForEach-Object { '-r', $_ })
        & $crossgen.FullName @arguments 2>&1 | Where-Object { $_ -notlike 'Emitting R2R*' }
        if ($LASTEXITCODE -ne 0) { throw "crossgen2 failed on $($dll.Name) (exit code $LASTEXITCODE)." }
    }
}

function Invoke-Docs {
    # PlatyPS runs in a child process: it must not share a session with another platyPS version.
    # Export-MamlCommandHelp copies an example's markdown into MAML as it is (fences included) and trims each
    # paragraph, so the help pages write example code as an indented block whose first line starts with
    # 'PS> ': Get-Help then shows it as aligned code (HelpExampleTests checks every command).
    $helpDir = Join-Path $moduleDir 'en-US'
    $script = {
        param($Docs, $HelpDir)
        $ErrorActionPreference = 'Stop'
        if (-not (Get-Module -ListAvailable Microsoft.PowerShell.PlatyPS)) {
            Write-Warning 'Microsoft.PowerShell.PlatyPS is not installed: the module is built without MAML help.'
            return
        }
        Import-Module Microsoft.PowerShell.PlatyPS
        $staging = Join-Path ([IO.Path]::GetTempPath()) ("callreports-maml-" + [guid]::NewGuid())
        $pages = Get-ChildItem $Docs -Filter *.md | Where-Object Name -notlike 'about_*'
        $bad = $pages | Where-Object { -not (Test-MarkdownCommandHelp -Path $_.FullName) }
        if ($bad) { throw "Help pages that do not follow the PlatyPS schema: $($bad.Name -join ', ')" }
        $pages | ForEach-Object { Import-MarkdownCommandHelp -Path $_.FullName } |
            Export-MamlCommandHelp -OutputFolder $staging -Force | Out-Null
        New-Item -ItemType Directory -Force $HelpDir | Out-Null
        # Help for cmdlets in an assembly is read from <assembly>.dll-Help.xml.
        Get-ChildItem $staging -Recurse -Filter *.xml | Select-Object -First 1 |
            Copy-Item -Destination (Join-Path $HelpDir 'CallReports.dll-Help.xml')
        Remove-Item $staging -Recurse -Force
        # about_ topics are read by Get-Help as plain text.
        Get-ChildItem $Docs -Filter 'about_*.md' | ForEach-Object {
            Copy-Item $_.FullName (Join-Path $HelpDir ($_.BaseName + '.help.txt'))
        }
    }
    & (Get-Process -Id $PID).Path -NoProfile -NonInteractive -Command $script -args (Join-Path $root 'docs/en-US'), $helpDir
    if ($LASTEXITCODE -ne 0) { throw "Making the MAML help failed (exit code $LASTEXITCODE)." }
}

function Invoke-Test {
    Invoke-Build
    $passed = 0; $failed = 0; $problems = @()

    foreach ($project in 'tests/CallReports.Engine.Tests', 'tests/CallReports.PowerShell.Tests') {
        $output = & dotnet test (Join-Path $root $project) -c $Configuration --no-build --nologo 2>&1
        $output | Write-Host
        $summary = $output | Select-String -Pattern '(Passed|Failed)!\s*-\s*Failed:\s*(\d+),\s*Passed:\s*(\d+)' | Select-Object -Last 1
        if ($summary) {
            $failed += [int]$summary.Matches[0].Groups[2].Value
            $passed += [int]$summary.Matches[0].Groups[3].Value
        }
        if ($LASTEXITCODE -ne 0 -or -not $summary) { $problems += $project }
    }

    $pester = Get-Module -ListAvailable Pester | Where-Object { $_.Version.Major -ge 5 } | Sort-Object Version -Descending | Select-Object -First 1
    if ($pester) {
        # A child process: a binary module cannot be unloaded, so every run starts clean.
        $resultFile = Join-Path $out 'pester-results.xml'
        $script = {
            param($TestsPath, $ModulePath, $ResultFile)
            $env:CALLREPORTS_MODULE = $ModulePath
            Import-Module Pester -MinimumVersion 5.0
            $config = New-PesterConfiguration
            $config.Run.Path = $TestsPath
            $config.Run.PassThru = $true
            $config.Output.Verbosity = 'Detailed'
            $config.TestResult.Enabled = $true
            $config.TestResult.OutputPath = $ResultFile
            $result = Invoke-Pester -Configuration $config
            # A file that fails discovery or a failing BeforeAll fails no single test: count those too.
            $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
            "PESTER-SUMMARY $($result.PassedCount) $failed"
            if ($result.Result -ne 'Passed') { exit [Math]::Max(1, $failed) }
            exit 0
        }
        $output = & (Get-Process -Id $PID).Path -NoProfile -NonInteractive -Command $script -args (Join-Path $root 'tests/Pester'), $moduleDir, $resultFile
        $exit = $LASTEXITCODE
        $output | Where-Object { $_ -notlike 'PESTER-SUMMARY*' } | Write-Host
        $line = $output | Where-Object { $_ -like 'PESTER-SUMMARY*' } | Select-Object -Last 1
        if ($line) {
            $parts = $line -split ' '
            $passed += [int]$parts[1]; $failed += [int]$parts[2]
        }
        if ($exit -ne 0 -or -not $line) { $problems += 'tests/Pester' }
    }
    else {
        Write-Warning 'Pester 5 is not installed: the Pester tests were not run.'
    }

    Write-Host ''
    Write-Host "$passed passed, $failed failed"
    if ($problems) { throw "Tests failed in: $($problems -join ', ')" }
}

function Invoke-Package {
    Invoke-Build
    # Azure Automation takes a module zip only when the zip is named after the module.
    $zip = Join-Path $out "CallReports.zip"
    if (Test-Path $zip) { Remove-Item $zip }
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [IO.Compression.ZipFile]::CreateFromDirectory($moduleDir, $zip)
    Write-Host "Packaged $zip (Publish-PSResource -Path $moduleDir publishes the folder)"
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Docs' { Invoke-Docs }
    'Test' { Invoke-Test }
    'Package' { Invoke-Package }
    'Sandbox' { Invoke-Dotnet run --project (Join-Path $root 'src/CallReports.Sandbox') -c $Configuration -- --port $Port }
}
