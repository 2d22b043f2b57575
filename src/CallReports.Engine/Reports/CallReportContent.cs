using System.Linq;

namespace CallReports.Engine.Reports;

/// <summary>What a call report page shows: its title, the figures of the table and the summaries its charts draw.</summary>
public sealed class CallReportContent
{
    /// <summary>The page's title.</summary>
    public string Title { get; set; } = "Call report";

    /// <summary>The rows of the figures table.</summary>
    public IReadOnlyList<CallSummary> Figures { get; set; } = Array.Empty<CallSummary>();

    /// <summary>One summary per hour of the day, for the hourly chart (none: no hourly chart).</summary>
    public IReadOnlyList<CallSummary> Hourly { get; set; } = Array.Empty<CallSummary>();

    /// <summary>One summary per queue, for the queue chart (none: no queue chart).</summary>
    public IReadOnlyList<CallSummary> Queues { get; set; } = Array.Empty<CallSummary>();

    /// <summary>All calls as one summary, for the wait chart.</summary>
    public CallSummary? Overall { get; set; }

    /// <summary>The sources the calls came from.</summary>
    public IReadOnlyList<string> Sources { get; set; } = Array.Empty<string>();

    /// <summary>The first call's start, in the report's zone.</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>The last call's start, in the report's zone.</summary>
    public DateTimeOffset? To { get; set; }

    /// <summary>The zone hours and the period are shown in.</summary>
    public string TimeZoneName { get; set; } = "UTC";

    /// <summary>
    /// The content for summaries made by Measure-CallRecord: they are the figures table; those grouped by hour alone
    /// draw the hourly chart, those grouped by queue alone the queue chart, and their wait histograms added up the
    /// wait chart.
    /// </summary>
    /// <param name="summaries">The summaries.</param>
    /// <param name="zoneName">The zone their hours are in, as shown.</param>
    /// <returns>The content.</returns>
    public static CallReportContent FromSummaries(IReadOnlyList<CallSummary> summaries, string zoneName)
    {
        var hourly = summaries.Where(s => s.Hour is not null && s.Group.StartsWith("Hour=", StringComparison.Ordinal) && s.Group.IndexOf(',') < 0).ToList();
        var queues = summaries.Where(s => s.Group.StartsWith("Queue=", StringComparison.Ordinal) && s.Group.IndexOf(',') < 0).ToList();
        var histogram = new long[CallSummary.WaitBucketBounds.Count];
        long waitExcluded = 0;
        foreach (var s in summaries)
        {
            for (var i = 0; i < histogram.Length && i < s.WaitHistogram.Count; i++)
            {
                histogram[i] += s.WaitHistogram[i];
            }

            waitExcluded += s.WaitExcluded;
        }

        var firsts = summaries.Where(s => s.FirstCall is not null).Select(s => s.FirstCall!.Value).ToList();
        var lasts = summaries.Where(s => s.LastCall is not null).Select(s => s.LastCall!.Value).ToList();
        return new CallReportContent
        {
            Figures = summaries,
            Hourly = hourly,
            Queues = queues,
            Overall = new CallSummary
            {
                WaitHistogram = histogram,
                WaitExcluded = waitExcluded,
                ServiceLevelThreshold = summaries.FirstOrDefault()?.ServiceLevelThreshold ?? TimeSpan.FromSeconds(20),
            },
            Sources = summaries.Where(s => s.Source is not null).Select(s => s.Source!).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(s => s, StringComparer.OrdinalIgnoreCase).ToList(),
            From = firsts.Count > 0 ? firsts.Min() : null,
            To = lasts.Count > 0 ? lasts.Max() : null,
            TimeZoneName = zoneName,
        };
    }
}
