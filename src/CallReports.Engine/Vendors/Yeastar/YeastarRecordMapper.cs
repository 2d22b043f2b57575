using System.Text;
using CallReports.Engine.Csv;
using CallReports.Engine.Text;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Turns one row of a Yeastar report CSV into a <see cref="YeastarReportRow"/>. Yeastar documents no columns, so a
/// row keeps the header's names and each value is typed by what it looks like: whole and decimal numbers, <c>h:mm:ss</c>
/// durations, PBX times in the PBX's display format (read in its zone), and text. The header's names, and the
/// PowerShell property names they become, are worked out once per report and shared by its rows.
/// </summary>
internal static class YeastarRecordMapper
{
    /// <summary>The header's names as the rows show them (trimmed, no byte order mark).</summary>
    internal static string[] ColumnNames(IReadOnlyList<string> header)
    {
        var names = new string[header.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = header[i].Trim().TrimStart('\uFEFF');
        }

        return names;
    }

    /// <summary>"Total Talking Time" → TotalTalkingTime; an empty name becomes ColumnN, a leading digit gets "_", a repeated name a number.</summary>
    internal static string[] PropertyNames(IReadOnlyList<string> columnNames)
    {
        var names = new string[columnNames.Count];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            var name = Pascal(columnNames[i]) is { Length: > 0 } pascal ? pascal : "Column" + (i + 1).ToString(CultureInfo.InvariantCulture);
            if (char.IsDigit(name[0]))
            {
                name = "_" + name;
            }

            var unique = name;
            for (var n = 2; !seen.Add(unique); n++)
            {
                unique = name + n.ToString(CultureInfo.InvariantCulture);
            }

            names[i] = unique;
        }

        return names;
    }

    /// <summary>A CSV row as a report row; <paramref name="names"/> and <paramref name="propertyNames"/> are the report's, shared by its rows.</summary>
    internal static YeastarReportRow ToRow(YeastarReportType type, CsvRow row, string[] names, IReadOnlyList<string> propertyNames, YeastarDisplayFormat format, ZoneClock clock)
    {
        var columns = new KeyValuePair<string, object?>[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            columns[i] = new(names[i], Convert(row.Text(i), format, clock));
        }

        return new YeastarReportRow { Type = type, RowNumber = row.Number, Columns = columns, PropertyNames = propertyNames };
    }

    /// <summary>A field typed: null, a number, a duration, a PBX time (in <paramref name="clock"/>'s zone), or the text.</summary>
    internal static object? Convert(string? raw, YeastarDisplayFormat format, ZoneClock clock)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        var text = raw!;

        // Leading zeros are identifiers (extension 0101), not numbers; so is a leading + (+442071234567, a phone
        // number a long would keep without its +).
        if (!(text.Length > 1 && (text[0] == '+' || (text[0] == '0' && char.IsDigit(text[1])))) && TryParseNumber(text, out var number))
        {
            return number;
        }

        if (TryParseDuration(text, out var duration))
        {
            return duration;
        }

        if (text.Length >= 10 && char.IsDigit(text[0]) && format.TryParseDateTime(text, out var wall))
        {
            return clock.ToInstant(wall);
        }

        return text;
    }

    /// <summary>A Yeastar duration, <c>h:mm:ss</c> with 1–4 hour digits (what the reports write for talk and hold times).</summary>
    internal static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var hoursLength = text.Length - 6;
        if (hoursLength is < 1 or > 4 || text[hoursLength] != ':' || text[hoursLength + 3] != ':')
        {
            return false;
        }

        if (!AsciiDigits.TryRead(text, 0, hoursLength, out var hours) ||
            !AsciiDigits.TryRead(text, hoursLength + 1, hoursLength + 3, out var minutes) ||
            !AsciiDigits.TryRead(text, hoursLength + 4, hoursLength + 6, out var seconds))
        {
            return false;
        }

        duration = new TimeSpan(hours, minutes, seconds);
        return true;
    }

    /// <summary>The row's first time value (the time a call list is cut by), or null.</summary>
    internal static DateTimeOffset? FirstTime(YeastarReportRow row)
    {
        foreach (var column in row.Columns)
        {
            if (column.Value is DateTimeOffset time)
            {
                return time;
            }
        }

        return null;
    }

    /// <summary>A zone with one offset all year, for a PBX whose zone is not known.</summary>
    internal static TimeZoneInfo FixedZone(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return TimeZoneInfo.Utc;
        }

        var name = "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
    }

    /// <summary>A string or number member of a JSON answer as text; null when absent, empty or of another kind.</summary>
    internal static string? Text(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s : null,
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static bool TryParseNumber(string text, out object? number)
    {
        number = null;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            number = whole;
        }
        else if (text.IndexOf('.') > 0 && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var real))
        {
            number = real;
        }

        return number is not null;
    }

    private static string Pascal(string header)
    {
        var text = new StringBuilder(header.Length);
        var upper = true;
        foreach (var c in header)
        {
            if (char.IsLetterOrDigit(c))
            {
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        return text.ToString();
    }
}
