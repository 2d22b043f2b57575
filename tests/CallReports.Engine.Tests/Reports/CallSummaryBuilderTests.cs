using System;
using System.Linq;
using CallReports.Engine.Reports;
using CallReports.Engine.Time;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Reports;

/// <summary>Figures computed by hand for a small fixed set of calls.</summary>
public sealed class CallSummaryBuilderTests
{
    private static readonly DateTimeOffset Nine = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Eight calls in two queues: every outcome, one unknown, one without a wait, one without a talk time.</summary>
    private static CallRecord[] Calls() => new[]
    {
        Call("Sales", CallOutcome.Answered, Nine.AddMinutes(1), wait: 5, talk: 60),
        Call("Sales", CallOutcome.Answered, Nine.AddMinutes(2), wait: 20, talk: 120),
        Call("Sales", CallOutcome.Answered, Nine.AddMinutes(3), wait: 45, talk: null),
        Call("Sales", CallOutcome.Missed, Nine.AddMinutes(4), wait: 30, talk: null),
        Call("Sales", CallOutcome.Unknown, Nine.AddMinutes(70), wait: null, talk: null),
        Call("Support", CallOutcome.Answered, Nine.AddMinutes(75), wait: null, talk: 30),
        Call("Support", CallOutcome.Abandoned, Nine.AddMinutes(80), wait: 90, talk: null),
        Call("Support", CallOutcome.Failed, Nine.AddMinutes(85), wait: null, talk: null),
    };

    [Fact]
    public void Every_figure_of_two_queues_by_hand()
    {
        var builder = new CallSummaryBuilder(new[] { CallGrouping.Queue }, null, TimeZoneInfo.Utc, TimeSpan.FromSeconds(20));
        foreach (var call in Calls())
        {
            builder.Add(call);
        }

        var summaries = builder.Build();
        Assert.Equal(new[] { "Queue=Sales", "Queue=Support" }, summaries.Select(s => s.Group));
        var sales = summaries[0];
        Assert.Equal("Sales", sales.Queue);
        Assert.Equal(5, sales.Calls);
        Assert.Equal(3, sales.Answered);
        Assert.Equal(1, sales.Missed);
        Assert.Equal(1, sales.UnknownOutcome);

        // Offered: 3 answered + 1 missed (the unknown one is left out).
        Assert.Equal(0.75, sales.AnswerRate);

        // Waits known: 5, 20, 45, 30 → mean 25, max 45; one call without a wait.
        Assert.Equal(TimeSpan.FromSeconds(25), sales.AverageWait);
        Assert.Equal(TimeSpan.FromSeconds(45), sales.MaxWait);
        Assert.Equal(1, sales.WaitExcluded);

        // Talk of the answered: 60 and 120 known, one unknown.
        Assert.Equal(TimeSpan.FromSeconds(90), sales.AverageTalk);
        Assert.Equal(TimeSpan.FromSeconds(180), sales.TotalTalk);
        Assert.Equal(1, sales.TalkExcluded);

        // Within 20 s (inclusive): 5 and 20 → 2 of 4 offered.
        Assert.Equal(0.5, sales.ServiceLevel);
        Assert.Equal(0, sales.ServiceLevelExcluded);
        Assert.Equal(Nine.AddMinutes(1), sales.FirstCall);
        Assert.Equal(Nine.AddMinutes(70), sales.LastCall);
        Assert.Equal(new long[] { 1, 0, 1, 2, 0, 0, 0 }, sales.WaitHistogram);

        var support = summaries[1];
        Assert.Equal(3, support.Calls);
        Assert.Equal(1, support.Failed);

        // Offered: answered + abandoned; the failed one is not offered.
        Assert.Equal(0.5, support.AnswerRate);

        // The answered call has no wait: left out of the service level, which has one judged call (abandoned).
        Assert.Equal(1, support.ServiceLevelExcluded);
        Assert.Equal(0.0, support.ServiceLevel);
        Assert.Equal(TimeSpan.FromSeconds(90), support.AverageWait);
        Assert.Equal(2, support.WaitExcluded);
    }

    [Fact]
    public void Hours_in_a_zone_across_a_daylight_saving_change()
    {
        // Berlin leaves summer time on 2026-10-25 at 03:00 CEST (01:00 UTC): 00:30 and 01:30 UTC are both 02:30
        // local, 02:30 UTC is 03:30 CET, and a day earlier 01:30 UTC was 03:30 CEST.
        Assert.True(ZoneResolver.TryResolve("Europe/Berlin", out var berlin));
        var builder = new CallSummaryBuilder(new[] { CallGrouping.Hour, CallGrouping.Date }, null, berlin, TimeSpan.FromSeconds(20));
        var utc = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);
        builder.Add(Call("Q", CallOutcome.Answered, utc, 1, 1));
        builder.Add(Call("Q", CallOutcome.Answered, utc.AddHours(1), 1, 1));
        builder.Add(Call("Q", CallOutcome.Missed, utc.AddHours(2), 1, null));
        builder.Add(Call("Q", CallOutcome.Missed, utc.AddHours(-23), 1, null));
        var summaries = builder.Build();
        Assert.Equal(new[] { "Hour=2, Date=2026-10-25", "Hour=3, Date=2026-10-24", "Hour=3, Date=2026-10-25" }, summaries.Select(s => s.Group));
        Assert.Equal(new long[] { 2, 1, 1 }, summaries.Select(s => s.Calls));
    }

    [Fact]
    public void Buckets_ties_empty_groups_and_calls_without_a_time()
    {
        var builder = new CallSummaryBuilder(new[] { CallGrouping.Agent }, TimeSpan.FromMinutes(15), TimeZoneInfo.Utc, TimeSpan.FromSeconds(20));
        builder.Add(Call("Q", CallOutcome.Answered, Nine.AddMinutes(14), 1, 1, agent: "b"));
        builder.Add(Call("Q", CallOutcome.Answered, Nine.AddMinutes(15), 1, 1, agent: "a"));
        builder.Add(Call("Q", CallOutcome.Answered, Nine.AddMinutes(29), 1, 1, agent: "a"));
        builder.Add(new CallRecord { Outcome = CallOutcome.Answered });
        var summaries = builder.Build();
        Assert.Equal(
            new[] { "Agent=a, Interval=2026-11-02 09:15 +00:00", "Agent=b, Interval=2026-11-02 09:00 +00:00", "Agent=(none), Interval=(none)" },
            summaries.Select(s => s.Group));
        Assert.Equal(2, summaries[0].Calls);
        Assert.Null(summaries[2].FirstCall);
        Assert.Null(summaries[2].AverageWait);
        Assert.Null(summaries[2].ServiceLevel);
        Assert.Empty(new CallSummaryBuilder(Array.Empty<CallGrouping>(), null, TimeZoneInfo.Utc, TimeSpan.Zero).Build());
        Assert.Throws<ArgumentException>(() => new CallSummaryBuilder(Array.Empty<CallGrouping>(), TimeSpan.FromMinutes(7), TimeZoneInfo.Utc, TimeSpan.Zero));
    }

    [Fact]
    public void The_page_draws_the_figures_and_encodes_every_text()
    {
        var report = new CallReportBuilder(TimeZoneInfo.Utc, "UTC", TimeSpan.FromSeconds(20));
        foreach (var call in Calls().Append(Call("<script>alert(1)</script>", CallOutcome.Answered, Nine, 1, 1)))
        {
            report.Add(call);
        }

        var html = CallReportHtml.Render(report.Build("Yesterday & today"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>Yesterday &amp; today</title>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("data-hour=\"9\" data-outcome=\"Answered\" data-count=\"4\"", html, StringComparison.Ordinal);
    }

    private static CallRecord Call(string queue, CallOutcome outcome, DateTimeOffset start, int? wait, int? talk, string? agent = null) => new()
    {
        Platform = CallPlatform.Voxo,
        Queue = queue,
        Agent = agent,
        Outcome = outcome,
        StartTime = start,
        WaitTime = wait is { } w ? TimeSpan.FromSeconds(w) : null,
        TalkTime = talk is { } t ? TimeSpan.FromSeconds(t) : null,
    };
}
