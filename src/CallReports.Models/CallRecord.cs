using System;
using System.Management.Automation;

namespace CallReports.Models;

/// <summary>
/// One call in the same shape whatever platform it came from (<c>ConvertTo-CallRecord</c>). The properties, in
/// this order, are the CSV columns. A value the platform does not give is null (or <c>Unknown</c>), never
/// guessed; <c>about_CallRecord</c> says where each comes from for each platform.
/// </summary>
public sealed class CallRecord
{
    /// <summary>The platform.</summary>
    public CallPlatform Platform { get; set; }

    /// <summary>The server host and the account, tenant or domain the record came from.</summary>
    public string? Source { get; set; }

    /// <summary>The platform's own id of the call (a leg, for PortSIP call logs).</summary>
    public string? CallId { get; set; }

    /// <summary>The id that groups the legs of one call, where the platform has one.</summary>
    public string? SessionId { get; set; }

    /// <summary>When the call started (UTC).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When it was answered (UTC), where the platform says.</summary>
    public DateTimeOffset? AnswerTime { get; set; }

    /// <summary>When it ended (UTC), where the platform says.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Which way it went.</summary>
    public CallDirection Direction { get; set; }

    /// <summary>The calling number or extension, as the platform gives it.</summary>
    public string? From { get; set; }

    /// <summary>The called number or extension, as the platform gives it.</summary>
    public string? To { get; set; }

    /// <summary>The agent's or extension's name or number, where known.</summary>
    public string? Agent { get; set; }

    /// <summary>The queue, campaign, skill, ring group or RingCX profile.</summary>
    public string? Queue { get; set; }

    /// <summary>How it ended.</summary>
    public CallOutcome Outcome { get; set; }

    /// <summary>How long the caller waited before an answer (or before hanging up).</summary>
    public TimeSpan? WaitTime { get; set; }

    /// <summary>How long the parties talked.</summary>
    public TimeSpan? TalkTime { get; set; }

    /// <summary>The whole call.</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Where the recording is, where the platform says.</summary>
    public string? RecordingUrl { get; set; }

    /// <summary>
    /// The platform's record itself, so nothing is lost. Hidden: it is left out of Export-Csv and the default
    /// views; read it as <c>$record.Original</c>.
    /// </summary>
    [Hidden]
    public object? Original { get; set; }
}
