using CallReports.Engine.Json;
using CallReports.Engine.Text;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>Turns one Ozonetel record (current or legacy field names) into an <see cref="OzonetelCallDetail"/>.</summary>
internal static class OzonetelRecordMapper
{
    private static readonly string[] DateTimeFormats = { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "dd-MM-yyyy HH:mm:ss" };
    private static readonly string[] TimeOfDayFormats = { @"hh\:mm\:ss", @"h\:mm\:ss", @"hh\:mm" };

    private static readonly Dictionary<string, int> Slots = CreateSlots();

    [ThreadStatic]
    private static JsonFields? fields;

    /// <summary>The fields <see cref="ToRecord"/> reads: each name, lower-cased, is the spelling-free key (see <see cref="Normalize"/>).</summary>
    private enum Field
    {
        ApiKey,
        CallDate,
        StartTime,
        EndTime,
        Ucid,
        MonitorUcid,
        CallId,
        Duration,
        CallDuration,
        TalkTime,
        HandlingTime,
        TimeToAnswer,
        QueueTime,
        HoldDuration,
        WrapupDuration,
        ConferenceDuration,
        ConfDuration,
        CustomerRingTime,
        CallerId,
        DialedNumber,
        E164,
        Did,
        DynamicDid,
        Location,
        AgentId,
        AgentName,
        AgentPhoneNumber,
        AgentUniqueId,
        Skill,
        CampaignName,
        CampaignStatus,
        CallFlow,
        Type,
        CallType,
        Status,
        DialStatus,
        AgentDialStatus,
        AgentStatus,
        CustomerDialStatus,
        CustomerStatus,
        Disposition,
        Comments,
        HangupBy,
        FallBackRule,
        DialCount,
        Uui,
        PhoneName,
        CallAudio,
        AudioFile,
        AudioDownload,
        CallerConfAudioFile,
        ConferenceData,
        DialOutName,
        Event,
        PickupTime,
        Rating,
        RatingComments,
        TransferType,
        TransferredTo,
        VideoRecordingUrl,
        WrapUpStartTime,
        WrapUpEndTime,
        DataUniqueId,
        CallCompleted,
        UserName,
    }

    /// <summary>
    /// This thread's field reader: a property goes to the slot of its spelling-free key, and the first
    /// value that is not null or "" wins (the API versions spell names differently and may repeat one).
    /// </summary>
    private static JsonFields Fields => fields ??= new JsonFields(Slots.Count, name => Slots.TryGetValue(Normalize(name), out var slot) ? slot : -1, keepFirstNonEmpty: true);

    /// <summary>A value as text: strings as they are, numbers as their exact JSON text (never through double), "" and null as null.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "TRUE",
        JsonValueKind.False => "FALSE",
        _ => null,
    };

    /// <summary>Maps a record; field names are matched without spaces, underscores or case (the versions spell them differently).</summary>
    public static OzonetelCallDetail ToRecord(JsonElement item, TimeZoneInfo zone, string userName)
    {
        var fields = Fields;
        fields.Load(item);
        if (fields.TryGet((int)Field.ApiKey, out var apiKey))
        {
            // The legacy API echoes the account's key in every record: never let it travel further.
            Redactor.Register(Text(apiKey));
        }

        string? F(params Field[] names)
        {
            foreach (var name in names)
            {
                if (fields.TryGet((int)name, out var value) && Text(value)?.Trim() is { Length: > 0 } text)
                {
                    return text;
                }
            }

            return null;
        }

        var clock = ZoneClock.For(zone);
        var callDate = F(Field.CallDate);
        var start = Instant(callDate, F(Field.StartTime), clock, null);
        var end = Instant(callDate, F(Field.EndTime), clock, start);
        return new OzonetelCallDetail
        {
            Ucid = F(Field.Ucid, Field.MonitorUcid) ?? string.Empty,
            CallId = F(Field.CallId),
            MonitorUcid = F(Field.MonitorUcid),
            StartTime = start,
            EndTime = end,
            Duration = Duration(F(Field.Duration)),
            CallDuration = Duration(F(Field.CallDuration)),
            TalkTime = Duration(F(Field.TalkTime)),
            HandlingTime = Duration(F(Field.HandlingTime)),
            TimeToAnswer = Duration(F(Field.TimeToAnswer)),
            QueueTime = Duration(F(Field.QueueTime)),
            HoldDuration = Duration(F(Field.HoldDuration)),
            WrapupDuration = Duration(F(Field.WrapupDuration)),
            ConferenceDuration = Duration(F(Field.ConferenceDuration, Field.ConfDuration)),
            CustomerRingTime = Duration(F(Field.CustomerRingTime)),
            CallerId = F(Field.CallerId),
            DialedNumber = F(Field.DialedNumber),
            E164 = F(Field.E164),
            Did = F(Field.Did),
            DynamicDid = F(Field.DynamicDid),
            Location = F(Field.Location),
            AgentId = F(Field.AgentId),
            AgentName = F(Field.AgentName),
            AgentPhoneNumber = F(Field.AgentPhoneNumber),
            AgentUniqueId = F(Field.AgentUniqueId),
            Skill = F(Field.Skill),
            CampaignName = F(Field.CampaignName),
            CampaignStatus = F(Field.CampaignStatus),
            CallFlow = F(Field.CallFlow),
            Type = F(Field.Type, Field.CallType),
            Status = F(Field.Status),
            DialStatus = F(Field.DialStatus),
            AgentDialStatus = F(Field.AgentDialStatus, Field.AgentStatus),
            CustomerDialStatus = F(Field.CustomerDialStatus, Field.CustomerStatus),
            Disposition = F(Field.Disposition),
            Comments = F(Field.Comments),
            HangupBy = F(Field.HangupBy),
            FallBackRule = F(Field.FallBackRule),
            DialCount = int.TryParse(F(Field.DialCount), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : null,
            Uui = F(Field.Uui),
            PhoneName = F(Field.PhoneName),
            AudioFile = F(Field.CallAudio, Field.AudioFile, Field.AudioDownload),
            CallerConfAudioFile = F(Field.CallerConfAudioFile),
            ConferenceData = fields.TryGet((int)Field.ConferenceData, out var conference) ? Structured(conference) : null,
            DialOutName = F(Field.DialOutName),
            Event = F(Field.Event),
            PickupTime = F(Field.PickupTime),
            Rating = F(Field.Rating),
            RatingComments = F(Field.RatingComments),
            TransferType = F(Field.TransferType),
            TransferredTo = F(Field.TransferredTo),
            VideoRecordingUrl = F(Field.VideoRecordingUrl),
            WrapUpStartTime = F(Field.WrapUpStartTime),
            WrapUpEndTime = F(Field.WrapUpEndTime),
            DataUniqueId = F(Field.DataUniqueId),
            CallCompleted = F(Field.CallCompleted) is { } done ? string.Equals(done, "TRUE", StringComparison.OrdinalIgnoreCase) || done == "1" : null,
            UserName = F(Field.UserName) ?? userName,
            TimeZone = clock.IanaName,
        };
    }

    /// <summary>A value that may be a list or an object: those as their compact JSON text (a flat column for Export-Csv), an empty one as null, anything else as <see cref="Text"/>.</summary>
    public static string? Structured(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.GetArrayLength() == 0 ? null : Compact(value),
        JsonValueKind.Object => value.EnumerateObject().MoveNext() ? Compact(value) : null,
        _ => Text(value)?.Trim() is { Length: > 0 } text ? text : null,
    };

    private static string Compact(JsonElement value)
    {
        using var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary><c>HH:MM:SS</c> (hours may exceed 23) as a TimeSpan; null when empty or unreadable.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var first = text.IndexOf(':');
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (second > 0 && text.IndexOf(':', second + 1) < 0)
        {
            return AsciiDigits.TryRead(text, 0, first, out var h) && AsciiDigits.TryRead(text, first + 1, second, out var m) && AsciiDigits.TryRead(text, second + 1, text.Length, out var s)
                ? new TimeSpan(h, m, s)
                : null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>
    /// A full <c>yyyy-MM-dd HH:mm:ss</c> (legacy), or a time of day joined to <c>CallDate</c> (current).
    /// An end time of day earlier than the start belongs to the next day (a call across midnight).
    /// </summary>
    private static DateTimeOffset? Instant(string? callDate, string? text, ZoneClock clock, DateTimeOffset? after)
    {
        if (text is null)
        {
            return null;
        }

        // The current API's shape (a time of day beside CallDate) is tried first, by hand; the rest by the general parser.
        if (callDate is not null && (TryDate(callDate, out var day) || DateTime.TryParseExact(callDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day)))
        {
            if (TryTimeOfDay(text, out var timeOfDay) || (text.Length <= 8 && TimeSpan.TryParseExact(text, TimeOfDayFormats, CultureInfo.InvariantCulture, out timeOfDay)))
            {
                var instant = clock.ToInstant(day + timeOfDay);
                return after is { } s && instant < s ? clock.ToInstant(day.AddDays(1) + timeOfDay) : instant;
            }
        }

        if (text.Length == 19 && text[10] is ' ' or 'T' && TryDate(text.Substring(0, 10), out var date) && TryTimeOfDay(text.Substring(11), out var time))
        {
            return clock.ToInstant(date + time);
        }

        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var full))
        {
            return clock.ToInstant(full);
        }

        if (callDate is not null &&
            DateTime.TryParseExact(callDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) &&
            TimeSpan.TryParseExact(text, TimeOfDayFormats, CultureInfo.InvariantCulture, out var later))
        {
            var instant = clock.ToInstant(day + later);
            return after is { } s && instant < s ? clock.ToInstant(day.AddDays(1) + later) : instant;
        }

        return null;
    }

    /// <summary><c>yyyy-MM-dd</c>, read directly.</summary>
    private static bool TryDate(string text, out DateTime date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-' ||
            !AsciiDigits.TryRead(text, 0, 4, out var year) || !AsciiDigits.TryRead(text, 5, 7, out var month) || !AsciiDigits.TryRead(text, 8, 10, out var day) ||
            year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
        return true;
    }

    /// <summary><c>HH:mm:ss</c> within a day, read directly.</summary>
    private static bool TryTimeOfDay(string text, out TimeSpan time)
    {
        time = default;
        if (text.Length != 8 || text[2] != ':' || text[5] != ':' ||
            !AsciiDigits.TryRead(text, 0, 2, out var hours) || !AsciiDigits.TryRead(text, 3, 5, out var minutes) || !AsciiDigits.TryRead(text, 6, 8, out var seconds) ||
            hours > 23 || minutes > 59 || seconds > 59)
        {
            return false;
        }

        time = new TimeSpan(hours, minutes, seconds);
        return true;
    }

    private static Dictionary<string, int> CreateSlots()
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Field field in Enum.GetValues(typeof(Field)))
        {
            slots[field.ToString().ToLowerInvariant()] = (int)field;
        }

        return slots;
    }

    /// <summary>A field name without spaces, underscores, hyphens or case: the key every API version's spelling shares.</summary>
    private static string Normalize(string name)
    {
        var chars = new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (c is not (' ' or '_' or '-'))
            {
                chars[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(chars, 0, n);
    }
}
