using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;

namespace CallReports.Sandbox.Emulators.Casper;

/// <summary>A parsed and checked <c>reportsStreaming</c> request body (the seed's shape).</summary>
internal sealed class ReportRequest
{
    private static readonly string[] TimestampFormats = { "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFF", "yyyy-MM-dd HH:mm" };

    public IReadOnlyList<string> AccountIds { get; private init; } = Array.Empty<string>();

    public bool ByDestination { get; private init; }

    public IReadOnlyList<int?> GroupIds { get; private init; } = Array.Empty<int?>();

    public IReadOnlyList<int> Ids { get; private init; } = Array.Empty<int>();

    public DateTime Start { get; private init; }

    public DateTime End { get; private init; }

    public TimeZoneInfo Zone { get; private init; } = TimeZoneInfo.Utc;

    public char Separator { get; private init; } = ',';

    /// <exception cref="FormatException">
    /// Anything this emulator refuses; the message names the field. ASSUMED, as RingCX's validation is not
    /// documented: timestamps as <c>yyyy-MM-dd HH:mm:ss</c> (the example), with a fraction (the property table's
    /// <c>.0000</c>) or without seconds, nothing else; <c>timezoneName</c> a TZ database name this host knows; an
    /// end not before the start; <c>delimiter</c> COMMA, PIPE or TAB (the specification's EXCEL and HTML are no
    /// CSV); any <c>schedule.repeatOption</c> (the specification's enum lacks the page's ONCE).
    /// </exception>
    public static ReportRequest Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The body is not JSON: " + ex.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            Require(root, "reportType", "CASPER_REPORT");
            Require(root, "reportTypeName", "Cloud_Call_Detail_Download");
            var separator = String(root, "delimiter") switch
            {
                "COMMA" => ',',
                "PIPE" => '|',
                "TAB" => '\t',
                var other => throw new FormatException($"delimiter '{other}' is not COMMA, PIPE or TAB for a CSV report."),
            };
            if (!root.TryGetProperty("reportCriteria", out var criteria) || criteria.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("reportCriteria is missing.");
            }

            Require(criteria, "criteriaType", "CASPER_CRITERIA");
            Require(criteria, "reportName", "Cloud_Call_Detail_Download");
            Require(criteria, "returnType", "CSV");
            if (!criteria.TryGetProperty("schedule", out var schedule) || String(schedule, "repeatOption") is null)
            {
                throw new FormatException("schedule.repeatOption is missing.");
            }

            if (!criteria.TryGetProperty("accountIds", out var accounts) || accounts.ValueKind != JsonValueKind.Array || accounts.GetArrayLength() == 0)
            {
                throw new FormatException("accountIds must be a non-empty array.");
            }

            var accountIds = accounts.EnumerateArray().Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new FormatException("accountIds must be strings.")).ToArray();
            var groupBy = String(criteria, "groupBy");
            if (groupBy is not "PROFILE" and not "DESTINATION")
            {
                throw new FormatException("groupBy must be PROFILE or DESTINATION.");
            }

            var byDestination = groupBy == "DESTINATION";
            var groups = Ints(criteria, byDestination ? "cloudDestinationGroupIds" : "cloudProfileGroupIds", allowNull: true);
            var ids = Ints(criteria, byDestination ? "cloudDestinationIds" : "cloudProfileIds", allowNull: false).Select(i => i!.Value).ToArray();
            var zoneName = String(criteria, "timezoneName") ?? throw new FormatException("timezoneName is missing.");
            TimeZoneInfo zone;
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneName);
            }
            catch (TimeZoneNotFoundException)
            {
                throw new FormatException($"timezoneName '{zoneName}' is not a TZ database name.");
            }

            var start = Timestamp(criteria, "startTimestamp");
            var end = Timestamp(criteria, "endTimestamp");
            if (end < start)
            {
                throw new FormatException("endTimestamp is before startTimestamp.");
            }

            return new ReportRequest
            {
                AccountIds = accountIds,
                ByDestination = byDestination,
                GroupIds = groups,
                Ids = ids,
                Start = start,
                End = end,
                Zone = zone,
                Separator = separator,
            };
        }
    }

    /// <summary>
    /// Strict, as the page reads: a call is in the report when its profile (destination) id is in the id list
    /// AND its group is in the group list, a null entry standing for the ungrouped. An empty list selects
    /// nothing. ASSUMED: the page says to send "the selected" ids and never that an empty list means all; it
    /// says the ids "must correspond" with the group ids, read here as both filters applying. ASSUMED: with
    /// groupBy DESTINATION a call's destination is connected_id, else attempt_1_id.
    /// </summary>
    public bool Matches(CasperCallRow row)
    {
        var id = ByDestination ? row.ConnectedId ?? row.Attempt1Id : row.CloudProfileId;
        var group = ByDestination ? row.DestinationGroupId : row.ProfileGroupId;
        return id is { } value && Ids.Contains(value) && GroupIds.Contains(group);
    }

    private static void Require(JsonElement element, string name, string expected)
    {
        if (String(element, name) != expected)
        {
            throw new FormatException($"{name} must be {expected}.");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static DateTime Timestamp(JsonElement element, string name)
    {
        var text = String(element, name) ?? throw new FormatException($"{name} is missing.");
        return DateTime.TryParseExact(text, TimestampFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)
            ? value
            : throw new FormatException($"{name} '{text}' is not an ANSI SQL TIMESTAMP (yyyy-MM-dd HH:mm:ss).");
    }

    private static int?[] Ints(JsonElement element, string name, bool allowNull)
    {
        if (!element.TryGetProperty(name, out var array))
        {
            return Array.Empty<int?>();
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{name} must be an array.");
        }

        return array.EnumerateArray().Select(v => v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var i) => (int?)i,
            JsonValueKind.Null when allowNull => null,
            _ => throw new FormatException($"{name} must hold integers; got {v.GetRawText()}."),
        }).ToArray();
    }
}
