namespace CallReports.Engine.Vendors.PortSip;

/// <summary>A PortSIP CDR or call log as a <see cref="CallRecord"/> (the rules: about_CallRecord).</summary>
public static class PortSipCallRecordMapper
{
    /// <summary>Maps one record.</summary>
    /// <param name="record">A <see cref="PortSipCdr"/> or <see cref="PortSipCallLog"/>.</param>
    /// <returns>The call record.</returns>
    public static CallRecord ToCallRecord(PortSipCallRecord record)
    {
        if (record is null)
        {
            throw new ArgumentNullException(nameof(record));
        }

        var answered = record.AnsweredAt;
        var outcome = Outcome(record);
        return new CallRecord
        {
            Platform = CallPlatform.PortSip,
            Source = record.Source,
            CallId = record.Id,
            SessionId = (record as PortSipCallLog)?.SessionId,
            StartTime = record.StartedAt?.ToUniversalTime(),
            AnswerTime = answered?.ToUniversalTime(),
            EndTime = record.EndedAt?.ToUniversalTime(),
            Direction = Direction(record.Direction),
            From = record.Caller,
            To = record.Callee,
            Outcome = outcome,

            // How long the caller waited: until the answer, or (unanswered) until the call ended.
            WaitTime = Between(record.StartedAt, answered ?? record.EndedAt),

            // PortSIP's duration is the talk time in seconds; the whole call is started_at to ended_at.
            TalkTime = record.Duration,
            Duration = Between(record.StartedAt, record.EndedAt),
            Original = record,
        };
    }

    private static TimeSpan? Between(DateTimeOffset? from, DateTimeOffset? to) => from is { } a && to is { } b && b >= a ? b - a : null;

    /// <summary>The documented directions; INBOUND_OUTBOUND_CALL (trunk to trunk) is neither way.</summary>
    internal static CallDirection Direction(string? direction) => direction?.Trim().ToUpperInvariant() switch
    {
        "INBOUND_CALL" => CallDirection.Inbound,
        "OUTBOUND_CALL" => CallDirection.Outbound,
        "EXTENSION_CALL" => CallDirection.Internal,
        _ => CallDirection.Unknown,
    };

    /// <summary>
    /// Answered when answered_at is set. Otherwise the SIP status (PortSIP's CDR guide: "a SIP status code ... 0 means
    /// there was no error") says why: 486 Busy Here and 600 Busy Everywhere are busy; 487 Request Terminated is the
    /// caller cancelling before an answer (RFC 3261), a call nobody answered; any other 4xx–6xx a failure; without a
    /// failure status the call was not answered (missed).
    /// </summary>
    private static CallOutcome Outcome(PortSipCallRecord record)
    {
        if (record.AnsweredAt is not null)
        {
            return CallOutcome.Answered;
        }

        if (record.EndedAt is null)
        {
            return CallOutcome.Unknown;
        }

        return record.StatusCode switch
        {
            486 or 600 => CallOutcome.Busy,
            487 => CallOutcome.Missed,
            >= 400 and < 700 => CallOutcome.Failed,
            _ => CallOutcome.Missed,
        };
    }
}
