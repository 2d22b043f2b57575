using System;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CallReports.Engine.Time;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Voxo;

/// <summary>
/// Turns one VOXO call-report record into a <see cref="VoxoCallRecord"/>: <c>time</c> is a naive
/// <c>MM/dd/yy HH:mm:ss</c> in the requested zone, cross-checked against the UNIX epoch Asterisk puts in
/// <c>uniqueId</c> (<c>host-epochSeconds.sequence</c>); 0/1 flags become booleans, "" becomes null.
/// </summary>
internal static class VoxoRecordMapper
{
    /// <summary>An epoch further than this from the wall-clock reading is not an epoch (zone offsets span 26 hours).</summary>
    private static readonly TimeSpan PlausibleEpochDistance = TimeSpan.FromHours(26);

    private static readonly string[] NaiveFormats =
    {
        "MM/dd/yy HH:mm:ss", "M/d/yy H:mm:ss", "MM/dd/yyyy HH:mm:ss", "M/d/yyyy H:mm:ss",
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    };

    private static readonly Regex EpochInUniqueId = new(@"(?:^|[^0-9])(?<epoch>[0-9]{9,10})\.[0-9]+$", RegexOptions.CultureInvariant | RegexOptions.Compiled);

    // Two-digit years are read as the 50 years either side of now, not .NET's fixed 1930–2029.
    private static readonly CultureInfo TwoDigitYears = CreateTwoDigitYearCulture();

    /// <summary>Maps a record.</summary>
    /// <param name="item">The JSON object.</param>
    /// <param name="zone">The zone the report was requested in.</param>
    /// <param name="zoneName">Its IANA name, as sent.</param>
    /// <param name="note">Receives a verbose note when the epoch in uniqueId corrects the time.</param>
    public static VoxoCallRecord ToRecord(JsonElement item, TimeZoneInfo zone, string zoneName, Action<string>? note)
    {
        var record = new VoxoCallRecord
        {
            Id = Text(item, "id") ?? string.Empty,
            TimeText = Text(item, "time"),
            TimeZone = zoneName,
            CallerIdNumber = Text(item, "callerIdNumber"),
            CallerIdName = Text(item, "callerIdName"),
            DialedNum = Text(item, "dialedNum"),
            Direction = Text(item, "direction"),
            Disposition = Text(item, "disposition"),
            Duration = Seconds(item, "duration"),
            AfterAnswerDuration = Seconds(item, "afterAnswerDuration"),
            PercentJitter = Number(item, "percentJitter"),
            PacketLoss = Number(item, "packetLoss"),
            Qos = Number(item, "qos"),
            Mos = Number(item, "mos"),
            UniqueId = Text(item, "uniqueId"),
            PrevUniqueId = Text(item, "prevUniqueId"),
            NextUniqueId = Text(item, "nextUniqueId"),
            WhoAnswered = Text(item, "whoAnswered"),
            Recorded = Flag(item, "recorded") ?? false,
            QueueCall = Flag(item, "queueCall") ?? false,
            Presented = Flag(item, "presented") ?? false,
            Ocn = Text(item, "ocn"),
            Ani = Text(item, "ani"),
            Lata = Text(item, "lata"),
            City = Text(item, "city"),
            RateCenter = Text(item, "rateCenter"),
            State = Text(item, "state"),
            Jurisdiction = Text(item, "jurisdiction"),
            Local = Flag(item, "local"),
            Lec = Text(item, "lec"),
            LecType = Text(item, "lecType"),
            Spid = Text(item, "spid"),
            IsTollFree = Flag(item, "isTollFree"),
            IsInternational = Flag(item, "isInternational"),
            CallOutcome = Text(item, "callOutcome"),
            OutgoingCidNum = Text(item, "outgoingCidNum"),
            BillingId = Text(item, "billingId"),
            PartnerId = Text(item, "partnerId"),
            Geolocation = Text(item, "geolocation"),
        };
        record.Time = ReadTime(record, zone, zoneName, note);
        return record;
    }

    /// <summary>The UNIX epoch inside an Asterisk unique id (<c>atl-ast2-1665457640.1430167</c>), or null.</summary>
    internal static DateTimeOffset? EpochOf(string? uniqueId)
    {
        if (uniqueId is null)
        {
            return null;
        }

        var match = EpochInUniqueId.Match(uniqueId);
        return match.Success && long.TryParse(match.Groups["epoch"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>A naive wall-clock time as VOXO writes it, or null.</summary>
    internal static DateTime? ParseWallClock(string text) =>
        DateTime.TryParseExact(text.Trim(), NaiveFormats, TwoDigitYears, DateTimeStyles.AllowWhiteSpaces, out var value) ? value : null;

    private static DateTimeOffset? ReadTime(VoxoCallRecord record, TimeZoneInfo zone, string zoneName, Action<string>? note)
    {
        var text = record.TimeText;
        DateTimeOffset? instant = null;
        DateTime? wall = null;
        if (text is not null)
        {
            wall = ParseWallClock(text);
            if (wall is { } naive)
            {
                instant = WallClock.ToInstant(naive, zone);
            }
            else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var zoned) && HasZone(text))
            {
                instant = zoned;
            }
        }

        var epoch = EpochOf(record.UniqueId);
        if (epoch is { } exact && (instant is null || (exact - instant.Value).Duration() < PlausibleEpochDistance))
        {
            var epochWall = TimeZoneInfo.ConvertTime(exact, zone).DateTime;
            if (instant is not null && (wall is null || epochWall != wall.Value) && exact != instant.Value)
            {
                note?.Invoke(string.Format(
                    CultureInfo.InvariantCulture,
                    "Record {0}: time '{1}' in {2} is {3:yyyy-MM-dd HH:mm:ss}Z, but the epoch in uniqueId {4} is {5:yyyy-MM-dd HH:mm:ss}Z; using the epoch.",
                    record.Id,
                    text,
                    zoneName,
                    instant.Value.UtcDateTime,
                    record.UniqueId,
                    exact.UtcDateTime));
            }

            // Also settles the repeated hour after a DST fall-back, which the wall clock alone cannot.
            instant = exact;
        }

        return instant is { } value ? TimeZoneInfo.ConvertTime(value, zone) : null;
    }

    private static bool HasZone(string text)
    {
        var trimmed = text.Trim();
        return trimmed.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || Regex.IsMatch(trimmed, @"[+-][0-9]{2}:?[0-9]{2}$", RegexOptions.CultureInvariant);
    }

    /// <summary>A string field; "" and null become null, numbers and objects are kept as their JSON text.</summary>
    internal static string? Text(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>A number that may arrive as a JSON number or a numeric string.</summary>
    internal static double? Number(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>A 0/1 (or true/false) flag; null when absent or null.</summary>
    internal static bool? Flag(JsonElement item, string name)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.GetDouble() != 0,
            JsonValueKind.String => value.GetString()?.Trim().ToUpperInvariant() switch
            {
                "1" or "TRUE" or "Y" or "YES" => true,
                "0" or "FALSE" or "N" or "NO" => false,
                _ => null,
            },
            _ => null,
        };
    }

    private static int Seconds(JsonElement item, string name) =>
        Number(item, name) is { } seconds ? (int)Math.Round(Math.Max(int.MinValue, Math.Min(int.MaxValue, seconds))) : 0;

    private static CultureInfo CreateTwoDigitYearCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.Calendar.TwoDigitYearMax = DateTime.UtcNow.Year + 49;
        return culture;
    }
}
