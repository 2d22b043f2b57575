using CallReports.Engine.Reports;
using CallReports.Engine.Time;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Adds call records up into call-center figures per group: answered, missed, answer rate, waits, talk time, service level.</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "CallRecord")]
[OutputType(typeof(CallSummary))]
public sealed class MeasureCallRecordCommand : CallReportsCmdlet
{
    private CallSummaryBuilder? builder;

    /// <summary>A call record from ConvertTo-CallRecord.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public CallRecord? InputObject { get; set; }

    /// <summary>The keys to group by, in order; the whole input when omitted.</summary>
    [Parameter]
    public CallGrouping[] GroupBy { get; set; } = Array.Empty<CallGrouping>();

    /// <summary>Time buckets on StartTime (for example 00:15:00), aligned to midnight in -TimeZone; it must divide a day.</summary>
    [Parameter]
    public TimeSpan? Interval { get; set; }

    /// <summary>The zone of hours, dates, weekdays and buckets (IANA name, alias or Windows id). Default: the local zone.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>An answer within this wait counts for the service level. Default 20 seconds.</summary>
    [Parameter]
    [ValidateRange("00:00:00", "1.00:00:00")]
    public TimeSpan ServiceLevelThreshold { get; set; } = TimeSpan.FromSeconds(20);

    /// <inheritdoc />
    protected override string ErrorPrefix => "CallRecord";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        var zone = TimeZoneInfo.Local;
        if (TimeZone is not null && !ZoneResolver.TryResolve(TimeZone, out zone))
        {
            ThrowInvalidArgument("CallRecordInvalidTimeZone", $"'{TimeZone}' is not a time zone this machine knows. Use an IANA name such as Europe/Berlin, an alias such as US/Arizona, or a Windows id.", TimeZone);
        }

        if (GroupBy.Length != new System.Collections.Generic.HashSet<CallGrouping>(GroupBy).Count)
        {
            ThrowInvalidArgument("CallRecordInvalidArgument", "-GroupBy names a key twice.", string.Join(",", GroupBy));
        }

        try
        {
            builder = new CallSummaryBuilder(GroupBy, Interval, zone, ServiceLevelThreshold);
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument("CallRecordInvalidInterval", ex.Message.Split(new[] { " (Parameter" }, StringSplitOptions.None)[0], Interval);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            builder!.Add(InputObject);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        WriteObject(builder!.Build(), enumerateCollection: true);
        base.EndProcessing();
    }
}
