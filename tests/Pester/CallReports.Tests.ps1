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

    It 'shows help with a synopsis and examples for <_>' -ForEach @('Get-PortSipCdr', 'Get-PortSipCallLog', 'Get-PortSipCallReport', 'New-PortSipCallReport', 'Get-PortSipCompletedCallReport', 'Save-PortSipCallReport', 'Set-PortSipCallReport', 'Remove-PortSipCallReport', 'Get-VoxoCallReport', 'Get-CasperCallDetail', 'Get-OzonetelCallDetail', 'Invoke-YeastarReportDownload', 'Get-CallReportsTokenCache', 'Clear-CallReportsTokenCache', 'ConvertTo-CallRecord', 'Measure-CallRecord', 'ConvertTo-CallReportHtml') {
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

Describe 'Get-VoxoCallReport against the Sandbox' {
    BeforeAll {
        $line = Get-Content $sandboxOut | Where-Object { $_ -match '^VOXO\s+(http://127\.0\.0\.1:\d+/voxo/)' } | Select-Object -First 1
        $line | Should -Not -BeNullOrEmpty
        $null = $line -match '(http://127\.0\.0\.1:\d+/voxo/)'
        $script:voxo = $Matches[1]
        $script:voxoCredential = [pscredential]::new('partner@sandbox.voxo.test', (ConvertTo-SecureString 'Sandbox-Voxo-Pass-1' -AsPlainText -Force))
        # Three months of account 37 (America/New_York): four requests of at most 31 days.
        $script:quarter = @{
            StartTime = [datetime]::new(2026, 8, 1, 4, 0, 0, [DateTimeKind]::Utc)
            EndTime   = [datetime]::new(2026, 11, 1, 4, 0, 0, [DateTimeKind]::Utc)
        }
    }

    It 'streams typed records into Where-Object, each call once' {
        $all = Get-VoxoCallReport -Server $voxo -Credential $voxoCredential -TenantId 37 @quarter
        $all.Count | Should -BeGreaterThan 300
        ($all.Id | Sort-Object -Unique).Count | Should -Be $all.Count
        $missed = $all | Where-Object { $_.Direction -eq 'IN' -and $_.Disposition -eq 'NO ANSWER' }
        $missed | Should -Not -BeNullOrEmpty
        $missed | ForEach-Object { $_ | Should -BeOfType ([CallReports.Models.VoxoCallRecord]) }
        $all | ForEach-Object { $_.Time.UtcDateTime | Should -BeGreaterOrEqual $quarter.StartTime }
        $all | ForEach-Object { $_.Time.UtcDateTime | Should -BeLessThan $quarter.EndTime }
    }

    It 'stops after Select-Object -First' {
        $first = Get-VoxoCallReport -Server $voxo -Credential $voxoCredential -TenantId 37 @quarter | Select-Object -First 5
        $first.Count | Should -Be 5
    }

    It 'round-trips through Export-Csv and Import-Csv' {
        $file = Join-Path $TestDrive 'voxo.csv'
        $records = Get-VoxoCallReport -Server $voxo -Credential $voxoCredential -TenantId 37 -TimeZone UTC @quarter
        $records | Export-Csv -Path $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Count | Should -Be $records.Count
        $back[0].Id | Should -Be $records[0].Id
        [DateTimeOffset]::Parse($back[0].Time, [cultureinfo]::InvariantCulture) | Should -Be $records[0].Time
        $back[0].PSObject.Properties.Name | Should -Contain 'DialedNum'
        $back[0].PSObject.Properties.Name | Should -Contain 'Duration'
    }

    It 'returns the documented sample with its exact instants' {
        $sample = Get-VoxoCallReport -Server $voxo -Credential $voxoCredential -TenantId 37 `
            -StartTime ([datetime]::new(2022, 10, 10, 4, 0, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2022, 10, 11, 4, 0, 0, [DateTimeKind]::Utc))
        $sample.Id | Should -Be @('2d275d62-706c-42d2-a4d4-e4ef53d83974', 'ae8a5f62-7bd3-46a0-84d6-a3d46b35c886')
        $sample[0].Time.UtcDateTime | Should -Be ([datetime]::new(2022, 10, 11, 3, 7, 20, [DateTimeKind]::Utc))
        $sample[0].Time.Offset | Should -Be ([timespan]::FromHours(-4))
        $sample[1].Ocn | Should -BeNullOrEmpty
    }

    It 'rejects both -TenantId and -BillingCode before any request' {
        { Get-VoxoCallReport -Server $voxo -Credential $voxoCredential -TenantId 37 -BillingCode SBX37 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VoxoTenantAmbiguous*'
    }
}

Describe 'Get-CasperCallDetail against the Sandbox' {
    BeforeAll {
        $script:ringcx = $server -replace '/portsip/$', '/ringcx/'
        $script:apiToken = ConvertTo-SecureString 'aws80:5a1d6b0c-sandbox-api-token-0001' -AsPlainText -Force
        $script:week = @{ Server = $ringcx; ApiToken = $apiToken; AccountId = '13670001'; StartTime = '2026-11-01 17:00'; EndTime = '2026-11-08 17:00'; TimeZone = 'US/Arizona'; WarningAction = 'SilentlyContinue' }
    }

    It 'returns the vendor page sample rows with their values' {
        $rows = Get-CasperCallDetail -Server $ringcx -ApiToken $apiToken -AccountId 13670001 -StartTime 2020-04-20 -EndTime 2020-04-21 -TimeZone US/Arizona -WarningAction SilentlyContinue
        $rows.Count | Should -Be 3
        $rows[0] | Should -BeOfType ([CallReports.Models.CasperCallDetail])
        $rows[0].Uii | Should -Be '202004250912250132110000003150'
        $rows[0].CallState | Should -Be 'COMPLETE'
        $rows[2].EnqueueTime | Should -Be ([DateTimeOffset]'2020-04-20T08:01:00-07:00')
    }

    It 'streams typed records into Where-Object' {
        $abandoned = Get-CasperCallDetail @week | Where-Object CallState -eq 'ABANDON'
        $abandoned | Should -Not -BeNullOrEmpty
        $abandoned | ForEach-Object { $_.CallResult | Should -Be 'NO ANSWER' }
    }

    It 'stops after Select-Object -First' {
        @(Get-CasperCallDetail @week | Select-Object -First 5).Count | Should -Be 5
    }

    It 'round-trips through Export-Csv and Import-Csv' {
        $file = Join-Path $TestDrive 'casper.csv'
        $records = Get-CasperCallDetail @week
        $records | Export-Csv -Path $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Count | Should -Be $records.Count
        $back[0].Uii | Should -Be $records[0].Uii
        ($back | Where-Object ProfileName -like 'Z*rich, "Main" Line') | Should -Not -BeNullOrEmpty
        $back[0].PSObject.Properties.Name | Should -Contain 'Attempt2Disposition'
    }

    It 'rejects both a profile and a destination selection before any request' {
        { Get-CasperCallDetail @week -ProfileId 1111 -DestinationId 4546 -ErrorAction Stop } |
            Should -Throw -ErrorId 'CasperConflictingSelection*'
    }
}

Describe 'ConvertTo-CallRecord' {
    BeforeAll {
        $script:ringcx = $server -replace '/portsip/$', '/ringcx/'
        $script:apiToken = ConvertTo-SecureString 'aws80:5a1d6b0c-sandbox-api-token-0001' -AsPlainText -Force
    }

    It 'round-trips through Export-Csv and Import-Csv with the same columns and values, without Original' {
        $file = Join-Path $TestDrive 'calls.csv'
        $records = & {
            Get-CasperCallDetail -Server $ringcx -ApiToken $apiToken -AccountId 13670001 -StartTime 2020-04-20 -EndTime 2020-04-21 -TimeZone US/Arizona -WarningAction SilentlyContinue
            Get-PortSipCdr -Server $server -Credential $credential -Domain $domain -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-02T03:00:00Z'
        } | ConvertTo-CallRecord
        $records | Should -Not -BeNullOrEmpty
        $records | Export-Csv -Path $file -NoTypeInformation
        $back = @(Import-Csv $file)
        $columns = 'Platform', 'Source', 'CallId', 'SessionId', 'StartTime', 'AnswerTime', 'EndTime', 'Direction', 'From', 'To', 'Agent', 'Queue', 'Outcome', 'WaitTime', 'TalkTime', 'Duration', 'RecordingUrl'
        $back[0].PSObject.Properties.Name | Should -Be $columns
        $back.Count | Should -Be $records.Count
        for ($i = 0; $i -lt $records.Count; $i++) {
            foreach ($column in $columns) {
                "$($back[$i].$column)" | Should -Be "$($records[$i].$column)" -Because "$column of record $i"
            }
        }
        $records[0].Original | Should -BeOfType ([CallReports.Models.CasperCallDetail])
        $records[0].Original.Uii | Should -Be $records[0].CallId
    }

    It 'adds calls up per queue with Measure-CallRecord and writes a page without script' {
        $calls = Get-CasperCallDetail -Server $ringcx -ApiToken $apiToken -AccountId 13670001 -StartTime 2020-04-20 -EndTime 2020-04-21 -TimeZone US/Arizona -WarningAction SilentlyContinue | ConvertTo-CallRecord
        $figures = @($calls | Measure-CallRecord -GroupBy Queue)
        $figures.Queue | Should -Be @('DTE', 'IT TFN')
        $figures[0].Calls | Should -Be 2
        $figures[0].AnswerRate | Should -Be 1
        $figures[0].TotalTalk | Should -Be ([timespan]::FromSeconds(19 + 296))
        $page = Join-Path $TestDrive 'report.html'
        $calls | ConvertTo-CallReportHtml -Title 'RingCX sample' -TimeZone US/Arizona -OutFile $page
        $html = Get-Content $page -Raw
        $html | Should -Match '<svg id="chart-hourly"'
        $html | Should -Not -Match '<script'
    }

    It 'writes CallRecordUnsupportedInput for anything else and goes on' {
        $out = @(1, 'x' | ConvertTo-CallRecord -ErrorVariable problems -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 0
        $problems.Count | Should -Be 2
        $problems[0].FullyQualifiedErrorId | Should -BeLike 'CallRecordUnsupportedInput*'
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
        $changed = $definition | Set-PortSipCallReport @pbx -RingGroup 600, 601 -Email 'night@example.com' -PassThru
        $changed.Email | Should -Be 'night@example.com'
        $changed.Filter | Should -Be '{"ring_groups":["600","601"]}'
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

Describe 'Get-OzonetelCallDetail against the Sandbox' {
    BeforeAll {
        $line = Get-Content $sandboxOut | Where-Object { $_ -match '^Ozonetel\s+(http://127\.0\.0\.1:\d+/ozonetel/)' } | Select-Object -First 1
        $line | Should -Not -BeNullOrEmpty
        $null = $line -match '(http://127\.0\.0\.1:\d+/ozonetel/)'
        $script:ozonetel = $Matches[1]
        $script:ozonetelCredential = [pscredential]::new('sandbox_ozonetel', (ConvertTo-SecureString 'KK7SandboxOzonetelKey014c05b3efba1f70' -AsPlainText -Force))
        # Yesterday in IST; the emulator's UCIDs are the IST date and a six-digit number.
        $script:istYesterday = [DateTime]::UtcNow.AddHours(5.5).Date.AddDays(-1)
        $script:ucid = $istYesterday.ToString('yyyyMMdd') + '000002'
    }

    # At Ozonetel's real limit (2 requests a minute per endpoint) these tests send 2 UCID lookups and 1 day.
    It 'filters a day with Where-Object and stops after Select-Object -First' {
        $first = Get-OzonetelCallDetail -Server $ozonetel -Credential $ozonetelCredential -Date $istYesterday |
            Where-Object Status -eq 'Answered' | Select-Object -First 2
        $first.Count | Should -Be 2
        $first | ForEach-Object { $_ | Should -BeOfType ([CallReports.Models.OzonetelCallDetail]) }
        $first | ForEach-Object { $_.StartTime.Offset | Should -Be ([TimeSpan]::FromMinutes(330)) }
    }

    It 'round-trips a UCID lookup through Export-Csv and Import-Csv with the CallId exact' {
        $file = Join-Path $TestDrive 'ozonetel.csv'
        [pscustomobject]@{ Ucid = $ucid } | Get-OzonetelCallDetail -Server $ozonetel -Credential $ozonetelCredential |
            Export-Csv -Path $file -NoTypeInformation
        $back = Import-Csv $file
        $back.Ucid | Should -Be $ucid
        [decimal]$back.CallId | Should -BeGreaterThan ([decimal][math]::Pow(2, 53))
        $back.CallId | Should -Match '^\d{17}$'
    }

    It 'reports an unknown UCID as a non-terminating error' {
        $out = Get-OzonetelCallDetail -Server $ozonetel -Credential $ozonetelCredential -Ucid '99999999999999' -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -BeLike 'OzonetelUcidNotFound*'
    }
}

Describe 'Invoke-YeastarReportDownload against the Sandbox' {
    BeforeAll {
        $script:yeastar = @{
            Server     = $server -replace '/portsip/$', '/yeastar/'
            Credential = [pscredential]::new('sandbox-yeastar-client', (ConvertTo-SecureString 'Sandbox-Yeastar-Secret-7Q' -AsPlainText -Force))
        }
        $script:day = @{ StartTime = '2026-11-02 08:00'; EndTime = '2026-11-02 17:30' }
    }

    It 'streams typed rows of a DD/MM/YYYY 12-hour PBX into Where-Object' {
        $rows = Invoke-YeastarReportDownload @yeastar @day -Type ExtensionCallStatistics -Extension 1001, 'Bob*'
        $rows.Count | Should -BeGreaterThan 0
        $rows[0].PSObject.TypeNames[0] | Should -Be 'CallReports.Yeastar.ExtensionCallStatistics'
        $rows[0].TotalTalkingTime | Should -BeOfType ([timespan])
        $busy = $rows | Where-Object AnsweredCalls -gt 30
        $busy | ForEach-Object { $_.AnsweredCalls | Should -BeOfType ([long]) }
    }

    It 'stops after Select-Object -First' {
        @(Invoke-YeastarReportDownload @yeastar @day -Type QueuePerformance -QueueId 1, 2 | Select-Object -First 3).Count | Should -Be 3
    }

    It 'round-trips through Export-Csv and Import-Csv, and -OutFile writes the PBX file' {
        $csv = Join-Path $TestDrive 'queue.csv'
        $rows = Invoke-YeastarReportDownload @yeastar @day -Type QueuePerformance -Queue 'Support'
        $rows | Export-Csv -Path $csv -NoTypeInformation
        $back = Import-Csv $csv
        $back.Count | Should -Be $rows.Count
        $back[0].Queue | Should -Be $rows[0].Queue
        $file = Invoke-YeastarReportDownload @yeastar @day -Type QueuePerformance -Queue 'Support' -OutFile (Join-Path $TestDrive 'raw.csv') -PassThru
        $file | Should -BeOfType ([System.IO.FileInfo])
        (Import-Csv $file.FullName).Count | Should -Be $rows.Count
    }

    It 'rejects a parameter the report type does not take before any request' {
        { Invoke-YeastarReportDownload @yeastar -Type Ivr -IvrId 1 -QueueId 1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'YeastarInvalidArgument*'
        { Invoke-YeastarReportDownload @yeastar -Type QueuePerformanceActivity -QueueId 1 -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*needs -Date*'
    }
}
