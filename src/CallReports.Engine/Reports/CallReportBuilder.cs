using System.Linq;

namespace CallReports.Engine.Reports;

/// <summary>
/// Collects what ConvertTo-CallReportHtml is given, as it streams past: call records are added up at once (per
/// hour, per queue and all together; memory grows with the groups, not the records), summaries are kept.
/// </summary>
public sealed class CallReportBuilder
{
    private readonly CallSummaryBuilder overall;
    private readonly CallSummaryBuilder hourly;
    private readonly CallSummaryBuilder queues;
    private readonly List<CallSummary> summaries = new();
    private readonly SortedSet<string> sources = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeZoneInfo zone;
    private readonly string zoneName;
    private long records;

    /// <summary>Creates a builder.</summary>
    /// <param name="zone">The zone of hours and of the period.</param>
    /// <param name="zoneName">How the zone is shown.</param>
    /// <param name="threshold">The service level threshold for records.</param>
    public CallReportBuilder(TimeZoneInfo zone, string zoneName, TimeSpan threshold)
    {
        this.zone = zone ?? throw new ArgumentNullException(nameof(zone));
        this.zoneName = zoneName ?? throw new ArgumentNullException(nameof(zoneName));
        overall = new CallSummaryBuilder(Array.Empty<CallGrouping>(), null, zone, threshold);
        hourly = new CallSummaryBuilder(new[] { CallGrouping.Hour }, null, zone, threshold);
        queues = new CallSummaryBuilder(new[] { CallGrouping.Queue }, null, zone, threshold);
    }

    /// <summary>Adds a call.</summary>
    /// <param name="record">The call.</param>
    public void Add(CallRecord record)
    {
        overall.Add(record);
        hourly.Add(record);
        queues.Add(record);
        records++;
        if (!string.IsNullOrEmpty(record.Source))
        {
            sources.Add(record.Source!);
        }
    }

    /// <summary>Adds a summary made by Measure-CallRecord.</summary>
    /// <param name="summary">The summary.</param>
    public void Add(CallSummary summary) => summaries.Add(summary ?? throw new ArgumentNullException(nameof(summary)));

    /// <summary>What the page shows: from the records when any were given (summaries given too join the table), else from the summaries.</summary>
    /// <param name="title">The page's title.</param>
    /// <returns>The content.</returns>
    public CallReportContent Build(string title)
    {
        if (records == 0)
        {
            var fromSummaries = CallReportContent.FromSummaries(summaries, zoneName);
            fromSummaries.Title = title;
            return fromSummaries;
        }

        var all = overall.Build().Single();
        var perQueue = queues.Build();
        var figures = new List<CallSummary>(perQueue);
        if (perQueue.Count > 1 || perQueue.Any(q => q.Queue is not null))
        {
            figures.Add(all);
        }

        figures.AddRange(summaries);
        return new CallReportContent
        {
            Title = title,
            Figures = figures,
            Hourly = hourly.Build(),
            Queues = perQueue,
            Overall = all,
            Sources = sources.ToList(),
            From = all.FirstCall is { } first ? TimeZoneInfo.ConvertTime(first, zone) : null,
            To = all.LastCall is { } last ? TimeZoneInfo.ConvertTime(last, zone) : null,
            TimeZoneName = zoneName,
        };
    }
}
