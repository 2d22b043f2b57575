using System.Text;
using CallReports.Engine;
using CallReports.Engine.Files;
using CallReports.Engine.Reports;
using CallReports.Engine.Time;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Writes call figures as one self-contained HTML page with charts: to a file, or as a string for a mail body.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "CallReportHtml", SupportsShouldProcess = true)]
[OutputType(typeof(string), typeof(System.IO.FileInfo))]
public sealed class ConvertToCallReportHtmlCommand : CallReportsCmdlet
{
    private CallReportBuilder? builder;
    private string? outPath;

    /// <summary>CallRecords (summarised here) or CallSummary objects from Measure-CallRecord.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The page's title.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "Call report";

    /// <summary>Write the page to this file instead of returning it as a string.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Path")]
    public string? OutFile { get; set; }

    /// <summary>Replace an existing -OutFile.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>With -OutFile, return the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>For call records: the zone of the hours and the period. Default: the local zone.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>For call records: an answer within this wait counts for the service level. Default 20 seconds.</summary>
    [Parameter]
    [ValidateRange("00:00:00", "1.00:00:00")]
    public TimeSpan ServiceLevelThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <inheritdoc />
    protected override string ErrorPrefix => "CallReportHtml";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var zone = TimeZoneInfo.Local;
        if (TimeZone is not null && !ZoneResolver.TryResolve(TimeZone, out zone))
        {
            ThrowInvalidArgument("CallReportHtmlInvalidTimeZone", $"'{TimeZone}' is not a time zone this machine knows.", TimeZone);
        }

        if (PassThru && OutFile is null)
        {
            ThrowInvalidArgument("CallReportHtmlInvalidArgument", "-PassThru is used with -OutFile.");
        }

        if (OutFile is not null)
        {
            outPath = ResolveOutFile(OutFile, Force.IsPresent);
        }

        builder = new CallReportBuilder(zone, TimeZone ?? ZoneResolver.IanaName(zone), ServiceLevelThreshold);
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        switch (InputObject?.BaseObject)
        {
            case CallRecord record:
                builder!.Add(record);
                break;
            case CallSummary summary:
                builder!.Add(summary);
                break;
            default:
                WriteError(new ErrorRecord(
                    new ArgumentException($"ConvertTo-CallReportHtml takes CallRecord objects (ConvertTo-CallRecord) or CallSummary objects (Measure-CallRecord); it was given {(InputObject is null ? "$null" : InputObject.TypeNames[0])}."),
                    "CallReportHtmlUnsupportedInput",
                    ErrorCategory.InvalidType,
                    InputObject));
                break;
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        var html = CallReportHtml.Render(builder!.Build(Title));
        if (outPath is null)
        {
            WriteObject(html);
        }
        else if (ShouldProcess(outPath, "Write the call report"))
        {
            Run(() =>
            {
                AtomicFileWriter.WriteAllBytes(outPath, new UTF8Encoding(false).GetBytes(html), Force.IsPresent, "CallReportHtml");
                if (PassThru)
                {
                    WriteFileItem(outPath);
                }
            }, OutFile);
        }

        base.EndProcessing();
    }
}
