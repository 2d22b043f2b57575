#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# User-level smoke tests of the BUILT module (out/CallReports), run by ./build.ps1 -Task Test in a child
# pwsh. They talk to the Sandbox's PortSIP emulator over 127.0.0.1.

BeforeAll {
    $script:root = Split-Path (Split-Path $PSScriptRoot)
    $script:modulePath = if ($env:CALLREPORTS_MODULE) { $env:CALLREPORTS_MODULE } else { Join-Path $root 'out/CallReports' }
    Import-Module $modulePath -Force -ErrorAction Stop

    # Start the Sandbox on a free port and wait until it prints its PortSIP URL.
    $sandboxDll = Get-ChildItem (Join-Path $root 'src/CallReports.Sandbox/bin') -Recurse -Filter CallReports.Sandbox.dll |
        Sort-Object LastWriteTime -Descending | Select-Object -First 1
    $script:sandboxOut = Join-Path ([IO.Path]::GetTempPath()) "callreports-sandbox-$PID.log"
    $script:sandbox = Start-Process dotnet -ArgumentList @($sandboxDll.FullName, '--port', '0') -PassThru -RedirectStandardOutput $sandboxOut -NoNewWindow
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    do {
        Start-Sleep -Milliseconds 200
        $line = Get-Content $sandboxOut -ErrorAction Ignore | Where-Object { $_ -match 'PortSIP .*?(http://127\.0\.0\.1:\d+/portsip/)' } | Select-Object -First 1
    } until ($line -or [DateTime]::UtcNow -gt $deadline)
    if (-not $line) { throw "The Sandbox did not start: $(Get-Content $sandboxOut -Raw)" }
    $null = $line -match '(http://127\.0\.0\.1:\d+/portsip/)'
    $script:server = $Matches[1]
    $script:credential = [pscredential]::new('admin', (ConvertTo-SecureString 'Sandbox-PortSip-Pass-1' -AsPlainText -Force))
    $script:domain = 'sandbox.portsip.test'
}

AfterAll {
    Clear-CallReportsTokenCache -NoRevoke
    if ($sandbox -and -not $sandbox.HasExited) { Stop-Process -Id $sandbox.Id -Force }
    Remove-Item $sandboxOut -ErrorAction Ignore
}

Describe 'The CallReports module' {
    It 'imports and exports exactly the manifest cmdlets' {
        $manifest = Import-PowerShellDataFile (Join-Path $modulePath 'CallReports.psd1')
        (Get-Command -Module CallReports).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'has a valid manifest' {
        { Test-ModuleManifest (Join-Path $modulePath 'CallReports.psd1') -ErrorAction Stop } | Should -Not -Throw
    }

    It 'shows help with a synopsis and examples for <_>' -ForEach @('Get-PortSipCdr', 'Get-CallReportsTokenCache', 'Clear-CallReportsTokenCache') {
        $help = Get-Help $_ -Full
        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Synopsis | Should -Not -Match '^\s*Get-|^\s*Clear-'
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }

    It 'has the about_CallReports topic' {
        Get-Help about_CallReports | Out-String | Should -Match 'CallReports'
    }
}

Describe 'Get-PortSipCdr against the Sandbox' {
    It 'streams typed records into Where-Object' {
        $missed = Get-PortSipCdr -Server $server -Credential $credential -Domain $domain |
            Where-Object { $null -eq $_.AnsweredAt -and $_.Direction -eq 'INBOUND_CALL' }
        $missed | Should -Not -BeNullOrEmpty
        $missed | ForEach-Object { $_ | Should -BeOfType ([CallReports.Models.PortSipCdr]) }
    }

    It 'stops after Select-Object -First' {
        $first = Get-PortSipCdr -Server $server -Credential $credential -Domain $domain | Select-Object -First 5
        $first.Count | Should -Be 5
    }

    It 'round-trips through Export-Csv and Import-Csv' {
        $file = Join-Path $TestDrive 'cdrs.csv'
        $records = Get-PortSipCdr -Server $server -Credential $credential -Domain $domain -First 25
        $records | Export-Csv -Path $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Count | Should -Be 25
        $back[0].Id | Should -Be $records[0].Id
        $back[0].PSObject.Properties.Name | Should -Contain 'StartedAt'
        $back[0].PSObject.Properties.Name | Should -Contain 'Duration'
    }

    It 'takes a SecretManagement-style PSCredential secret' {
        $fake = New-Module -Name Microsoft.PowerShell.SecretManagement -ScriptBlock {
            function Get-Secret { param([string] $Name, [string] $Vault) [pscredential]::new('admin', (ConvertTo-SecureString 'Sandbox-PortSip-Pass-1' -AsPlainText -Force)) }
        } | Import-Module -PassThru
        try {
            @(Get-PortSipCdr -Server $server -SecretName PortSipAdmin -Vault Ops -Domain $domain -First 2).Count | Should -Be 2
        }
        finally {
            Remove-Module $fake
        }
    }

    It 'rejects an end time before the start time before any request' {
        { Get-PortSipCdr -Server $server -Credential $credential -StartTime '2026-11-03' -EndTime '2026-11-02' -ErrorAction Stop } |
            Should -Throw -ErrorId 'PortSipInvalidTimeRange*'
    }

    It 'lists the cached token without the token itself' {
        $cached = Get-CallReportsTokenCache -Vendor PortSip
        $cached | Should -Not -BeNullOrEmpty
        $cached[0].PSObject.Properties.Name | Should -Not -Contain 'AccessToken'
    }
}
