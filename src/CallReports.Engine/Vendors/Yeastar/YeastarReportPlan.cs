using System;
using System.Collections.Generic;
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
}
