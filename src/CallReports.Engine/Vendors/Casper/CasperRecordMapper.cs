using System;
using System.Globalization;
using System.IO;
using CallReports.Engine.Csv;
using CallReports.Engine.Time;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>Turns one Cloud Call Detail CSV row into a <see cref="CasperCallDetail"/>, cleaning RingCX's quirks.</summary>
internal static class CasperRecordMapper
{
    /// <summary>RingCX writes US short dates with a 2-digit year and no seconds; seconds and 4-digit years are accepted too.</summary>
    private static readonly string[] TimeFormats =
    {
        "M/d/yy h:mm tt", "M/d/yy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt",
        "M/d/yy H:mm", "M/d/yy H:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
    };

    /// <summary>The columns a body must have to be this report (checked on the header).</summary>
    internal static readonly string[] RequiredColumns = { "uii", "enqueue_time", "call_state" };

    public static CasperCallDetail ToRecord(CsvRow row, TimeZoneInfo zone) => new()
    {
        CloudProfileId = row.Int64("cloud_profile_id"),
        ProfileName = row.Text("profile_name"),
        Uii = CleanUii(row.Raw("uii")),
        Ani = row.Text("ani"),
        Dnis = row.Text("dnis"),
        OutboundExternId = row.Text("outbound_externid"),
        MediaIsci = row.Text("media_isci"),
        MediaNetwork = row.Text("media_network"),
        MediaMarket = row.Text("smedia_market", "media_market"),
        MediaCode = row.Text("media_code"),
        MediaFormat = row.Text("media_format"),
        MediaVersion = row.Text("media_version"),
        MediaLength = row.Int32("media_length"),
        EnqueueTime = Time(row, "enqueue_time", zone),
        DequeueTime = Time(row, "dequeue_time", zone),
        QueueTimeSeconds = row.Int32("queue_time"),
        CallState = row.Text("call_state"),
        IsCellular = Flag(row, "is_cellular"),
        DequeueAttempts = row.Int32("dequeue_attempts"),
        CallResult = row.Text("call_result"),
        InboundDurationSeconds = row.Int32("inbound_duration"),
        RecordingUrl = row.Text("recording_url"),
        ConnectedId = row.Int64("connected_id"),
        ConnectedName = row.Text("connected_name"),
        ConnectedRoute = row.Text("connected_route"),
        ConnectedDurationSeconds = row.Int32("connected_duration"),
        Attempt1Id = row.Int64("attempt_1_id"),
        Attempt1Name = row.Text("attempt_1_name"),
        Attempt1Route = row.Text("attempt_1_route"),
        Attempt1Disposition = row.Text("attempt_1_disp"),
        Attempt2Id = row.Int64("attempt_2_id"),
        Attempt2Name = row.Text("attempt_2_name"),
        Attempt2Route = row.Text("attempt_2_route"),
        Attempt2Disposition = row.Text("attempt_2_disp"),
    };

    /// <summary>The uii without the apostrophe RingCX puts in front (an Excel "text" guard for a 30-digit number).</summary>
    internal static string CleanUii(string? raw)
    {
        var text = raw?.Trim() ?? string.Empty;
        return text.StartsWith("'", StringComparison.Ordinal) ? text.Substring(1).Trim() : text;
    }

    /// <summary>A naive report time read in the report zone.</summary>
    internal static DateTimeOffset? Time(CsvRow row, string name, TimeZoneInfo zone)
    {
        var text = row.Text(name);
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var wallClock))
        {
            return WallClock.ToInstant(wallClock, zone);
        }

        throw row.Bad(name, text, "is not a time RingCX writes (M/d/yy h:mm AM)");
    }

    private static bool Flag(CsvRow row, string name)
    {
        var text = row.Text(name);
        return text is not null && (text.Equals("Yes", StringComparison.OrdinalIgnoreCase) || text.Equals("Y", StringComparison.OrdinalIgnoreCase) ||
            text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");
    }

    /// <summary>A body is this report when its header has the key columns.</summary>
    internal static void CheckHeader(CsvHeader header)
    {
        foreach (var column in RequiredColumns)
        {
            if (!header.Contains(column))
            {
                throw new InvalidDataException($"The report has no '{column}' column (its header is: {string.Join(", ", header.Names)}). Is -Delimiter the one the report was written with?");
            }
        }
    }
}
