using System;

namespace CallReports.Models;

/// <summary>
/// One Ozonetel CloudAgent call detail record (<c>/ca_reports/fetchCdrByUCID</c>, <c>fetchCDRDetails</c>,
/// <c>fetchCdrByPagination</c>). Property names follow the vendor fields (named in each property's help);
/// <c>HH:MM:SS</c> durations are TimeSpans, "" becomes null, ids are exact text. The record's <c>Apikey</c>
/// field (legacy) is never copied.
/// </summary>
public sealed class OzonetelCallDetail
{
    /// <summary>Unique call id (<c>UCID</c>; legacy <c>monitorUCID</c> when no UCID is sent), exactly as sent.</summary>
    public string Ucid { get; set; } = string.Empty;

    /// <summary>Parent call id (<c>CallID</c>), kept exact as text: the current API sends it as a JSON number above 2^53 that a double would corrupt.</summary>
    public string? CallId { get; set; }

    /// <summary>Monitor UCID (legacy <c>monitorUCID</c>).</summary>
    public string? MonitorUcid { get; set; }

    /// <summary>When the call started: current API <c>CallDate</c> + <c>StartTime</c>, legacy <c>StartTime</c>, read in the account zone (IST by default).</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>When the call ended (<c>CallDate</c> + <c>EndTime</c>, or legacy <c>EndTime</c>); a time of day before the start is on the next day.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary><c>Duration</c> (HH:MM:SS).</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>Legacy <c>CallDuration</c> (HH:MM:SS).</summary>
    public TimeSpan? CallDuration { get; set; }

    /// <summary><c>TalkTime</c> (HH:MM:SS).</summary>
    public TimeSpan? TalkTime { get; set; }

    /// <summary><c>HandlingTime</c> (HH:MM:SS).</summary>
    public TimeSpan? HandlingTime { get; set; }

    /// <summary><c>TimeToAnswer</c> (HH:MM:SS).</summary>
    public TimeSpan? TimeToAnswer { get; set; }

    /// <summary><c>QueueTime</c> (HH:MM:SS).</summary>
    public TimeSpan? QueueTime { get; set; }

    /// <summary><c>HoldDuration</c> (HH:MM:SS).</summary>
    public TimeSpan? HoldDuration { get; set; }

    /// <summary><c>WrapupDuration</c> (HH:MM:SS).</summary>
    public TimeSpan? WrapupDuration { get; set; }

    /// <summary><c>ConferenceDuration</c> (legacy <c>ConfDuration</c>, HH:MM:SS).</summary>
    public TimeSpan? ConferenceDuration { get; set; }

    /// <summary><c>CustomerRingTime</c> (HH:MM:SS).</summary>
    public TimeSpan? CustomerRingTime { get; set; }

    /// <summary>Caller number (<c>CallerID</c>).</summary>
    public string? CallerId { get; set; }

    /// <summary><c>DialedNumber</c>.</summary>
    public string? DialedNumber { get; set; }

    /// <summary><c>E164</c>.</summary>
    public string? E164 { get; set; }

    /// <summary><c>DID</c> (legacy <c>Did</c>).</summary>
    public string? Did { get; set; }

    /// <summary><c>DynamicDID</c>.</summary>
    public string? DynamicDid { get; set; }

    /// <summary><c>Location</c>.</summary>
    public string? Location { get; set; }

    /// <summary><c>AgentID</c>.</summary>
    public string? AgentId { get; set; }

    /// <summary><c>AgentName</c>.</summary>
    public string? AgentName { get; set; }

    /// <summary>Legacy <c>AgentPhoneNumber</c>.</summary>
    public string? AgentPhoneNumber { get; set; }

    /// <summary>Legacy <c>AgentUniqueID</c>.</summary>
    public string? AgentUniqueId { get; set; }

    /// <summary><c>Skill</c>.</summary>
    public string? Skill { get; set; }

    /// <summary><c>CampaignName</c>.</summary>
    public string? CampaignName { get; set; }

    /// <summary>Legacy <c>CampaignStatus</c>.</summary>
    public string? CampaignStatus { get; set; }

    /// <summary><c>CallFlow</c>.</summary>
    public string? CallFlow { get; set; }

    /// <summary>Call type (<c>Type</c>): manual, Progressive, ... as sent.</summary>
    public string? Type { get; set; }

    /// <summary><c>Status</c> as sent: Answered, Unanswered, NotAnswered (spellings differ between API versions).</summary>
    public string? Status { get; set; }

    /// <summary><c>DialStatus</c>.</summary>
    public string? DialStatus { get; set; }

    /// <summary><c>AgentDialStatus</c> (legacy <c>AgentStatus</c>).</summary>
    public string? AgentDialStatus { get; set; }

    /// <summary><c>CustomerDialStatus</c> (legacy <c>CustomerStatus</c>).</summary>
    public string? CustomerDialStatus { get; set; }

    /// <summary><c>Disposition</c> (only when an agent set one).</summary>
    public string? Disposition { get; set; }

    /// <summary><c>Comments</c>.</summary>
    public string? Comments { get; set; }

    /// <summary><c>HangupBy</c>.</summary>
    public string? HangupBy { get; set; }

    /// <summary>Legacy <c>FallBackRule</c>.</summary>
    public string? FallBackRule { get; set; }

    /// <summary><c>DialCount</c>.</summary>
    public int? DialCount { get; set; }

    /// <summary><c>UUI</c>.</summary>
    public string? Uui { get; set; }

    /// <summary>Legacy <c>PhoneName</c>.</summary>
    public string? PhoneName { get; set; }

    /// <summary>Recording URL (<c>CallAudio</c>; legacy <c>AudioFile</c>).</summary>
    public string? AudioFile { get; set; }

    /// <summary><c>CallerConfAudioFile</c>.</summary>
    public string? CallerConfAudioFile { get; set; }

    /// <summary>
    /// Legacy <c>ConferenceData</c>, the conference legs of the call. The vendor page lists the field without
    /// showing a value: text is kept as sent, a list or object as its compact JSON text; empty is null.
    /// </summary>
    public string? ConferenceData { get; set; }

    /// <summary><c>DialOutName</c>.</summary>
    public string? DialOutName { get; set; }

    /// <summary><c>Event</c>.</summary>
    public string? Event { get; set; }

    /// <summary><c>PickupTime</c> as sent.</summary>
    public string? PickupTime { get; set; }

    /// <summary><c>Rating</c>.</summary>
    public string? Rating { get; set; }

    /// <summary><c>RatingComments</c>.</summary>
    public string? RatingComments { get; set; }

    /// <summary><c>TransferType</c>.</summary>
    public string? TransferType { get; set; }

    /// <summary><c>TransferredTo</c>.</summary>
    public string? TransferredTo { get; set; }

    /// <summary><c>VideoRecordingURL</c>.</summary>
    public string? VideoRecordingUrl { get; set; }

    /// <summary><c>WrapUpStartTime</c> as sent.</summary>
    public string? WrapUpStartTime { get; set; }

    /// <summary><c>WrapUpEndTime</c> as sent.</summary>
    public string? WrapUpEndTime { get; set; }

    /// <summary>Legacy <c>DataUniqueId</c>.</summary>
    public string? DataUniqueId { get; set; }

    /// <summary>Legacy <c>CallCompleted</c> (TRUE/FALSE).</summary>
    public bool? CallCompleted { get; set; }

    /// <summary>The CloudAgent account (<c>UserName</c>; the request's user name when the record has none).</summary>
    public string? UserName { get; set; }

    /// <summary>The IANA zone the vendor's wall-clock times were read in (Asia/Kolkata by default).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Where the record came from: the server's host and the account, tenant or domain (set by the command).</summary>
    public string? Source { get; set; }
}
