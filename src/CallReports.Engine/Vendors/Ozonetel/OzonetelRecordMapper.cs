using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Time;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>Turns one Ozonetel record (current or legacy field names) into an <see cref="OzonetelCallDetail"/>.</summary>
internal static class OzonetelRecordMapper
{
    private static readonly string[] DateTimeFormats = { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "dd-MM-yyyy HH:mm:ss" };

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
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in item.EnumerateObject())
            {
                var key = Normalize(property.Name);
                if (key == "apikey")
                {
                    // The legacy API echoes the account's key in every record: never let it travel further.
                    Redactor.Register(Text(property.Value));
                    continue;
                }

                if (Text(property.Value) is { } text && !fields.ContainsKey(key))
                {
                    fields[key] = text.Trim();
                }
            }
        }

        string? F(params string[] names)
        {
            foreach (var name in names)
            {
                if (fields.TryGetValue(name, out var value) && value.Length > 0)
                {
                    return value;
                }
            }

            return null;
        }

        var callDate = F("calldate");
        var start = Instant(callDate, F("starttime"), zone, null);
        var end = Instant(callDate, F("endtime"), zone, start);
        return new OzonetelCallDetail
        {
            Ucid = F("ucid", "monitorucid") ?? string.Empty,
            CallId = F("callid"),
            MonitorUcid = F("monitorucid"),
            StartTime = start,
            EndTime = end,
            Duration = Duration(F("duration")),
            CallDuration = Duration(F("callduration")),
            TalkTime = Duration(F("talktime")),
            HandlingTime = Duration(F("handlingtime")),
            TimeToAnswer = Duration(F("timetoanswer")),
            QueueTime = Duration(F("queuetime")),
            HoldDuration = Duration(F("holdduration")),
            WrapupDuration = Duration(F("wrapupduration")),
            ConferenceDuration = Duration(F("conferenceduration", "confduration")),
            CustomerRingTime = Duration(F("customerringtime")),
            CallerId = F("callerid"),
            DialedNumber = F("dialednumber"),
            E164 = F("e164"),
            Did = F("did"),
            DynamicDid = F("dynamicdid"),
            Location = F("location"),
            AgentId = F("agentid"),
            AgentName = F("agentname"),
            AgentPhoneNumber = F("agentphonenumber"),
            AgentUniqueId = F("agentuniqueid"),
            Skill = F("skill"),
            CampaignName = F("campaignname"),
            CampaignStatus = F("campaignstatus"),
            CallFlow = F("callflow"),
            Type = F("type", "calltype"),
            Status = F("status"),
            DialStatus = F("dialstatus"),
            AgentDialStatus = F("agentdialstatus", "agentstatus"),
            CustomerDialStatus = F("customerdialstatus", "customerstatus"),
            Disposition = F("disposition"),
            Comments = F("comments"),
            HangupBy = F("hangupby"),
            FallBackRule = F("fallbackrule"),
            DialCount = int.TryParse(F("dialcount"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : null,
            Uui = F("uui"),
            PhoneName = F("phonename"),
            AudioFile = F("callaudio", "audiofile", "audiodownload"),
            CallerConfAudioFile = F("callerconfaudiofile"),
            DialOutName = F("dialoutname"),
            Event = F("event"),
            PickupTime = F("pickuptime"),
            Rating = F("rating"),
            RatingComments = F("ratingcomments"),
            TransferType = F("transfertype"),
            TransferredTo = F("transferredto"),
            VideoRecordingUrl = F("videorecordingurl"),
            WrapUpStartTime = F("wrapupstarttime"),
            WrapUpEndTime = F("wrapupendtime"),
            DataUniqueId = F("datauniqueid"),
            CallCompleted = F("callcompleted") is { } done ? string.Equals(done, "TRUE", StringComparison.OrdinalIgnoreCase) || done == "1" : null,
            UserName = F("username") ?? userName,
            TimeZone = ZoneResolver.IanaName(zone),
        };
    }

    /// <summary><c>HH:MM:SS</c> (hours may exceed 23) as a TimeSpan; null when empty or unreadable.</summary>
    public static TimeSpan? Duration(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(':');
        if (parts.Length == 3 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) &&
            int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s))
        {
            return new TimeSpan(h, m, s);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>
    /// A full <c>yyyy-MM-dd HH:mm:ss</c> (legacy), or a time of day joined to <c>CallDate</c> (current).
    /// An end time of day earlier than the start belongs to the next day (a call across midnight).
    /// </summary>
    private static DateTimeOffset? Instant(string? callDate, string? text, TimeZoneInfo zone, DateTimeOffset? after)
    {
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var full))
        {
            return WallClock.ToInstant(full, zone);
        }

        if (callDate is not null &&
            DateTime.TryParseExact(callDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) &&
            TimeSpan.TryParseExact(text, new[] { @"hh\:mm\:ss", @"h\:mm\:ss", @"hh\:mm" }, CultureInfo.InvariantCulture, out var timeOfDay))
        {
            var instant = WallClock.ToInstant(day + timeOfDay, zone);
            return after is { } s && instant < s ? WallClock.ToInstant(day.AddDays(1) + timeOfDay, zone) : instant;
        }

        return null;
    }

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
