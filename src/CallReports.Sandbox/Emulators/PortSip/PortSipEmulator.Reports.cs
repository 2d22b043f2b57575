using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>
/// The legacy call report engine: definitions (<c>/api/call_reports</c>, created, updated and destroyed), a scheduler that completes a
/// one-time report (no <c>cron_expr</c>) after <see cref="ReportDelay"/>, completed reports
/// (<c>/api/completed_call_reports</c>) and their files (<c>/api/blobs/{digest}</c>).
/// </summary>
public sealed partial class PortSipEmulator
{
    private static readonly string[] ReportTypes =
    {
        "NORMAL", "EXTENSION_GROUP_CALL_COST", "QUEUE_PERFORMANCE", "QUEUE_DETAILED_STATISTICS", "QUEUE_ABANDONED_CALLS", "QUEUE_SLA_STATISTICS",
        "QUEUE_BREACHES_SLA_STATISTICS", "QUEUE_CALLBACKS", "QUEUE_FAILED_CALLBACKS", "TEAM_QUEUE_GENERAL_STATISTICS", "RING_GROUP_STATISTICS",
    };

    private static readonly string[] Ranges = { "TODAY", "YESTERDAY", "LAST_WEEK", "LAST_SEVEN_DAYS", "LAST_MONTH", "LAST_THIRTY_DAYS", "CUSTOM" };
    private static readonly string[] Parties = { "ANY", "EXTENSION_OR_EXTENSION_RANGE", "NUMBER", "NUMBERS_START_WITH", "NUMBERS_CONTAIN", "INTERNAL_EXTENSIONS", "EXTERNAL_NUMBERS" };

    private readonly List<PortSipReportDefinition> definitions = new();
    private readonly List<PortSipCompletedReport> completed = new();
    private long nextReportId = 700551909773148160;

    /// <summary>How long a one-time report takes to complete.</summary>
    public TimeSpan ReportDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most calls one Normal report holds (PortSIP documents 20,000); later calls are left out.</summary>
    public int NormalReportCallLimit { get; set; } = 20_000;

    /// <summary>Every report definition.</summary>
    public IReadOnlyList<PortSipReportDefinition> ReportDefinitions
    {
        get
        {
            lock (gate)
            {
                return definitions.ToArray();
            }
        }
    }

    /// <summary>Every completed report.</summary>
    public IReadOnlyList<PortSipCompletedReport> CompletedReports
    {
        get
        {
            lock (gate)
            {
                return completed.ToArray();
            }
        }
    }

    /// <summary>Adds a completed report with this content directly (no definition); returns it.</summary>
    public PortSipCompletedReport AddCompletedReport(string name, string type, string format, string fileName, byte[] content)
    {
        lock (gate)
        {
            var report = new PortSipCompletedReport
            {
                Id = (nextReportId++).ToString(CultureInfo.InvariantCulture),
                Name = name,
                Type = type,
                Format = format,
                CompletedAt = DateTimeOffset.UtcNow,
                FileName = fileName,
                Content = content,
                Digest = Digest(content, name),
                Sequence = nextSequence++,
            };
            completed.Add(report);
            return report;
        }
    }

    private Task HandleReportsAsync(HttpContext context, string method, string path)
    {
        const string Definitions = "api/call_reports";
        const string Completed = "api/completed_call_reports";
        const string Blobs = "api/blobs/";
        return (method, path) switch
        {
            ("GET", Definitions) => ListReportsAsync(context, completedReports: false),
            ("POST", Definitions) => CreateReportAsync(context),
            ("GET", Completed) => ListReportsAsync(context, completedReports: true),
            ("POST", _) when path.StartsWith(Definitions + "/", StringComparison.Ordinal) && path.EndsWith("/destroy", StringComparison.Ordinal) =>
                DestroyAsync(context, Uri.UnescapeDataString(path[(Definitions.Length + 1)..^"/destroy".Length]), completedReport: false),
            ("POST", _) when path.StartsWith(Completed + "/", StringComparison.Ordinal) && path.EndsWith("/destroy", StringComparison.Ordinal) =>
                DestroyAsync(context, Uri.UnescapeDataString(path[(Completed.Length + 1)..^"/destroy".Length]), completedReport: true),
            ("POST", _) when path.StartsWith(Definitions + "/", StringComparison.Ordinal) && path.IndexOf('/', Definitions.Length + 1) < 0 =>
                UpdateReportAsync(context, Uri.UnescapeDataString(path[(Definitions.Length + 1)..])),
            ("GET", _) when path.StartsWith(Definitions + "/", StringComparison.Ordinal) => GetReportAsync(context, Uri.UnescapeDataString(path[(Definitions.Length + 1)..]), completedReport: false),
            ("GET", _) when path.StartsWith(Completed + "/", StringComparison.Ordinal) => GetReportAsync(context, Uri.UnescapeDataString(path[(Completed.Length + 1)..]), completedReport: true),
            ("GET", _) when path.StartsWith(Blobs, StringComparison.Ordinal) => BlobAsync(context, Uri.UnescapeDataString(path[Blobs.Length..])),
            _ => ErrorAsync(context, 404, "NOT_FOUND", "The requested resource does not exist."),
        };
    }

    private async Task ListReportsAsync(HttpContext context, bool completedReports)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        var query = context.Request.Query;
        IPortSipRow[] page;
        int count;
        try
        {
            var top = ParseInt(query["top"], "top", 100, 1, 100);
            var skip = ParseInt(query["skip"], "skip", 0, 0, int.MaxValue);
            lock (gate)
            {
                if (completedReports)
                {
                    var filter = PortSipQuery.ParseFilter<PortSipCompletedReport>(query["filter"], PortSipCompletedReport.Schema);
                    var search = PortSipQuery.ParseSearch<PortSipCompletedReport>(query["search"], r => new[] { r.Name, r.FileName });
                    var matches = completed.Where(r => filter(r) && search(r)).ToList();
                    matches.Sort(PortSipQuery.ParseOrderBy<PortSipCompletedReport>(query["orderby"], PortSipCompletedReport.Schema));
                    count = matches.Count;
                    page = matches.Skip(skip).Take(top).ToArray();
                }
                else
                {
                    var filter = PortSipQuery.ParseFilter<PortSipReportDefinition>(query["filter"], PortSipReportDefinition.Schema);
                    var search = PortSipQuery.ParseSearch<PortSipReportDefinition>(query["search"], r => new[] { r.Name, r.Email });
                    var matches = definitions.Where(r => filter(r) && search(r)).ToList();
                    matches.Sort(PortSipQuery.ParseOrderBy<PortSipReportDefinition>(query["orderby"], PortSipReportDefinition.Schema));
                    count = matches.Count;
                    page = matches.Skip(skip).Take(top).ToArray();
                }
            }
        }
        catch (PortSipQueryException ex)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", ex.Message);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("count", count);
        writer.WritePropertyName("items");
        writer.WriteStartArray();
        foreach (var row in page)
        {
            if (row is PortSipCompletedReport done)
            {
                done.Write(writer);
            }
            else
            {
                ((PortSipReportDefinition)row).Write(writer, detail: false);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task GetReportAsync(HttpContext context, string id, bool completedReport)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        IPortSipRow? row;
        lock (gate)
        {
            row = completedReport ? completed.FirstOrDefault(r => r.Id == id) : definitions.FirstOrDefault(r => r.Id == id);
        }

        if (row is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", completedReport ? "The completed call report does not exist." : "The call report does not exist.");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        if (row is PortSipCompletedReport done)
        {
            done.Write(writer);
        }
        else
        {
            ((PortSipReportDefinition)row).Write(writer, detail: true);
        }

        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task DestroyAsync(HttpContext context, string id, bool completedReport)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        bool removed;
        lock (gate)
        {
            removed = completedReport ? completed.RemoveAll(r => r.Id == id) > 0 : definitions.RemoveAll(r => r.Id == id) > 0;
        }

        if (!removed)
        {
            // The spec documents 400 "Invalid entry ID supplied" for an unknown id.
            await ErrorAsync(context, 400, "VALIDATE_FAILED", "Invalid entry ID supplied");
            return;
        }

        context.Response.StatusCode = 204;
    }

    private async Task BlobAsync(HttpContext context, string digest)
    {
        // The spec marks blobs public, but v22.6 can make file links private: this PBX has them private.
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        PortSipCompletedReport? report;
        lock (gate)
        {
            report = completed.FirstOrDefault(r => r.Digest == digest);
        }

        if (report is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "The file does not exist.");
            return;
        }

        var content = report.Content as byte[] ?? report.Content.ToArray();
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = content.Length;
        context.Response.Headers.ContentDisposition = "attachment; filename=\"" + report.FileName + "\"";

        // In slices, so a download is a stream the fault injector and a slow client can interrupt.
        for (var offset = 0; offset < content.Length; offset += 16 * 1024)
        {
            await context.Response.Body.WriteAsync(content.AsMemory(offset, Math.Min(16 * 1024, content.Length - offset)), context.RequestAborted);
        }
    }

    private async Task CreateReportAsync(HttpContext context)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        var body = await ReadJsonAsync(context);
        if (body is null)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", "The request body is not valid JSON.");
            return;
        }

        var problem = ValidateReport(body.Value, out var definition);
        if (problem is not null)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", problem);
            return;
        }

        lock (gate)
        {
            definition!.Id = (nextReportId++).ToString(CultureInfo.InvariantCulture);
            definition.Sequence = nextSequence++;
            definitions.Add(definition);
        }

        if (definition.CronExpr.Length == 0)
        {
            _ = CompleteLaterAsync(definition);
        }

        await JsonAsync(context, 201, new Dictionary<string, object> { ["id"] = definition.Id });
    }

    /// <summary>
    /// <c>POST /api/call_reports/{id}</c>: every field of the body is optional (the page). ASSUMED where the page is
    /// silent: a field left out keeps its value, <c>filter</c> is replaced whole, the result is checked as a new report
    /// is, <c>type</c> cannot change (400), an unknown id is 404, a schedule makes the status SCHEDULED and no schedule
    /// RUNNING, and an update does not run a report again. The answer is 200 with no body, as the page shows.
    /// </summary>
    private async Task UpdateReportAsync(HttpContext context, string id)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        var body = await ReadJsonAsync(context);
        if (body is null)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", "The request body is not valid JSON.");
            return;
        }

        PortSipReportDefinition? existing;
        Dictionary<string, JsonElement> merged;
        lock (gate)
        {
            existing = definitions.FirstOrDefault(d => d.Id == id);
            merged = existing is null ? new() : Fields(existing);
        }

        if (existing is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "The call report does not exist.");
            return;
        }

        if (Text(body.Value, "type") is { } type && type != existing.Type)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", "type cannot be changed.");
            return;
        }

        foreach (var property in body.Value.EnumerateObject())
        {
            merged[property.Name] = property.Value.Clone();
        }

        var problem = ValidateReport(JsonSerializer.SerializeToElement(merged), out var changed);
        if (problem is not null)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", problem);
            return;
        }

        lock (gate)
        {
            existing.Name = changed!.Name;
            existing.Email = changed.Email;
            existing.Format = changed.Format;
            existing.Range = changed.Range;
            existing.StartedAt = changed.StartedAt;
            existing.EndedAt = changed.EndedAt;
            existing.CronExpr = changed.CronExpr;
            existing.Filter = changed.Filter;
            existing.Status = changed.Status;
        }

        context.Response.StatusCode = 200;
    }

    /// <summary>A definition's fields as its detail shows them, to lay an update over.</summary>
    private static Dictionary<string, JsonElement> Fields(PortSipReportDefinition definition)
    {
        var buffer = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            definition.Write(writer, detail: true);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }

    private static string? ValidateReport(JsonElement body, out PortSipReportDefinition? definition)
    {
        definition = null;
        var name = Text(body, "name");
        var type = Text(body, "type");
        var email = Text(body, "email");
        var format = Text(body, "format");
        var range = Text(body, "range");
        if (string.IsNullOrWhiteSpace(name))
        {
            return "name is required.";
        }

        if (type is null || !ReportTypes.Contains(type))
        {
            return "type must be one of " + string.Join(", ", ReportTypes) + ".";
        }

        if (string.IsNullOrWhiteSpace(email) || email.Length > 128 || !email.Contains('@', StringComparison.Ordinal))
        {
            return "email is required (at most 128 characters).";
        }

        if (format is not ("CSV" or "HTML"))
        {
            return "format must be CSV or HTML.";
        }

        if (range is null || !Ranges.Contains(range))
        {
            return "range must be one of " + string.Join(", ", Ranges) + ".";
        }

        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        if (range == "CUSTOM")
        {
            if (!TryTime(Text(body, "started_at"), out var s) || !TryTime(Text(body, "ended_at"), out var e) || e <= s)
            {
                return "started_at and ended_at (RFC 3339, ended_at after started_at) are required when range is CUSTOM.";
            }

            start = s;
            end = e;
        }

        if (!body.TryGetProperty("filter", out var filter) || filter.ValueKind != JsonValueKind.Object)
        {
            return "filter is required.";
        }

        var filterProblem = type switch
        {
            "NORMAL" => ValidateNormalFilter(filter),
            "EXTENSION_GROUP_CALL_COST" => Array(filter, "groups") ? null : "filter.groups must be an array of extension group names.",
            "RING_GROUP_STATISTICS" => Array(filter, "ring_groups") ? null : "filter.ring_groups must be an array of ring group numbers.",
            _ => Array(filter, "call_queues") ? null : "filter.call_queues must be an array of queue numbers.",
        };
        if (filterProblem is not null)
        {
            return filterProblem;
        }

        definition = new PortSipReportDefinition
        {
            Name = name,
            Type = type,
            Email = email,
            Format = format,
            Range = range,
            StartedAt = start,
            EndedAt = end,
            CronExpr = Text(body, "cron_expr") ?? string.Empty,
            Status = string.IsNullOrEmpty(Text(body, "cron_expr")) ? "RUNNING" : "SCHEDULED",
            Filter = filter.Clone(),
        };
        return null;

        static bool Array(JsonElement filter, string name) =>
            filter.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String);
    }

    private static string? ValidateNormalFilter(JsonElement filter)
    {
        foreach (var side in new[] { "from", "to" })
        {
            var kind = Text(filter, side) ?? "ANY";
            if (!Parties.Contains(kind))
            {
                return $"filter.{side} must be one of " + string.Join(", ", Parties) + ".";
            }

            if (kind is "EXTENSION_OR_EXTENSION_RANGE" or "NUMBER" or "NUMBERS_START_WITH" or "NUMBERS_CONTAIN" && string.IsNullOrEmpty(Text(filter, side + "_value")))
            {
                return $"filter.{side}_value is required when filter.{side} is {kind}.";
            }
        }

        if ((Text(filter, "answer_state") ?? "ANY") is not ("ANY" or "ANSWERED" or "NOT_ANSWERED"))
        {
            return "filter.answer_state must be ANY, ANSWERED or NOT_ANSWERED.";
        }

        return (Text(filter, "duration") ?? "ANY") is "ANY" or "RING_DURATION" or "TALK_DURATION" ? null : "filter.duration must be ANY, RING_DURATION or TALK_DURATION.";
    }

    private static bool TryTime(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);

    private async Task CompleteLaterAsync(PortSipReportDefinition definition)
    {
        await Task.Delay(ReportDelay).ConfigureAwait(false);
        var (content, rows) = Render(definition);
        var now = DateTimeOffset.UtcNow;
        lock (gate)
        {
            if (!definitions.Contains(definition))
            {
                return;
            }

            completed.Add(new PortSipCompletedReport
            {
                Id = (nextReportId++).ToString(CultureInfo.InvariantCulture),
                Name = definition.Name,
                Type = definition.Type,
                Format = definition.Format,
                CompletedAt = now,
                FileName = SafeName(definition.Name) + "_" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (definition.Format == "HTML" ? ".html" : ".csv"),
                Content = content,
                Rows = rows,
                Digest = Digest(content, definition.Id),
                Sequence = nextSequence++,
            });
        }
    }

    private (byte[] Content, int Rows) Render(PortSipReportDefinition definition)
    {
        var (from, to) = Window(definition);
        List<string[]> table;
        if (definition.Type == "NORMAL")
        {
            PortSipCdrRecord[] calls;
            lock (gate)
            {
                calls = records.Where(r => r.StartedAt >= from && r.StartedAt < to && MatchesNormal(definition.Filter, r)).OrderBy(r => r.StartedAt).ThenBy(r => r.Sequence).ToArray();
            }

            table = new List<string[]> { new[] { "Call Time", "Caller", "Callee", "Direction", "Ring Duration", "Talk Duration", "Status", "Trunk" } };
            foreach (var call in calls.Take(NormalReportCallLimit))
            {
                table.Add(new[]
                {
                    call.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    call.Caller,
                    call.Callee,
                    call.Direction,
                    ((int)((call.AnsweredAt ?? call.EndedAt) - call.RangAt).TotalSeconds).ToString(CultureInfo.InvariantCulture),
                    call.Duration.ToString(CultureInfo.InvariantCulture),
                    call.AnsweredAt is null ? "Not Answered" : "Answered",
                    call.Trunk,
                });
            }
        }
        else
        {
            var list = definition.Type switch
            {
                "EXTENSION_GROUP_CALL_COST" => "groups",
                "RING_GROUP_STATISTICS" => "ring_groups",
                _ => "call_queues",
            };
            int total;
            lock (gate)
            {
                total = records.Count(r => r.StartedAt >= from && r.StartedAt < to);
            }

            table = new List<string[]> { new[] { list == "groups" ? "Group" : list == "ring_groups" ? "Ring Group" : "Queue", "Received", "Serviced", "Unanswered", "SLA %" } };
            var seed = 0;
            foreach (var name in definition.Filter.GetProperty(list).EnumerateArray().Select(v => v.GetString() ?? string.Empty))
            {
                seed++;
                var received = total / (seed + 1);
                var serviced = received * 4 / 5;
                table.Add(new[]
                {
                    name,
                    received.ToString(CultureInfo.InvariantCulture),
                    serviced.ToString(CultureInfo.InvariantCulture),
                    (received - serviced).ToString(CultureInfo.InvariantCulture),
                    received == 0 ? "0" : (serviced * 100 / received).ToString(CultureInfo.InvariantCulture),
                });
            }
        }

        var text = new StringBuilder();
        if (definition.Format == "HTML")
        {
            text.Append("<html><body><table>");
            foreach (var row in table)
            {
                text.Append("<tr>").Append(string.Concat(row.Select(c => "<td>" + WebUtility.HtmlEncode(c) + "</td>"))).Append("</tr>");
            }

            text.Append("</table></body></html>");
        }
        else
        {
            foreach (var row in table)
            {
                text.Append(string.Join(",", row.Select(Csv))).Append("\r\n");
            }
        }

        return (new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).GetPreamble().Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray(), table.Count - 1);

        static string Csv(string value) => value.IndexOfAny(new[] { ',', '"', '\r', '\n' }) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static (DateTimeOffset From, DateTimeOffset To) Window(PortSipReportDefinition definition)
    {
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var month = new DateTimeOffset(today.Year, today.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return definition.Range switch
        {
            "CUSTOM" => (definition.StartedAt!.Value, definition.EndedAt!.Value),
            "YESTERDAY" => (today.AddDays(-1), today),
            "LAST_WEEK" => (monday.AddDays(-7), monday),
            "LAST_SEVEN_DAYS" => (today.AddDays(-7), today),
            "LAST_MONTH" => (month.AddMonths(-1), month),
            "LAST_THIRTY_DAYS" => (today.AddDays(-30), today),
            _ => (today, today.AddDays(1)),
        };
    }

    private static bool MatchesNormal(JsonElement filter, PortSipCdrRecord call)
    {
        var answer = Text(filter, "answer_state") ?? "ANY";
        if ((answer == "ANSWERED" && call.AnsweredAt is null) || (answer == "NOT_ANSWERED" && call.AnsweredAt is not null))
        {
            return false;
        }

        if (!Party(Text(filter, "from") ?? "ANY", Text(filter, "from_value"), call.Caller) || !Party(Text(filter, "to") ?? "ANY", Text(filter, "to_value"), call.Callee))
        {
            return false;
        }

        var kind = Text(filter, "duration") ?? "ANY";
        if (kind == "ANY")
        {
            return true;
        }

        var seconds = kind == "TALK_DURATION" ? call.Duration : (int)((call.AnsweredAt ?? call.EndedAt) - call.RangAt).TotalSeconds;
        return (!filter.TryGetProperty("duration_from", out var low) || seconds >= low.GetInt32()) &&
               (!filter.TryGetProperty("duration_to", out var high) || seconds <= high.GetInt32());

        static bool Party(string kind, string? value, string number) => kind switch
        {
            "EXTENSION_OR_EXTENSION_RANGE" => InRange(value!, number),
            "NUMBER" => number == value,
            "NUMBERS_START_WITH" => number.StartsWith(value!, StringComparison.Ordinal),
            "NUMBERS_CONTAIN" => number.Contains(value!, StringComparison.Ordinal),
            "INTERNAL_EXTENSIONS" => !number.StartsWith('+'),
            "EXTERNAL_NUMBERS" => number.StartsWith('+'),
            _ => true,
        };

        static bool InRange(string value, string number)
        {
            var parts = value.Split('-');
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ||
                !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                return false;
            }

            var last = parts.Length > 1 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : first;
            return n >= first && n <= last;
        }
    }

    private static string SafeName(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());

    private static string Digest(byte[] content, string salt) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(salt).Concat(content).ToArray()))[..32].Replace('+', '-').Replace('/', '_');
}
