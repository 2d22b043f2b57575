using System.Diagnostics;
using System.Management.Automation;

namespace CallReports.Scenarios;

/// <summary>
/// The scenarios' pipeline sink: counts its input objects and takes <see cref="Stopwatch.GetTimestamp"/>
/// when the first one arrives, then writes one <see cref="Arrival"/>. Compiled, so the per-record cost is a
/// parameter binding and an increment (no script block runs per record); registered in the runspace with
/// <c>InitialSessionState.Commands</c>, not exported by the module.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Arrival")]
[OutputType(typeof(Arrival))]
public sealed class MeasureArrivalCommand : PSCmdlet
{
    private long count;
    private long? first;

    /// <summary>The records; only counted.</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (count++ == 0)
        {
            first = Stopwatch.GetTimestamp();
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing() => WriteObject(new Arrival(count, first));
}

/// <summary>What <see cref="MeasureArrivalCommand"/> saw.</summary>
/// <param name="Count">How many objects arrived.</param>
/// <param name="FirstTimestamp">When the first arrived (<see cref="Stopwatch.GetTimestamp"/>), or null if none did.</param>
public sealed record Arrival(long Count, long? FirstTimestamp);
