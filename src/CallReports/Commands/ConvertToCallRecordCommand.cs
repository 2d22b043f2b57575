using CallReports.Engine.Vendors.Casper;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Yeastar;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Converts the call records of any platform into one shape, CallReports.Models.CallRecord.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "CallRecord")]
[OutputType(typeof(CallRecord))]
public sealed class ConvertToCallRecordCommand : CallReportsCmdlet
{
    private const string YeastarTypePrefix = "CallReports.Yeastar.";

    // Invoke-YeastarReportDownload's note of where a row came from (the same interned string in this assembly).
    private const string SourceNote = "Source";

    // The last Yeastar type name read, and its report: every row of a report has the same one.
    private string? lastTypeName;
    private YeastarReportType? lastType;

    // The names of the columns the Yeastar mapping reads, as the last row enumerated had them.
    private string[]? yeastarColumns;

    /// <summary>A record from Get-PortSipCdr, Get-PortSipCallLog, Get-CasperCallDetail, Get-VoxoCallReport, Get-OzonetelCallDetail or a Yeastar per-call report.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <inheritdoc />
    protected override string ErrorPrefix => "CallRecord";

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var record = InputObject?.BaseObject switch
        {
            PortSipCallRecord portSip => PortSipCallRecordMapper.ToCallRecord(portSip),
            VoxoCallRecord voxo => VoxoCallRecordMapper.ToCallRecord(voxo),
            CasperCallDetail casper => CasperCallRecordMapper.ToCallRecord(casper),
            OzonetelCallDetail ozonetel => OzonetelCallRecordMapper.ToCallRecord(ozonetel),
            ReportRow yeastar when YeastarCallRecordMapper.ListsCalls(yeastar.Shape.ReportType) =>
                YeastarCallRecordMapper.ToCallRecord(yeastar.Shape.ReportType, yeastar.Columns(), yeastar.SourceValue, InputObject!),
            PSCustomObject or PSObject when YeastarType(InputObject!) is { } type => FromYeastar(type, InputObject!),
            _ => null,
        };

        if (record is null)
        {
            WriteError(new ErrorRecord(
                new ArgumentException($"ConvertTo-CallRecord takes the per-call records of CallReports (PortSipCdr, PortSipCallLog, CasperCallDetail, VoxoCallRecord, OzonetelCallDetail, and the rows of Yeastar's ExtensionCallBillingDetails, UnreturnedMissedCalls and QueueSatisfactionDetail reports); it was given {Describe(InputObject)}."),
                "CallRecordUnsupportedInput",
                ErrorCategory.InvalidType,
                InputObject));
            return;
        }

        WriteObject(record);
    }

    /// <summary>The per-call Yeastar report a row belongs to, by its type name; null for any other object.</summary>
    private YeastarReportType? YeastarType(PSObject input)
    {
        foreach (var name in input.TypeNames)
        {
            if (!name.StartsWith(YeastarTypePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            if (!string.Equals(name, lastTypeName, StringComparison.Ordinal))
            {
                lastType = Enum.TryParse<YeastarReportType>(name.Substring(YeastarTypePrefix.Length), out var type) && YeastarCallRecordMapper.ListsCalls(type) ? type : null;
                lastTypeName = name;
            }

            if (lastType is not null)
            {
                return lastType;
            }
        }

        return null;
    }

    private CallRecord FromYeastar(YeastarReportType type, PSObject row) =>
        YeastarCallRecordMapper.ToCallRecord(type, ReadColumns(row) ?? EnumerateColumns(row), SourceOf(row), row);

    /// <summary>
    /// Invoke-YeastarReportDownload's Source note: named by this assembly's own interned string, which a report column
    /// of the same name (named from the CSV header) is not.
    /// </summary>
    private static string? SourceOf(PSObject row) =>
        row.Properties[SourceNote] is PSNoteProperty note && ReferenceEquals(note.Name, SourceNote) ? note.Value as string : null;

    /// <summary>
    /// The columns the mapping reads, looked up by name, when the row has the properties of the last row enumerated,
    /// by the same name strings; null otherwise. Enumerating a PSObject's properties costs PowerShell some 15 µs (it
    /// merges the type table's and the adapter's members in each time), a lookup of a property the row has well under
    /// one; Invoke-YeastarReportDownload names the properties of every row of one shape with the same strings.
    /// </summary>
    private KeyValuePair<string, object?>[]? ReadColumns(PSObject row)
    {
        if (yeastarColumns is not { } names)
        {
            return null;
        }

        var columns = new KeyValuePair<string, object?>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (row.Properties[names[i]] is not PSNoteProperty note || !ReferenceEquals(note.Name, names[i]))
            {
                return null;
            }

            columns[i] = new KeyValuePair<string, object?>(note.Name, Unwrap(note.Value));
        }

        return columns;
    }

    /// <summary>Every note property of the row (its columns); remembers the names the mapping reads.</summary>
    private KeyValuePair<string, object?>[] EnumerateColumns(PSObject row)
    {
        var columns = new List<KeyValuePair<string, object?>>();
        var read = new List<string>();
        foreach (var property in row.Properties)
        {
            if (property is PSNoteProperty note && YeastarCallRecordMapper.Reads(note.Name))
            {
                columns.Add(new KeyValuePair<string, object?>(note.Name, Unwrap(note.Value)));
                read.Add(note.Name);
            }
        }

        yeastarColumns = read.Count > 0 ? read.ToArray() : null;
        return columns.ToArray();
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static string Describe(PSObject? input)
    {
        if (input is null)
        {
            return "$null";
        }

        var name = input.TypeNames.Count > 0 ? input.TypeNames[0] : input.BaseObject.GetType().FullName;
        return "a " + name;
    }
}
