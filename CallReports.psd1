@{
    # ModuleVersion is stamped by build.ps1 from Directory.Build.props (the one place the version lives),
    # and ReleaseNotes from CHANGELOG.md, into out/CallReports/CallReports.psd1.
    RootModule            = 'CallReports.dll'
    ModuleVersion         = '0.0.0'
    GUID                  = '5b0e7c52-7d8e-4c3e-9a51-2f6f0e3c1a77'
    Author                = 'CallReports contributors'
    CompanyName           = 'CallReports contributors'
    Copyright             = '(c) 2026 CallReports contributors. MIT License.'
    Description           = 'Call detail records and call reports from RingCentral Engage Voice, PortSIP PBX, Yeastar P-Series, VOXO and Ozonetel CloudAgent, streamed as typed objects into the pipeline.'
    PowerShellVersion     = '5.1'
    CompatiblePSEditions  = @('Desktop', 'Core')
    DotNetFrameworkVersion = '4.7.2'
    RequiredAssemblies    = @('CallReports.Models.dll')
    FormatsToProcess      = @('CallReports.format.ps1xml', 'CallReports.PortSip.format.ps1xml', 'CallReports.Voxo.format.ps1xml', 'CallReports.Casper.format.ps1xml', 'CallReports.Ozonetel.format.ps1xml', 'CallReports.CallRecord.format.ps1xml')
    TypesToProcess        = @('CallReports.PortSip.types.ps1xml', 'CallReports.Voxo.types.ps1xml', 'CallReports.Casper.types.ps1xml', 'CallReports.Ozonetel.types.ps1xml')
    CmdletsToExport       = @(
        'Get-PortSipCdr'
        'Get-VoxoCallReport'
        'Get-OzonetelCallDetail'
        'Get-CasperCallDetail'
        'Get-PortSipCallLog'
        'Get-PortSipCallReport'
        'New-PortSipCallReport'
        'Get-PortSipCompletedCallReport'
        'Save-PortSipCallReport'
        'Set-PortSipCallReport'
        'Remove-PortSipCallReport'
        'Invoke-YeastarReportDownload'
        'Get-CallReportsTokenCache'
        'Clear-CallReportsTokenCache'
        'ConvertTo-CallRecord'
        'Measure-CallRecord'
        'ConvertTo-CallReportHtml'
    )
    FunctionsToExport     = @()
    VariablesToExport     = @()
    AliasesToExport       = @()
    PrivateData           = @{
        PSData = @{
            Tags         = @('CDR', 'CallDetailRecords', 'Telephony', 'PBX', 'PortSIP', 'Yeastar', 'RingCentral', 'EngageVoice', 'VOXO', 'Ozonetel', 'Reports',
                             'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = ''
        }
    }
}
