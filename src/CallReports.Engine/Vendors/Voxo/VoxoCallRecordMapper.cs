namespace CallReports.Engine.Vendors.Voxo;

/// <summary>A VOXO call record as a <see cref="CallRecord"/> (the rules: about_CallRecord).</summary>
public static class VoxoCallRecordMapper
{
    /// <summary>Maps one record.</summary>
    /// <param name="record">The VOXO record.</param>
    /// <returns>The call record.</returns>
    public static CallRecord ToCallRecord(VoxoCallRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var start = record.Time?.ToUniversalTime();
        var duration = TimeSpan.FromSeconds(record.Duration);
        return new CallRecord
        {
            Platform = CallPlatform.Voxo,
            Source = record.Source,
            CallId = record.Id,
            StartTime = start,
            EndTime = start + duration,
            Direction = record.Direction?.Trim().ToUpperInvariant() switch
            {
                "IN" => CallDirection.Inbound,
                "OUT" => CallDirection.Outbound,
                _ => CallDirection.Unknown,
            },
            From = record.CallerIdNumber,
            To = record.DialedNum,
            Agent = string.IsNullOrWhiteSpace(record.WhoAnswered) ? null : record.WhoAnswered,

            // Asterisk's CDR dispositions (VOXO runs Asterisk: its uniqueId is an Asterisk channel id).
            Outcome = record.Disposition?.Trim().ToUpperInvariant() switch
            {
                "ANSWERED" => CallOutcome.Answered,
                "NO ANSWER" => CallOutcome.Missed,
                "BUSY" => CallOutcome.Busy,
                "FAILED" => CallOutcome.Failed,
                _ => CallOutcome.Unknown,
            },
            TalkTime = TimeSpan.FromSeconds(record.AfterAnswerDuration),
            Duration = duration,
            Original = record,
        };
    }
}
