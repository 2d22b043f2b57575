using System.Text.RegularExpressions;
using CallReports.Engine.Json;
using CallReports.Engine.Text;
using CallReports.Engine.Time;

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

    [ThreadStatic]
    private static JsonFields? fields;


    // Two-digit years are read as the 50 years either side of now, not .NET's fixed 1930–2029.
    private static readonly CultureInfo TwoDigitYears = CreateTwoDigitYearCulture();

    /// <summary>Maps a record.</summary>
    /// <param name="item">The JSON object.</param>
    /// <param name="zone">The zone the report was requested in.</param>
    /// <param name="zoneName">Its IANA name, as sent.</param>
    /// <param name="note">Receives a verbose note when the epoch in uniqueId corrects the time.</param>
    public static VoxoCallRecord ToRecord(JsonElement item, TimeZoneInfo zone, string zoneName, Action<string>? note)
    {
        var fields = Fields;
        fields.Load(item);
        var record = new VoxoCallRecord
        {
            Id = Text(fields, Field.Id) ?? string.Empty,
            TimeText = Text(fields, Field.Time),
            TimeZone = zoneName,
            CallerIdNumber = Text(fields, Field.CallerIdNumber),
            CallerIdName = Text(fields, Field.CallerIdName),
            DialedNum = Text(fields, Field.DialedNum),
            Direction = Text(fields, Field.Direction),
            Disposition = Text(fields, Field.Disposition),
            Duration = Seconds(fields, Field.Duration),
            AfterAnswerDuration = Seconds(fields, Field.AfterAnswerDuration),
            PercentJitter = Number(fields, Field.PercentJitter),
            PacketLoss = Number(fields, Field.PacketLoss),
            Qos = Number(fields, Field.Qos),
            Mos = Number(fields, Field.Mos),
            UniqueId = Text(fields, Field.UniqueId),
            PrevUniqueId = Text(fields, Field.PrevUniqueId),
            NextUniqueId = Text(fields, Field.NextUniqueId),
            WhoAnswered = Text(fields, Field.WhoAnswered),
            Recorded = Flag(fields, Field.Recorded) ?? false,
            QueueCall = Flag(fields, Field.QueueCall) ?? false,
            Presented = Flag(fields, Field.Presented) ?? false,
            Ocn = Text(fields, Field.Ocn),
            Ani = Text(fields, Field.Ani),
            Lata = Text(fields, Field.Lata),
            City = Text(fields, Field.City),
            RateCenter = Text(fields, Field.RateCenter),
            State = Text(fields, Field.State),
            Jurisdiction = Text(fields, Field.Jurisdiction),
            Local = Flag(fields, Field.Local),
            Lec = Text(fields, Field.Lec),
            LecType = Text(fields, Field.LecType),
            Spid = Text(fields, Field.Spid),
            IsTollFree = Flag(fields, Field.IsTollFree),
            IsInternational = Flag(fields, Field.IsInternational),
            CallOutcome = Text(fields, Field.CallOutcome),
            OutgoingCidNum = Text(fields, Field.OutgoingCidNum),
            BillingId = Text(fields, Field.BillingId),
            PartnerId = Text(fields, Field.PartnerId),
            Geolocation = Text(fields, Field.Geolocation),
        };
        record.Time = ReadTime(record, zone, zoneName, note);
        return record;
    }

    /// <summary>
    /// The UNIX epoch inside an Asterisk unique id (<c>atl-ast2-1665457640.1430167</c>): 9 or 10 digits,
    /// at the start or after a non-digit, then a dot and the sequence digits to the end; or null.
    /// </summary>
    internal static DateTimeOffset? EpochOf(string? uniqueId)
    {
        if (uniqueId is null)
        {
            return null;
        }

        var dot = uniqueId.Length - 1;
        while (dot >= 0 && AsciiDigits.Is(uniqueId[dot]))
        {
            dot--;
        }

        if (dot < 0 || dot == uniqueId.Length - 1 || uniqueId[dot] != '.')
        {
            return null;
        }

        var first = dot;
        while (first > 0 && AsciiDigits.Is(uniqueId[first - 1]))
        {
            first--;
        }

        var digits = dot - first;
        if (digits is < 9 or > 10)
        {
            return null;
        }

        long seconds = 0;
        for (var i = first; i < dot; i++)
        {
            seconds = (seconds * 10) + (uniqueId[i] - '0');
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>A naive wall-clock time as VOXO writes it, or null.</summary>
    internal static DateTime? ParseWallClock(string text)
    {
        // VOXO's own shape, MM/dd/yy HH:mm:ss, read directly; anything else goes to the general parser.
        if (text.Length == 17 && text[2] == '/' && text[5] == '/' && text[8] == ' ' && text[11] == ':' && text[14] == ':' &&
            AsciiDigits.TryRead(text, 0, 2, out var month) && AsciiDigits.TryRead(text, 3, 5, out var day) && AsciiDigits.TryRead(text, 6, 8, out var year) &&
            AsciiDigits.TryRead(text, 9, 11, out var hour) && AsciiDigits.TryRead(text, 12, 14, out var minute) && AsciiDigits.TryRead(text, 15, 17, out var second))
        {
            var fullYear = TwoDigitYears.DateTimeFormat.Calendar.ToFourDigitYear(year);
            if (month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(fullYear, month) && hour < 24 && minute < 60 && second < 60)
            {
                return new DateTime(fullYear, month, day, hour, minute, second, DateTimeKind.Unspecified);
            }
        }

        return DateTime.TryParseExact(text.Trim(), NaiveFormats, TwoDigitYears, DateTimeStyles.AllowWhiteSpaces, out var value) ? value : null;
    }

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
                instant = ZoneClock.For(zone).ToInstant(naive);
            }
            else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var zoned) && HasZone(text))
            {
                instant = zoned;
            }
        }

        var epoch = EpochOf(record.UniqueId);
        if (epoch is { } exact && (instant is null || (exact - instant.Value).Duration() < PlausibleEpochDistance))
        {
            var epochWall = ZoneClock.For(zone).ToZone(exact).DateTime;
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

        return instant is { } value ? ZoneClock.For(zone).ToZone(value) : null;
    }

    private static bool HasZone(string text)
    {
        var trimmed = text.Trim();
        return trimmed.EndsWith("Z", StringComparison.OrdinalIgnoreCase) || Regex.IsMatch(trimmed, @"[+-][0-9]{2}:?[0-9]{2}$", RegexOptions.CultureInvariant);
    }

    /// <summary>A string field; "" and null become null, numbers and objects are kept as their JSON text.</summary>
    internal static string? Text(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? Text(value) : null;

    private static string? Text(JsonElement value)
    {
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>A number that may arrive as a JSON number or a numeric string.</summary>
    internal static double? Number(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? Number(value) : null;

    private static double? Number(JsonElement value)
    {
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => null,
        };
    }

    /// <summary>A 0/1 (or true/false) flag; null when absent or null.</summary>
    internal static bool? Flag(JsonElement item, string name) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(name, out var value) ? Flag(value) : null;

    private static bool? Flag(JsonElement value)
    {
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

    private static JsonFields Fields => fields ??= new JsonFields(Array.ConvertAll(Enum.GetNames(typeof(Field)), n => char.ToLowerInvariant(n[0]) + n.Substring(1)));

    private static int Seconds(JsonFields fields, Field slot) =>
        Number(fields, slot) is { } seconds ? (int)Math.Round(Math.Max(int.MinValue, Math.Min(int.MaxValue, seconds))) : 0;

    private static string? Text(JsonFields fields, Field slot) => fields.TryGet((int)slot, out var value) ? Text(value) : null;

    private static double? Number(JsonFields fields, Field slot) => fields.TryGet((int)slot, out var value) ? Number(value) : null;

    private static bool? Flag(JsonFields fields, Field slot) => fields.TryGet((int)slot, out var value) ? Flag(value) : null;

    private static CultureInfo CreateTwoDigitYearCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.Calendar.TwoDigitYearMax = DateTime.UtcNow.Year + 49;
        return culture;
    }

    /// <summary>The fields <see cref="ToRecord"/> reads; each is named as VOXO names it, in camelCase.</summary>
    private enum Field
    {
        Id,
        Time,
        CallerIdNumber,
        CallerIdName,
        DialedNum,
        Direction,
        Disposition,
        Duration,
        AfterAnswerDuration,
        PercentJitter,
        PacketLoss,
        Qos,
        Mos,
        UniqueId,
        PrevUniqueId,
        NextUniqueId,
        WhoAnswered,
        Recorded,
        QueueCall,
        Presented,
        Ocn,
        Ani,
        Lata,
        City,
        RateCenter,
        State,
        Jurisdiction,
        Local,
        Lec,
        LecType,
        Spid,
        IsTollFree,
        IsInternational,
        CallOutcome,
        OutgoingCidNum,
        BillingId,
        PartnerId,
        Geolocation,
    }
}
