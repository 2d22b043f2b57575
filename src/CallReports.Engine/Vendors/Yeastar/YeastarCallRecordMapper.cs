using System;
using System.Collections.Generic;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// A row of a Yeastar per-call report as a <see cref="CallRecord"/>. Yeastar documents no CSV columns, so the row is
/// read by the header names the P-Series web interface shows (several spellings each); a column the row does not
/// have stays null. The rules: about_CallRecord.
/// </summary>
public static class YeastarCallRecordMapper
{
    private static readonly string[] TimeColumns = { "Time", "Call Time", "Date" };
    private static readonly string[] FromColumns = { "Call From", "Caller", "From" };
    private static readonly string[] ToColumns = { "Call To", "Callee", "To" };
    private static readonly string[] StatusColumns = { "Status", "Call Status", "Disposition" };
    private static readonly string[] TalkColumns = { "Talk Duration", "Talking Duration", "Talk Time" };
    private static readonly string[] WaitColumns = { "Wait Time", "Waiting Time", "Ring Duration" };
    private static readonly string[] DurationColumns = { "Call Duration", "Duration" };
    private static readonly string[] DirectionColumns = { "Communication Type", "Call Type" };
    private static readonly string[] AgentColumns = { "Agent", "Agent Name", "Extension" };
    private static readonly string[] QueueColumns = { "Queue", "Queue Name" };
    private static readonly string[] IdColumns = { "Call ID", "CallID", "Uid", "Unique ID" };
    private static readonly string[] RecordingColumns = { "Recording", "Recording File" };
    private static readonly string[] MissedTypeColumns = { "Missed Call Type", "Miss Call Type", "Missed Type" };

    /// <summary>The report types whose rows are calls.</summary>
    public static bool ListsCalls(YeastarReportType type) =>
        type is YeastarReportType.ExtensionCallBillingDetails or YeastarReportType.UnreturnedMissedCalls or YeastarReportType.QueueSatisfactionDetail;

    /// <summary>Maps one row.</summary>
    /// <param name="type">The report type (from the row's type name).</param>
    /// <param name="columns">The row's values by header name (case-insensitive).</param>
    /// <param name="source">Where the row came from.</param>
    /// <param name="original">The row object itself.</param>
    /// <returns>The call record.</returns>
    public static CallRecord ToCallRecord(YeastarReportType type, IReadOnlyDictionary<string, object?> columns, string? source, object original)
    {
        if (columns is null)
        {
            throw new ArgumentNullException(nameof(columns));
        }

        // PowerShell property names drop the spaces of the CSV header ("Call From" becomes CallFrom): compare without them.
        columns = Normalized(columns);
        var talk = Get(columns, TalkColumns) as TimeSpan?;
        return new CallRecord
        {
            Platform = CallPlatform.Yeastar,
            Source = source,
            CallId = Text(columns, IdColumns),
            StartTime = Get(columns, TimeColumns) is DateTimeOffset time ? time.ToUniversalTime() : null,
            Direction = Text(columns, DirectionColumns)?.Trim().ToUpperInvariant() switch
            {
                "INBOUND" => CallDirection.Inbound,
                "OUTBOUND" => CallDirection.Outbound,
                "INTERNAL" => CallDirection.Internal,

                // Yeastar's Extension Call Accounting Details report lists "each outbound call made by extensions
                // via specific trunks".
                _ when type == YeastarReportType.ExtensionCallBillingDetails => CallDirection.Outbound,
                _ => CallDirection.Unknown,
            },
            From = Text(columns, FromColumns),
            To = Text(columns, ToColumns),
            Agent = Text(columns, AgentColumns),
            Queue = Text(columns, QueueColumns),
            Outcome = type == YeastarReportType.UnreturnedMissedCalls ? MissedOutcome(Text(columns, MissedTypeColumns)) : Outcome(Text(columns, StatusColumns), talk),
            WaitTime = Get(columns, WaitColumns) as TimeSpan?,
            TalkTime = talk,
            Duration = Get(columns, DurationColumns) as TimeSpan?,
            RecordingUrl = Text(columns, RecordingColumns),
            Original = original,
        };
    }

    /// <summary>
    /// The row's call status where it has one; else answered when it has talk time (Yeastar: Talk Duration is "the
    /// time between call answered and call ended"); else unknown: no talk time does not say the call was missed.
    /// </summary>
    private static CallOutcome Outcome(string? status, TimeSpan? talk) =>
        status is not null ? Outcome(status) : talk > TimeSpan.Zero ? CallOutcome.Answered : CallOutcome.Unknown;

    /// <summary>
    /// Every row of the Unreturned Missed Call report is a missed call; the page's miss_call_type (no_answer, busy,
    /// abandoned) says how. A Status column there is whether the call was returned (unreturn_status), not how it ended.
    /// </summary>
    private static CallOutcome MissedOutcome(string? missedType) => missedType is null ? CallOutcome.Missed : Key(missedType).ToUpperInvariant() switch
    {
        "BUSY" => CallOutcome.Busy,
        "ABANDONED" => CallOutcome.Abandoned,
        _ => CallOutcome.Missed,
    };

    /// <summary>The P-Series call statuses (the web interface's CDR filter: Answered, No Answer, Busy, Failed, Voicemail).</summary>
    internal static CallOutcome Outcome(string status) => status.Trim().ToUpperInvariant() switch
    {
        "ANSWERED" => CallOutcome.Answered,
        "NO ANSWER" or "NO ANSWERED" or "NOANSWER" => CallOutcome.Missed,
        "BUSY" => CallOutcome.Busy,
        "FAILED" => CallOutcome.Failed,
        "VOICEMAIL" => CallOutcome.Voicemail,
        _ => CallOutcome.Unknown,
    };

    private static IReadOnlyDictionary<string, object?> Normalized(IReadOnlyDictionary<string, object?> columns)
    {
        var normalized = new Dictionary<string, object?>(columns.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var column in columns)
        {
            normalized[Key(column.Key)] = column.Value;
        }

        return normalized;
    }

    private static string Key(string name) => name.Replace(" ", string.Empty).Replace("_", string.Empty);

    private static object? Get(IReadOnlyDictionary<string, object?> columns, string[] names)
    {
        foreach (var name in names)
        {
            if (columns.TryGetValue(Key(name), out var value) && value is not null)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Text(IReadOnlyDictionary<string, object?> columns, string[] names) =>
        Get(columns, names) is { } value && Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
}
