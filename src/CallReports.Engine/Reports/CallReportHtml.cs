using System.Linq;
using System.Net;
using System.Text;

namespace CallReports.Engine.Reports;

/// <summary>
/// Writes one self-contained HTML page of call figures: a title, the period and the sources, the table of
/// figures, and three inline SVG charts (calls per hour stacked by outcome, answer rate and service level per
/// queue, the distribution of waits), each with a title, a description and a table of the same numbers. No
/// script, no external font, style or image: it works offline and in mail clients that show inline SVG.
/// Every text from the data is HTML-encoded.
/// </summary>
public static class CallReportHtml
{
    private static readonly (CallOutcome Outcome, string Color)[] Outcomes =
    {
        (CallOutcome.Answered, "#2e7d32"),
        (CallOutcome.Missed, "#ef6c00"),
        (CallOutcome.Abandoned, "#c62828"),
        (CallOutcome.Busy, "#6a1b9a"),
        (CallOutcome.Failed, "#37474f"),
        (CallOutcome.Voicemail, "#1565c0"),
        (CallOutcome.Unknown, "#9e9e9e"),
    };

    /// <summary>Renders the page.</summary>
    /// <param name="content">What to show.</param>
    /// <returns>The HTML document.</returns>
    public static string Render(CallReportContent content)
    {
        if (content is null)
        {
            throw new ArgumentNullException(nameof(content));
        }

        var html = new StringBuilder(16 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(content.Title)).Append("</title>\n");
        html.Append("<style>\nbody{font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#212121;margin:24px;max-width:1000px}\n")
            .Append("h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}p.meta{color:#555;margin:2px 0}\n")
            .Append("table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ccc;padding:3px 7px;text-align:right}\n")
            .Append("th:first-child,td:first-child{text-align:left}thead th{background:#f0f0f0}\n")
            .Append("svg text{font-size:11px;fill:#333}.legend span{display:inline-block;margin-right:14px;font-size:12px}\n")
            .Append(".legend i{display:inline-block;width:10px;height:10px;margin-right:4px}\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(content.Title)).Append("</h1>\n");
        html.Append("<p class=\"meta\" id=\"period\">Period: ").Append(E(Period(content))).Append("</p>\n");
        html.Append("<p class=\"meta\" id=\"sources\">Sources: ").Append(E(content.Sources.Count == 0 ? "(not given)" : string.Join(", ", content.Sources))).Append("</p>\n");

        if (content.Overall is { Calls: > 0 } all)
        {
            html.AppendFormat(
                CultureInfo.InvariantCulture,
                "<p id=\"headline\" style=\"font-size:16px;margin:14px 0\"><b>{0}</b> calls · <b>{1}</b> answered · <b>{2}</b> missed or abandoned · service level <b>{3}</b> within {4} · average wait <b>{5}</b></p>\n",
                all.Calls,
                Percent(all.AnswerRate),
                all.Missed + all.Abandoned,
                Percent(all.ServiceLevel),
                E(Duration(all.ServiceLevelThreshold)),
                Duration(all.AverageWait));
        }

        html.Append("<h2>Figures</h2>\n");
        FiguresTable(html, content.Figures);

        if (content.Hourly.Count > 0)
        {
            HourlyChart(html, content.Hourly, content.TimeZoneName);
        }

        if (content.Queues.Count > 0)
        {
            QueueChart(html, content.Queues);
        }

        if (content.Overall is { } overall && overall.WaitHistogram.Count > 0)
        {
            WaitChart(html, overall);
        }

        html.Append("<p class=\"meta\">Made by CallReports. Offered calls are those whose outcome is known and not Failed; the answer rate is answered ÷ offered; the service level is the share of offered calls answered within ")
            .Append(E(Duration(content.Overall?.ServiceLevelThreshold ?? TimeSpan.FromSeconds(20))))
            .Append(", leaving out answered calls whose wait is unknown.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static string Period(CallReportContent content)
    {
        if (content.From is not { } from || content.To is not { } to)
        {
            return "(no calls)";
        }

        return string.Format(CultureInfo.InvariantCulture, "{0:yyyy-MM-dd HH:mm} to {1:yyyy-MM-dd HH:mm} ({2})", from, to, content.TimeZoneName);
    }

    private static void FiguresTable(StringBuilder html, IReadOnlyList<CallSummary> figures)
    {
        html.Append("<table id=\"figures\">\n<thead><tr><th>Group</th><th>Calls</th><th>Answered</th><th>Missed</th><th>Abandoned</th><th>Busy</th><th>Failed</th><th>Voicemail</th><th>Unknown</th><th>Answer rate</th><th>Service level</th><th>Average wait</th><th>Max wait</th><th>Average talk</th><th>Total talk</th></tr></thead>\n<tbody>\n");
        foreach (var s in figures)
        {
            html.Append("<tr><td>").Append(E(s.Group)).Append("</td>");
            foreach (var n in new[] { s.Calls, s.Answered, s.Missed, s.Abandoned, s.Busy, s.Failed, s.Voicemail, s.UnknownOutcome })
            {
                html.Append("<td>").Append(n.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("<td>").Append(Percent(s.AnswerRate)).Append("</td><td>").Append(Percent(s.ServiceLevel)).Append("</td>")
                .Append("<td>").Append(Duration(s.AverageWait)).Append("</td><td>").Append(Duration(s.MaxWait)).Append("</td>")
                .Append("<td>").Append(Duration(s.AverageTalk)).Append("</td><td>").Append(Duration(s.TotalTalk)).Append("</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void HourlyChart(StringBuilder html, IReadOnlyList<CallSummary> hourly, string zoneName)
    {
        const int Width = 960, Height = 270, Left = 40, Top = 22, Bottom = 30;
        var byHour = new CallSummary?[24];
        foreach (var s in hourly.Where(s => s.Hour is >= 0 and < 24))
        {
            byHour[s.Hour!.Value] = s;
        }

        var max = Math.Max(1, byHour.Max(s => s?.Calls ?? 0));
        var scale = (Height - Top - Bottom) / (double)max;
        var slot = (Width - Left) / 24.0;
        html.Append("<h2>Calls per hour, by outcome</h2>\n");
        html.Append("<svg id=\"chart-hourly\" role=\"img\" aria-labelledby=\"chart-hourly-title chart-hourly-desc\" width=\"").Append(Width).Append("\" height=\"").Append(Height).Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n")
            .Append("<title id=\"chart-hourly-title\">Calls per hour of the day (").Append(E(zoneName)).Append("), stacked by outcome</title>\n")
            .Append("<desc id=\"chart-hourly-desc\">One bar per hour; the most calls in an hour is ").Append(max).Append(".</desc>\n");
        Axis(html, Left, Top, Width, Height - Bottom, max);
        for (var hour = 0; hour < 24; hour++)
        {
            var x = Left + (hour * slot) + 2;
            var y = (double)(Height - Bottom);
            var s = byHour[hour];
            foreach (var (outcome, color) in Outcomes)
            {
                var count = s is null ? 0 : Count(s, outcome);
                if (count == 0)
                {
                    continue;
                }

                var h = count * scale;
                y -= h;
                html.AppendFormat(CultureInfo.InvariantCulture, "<rect class=\"bar\" data-hour=\"{0}\" data-outcome=\"{1}\" data-count=\"{2}\" x=\"{3:0.#}\" y=\"{4:0.#}\" width=\"{5:0.#}\" height=\"{6:0.#}\" fill=\"{7}\"><title>{0:00}:00 {1}: {2}</title></rect>\n", hour, outcome, count, x, y, slot - 4, h, color);
            }

            if (s is not null && s.Calls > 0)
            {
                html.AppendFormat(CultureInfo.InvariantCulture, "<text class=\"total\" data-hour=\"{0}\" x=\"{1:0.#}\" y=\"{2:0.#}\" text-anchor=\"middle\">{3}</text>\n", hour, x + ((slot - 4) / 2), y - 3, s.Calls);
            }

            html.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0:0.#}\" y=\"{1}\" text-anchor=\"middle\">{2:00}</text>\n", x + ((slot - 4) / 2), Height - Bottom + 14, hour);
        }

        html.Append("</svg>\n<div class=\"legend\">");
        foreach (var (outcome, color) in Outcomes)
        {
            html.Append("<span><i style=\"background:").Append(color).Append("\"></i>").Append(outcome).Append("</span>");
        }

        html.Append("</div>\n<table id=\"table-hourly\"><thead><tr><th>Hour</th>");
        foreach (var (outcome, _) in Outcomes)
        {
            html.Append("<th>").Append(outcome).Append("</th>");
        }

        html.Append("<th>Calls</th></tr></thead><tbody>\n");
        for (var hour = 0; hour < 24; hour++)
        {
            var s = byHour[hour];
            if (s is null || s.Calls == 0)
            {
                continue;
            }

            html.AppendFormat(CultureInfo.InvariantCulture, "<tr><td>{0:00}:00</td>", hour);
            foreach (var (outcome, _) in Outcomes)
            {
                html.Append("<td>").Append(Count(s, outcome)).Append("</td>");
            }

            html.Append("<td>").Append(s.Calls).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void QueueChart(StringBuilder html, IReadOnlyList<CallSummary> queues)
    {
        const int Left = 200, BarArea = 600, Row = 34;
        var height = 20 + (queues.Count * Row);
        html.Append("<h2>Answer rate and service level per queue</h2>\n");
        html.Append("<svg id=\"chart-queues\" role=\"img\" aria-labelledby=\"chart-queues-title chart-queues-desc\" width=\"").Append(Left + BarArea + 80).Append("\" height=\"").Append(height).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n")
            .Append("<title id=\"chart-queues-title\">Answer rate and service level per queue</title>\n")
            .Append("<desc id=\"chart-queues-desc\">Two bars per queue: the answer rate (dark) and the service level (light), each from 0 to 100%.</desc>\n");
        for (var i = 0; i < queues.Count; i++)
        {
            var q = queues[i];
            var y = 10 + (i * Row);
            var name = q.Queue ?? "(no queue)";
            html.AppendFormat(CultureInfo.InvariantCulture, "<text class=\"queue\" x=\"{0}\" y=\"{1}\" text-anchor=\"end\">{2}</text>\n", Left - 8, y + 14, E(name));
            Bar(html, "answer-rate", name, q.AnswerRate, Left, y, BarArea, "#2e7d32");
            Bar(html, "service-level", name, q.ServiceLevel, Left, y + 14, BarArea, "#81c784");
        }

        html.Append("</svg>\n<table id=\"table-queues\"><thead><tr><th>Queue</th><th>Calls</th><th>Answer rate</th><th>Service level</th></tr></thead><tbody>\n");
        foreach (var q in queues)
        {
            html.Append("<tr><td>").Append(E(q.Queue ?? "(no queue)")).Append("</td><td>").Append(q.Calls).Append("</td><td>").Append(Percent(q.AnswerRate)).Append("</td><td>").Append(Percent(q.ServiceLevel)).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Bar(StringBuilder html, string kind, string queue, double? share, int left, int y, int width, string color)
    {
        var w = (share ?? 0) * width;
        html.AppendFormat(CultureInfo.InvariantCulture, "<rect class=\"{0}\" data-queue=\"{1}\" data-value=\"{2}\" x=\"{3}\" y=\"{4}\" width=\"{5:0.#}\" height=\"12\" fill=\"{6}\"><title>{1}: {7} {2}</title></rect>\n", kind, E(queue), Percent(share), left, y, w, color, kind == "answer-rate" ? "answer rate" : "service level");
        html.AppendFormat(CultureInfo.InvariantCulture, "<text class=\"{0}-label\" data-queue=\"{1}\" x=\"{2:0.#}\" y=\"{3}\">{4}</text>\n", kind, E(queue), left + w + 4, y + 10, Percent(share));
    }

    private static void WaitChart(StringBuilder html, CallSummary overall)
    {
        const int Width = 700, Height = 230, Left = 40, Top = 22, Bottom = 30;
        var bounds = CallSummary.WaitBucketBounds;
        var counts = overall.WaitHistogram;
        var max = Math.Max(1, counts.Max());
        var scale = (Height - Top - Bottom) / (double)max;
        var slot = (Width - Left) / (double)counts.Count;
        html.Append("<h2>Distribution of waits</h2>\n");
        html.Append("<svg id=\"chart-waits\" role=\"img\" aria-labelledby=\"chart-waits-title chart-waits-desc\" width=\"").Append(Width).Append("\" height=\"").Append(Height).Append("\" xmlns=\"http://www.w3.org/2000/svg\">\n")
            .Append("<title id=\"chart-waits-title\">How long callers waited</title>\n")
            .Append("<desc id=\"chart-waits-desc\">The number of calls in each range of wait time; ").Append(overall.WaitExcluded).Append(" call(s) without a known wait are not shown.</desc>\n");
        Axis(html, Left, Top, Width, Height - Bottom, max);
        for (var i = 0; i < counts.Count; i++)
        {
            var h = counts[i] * scale;
            var x = Left + (i * slot) + 4;
            var label = Bucket(bounds, i);
            html.AppendFormat(CultureInfo.InvariantCulture, "<rect class=\"wait\" data-bucket=\"{0}\" data-count=\"{1}\" x=\"{2:0.#}\" y=\"{3:0.#}\" width=\"{4:0.#}\" height=\"{5:0.#}\" fill=\"#1565c0\"><title>{0}: {1}</title></rect>\n", label, counts[i], x, Height - Bottom - h, slot - 8, h);
            html.AppendFormat(CultureInfo.InvariantCulture, "<text class=\"wait-count\" data-bucket=\"{0}\" x=\"{1:0.#}\" y=\"{2:0.#}\" text-anchor=\"middle\">{3}</text>\n", label, x + ((slot - 8) / 2), Height - Bottom - h - 3, counts[i]);
            html.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0:0.#}\" y=\"{1}\" text-anchor=\"middle\">{2}</text>\n", x + ((slot - 8) / 2), Height - Bottom + 14, label);
        }

        html.Append("</svg>\n<table id=\"table-waits\"><thead><tr><th>Wait</th><th>Calls</th></tr></thead><tbody>\n");
        for (var i = 0; i < counts.Count; i++)
        {
            html.Append("<tr><td>").Append(Bucket(bounds, i)).Append("</td><td>").Append(counts[i]).Append("</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Axis(StringBuilder html, int left, int top, int width, int baseline, long max)
    {
        html.AppendFormat(CultureInfo.InvariantCulture, "<line x1=\"{0}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\" stroke=\"#999\"/>\n", left, baseline, width);
        html.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">{2}</text>\n", left - 4, top + 8, max);
        html.AppendFormat(CultureInfo.InvariantCulture, "<text x=\"{0}\" y=\"{1}\" text-anchor=\"end\">0</text>\n", left - 4, baseline);
    }

    private static string Bucket(IReadOnlyList<int> bounds, int i) =>
        i + 1 < bounds.Count ? Seconds(bounds[i]) + "–" + Seconds(bounds[i + 1]) : Seconds(bounds[i]) + "+";

    private static string Seconds(int seconds) => seconds < 60 ? seconds + "s" : (seconds / 60) + "m";

    private static long Count(CallSummary s, CallOutcome outcome) => outcome switch
    {
        CallOutcome.Answered => s.Answered,
        CallOutcome.Missed => s.Missed,
        CallOutcome.Abandoned => s.Abandoned,
        CallOutcome.Busy => s.Busy,
        CallOutcome.Failed => s.Failed,
        CallOutcome.Voicemail => s.Voicemail,
        _ => s.UnknownOutcome,
    };

    /// <summary>A share as a whole percentage ("87%"), or an en dash when there is none.</summary>
    internal static string Percent(double? share) => share is { } value ? Math.Round(value * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Duration(TimeSpan? value) => value is { } d ? d.ToString(d.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "–";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
