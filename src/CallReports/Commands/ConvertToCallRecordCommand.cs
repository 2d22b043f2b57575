using System;
using System.Collections.Generic;
using System.Management.Automation;
using CallReports.Engine.Vendors.Casper;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Converts the call records of any platform into one shape, CallReports.Models.CallRecord.</para>
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "CallRecord")]
[OutputType(typeof(CallRecord))]
public sealed class ConvertToCallRecordCommand : CallReportsCmdlet
{
    private const string YeastarTypePrefix = "CallReports.Yeastar.";

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
    private static YeastarReportType? YeastarType(PSObject input)
    {
        foreach (var name in input.TypeNames)
        {
            if (name.StartsWith(YeastarTypePrefix, StringComparison.Ordinal) &&
                Enum.TryParse<YeastarReportType>(name.Substring(YeastarTypePrefix.Length), out var type) &&
                YeastarCallRecordMapper.ListsCalls(type))
            {
                return type;
            }
        }

        return null;
    }

    private static CallRecord FromYeastar(YeastarReportType type, PSObject row)
    {
        var columns = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in row.Properties)
        {
            if (property is PSNoteProperty note && !columns.ContainsKey(note.Name))
            {
                columns[note.Name] = note.Value is PSObject wrapped ? wrapped.BaseObject : note.Value;
            }
        }

        return YeastarCallRecordMapper.ToCallRecord(type, columns, columns.TryGetValue("Source", out var source) ? source as string : null, row);
    }

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
