namespace CallReports.Engine.Vendors.Casper;

/// <summary>A RingCX Cloud Call Detail row as a <see cref="CallRecord"/> (the rules: about_CallRecord).</summary>
public static class CasperCallRecordMapper
{
    /// <summary>Maps one row.</summary>
    /// <param name="record">The RingCX row.</param>
    /// <returns>The call record.</returns>
    public static CallRecord ToCallRecord(CasperCallDetail record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        return new CallRecord
        {
            Platform = CallPlatform.RingCX,
            Source = record.Source,
            CallId = record.Uii,
            StartTime = record.EnqueueTime?.ToUniversalTime(),

            // The report lists cloud-routed calls: calls that arrive at a cloud queue (ani calling, dnis dialled).
            Direction = CallDirection.Inbound,
            From = record.Ani,
            To = record.Dnis,
            Queue = record.ProfileName,
            Outcome = string.Equals(record.CallResult?.Trim(), "CONNECTED", StringComparison.OrdinalIgnoreCase) ? CallOutcome.Answered : CallOutcome.Unknown,
            WaitTime = Seconds(record.QueueTimeSeconds),
            TalkTime = Seconds(record.ConnectedDurationSeconds),
            Duration = Seconds(record.InboundDurationSeconds),
            RecordingUrl = string.IsNullOrWhiteSpace(record.RecordingUrl) ? null : record.RecordingUrl,
            Original = record,
        };
    }

    private static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
