namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// A row of a Yeastar per-call report as a <see cref="CallRecord"/>. Yeastar documents no CSV columns, so the row is
/// read by the header names the P-Series web interface shows (several spellings each, the first present wins); a
/// column the row does not have stays null. The rules: about_CallRecord.
/// </summary>
public static class YeastarCallRecordMapper
{
    /// <summary>
    /// Each CallRecord value's column names, in order of preference. Compared case-insensitively by their letters and
    /// digits only, as PowerShell property names write them ("Call From" is the row's CallFrom).
    /// </summary>
    private static readonly string[][] ColumnNames =
    {
        /* Time */ new[] { "Time", "Call Time", "Date" },
        /* From */ new[] { "Call From", "Caller", "From" },
        /* To */ new[] { "Call To", "Callee", "To" },
        /* Status */ new[] { "Status", "Call Status", "Disposition" },
        /* Talk */ new[] { "Talk Duration", "Talking Duration", "Talk Time" },
        /* Wait */ new[] { "Wait Time", "Waiting Time", "Ring Duration" },
        /* Duration */ new[] { "Call Duration", "Duration" },
        /* Direction */ new[] { "Communication Type", "Call Type" },
        /* Agent */ new[] { "Agent", "Agent Name", "Extension" },
        /* Queue */ new[] { "Queue", "Queue Name" },
        /* Id */ new[] { "Call ID", "Uid", "Unique ID" },
        /* Recording */ new[] { "Recording", "Recording File" },
        /* MissedType */ new[] { "Missed Call Type", "Miss Call Type", "Missed Type" },
    };

    /// <summary>A column's key (letters and digits) to the value it gives and its preference among that value's names.</summary>
    private static readonly Dictionary<string, (Field Field, int Rank)> Columns = BuildColumns();

    private enum Field
    {
        Time,
        From,
        To,
        Status,
        Talk,
        Wait,
        Duration,
        Direction,
        Agent,
        Queue,
        Id,
        Recording,
        MissedType,
    }

    /// <summary>The report types whose rows are calls.</summary>
    public static bool ListsCalls(YeastarReportType type) =>
        type is YeastarReportType.ExtensionCallBillingDetails or YeastarReportType.UnreturnedMissedCalls or YeastarReportType.QueueSatisfactionDetail;

    /// <summary>Whether the mapping reads a column of this name (a header or a property name).</summary>
    /// <param name="name">The column's name.</param>
    /// <returns>True when some CallRecord value can come from it.</returns>
    public static bool Reads(string name) => name is not null && Columns.ContainsKey(Key(name));

    /// <summary>Maps one row.</summary>
    /// <param name="type">The report type (from the row's type name).</param>
    /// <param name="columns">The row's values by header or property name, in the row's order (a dictionary will do).</param>
    /// <param name="source">Where the row came from (Invoke-YeastarReportDownload's Source note; a report column of that name is not it).</param>
    /// <param name="original">The row object itself.</param>
    /// <returns>The call record.</returns>
    public static CallRecord ToCallRecord(YeastarReportType type, IEnumerable<KeyValuePair<string, object?>> columns, string? source, object original)
    {
        if (columns is null)
        {
            throw new ArgumentNullException(nameof(columns));
        }

        // One pass over the row, no per-row dictionary: Yeastar's reports run to hundreds of thousands of rows.
        var values = new object?[ColumnNames.Length];
        var ranks = new int[ColumnNames.Length];
        foreach (var column in columns)
        {
            if (column.Value is not null && Columns.TryGetValue(Key(column.Key), out var match) && (values[(int)match.Field] is null || match.Rank < ranks[(int)match.Field]))
            {
                values[(int)match.Field] = column.Value;
                ranks[(int)match.Field] = match.Rank;
            }
        }

        var talk = values[(int)Field.Talk] as TimeSpan?;
        return new CallRecord
        {
            Platform = CallPlatform.Yeastar,
            Source = source,
            CallId = Text(values, Field.Id),
            StartTime = values[(int)Field.Time] is DateTimeOffset time ? time.ToUniversalTime() : null,
            Direction = Text(values, Field.Direction)?.Trim().ToUpperInvariant() switch
            {
                "INBOUND" => CallDirection.Inbound,
                "OUTBOUND" => CallDirection.Outbound,
                "INTERNAL" => CallDirection.Internal,

                // Yeastar's Extension Call Accounting Details report lists "each outbound call made by extensions
                // via specific trunks".
                _ when type == YeastarReportType.ExtensionCallBillingDetails => CallDirection.Outbound,
                _ => CallDirection.Unknown,
            },
            From = Text(values, Field.From),
            To = Text(values, Field.To),
            Agent = Text(values, Field.Agent),
            Queue = Text(values, Field.Queue),
            Outcome = type == YeastarReportType.UnreturnedMissedCalls ? MissedOutcome(Text(values, Field.MissedType)) : Outcome(Text(values, Field.Status), talk),
            WaitTime = values[(int)Field.Wait] as TimeSpan?,
            TalkTime = talk,
            Duration = values[(int)Field.Duration] as TimeSpan?,
            RecordingUrl = Text(values, Field.Recording),
            Original = original,
        };
    }

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

    private static Dictionary<string, (Field Field, int Rank)> BuildColumns()
    {
        var columns = new Dictionary<string, (Field, int)>(StringComparer.OrdinalIgnoreCase);
        for (var field = 0; field < ColumnNames.Length; field++)
        {
            for (var rank = 0; rank < ColumnNames[field].Length; rank++)
            {
                columns.Add(Key(ColumnNames[field][rank]), ((Field)field, rank));
            }
        }

        return columns;
    }

    /// <summary>A name's letters and digits; the name itself (no copy) when it has nothing else, as property names do.</summary>
    private static string Key(string name)
    {
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c))
            {
                var key = new System.Text.StringBuilder(name.Length);
                foreach (var d in name)
                {
                    if (char.IsLetterOrDigit(d))
                    {
                        key.Append(d);
                    }
                }

                return key.ToString();
            }
        }

        return name;
    }

    private static string? Text(object?[] values, Field field) =>
        values[(int)field] is { } value && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;
}
