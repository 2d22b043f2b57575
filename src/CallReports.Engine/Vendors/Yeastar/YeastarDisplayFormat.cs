using System.Text.RegularExpressions;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// The PBX's date and time display format (<c>system_date_format</c>, <c>system_time_format</c>, moment.js
/// style tokens) as .NET format strings. A report filtered with times in any other format comes back
/// empty without an error, so every time sent is built from this.
/// </summary>
public sealed class YeastarDisplayFormat
{
    private static readonly Regex DateShape = new("^(YYYY|MM|DD)([/.\\-])(YYYY|MM|DD)\\2(YYYY|MM|DD)$", RegexOptions.CultureInvariant);

    private YeastarDisplayFormat(string date, string time, string dotnetDate, bool twelveHour)
    {
        DateFormat = date;
        TimeFormat = time;
        DotNetDate = dotnetDate;
        TwelveHour = twelveHour;
    }

    /// <summary>The date format as the PBX names it, e.g. <c>DD/MM/YYYY</c>.</summary>
    public string DateFormat { get; }

    /// <summary>The time format as the PBX names it, e.g. <c>hh:mm:ss AM</c>.</summary>
    public string TimeFormat { get; }

    /// <summary>Whether times are 12-hour with AM/PM.</summary>
    public bool TwelveHour { get; }

    /// <summary>The date format in .NET terms, e.g. <c>dd/MM/yyyy</c>.</summary>
    public string DotNetDate { get; }

    /// <summary>The date and time format for <c>start_time</c>/<c>end_time</c>.</summary>
    public string DotNetDateTime => DotNetDate + " " + (TwelveHour ? "hh:mm:ss tt" : "HH:mm:ss");

    /// <summary>The PBX's default: <c>YYYY/MM/DD</c>, 24-hour.</summary>
    public static YeastarDisplayFormat Default => Parse("YYYY/MM/DD", "HH:mm:ss");

    /// <summary>Reads the two display formats.</summary>
    /// <exception cref="ArgumentException">The date format is not a day, month and year in some order, or the time format is not a time.</exception>
    public static YeastarDisplayFormat Parse(string dateFormat, string timeFormat)
    {
        var date = (dateFormat ?? string.Empty).Trim().ToUpperInvariant();
        if (!DateShape.IsMatch(date) || date.IndexOf("YYYY", StringComparison.Ordinal) < 0 || date.IndexOf("MM", StringComparison.Ordinal) < 0 || date.IndexOf("DD", StringComparison.Ordinal) < 0)
        {
            throw new ArgumentException($"'{dateFormat}' is not a Yeastar date display format: use YYYY, MM and DD with one separator, such as YYYY/MM/DD, DD/MM/YYYY or MM/DD/YYYY.", "DateFormat");
        }

        var time = (timeFormat ?? string.Empty).Trim();
        if (time.IndexOf("mm", StringComparison.OrdinalIgnoreCase) < 0 || time.IndexOf("h", StringComparison.OrdinalIgnoreCase) < 0)
        {
            throw new ArgumentException($"'{timeFormat}' is not a Yeastar time display format: use HH:mm:ss (24-hour) or hh:mm:ss AM (12-hour).", "TimeFormat");
        }

        // The PBX reports 24-hour display as "hh:mm:ss" too (system_time "2025/08/22 16:44:40"): only an AM/PM marker means 12-hour.
        var twelve = time.IndexOf('A') >= 0 || time.IndexOf('a') >= 0 || time.IndexOf("PM", StringComparison.OrdinalIgnoreCase) >= 0;
        return new YeastarDisplayFormat(date, time, date.Replace("YYYY", "yyyy").Replace("DD", "dd"), twelve);
    }

    /// <summary>A <c>start_time</c>/<c>end_time</c> value.</summary>
    public string FormatDateTime(DateTime value) => value.ToString(DotNetDateTime, CultureInfo.InvariantCulture);

    /// <summary>
    /// The <c>time</c> value: the date for an hourly breakdown, year and month for a daily one, the year
    /// for a monthly one, each in the PBX's order (DD/MM/YYYY gives MM/YYYY for a month).
    /// </summary>
    public string FormatPeriod(DateTime value, Models.YeastarGranularity granularity)
    {
        var format = granularity switch
        {
            Models.YeastarGranularity.Hour => DotNetDate,
            Models.YeastarGranularity.Day => WithoutDay(DotNetDate),
            _ => "yyyy",
        };
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a time the PBX wrote in its display format (or without seconds); false when it is not one.</summary>
    public bool TryParseDateTime(string text, out DateTime value) =>
        DateTime.TryParseExact(
            text,
            new[] { DotNetDateTime, DotNetDate + " HH:mm:ss", DotNetDate + " hh:mm:ss tt", DotNetDate + " HH:mm", "yyyy-MM-dd HH:mm:ss" },
            CultureInfo.InvariantCulture,
            DateTimeStyles.AllowWhiteSpaces,
            out value);

    private static string WithoutDay(string format)
    {
        var index = format.IndexOf("dd", StringComparison.Ordinal);
        return index == 0 ? format.Substring(3) : format.Remove(index - 1, 3);
    }
}
