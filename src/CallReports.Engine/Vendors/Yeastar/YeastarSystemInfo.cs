using System.Collections.Concurrent;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>What <c>system/information</c> said about a PBX, cached per server: <paramref name="Offset"/> is its UTC offset when asked, <paramref name="Zone"/> the zone it names, if any.</summary>
internal sealed record YeastarSystemInfo(string? Firmware, string? DateFormat, string? TimeFormat, TimeSpan? Offset, TimeZoneInfo? Zone = null)
{
    private static readonly ConcurrentDictionary<string, YeastarSystemInfo> Known = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>For tests: forget what the PBXs said.</summary>
    internal static void Forget() => Known.Clear();

    /// <summary>The PBX's firmware, display formats and UTC offset (<c>system/information</c>), once per server per process.</summary>
    public static async Task<YeastarSystemInfo> GetAsync(YeastarSession session, OperationLog log, CancellationToken cancellationToken)
    {
        var server = session.Connection.ServerDisplay;
        if (Known.TryGetValue(server, out var cached))
        {
            return cached;
        }

        using var document = await session.GetJsonAsync(YeastarSession.AuthPath + "system/information", Array.Empty<KeyValuePair<string, string>>(), "the PBX information", cancellationToken).ConfigureAwait(false);
        var data = document.RootElement.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : document.RootElement;
        var info = new YeastarSystemInfo(YeastarRecordMapper.Text(data, "firmware_version"), YeastarRecordMapper.Text(data, "system_date_format"), YeastarRecordMapper.Text(data, "system_time_format"), OffsetOf(data));

        // The page documents no zone field; a firmware that names its zone anyway gets its daylight-saving rules applied.
        if ((YeastarRecordMapper.Text(data, "time_zone") ?? YeastarRecordMapper.Text(data, "timezone")) is { } zoneName)
        {
            if (ZoneResolver.TryResolve(zoneName, out var zone))
            {
                info = info with { Zone = zone };
            }
            else
            {
                log.Verbose($"PBX {server} names its time zone '{zoneName}', which this machine does not know; pass -TimeZone.");
            }
        }

        log.Verbose($"PBX {server}: firmware {info.Firmware ?? "(not reported)"}, date format {info.DateFormat ?? "(not reported)"}, time format {info.TimeFormat ?? "(not reported)"}, time zone {(info.Zone is { } named ? ZoneResolver.IanaName(named) : "(not reported)")}.");
        Known[server] = info;
        return info;
    }

    /// <summary>The PBX's UTC offset, from its wall-clock <c>system_time</c> and its <c>timestamp</c>, to the quarter hour.</summary>
    private static TimeSpan? OffsetOf(JsonElement data)
    {
        if (YeastarRecordMapper.Text(data, "system_time") is not { } systemTime || !long.TryParse(YeastarRecordMapper.Text(data, "timestamp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var timestamp))
        {
            return null;
        }

        var format = YeastarRecordMapper.Text(data, "system_date_format") is { } date && YeastarRecordMapper.Text(data, "system_time_format") is { } time ? TryParse(date, time) : null;
        if (!(format ?? YeastarDisplayFormat.Default).TryParseDateTime(systemTime, out var wall))
        {
            return null;
        }

        var utc = DateTimeOffset.FromUnixTimeSeconds(timestamp).UtcDateTime;
        return TimeSpan.FromMinutes(Math.Round((wall - utc).TotalMinutes / 15) * 15);
    }

    private static YeastarDisplayFormat? TryParse(string date, string time)
    {
        try
        {
            return YeastarDisplayFormat.Parse(date, time);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
