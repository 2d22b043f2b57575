namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>An Ozonetel call detail as a <see cref="CallRecord"/> (the rules: about_CallRecord).</summary>
public static class OzonetelCallRecordMapper
{
    /// <summary>Maps one record.</summary>
    /// <param name="record">The Ozonetel record (current or legacy API).</param>
    /// <returns>The call record.</returns>
    public static CallRecord ToCallRecord(OzonetelCallDetail record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        // The legacy record has CallDuration (the whole call) beside Duration (the talk); the current one Duration
        // beside TalkTime, described by no vendor page. The whole call is EndTime - StartTime where both are known
        // (the legacy page's CallDuration is exactly that), the record's own figure only where they are not.
        var legacy = record.CallDuration is not null;
        var whole = record.StartTime is { } start && record.EndTime is { } end && end >= start ? end - start : (TimeSpan?)null;
        return new CallRecord
        {
            Platform = CallPlatform.Ozonetel,
            Source = record.Source,
            CallId = record.Ucid,
            SessionId = Text(record.CallId),
            StartTime = record.StartTime?.ToUniversalTime(),
            EndTime = record.EndTime?.ToUniversalTime(),
            Direction = Direction(record.Type),
            From = Text(record.CallerId),
            To = Text(record.DialedNumber),
            Agent = Text(record.AgentName) ?? Text(record.AgentId),
            Queue = Text(record.Skill) ?? Text(record.CampaignName),
            Outcome = record.Status?.Trim().ToUpperInvariant() switch
            {
                "ANSWERED" => CallOutcome.Answered,
                "UNANSWERED" or "NOTANSWERED" or "NOT ANSWERED" => CallOutcome.Missed,
                _ => CallOutcome.Unknown,
            },
            WaitTime = record.TimeToAnswer,
            TalkTime = legacy ? record.Duration : record.TalkTime,
            Duration = whole ?? (legacy ? record.CallDuration : record.Duration),
            RecordingUrl = Text(record.AudioFile),
            Original = record,
        };
    }

    /// <summary>A campaign type: inbound, or one of the outbound ways of dialling (manual, preview, progressive, predictive).</summary>
    internal static CallDirection Direction(string? type) => type?.Trim().ToUpperInvariant() switch
    {
        "INBOUND" => CallDirection.Inbound,
        "OUTBOUND" or "MANUAL" or "PREVIEW" or "PROGRESSIVE" or "PREDICTIVE" => CallDirection.Outbound,
        _ => CallDirection.Unknown,
    };

    /// <summary>Ozonetel writes "None" or "" for a value it does not have.</summary>
    private static string? Text(string? value) =>
        string.IsNullOrWhiteSpace(value) || string.Equals(value!.Trim(), "None", StringComparison.OrdinalIgnoreCase) ? null : value;
}
