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

    It 'shows help with a synopsis and examples for <_>' -ForEach @('Get-PortSipCdr', 'Get-PortSipCallLog', 'Get-PortSipCallReport', 'New-PortSipCallReport', 'Get-PortSipCompletedCallReport', 'Save-PortSipCallReport', 'Remove-PortSipCallReport', 'Get-CallReportsTokenCache', 'Clear-CallReportsTokenCache') {
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

Describe 'Get-PortSipCallLog against the Sandbox' {
    BeforeAll {
        $script:pbx = @{ Server = $server; Credential = $credential; Domain = $domain }
    }

    It 'streams typed call logs whose legs group by SessionId' {
        $logs = Get-PortSipCallLog @pbx -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-02T12:00:00Z'
        $logs | ForEach-Object { $_ | Should -BeOfType ([CallReports.Models.PortSipCallLog]) }
        $sessions = $logs | Group-Object SessionId
        $sessions.Count | Should -BeLessThan $logs.Count
        ($sessions | Where-Object Count -eq 2) | Should -Not -BeNullOrEmpty
    }

    It 'stops after Select-Object -First and round-trips through Export-Csv' {
        $file = Join-Path $TestDrive 'calllogs.csv'
        Get-PortSipCallLog @pbx | Where-Object Direction -eq 'INBOUND_CALL' | Select-Object -First 4 | Export-Csv -Path $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Count | Should -Be 4
        $back[0].PSObject.Properties.Name | Should -Contain 'SessionId'
        $back | ForEach-Object { $_.Direction | Should -Be 'INBOUND_CALL' }
    }

    It 'says a v16 PBX has no call logs' {
        { Get-PortSipCallLog -Server ($server -replace '/portsip/$', '/portsip-v16/') -Credential $credential -Domain $domain -ErrorAction Stop } |
            Should -Throw -ErrorId 'PortSipCallLogsUnsupported*'
    }
}

Describe 'PortSIP call reports against the Sandbox' {
    BeforeAll {
        $script:pbx = @{ Server = $server; Credential = $credential; Domain = $domain }
    }

    It 'creates a report, waits for it and reads its rows in one line' {
        $name = "missed-$(New-Guid)"
        $rows = New-PortSipCallReport @pbx -Name $name -Type Normal -AnswerState NotAnswered -Range Custom -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-03T00:00:00Z' -Email 'ops@example.com' -Wait -PollIntervalSec 0.2 -TimeoutSec 30 |
            Save-PortSipCallReport @pbx -AsObject
        $rows | Should -Not -BeNullOrEmpty
        $rows[0].PSObject.Properties.Name | Should -Contain 'Caller'
        $expected = Get-PortSipCdr @pbx -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-03T00:00:00Z' | Where-Object { $null -eq $_.AnsweredAt }
        $rows.Count | Should -Be $expected.Count
    }

    It 'saves the file of a completed report and imports it' {
        $name = "sla-$(New-Guid)"
        $file = New-PortSipCallReport @pbx -Name $name -Type QueueSlaStatistics -Queue 8001, 8002 -ExcludeCallsDroppedBeforeSeconds 5 -Range LastWeek -Email 'ops@example.com' -Wait -PollIntervalSec 0.2 -TimeoutSec 30 -OutFile $TestDrive
        $file | Should -BeOfType ([System.IO.FileInfo])
        $file.DirectoryName | Should -Be (Get-Item $TestDrive).FullName
        (Import-Csv $file.FullName).Queue | Should -Be @('8001', '8002')
        $again = Get-PortSipCompletedCallReport @pbx -Name $name | Save-PortSipCallReport @pbx -OutFile $file.FullName -Force
        $again.Length | Should -Be $file.Length
    }

    It 'lists, pipes and removes definitions and completed reports' {
        $name = "ring-$(New-Guid)"
        $created = New-PortSipCallReport @pbx -Name $name -Type RingGroupStatistics -RingGroup 600 -Email 'ops@example.com' -Wait -PollIntervalSec 0.2 -TimeoutSec 30
        $definition = Get-PortSipCallReport @pbx -Name $name
        $definition.Type | Should -Be 'RING_GROUP_STATISTICS'
        ($definition | Get-PortSipCompletedCallReport @pbx).Id | Should -Be $created.Id
        $definition | Remove-PortSipCallReport @pbx -Confirm:$false
        $created | Remove-PortSipCallReport @pbx -Confirm:$false
        Get-PortSipCallReport @pbx -Name $name | Should -BeNullOrEmpty
        Get-PortSipCompletedCallReport @pbx -Name $name | Should -BeNullOrEmpty
    }

    It 'rejects a value kind without a value before any request, even with -WhatIf' {
        { New-PortSipCallReport @pbx -Name x -Type Normal -From Number -Email 'ops@example.com' -WhatIf -ErrorAction Stop } |
            Should -Throw -ErrorId 'PortSipInvalidCallReport*'
        { New-PortSipCallReport @pbx -Name x -Type Normal -Range Custom -Email 'ops@example.com' -ErrorAction Stop } |
            Should -Throw -ErrorId 'PortSipInvalidCallReport*'
    }
}
