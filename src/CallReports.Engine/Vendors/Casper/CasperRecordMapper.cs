using System.IO;
using CallReports.Engine.Csv;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// Turns Cloud Call Detail CSV rows into <see cref="CasperCallDetail"/>s, cleaning RingCX's quirks.
/// Built once per report from its header: columns are found by name once and read by position on
/// every row.
/// </summary>
internal sealed class CasperRecordMapper
{
    /// <summary>The columns a body must have to be this report (checked on the header).</summary>
    internal static readonly string[] RequiredColumns = { "uii", "enqueue_time", "call_state" };

    /// <summary>RingCX writes US short dates with a 2-digit year and no seconds; seconds and 4-digit years are accepted too.</summary>
    private static readonly string[] TimeFormats =
    {
        "M/d/yy h:mm tt", "M/d/yy h:mm:ss tt", "M/d/yyyy h:mm tt", "M/d/yyyy h:mm:ss tt",
        "M/d/yy H:mm", "M/d/yy H:mm:ss", "M/d/yyyy H:mm", "M/d/yyyy H:mm:ss",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss",
    };

    private readonly ZoneClock clock;
    private readonly int cloudProfileId, profileName, uii, ani, dnis, outboundExternId, mediaIsci, mediaNetwork, mediaMarket, mediaCode,
        mediaFormat, mediaVersion, mediaLength, enqueueTime, dequeueTime, queueTime, callState, isCellular, dequeueAttempts, callResult,
        inboundDuration, recordingUrl, connectedId, connectedName, connectedRoute, connectedDuration, attempt1Id, attempt1Name, attempt1Route,
        attempt1Disp, attempt2Id, attempt2Name, attempt2Route, attempt2Disp;

    /// <summary>Checks the header (see <see cref="CheckHeader"/>) and finds every column once.</summary>
    public CasperRecordMapper(CsvHeader header, TimeZoneInfo zone)
    {
        CheckHeader(header);
        clock = new ZoneClock(zone);
        cloudProfileId = header.IndexOf("cloud_profile_id");
        profileName = header.IndexOf("profile_name");
        uii = header.IndexOf("uii");
        ani = header.IndexOf("ani");
        dnis = header.IndexOf("dnis");
        outboundExternId = header.IndexOf("outbound_externid");
        mediaIsci = header.IndexOf("media_isci");
        mediaNetwork = header.IndexOf("media_network");
        mediaMarket = header.IndexOf("smedia_market", "media_market");
        mediaCode = header.IndexOf("media_code");
        mediaFormat = header.IndexOf("media_format");
        mediaVersion = header.IndexOf("media_version");
        mediaLength = header.IndexOf("media_length");
        enqueueTime = header.IndexOf("enqueue_time");
        dequeueTime = header.IndexOf("dequeue_time");
        queueTime = header.IndexOf("queue_time");
        callState = header.IndexOf("call_state");
        isCellular = header.IndexOf("is_cellular");
        dequeueAttempts = header.IndexOf("dequeue_attempts");
        callResult = header.IndexOf("call_result");
        inboundDuration = header.IndexOf("inbound_duration");
        recordingUrl = header.IndexOf("recording_url");
        connectedId = header.IndexOf("connected_id");
        connectedName = header.IndexOf("connected_name");
        connectedRoute = header.IndexOf("connected_route");
        connectedDuration = header.IndexOf("connected_duration");
        attempt1Id = header.IndexOf("attempt_1_id");
        attempt1Name = header.IndexOf("attempt_1_name");
        attempt1Route = header.IndexOf("attempt_1_route");
        attempt1Disp = header.IndexOf("attempt_1_disp");
        attempt2Id = header.IndexOf("attempt_2_id");
        attempt2Name = header.IndexOf("attempt_2_name");
        attempt2Route = header.IndexOf("attempt_2_route");
        attempt2Disp = header.IndexOf("attempt_2_disp");
    }

    public CasperCallDetail ToRecord(CsvRow row) => new()
    {
        CloudProfileId = row.Int64(cloudProfileId),
        ProfileName = row.Text(profileName),
        Uii = CleanUii(row.Raw(uii)),
        Ani = row.Text(ani),
        Dnis = row.Text(dnis),
        OutboundExternId = row.Text(outboundExternId),
        MediaIsci = row.Text(mediaIsci),
        MediaNetwork = row.Text(mediaNetwork),
        MediaMarket = row.Text(mediaMarket),
        MediaCode = row.Text(mediaCode),
        MediaFormat = row.Text(mediaFormat),
        MediaVersion = row.Text(mediaVersion),
        MediaLength = row.Int32(mediaLength),
        EnqueueTime = Time(row, enqueueTime),
        DequeueTime = Time(row, dequeueTime),
        QueueTimeSeconds = row.Int32(queueTime),
        CallState = row.Text(callState),
        IsCellular = Flag(row.Text(isCellular)),
        DequeueAttempts = row.Int32(dequeueAttempts),
        CallResult = row.Text(callResult),
        InboundDurationSeconds = row.Int32(inboundDuration),
        RecordingUrl = row.Text(recordingUrl),
        ConnectedId = row.Int64(connectedId),
        ConnectedName = row.Text(connectedName),
        ConnectedRoute = row.Text(connectedRoute),
        ConnectedDurationSeconds = row.Int32(connectedDuration),
        Attempt1Id = row.Int64(attempt1Id),
        Attempt1Name = row.Text(attempt1Name),
        Attempt1Route = row.Text(attempt1Route),
        Attempt1Disposition = row.Text(attempt1Disp),
        Attempt2Id = row.Int64(attempt2Id),
        Attempt2Name = row.Text(attempt2Name),
        Attempt2Route = row.Text(attempt2Route),
        Attempt2Disposition = row.Text(attempt2Disp),
    };

    /// <summary>A field of a RingCX JSON object as text: a non-empty string, or a number or boolean as written; otherwise null.</summary>
    /// <param name="element">The object (anything else has no fields).</param>
    /// <param name="name">The field.</param>
    internal static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
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

    /// <summary>The uii without the apostrophe RingCX puts in front (an Excel "text" guard for a 30-digit number).</summary>
    internal static string CleanUii(string? raw)
    {
        var text = raw?.Trim() ?? string.Empty;
        return text.StartsWith("'", StringComparison.Ordinal) ? text.Substring(1).Trim() : text;
    }

    /// <summary>A report time as RingCX writes it, naive (no zone), or false.</summary>
    internal static bool TryParseTime(string text, out DateTime wallClock) =>
        TryParseUsTime(text, out wallClock) ||
        DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out wallClock);

    /// <summary>
    /// The common shape, <c>M/d/yy h:mm[:ss] AM</c> (1–2 digit month, day and hour, 2- or 4-digit year,
    /// 12- or 24-hour), read without the general parser; anything else is left to
    /// <see cref="DateTime.TryParseExact(string, string[], IFormatProvider, DateTimeStyles, out DateTime)"/>.
    /// </summary>
    internal static bool TryParseUsTime(string text, out DateTime wallClock)
    {
        wallClock = default;
        var i = 0;
        if (!Number(text, ref i, 1, 2, out var month) || !Expect(text, ref i, '/') ||
            !Number(text, ref i, 1, 2, out var day) || !Expect(text, ref i, '/'))
        {
            return false;
        }

        var yearStart = i;
        if (!Number(text, ref i, 2, 4, out var year) || (i - yearStart) == 3 || !Expect(text, ref i, ' ') ||
            !Number(text, ref i, 1, 2, out var hour) || !Expect(text, ref i, ':') || !Number(text, ref i, 2, 2, out var minute))
        {
            return false;
        }

        var second = 0;
        if (i < text.Length && text[i] == ':')
        {
            i++;
            if (!Number(text, ref i, 2, 2, out second))
            {
                return false;
            }
        }

        if (i < text.Length)
        {
            if (!Expect(text, ref i, ' ') || i + 2 != text.Length || (text[i + 1] != 'M' && text[i + 1] != 'm') || hour is < 1 or > 12)
            {
                return false;
            }

            var pm = text[i] is 'P' or 'p';
            if (!pm && text[i] is not ('A' or 'a'))
            {
                return false;
            }

            hour = hour % 12 + (pm ? 12 : 0);
        }

        if (year < 100)
        {
            year = CultureInfo.InvariantCulture.Calendar.ToFourDigitYear(year);
        }

        if (month is < 1 or > 12 || year is < 1 or > 9999 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        wallClock = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
        return true;
    }

    private static bool Number(string text, ref int i, int minDigits, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < text.Length && i - start < maxDigits && text[i] is >= '0' and <= '9')
        {
            value = (value * 10) + (text[i] - '0');
            i++;
        }

        return i - start >= minDigits && (i >= text.Length || text[i] is < '0' or > '9');
    }

    private static bool Expect(string text, ref int i, char c)
    {
        if (i < text.Length && text[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }

    private static bool Flag(string? text) =>
        text is not null && (text.Equals("Yes", StringComparison.OrdinalIgnoreCase) || text.Equals("Y", StringComparison.OrdinalIgnoreCase) ||
            text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");

    /// <summary>A naive report time read in the report zone.</summary>
    private DateTimeOffset? Time(CsvRow row, int index)
    {
        var text = row.Text(index);
        if (text is null)
        {
            return null;
        }

        if (TryParseTime(text, out var wallClock))
        {
            return clock.ToInstant(wallClock);
        }

        throw row.Bad(index, text, "is not a time RingCX writes (M/d/yy h:mm AM)");
    }
}
