using System;

namespace CallReports.Models;

/// <summary>
/// One row of the RingCentral Engage Voice / RingCX "Cloud Call Detail" report (<c>CASPER_REPORT</c>,
/// <c>POST …/admin/accounts/{accountId}/reportsStreaming</c>): one cloud-routed call. Each property
/// names the CSV column it comes from. Times are read in the report's time zone (<c>timezoneName</c>)
/// and carry that zone's offset; durations are whole seconds.
/// </summary>
public sealed class CasperCallDetail
{
    /// <summary>Cloud routing profile id (<c>cloud_profile_id</c>).</summary>
    public long? CloudProfileId { get; set; }

    /// <summary>Cloud routing profile name (<c>profile_name</c>).</summary>
    public string? ProfileName { get; set; }

    /// <summary>Unique interaction id (<c>uii</c>), without the leading apostrophe RingCX adds; a string, never a number (30 digits).</summary>
    public string Uii { get; set; } = string.Empty;

    /// <summary>Caller number (<c>ani</c>).</summary>
    public string? Ani { get; set; }

    /// <summary>Dialled number (<c>dnis</c>).</summary>
    public string? Dnis { get; set; }

    /// <summary>Outbound external id (<c>outbound_externid</c>).</summary>
    public string? OutboundExternId { get; set; }

    /// <summary>Media ISCI code (<c>media_isci</c>).</summary>
    public string? MediaIsci { get; set; }

    /// <summary>Media network (<c>media_network</c>).</summary>
    public string? MediaNetwork { get; set; }

    /// <summary>Media market (<c>smedia_market</c> in the column list, <c>media_market</c> in the sample; both are read).</summary>
    public string? MediaMarket { get; set; }

    /// <summary>Media code (<c>media_code</c>).</summary>
    public string? MediaCode { get; set; }

    /// <summary>Media format (<c>media_format</c>).</summary>
    public string? MediaFormat { get; set; }

    /// <summary>Media version (<c>media_version</c>).</summary>
    public string? MediaVersion { get; set; }

    /// <summary>Media length as RingCX sends it (<c>media_length</c>).</summary>
    public int? MediaLength { get; set; }

    /// <summary>When the call entered the cloud queue (<c>enqueue_time</c>), minute precision, in the report zone.</summary>
    public DateTimeOffset? EnqueueTime { get; set; }

    /// <summary>When the call left the cloud queue (<c>dequeue_time</c>), minute precision, in the report zone.</summary>
    public DateTimeOffset? DequeueTime { get; set; }

    /// <summary>Seconds in queue (<c>queue_time</c>).</summary>
    public int? QueueTimeSeconds { get; set; }

    /// <summary>Call state (<c>call_state</c>), without the padding RingCX adds, e.g. <c>COMPLETE</c>.</summary>
    public string? CallState { get; set; }

    /// <summary>Whether the caller was on a cellular phone (<c>is_cellular</c>, <c>Yes</c>/<c>No</c>).</summary>
    public bool IsCellular { get; set; }

    /// <summary>How many times the call was offered to a destination (<c>dequeue_attempts</c>).</summary>
    public int? DequeueAttempts { get; set; }

    /// <summary>Call result (<c>call_result</c>), e.g. <c>CONNECTED</c>.</summary>
    public string? CallResult { get; set; }

    /// <summary>Seconds of the inbound leg (<c>inbound_duration</c>).</summary>
    public int? InboundDurationSeconds { get; set; }

    /// <summary>Recording URL (<c>recording_url</c>).</summary>
    public string? RecordingUrl { get; set; }

    /// <summary>Id of the destination the call connected to (<c>connected_id</c>).</summary>
    public long? ConnectedId { get; set; }

    /// <summary>Name of the destination the call connected to (<c>connected_name</c>).</summary>
    public string? ConnectedName { get; set; }

    /// <summary>Number the call was routed to when it connected (<c>connected_route</c>).</summary>
    public string? ConnectedRoute { get; set; }

    /// <summary>Seconds connected (<c>connected_duration</c>).</summary>
    public int? ConnectedDurationSeconds { get; set; }

    /// <summary>First routing attempt: destination id (<c>attempt_1_id</c>).</summary>
    public long? Attempt1Id { get; set; }

    /// <summary>First routing attempt: destination name (<c>attempt_1_name</c>).</summary>
    public string? Attempt1Name { get; set; }

    /// <summary>First routing attempt: number dialled (<c>attempt_1_route</c>).</summary>
    public string? Attempt1Route { get; set; }

    /// <summary>First routing attempt: disposition (<c>attempt_1_disp</c>), e.g. <c>ANSWER(5)</c>.</summary>
    public string? Attempt1Disposition { get; set; }

    /// <summary>Second routing attempt: destination id (<c>attempt_2_id</c>).</summary>
    public long? Attempt2Id { get; set; }

    /// <summary>Second routing attempt: destination name (<c>attempt_2_name</c>).</summary>
    public string? Attempt2Name { get; set; }

    /// <summary>Second routing attempt: number dialled (<c>attempt_2_route</c>).</summary>
    public string? Attempt2Route { get; set; }

    /// <summary>Second routing attempt: disposition (<c>attempt_2_disp</c>).</summary>
    public string? Attempt2Disposition { get; set; }

    /// <summary>Where the record came from: the server's host and the account, tenant or domain (set by the command).</summary>
    public string? Source { get; set; }
}
