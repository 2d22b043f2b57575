using System;
using System.Collections.Generic;
using System.Globalization;

namespace CallReports.Sandbox.Emulators.Casper;

/// <summary>One call in the emulated Cloud Call Detail report, and how it is written as a CSV row.</summary>
public sealed class CasperCallRow
{
    /// <summary>The sample header of the vendor page, verbatim (it says <c>media_market</c> where the column list says <c>smedia_market</c>).</summary>
    public static readonly string[] Header =
    {
        "cloud_profile_id", "profile_name", "uii", "ani", "dnis", "outbound_externid", "media_isci", "media_network", "media_market", "media_code",
        "media_format", "media_version", "media_length", "enqueue_time", "dequeue_time", "queue_time", "call_state", "is_cellular", "dequeue_attempts",
        "call_result", "inbound_duration", "recording_url", "connected_id", "connected_name", "connected_route", "connected_duration", "attempt_1_id",
        "attempt_1_name", "attempt_1_route", "attempt_1_disp", "attempt_2_id", "attempt_2_name", "attempt_2_route", "attempt_2_disp",
    };

    public string AccountId { get; set; } = CasperEmulator.AccountId;

    public int? ProfileGroupId { get; set; }

    public int CloudProfileId { get; set; }

    public string ProfileName { get; set; } = string.Empty;

    /// <summary>The uii digits; written with a leading apostrophe.</summary>
    public string Uii { get; set; } = string.Empty;

    public string Ani { get; set; } = string.Empty;

    public string Dnis { get; set; } = string.Empty;

    public string MediaMarket { get; set; } = string.Empty;

    public int MediaLength { get; set; }

    /// <summary>When the call was queued (UTC).</summary>
    public DateTimeOffset Enqueue { get; set; }

    public DateTimeOffset Dequeue { get; set; }

    public int QueueTime { get; set; }

    public string CallState { get; set; } = "COMPLETE";

    public bool IsCellular { get; set; }

    public int DequeueAttempts { get; set; }

    public string CallResult { get; set; } = "CONNECTED";

    public int InboundDuration { get; set; }

    public string RecordingUrl { get; set; } = string.Empty;

    public int? ConnectedId { get; set; }

    public int? DestinationGroupId { get; set; }

    public string ConnectedName { get; set; } = string.Empty;

    public string ConnectedRoute { get; set; } = string.Empty;

    public int ConnectedDuration { get; set; }

    public int? Attempt1Id { get; set; }

    public string Attempt1Name { get; set; } = string.Empty;

    public string Attempt1Route { get; set; } = string.Empty;

    public string Attempt1Disp { get; set; } = string.Empty;

    public int? Attempt2Id { get; set; }

    public string Attempt2Name { get; set; } = string.Empty;

    public string Attempt2Route { get; set; } = string.Empty;

    public string Attempt2Disp { get; set; } = string.Empty;

    /// <summary>0: <c>M/d/yy h:mm tt</c> (what RingCX writes); 1: with seconds; 2: four-digit year (ASSUMED variants the page never shows).</summary>
    public int TimeStyle { get; set; }

    /// <summary>The fields of the row, unquoted, with times written in <paramref name="zone"/>.</summary>
    public IReadOnlyList<string> Fields(TimeZoneInfo zone) => new[]
    {
        CloudProfileId.ToString(CultureInfo.InvariantCulture), ProfileName, "'" + Uii, Ani, Dnis, string.Empty, string.Empty, string.Empty, MediaMarket, string.Empty,
        string.Empty, string.Empty, MediaLength.ToString(CultureInfo.InvariantCulture), Time(Enqueue, zone), Time(Dequeue, zone), QueueTime.ToString(CultureInfo.InvariantCulture),
        CallState.PadRight(20), IsCellular ? "Yes" : "No", DequeueAttempts.ToString(CultureInfo.InvariantCulture), CallResult, InboundDuration.ToString(CultureInfo.InvariantCulture),
        RecordingUrl, Id(ConnectedId), ConnectedName, ConnectedRoute, ConnectedDuration.ToString(CultureInfo.InvariantCulture), Id(Attempt1Id), Attempt1Name, Attempt1Route, Attempt1Disp,
        Id(Attempt2Id), Attempt2Name, Attempt2Route, Attempt2Disp,
    };

    /// <summary>The enqueue time as wall-clock minutes in <paramref name="zone"/> (what the report filters on).</summary>
    public DateTime LocalEnqueueMinute(TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(Enqueue, zone).DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0);
    }

    private string Time(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var format = TimeStyle switch
        {
            1 => "M/d/yy h:mm:ss tt",
            2 => "M/d/yyyy h:mm tt",
            _ => "M/d/yy h:mm tt",
        };
        return TimeZoneInfo.ConvertTime(instant, zone).ToString(format, CultureInfo.InvariantCulture);
    }

    private static string Id(int? id) => id?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}
