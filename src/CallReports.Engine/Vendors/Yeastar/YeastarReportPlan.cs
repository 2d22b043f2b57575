using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>What one command's downloads share, worked out once: display format, zone, API path, query string, range.</summary>
internal sealed class YeastarReportPlan
{
    public YeastarReportPlan(YeastarReportQuery query, YeastarDisplayFormat format, TimeZoneInfo zone, string version, bool askLegacy, bool cutOnClient)
    {
        Query = query;
        Format = format;
        Clock = new ZoneClock(zone);
        Version = version;
        AskLegacy = askLegacy;
        CutOnClient = cutOnClient;
        Parameters = query.BuildParameters(format, zone, cutOnClient);
        (Start, End) = query.Bounds(zone);
        var sent = new List<string>();
        foreach (var pair in Parameters)
        {
            if (pair.Key is "start_time" or "end_time" or "time")
            {
                sent.Add(pair.Key + " " + pair.Value);
            }
        }

        Sent = string.Join(", ", sent);
    }

    /// <summary>Resolves names, reads the PBX's formats and zone, and picks the API path.</summary>
    /// <param name="session">The session.</param>
    /// <param name="query">What to download, validated.</param>
    /// <param name="forRows">Rows are read (a call list is then cut to the range here), not a file written.</param>
    /// <param name="log">Where messages go.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async Task<YeastarReportPlan> CreateAsync(YeastarSession session, YeastarReportQuery query, bool forRows, OperationLog log, CancellationToken cancellationToken)
    {
        if (query.Names.Count > 0)
        {
            await YeastarNameResolver.ResolveAsync(session, query, cancellationToken).ConfigureAwait(false);
        }

        var info = await YeastarSystemInfo.GetAsync(session, log, cancellationToken).ConfigureAwait(false);
        var format = ResolveFormat(query, info, log);
        var zone = query.TimeZone ?? info.Zone;
        if (zone is null)
        {
            zone = YeastarRecordMapper.FixedZone(info.Offset ?? DateTimeOffset.Now.Offset);
            log.Verbose($"The PBX does not name its time zone: every time is converted with the UTC offset it has now ({zone.Id}), so times on the other side of a daylight-saving change are an hour off. Pass -TimeZone for a PBX in a zone with daylight saving.");
        }

        var v2 = query.ApiVersion == YeastarApiVersion.V2 || (query.ApiVersion == YeastarApiVersion.Auto && IsV2Firmware(info.Firmware));
        var definition = query.Definition;
        return new YeastarReportPlan(query, format, zone, v2 ? "v2.0" : "v1.0", v2 && query.ApiVersion == YeastarApiVersion.Auto, forRows && definition.ListsCalls && definition.TimeMode == YeastarTimeMode.Range);
    }

    /// <summary>Firmware x.21.0.117 and later keep new report data on openapi/v2.0.</summary>
    internal static bool IsV2Firmware(string? firmware)
    {
        var parts = firmware?.Trim().TrimStart('v', 'V').Split('.');
        if (parts is not { Length: >= 4 } || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var major) ||
            !int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minor) ||
            !int.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var build))
        {
            return false;
        }

        return major > 21 || (major == 21 && (minor > 0 || build >= 117));
    }

    public YeastarReportQuery Query { get; }

    public YeastarReportDefinition Definition => Query.Definition;

    public YeastarDisplayFormat Format { get; }

    /// <summary>Reads the report's times in the PBX's zone; one reader at a time.</summary>
    public ZoneClock Clock { get; }

    /// <summary>The API path's version: <c>v2.0</c> or <c>v1.0</c>.</summary>
    public string Version { get; }

    /// <summary>
    /// -ApiVersion Auto chose v2.0: until the PBX cleans up its old data, openapi/v1.0 keeps what came before
    /// the firmware upgrade, so a range reaching back before it is only whole with that part too.
    /// </summary>
    public bool AskLegacy { get; }

    /// <summary>The rows are a call list read as objects: they are cut to [<see cref="Start"/>, <see cref="End"/>) by their time here.</summary>
    public bool CutOnClient { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>The times sent, for messages ("start_time 02/11/2026 08:00:00 AM, end_time …").</summary>
    public string Sent { get; }

    public DateTimeOffset? Start { get; }

    public DateTimeOffset? End { get; }

    /// <summary>"the Queue Performance report (queueperformance, start_time …) on openapi/v2.0".</summary>
    public string What(string version) =>
        $"the {Definition.Title} report ({Definition.ApiName}{(Sent.Length > 0 ? ", " + Sent : string.Empty)}) on openapi/{version}";

    /// <summary>Whether a row at <paramref name="time"/> belongs to the range; a row without a time is kept.</summary>
    public bool InRange(DateTimeOffset? time) =>
        !CutOnClient || time is not { } at || ((Start is not { } start || at >= start) && (End is not { } end || at < end));

    private static YeastarDisplayFormat ResolveFormat(YeastarReportQuery query, YeastarSystemInfo info, OperationLog log)
    {
        var date = query.DateFormat ?? info.DateFormat;
        var time = query.TimeFormat ?? info.TimeFormat;
        if (date is null || time is null)
        {
            log.Warning($"The PBX does not report its {(date is null ? "date" : "time")} display format (older firmware); assuming {(date is null ? "YYYY/MM/DD" : time ?? "HH:mm:ss")}. If the report is empty, pass -DateFormat and -TimeFormat as set under System > Date and Time > Display Format.");
        }

        try
        {
            return YeastarDisplayFormat.Parse(date ?? "YYYY/MM/DD", time ?? "HH:mm:ss");
        }
        catch (ArgumentException ex)
        {
            throw new CallReportsException(YeastarErrors.UnknownDisplayFormat, FailureKind.InvalidData, ex.Message + " (as reported by the PBX); pass -DateFormat/-TimeFormat.", terminating: true);
        }
    }
}
