using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.Voxo;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// Five platforms through ConvertTo-CallRecord into ConvertTo-CallReportHtml, opened in a real browser (headless
/// Chromium, the Debian package that .ci/run installs): the rendered DOM's bars and labels carry the figures
/// Measure-CallRecord computes from the same records, and a screenshot is kept in out/test-artifacts.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class CallReportHtmlBrowserTests : IDisposable
{
    private const string Calls = """
        & {
            Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain sandbox.portsip.test -StartTime '2026-11-02T00:00:00Z' -EndTime '2026-11-03T00:00:00Z'
            Get-CasperCallDetail -Server $args[2] -ApiToken $args[3] -AccountId 13670001 -StartTime '2026-11-02 00:00' -EndTime '2026-11-03 00:00' -TimeZone UTC -WarningAction SilentlyContinue
            Invoke-YeastarReportDownload -Server $args[4] -Credential $args[5] -Type ExtensionCallBillingDetails -TrunkId 21 -StartTime '2026-10-19' -EndTime '2026-11-06' -ApiVersion V2
            Get-VoxoCallReport -Server $args[6] -Credential $args[7] -TenantId 37 -StartTime ([datetime]::new(2026, 10, 2, 0, 0, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2026, 10, 3, 0, 0, 0, [DateTimeKind]::Utc))
            Get-OzonetelCallDetail -Server $args[8] -Credential $args[9] -Date $args[10] -RequestsPerMinute 2 -RateLimitWindow 00:00:00.2
        } @args | ConvertTo-CallRecord
        """;

    private readonly ModuleFixture fixture;
    private readonly string folder = Directory.CreateTempSubdirectory("callreports-html-").FullName;

    public CallReportHtmlBrowserTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        fixture.Sandbox.Yeastar.Reset();
        fixture.Sandbox.Yeastar.Calls = Enumerable.Range(0, 6).Select(i => new DateTimeOffset(2026, 10, 20, 9 + i, 0, 0, TimeSpan.Zero)).ToList();
        fixture.Sandbox.Ozonetel.ResetLimits();
        fixture.Sandbox.Ozonetel.RequestsPerWindow = 2;
        fixture.Sandbox.Ozonetel.RateLimitWindow = TimeSpan.FromMilliseconds(200);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void The_report_of_five_platforms_shows_the_figures_in_a_real_browser()
    {
        var page = Path.Combine(folder, "report.html");
        var result = fixture.Invoke(
            "$calls = @(" + Calls + "); " +
            "$calls | ConvertTo-CallReportHtml -Title 'Every platform <test>' -TimeZone UTC -OutFile $args[11]; " +
            "$calls | Measure-CallRecord -GroupBy Hour -TimeZone UTC; " +
            "'---'; " +
            "$calls | Measure-CallRecord -GroupBy Queue -TimeZone UTC; " +
            "'---'; " +
            "$calls | Measure-CallRecord -TimeZone UTC",
            Arguments(page));
        result.ThrowIfFailed();
        var parts = Split(result.Output);
        var hourly = parts[0];
        var queues = parts[1];
        var overall = Assert.Single(parts[2]);
        Assert.True((long)overall.Properties["Calls"].Value > 20);

        var dom = Chromium("--dump-dom", "file://" + page);

        // The hourly chart: per hour and outcome, the bar's count; per hour, the total above it.
        var bars = Regex.Matches(dom, "<rect class=\"bar\" data-hour=\"(\\d+)\" data-outcome=\"(\\w+)\" data-count=\"(\\d+)\"")
            .Select(m => (Hour: int.Parse(m.Groups[1].Value), Outcome: m.Groups[2].Value, Count: long.Parse(m.Groups[3].Value)))
            .ToList();
        foreach (var summary in hourly)
        {
            var hour = (int)summary.Properties["Hour"].Value;
            foreach (var outcome in new[] { "Answered", "Missed", "Abandoned", "Busy", "Failed", "Voicemail" })
            {
                var expected = (long)summary.Properties[outcome].Value;
                Assert.Equal(expected, bars.Where(b => b.Hour == hour && b.Outcome == outcome).Sum(b => b.Count));
            }

            Assert.Equal((long)summary.Properties["UnknownOutcome"].Value, bars.Where(b => b.Hour == hour && b.Outcome == "Unknown").Sum(b => b.Count));
            Assert.Matches($"<text class=\"total\" data-hour=\"{hour}\"[^>]*>{summary.Properties["Calls"].Value}</text>", dom);
        }

        Assert.Equal((long)overall.Properties["Calls"].Value, bars.Sum(b => b.Count));

        // The queue chart: answer rate and service level per queue, as labels (the DOM as the browser serialises it).
        var answerRates = Labels(dom, "answer-rate-label");
        var serviceLevels = Labels(dom, "service-level-label");
        Assert.Equal(queues.Count, answerRates.Count);
        foreach (var summary in queues)
        {
            var name = (string?)summary.Properties["Queue"].Value ?? "(no queue)";
            Assert.Equal(Percent(summary.Properties["AnswerRate"].Value), answerRates[name]);
            Assert.Equal(Percent(summary.Properties["ServiceLevel"].Value), serviceLevels[name]);
        }

        // The wait chart: the histogram's counts add up to the calls with a known wait.
        var waits = Regex.Matches(dom, "<rect class=\"wait\" data-bucket=\"[^\"]+\" data-count=\"(\\d+)\"").Sum(m => long.Parse(m.Groups[1].Value));
        Assert.Equal((long)overall.Properties["Calls"].Value - (long)overall.Properties["WaitExcluded"].Value, waits);

        // Every chart has a title, the page no script and no remote resource, the title is text.
        Assert.Equal(3, Regex.Matches(dom, "<svg[^>]*role=\"img\"[^>]*>\\s*<title id=\"chart-").Count);
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Every platform &lt;test&gt;", dom, StringComparison.Ordinal);

        // The screenshot, for people: out/test-artifacts/call-report.png (see docs/call-report.md).
        var artifacts = Directory.CreateDirectory(Path.Combine(ModuleFixture.RepositoryRoot, "out", "test-artifacts")).FullName;
        var shot = Path.Combine(artifacts, "call-report.png");
        File.Delete(shot);
        Chromium("--screenshot=" + shot, "--window-size=1100,1900", "file://" + page);
        Assert.True(new FileInfo(shot).Length > 10_000, "the screenshot is empty");
    }

    [Fact]
    public void The_report_is_a_string_without_OutFile_and_summaries_make_it_too()
    {
        var result = fixture.Invoke("$calls = @(" + Calls + "); $calls | Measure-CallRecord -GroupBy Hour -TimeZone UTC | ConvertTo-CallReportHtml -Title 'From summaries'", Arguments(null));
        result.ThrowIfFailed();
        var html = (string)Assert.Single(result.Output).BaseObject;
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-hourly\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"chart-waits\"", html, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Labels(string dom, string kind) =>
        Regex.Matches(dom, "<text class=\"" + kind + "\" data-queue=\"([^\"]*)\"[^>]*>([^<]*)</text>")
            .ToDictionary(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m => System.Net.WebUtility.HtmlDecode(m.Groups[2].Value));

    private static string Percent(object? share) => share is double value ? Math.Round(value * 100, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "–";

    private static List<List<PSObject>> Split(List<PSObject> output)
    {
        var parts = new List<List<PSObject>> { new() };
        foreach (var item in output)
        {
            if (item.BaseObject is string s && s == "---")
            {
                parts.Add(new List<PSObject>());
            }
            else
            {
                parts[^1].Add(item);
            }
        }

        return parts;
    }

    private object?[] Arguments(string? page) => new object?[]
    {
        fixture.Sandbox.PortSip.BaseUri.ToString(), fixture.PortSipCredential(),
        fixture.Sandbox.Casper.BaseUri.ToString(), ModuleFixture.ToSecure(CasperEmulator.ApiToken),
        fixture.Sandbox.Yeastar.BaseUri.ToString(), new PSCredential(YeastarEmulator.ClientId, ModuleFixture.ToSecure(YeastarEmulator.ClientSecret)),
        fixture.Sandbox.Voxo.BaseUri.ToString(), new PSCredential(VoxoEmulator.PartnerEmail, ModuleFixture.ToSecure(VoxoEmulator.Password)),
        fixture.Sandbox.Ozonetel.BaseUri.ToString(), new PSCredential(OzonetelEmulator.UserName, ModuleFixture.ToSecure(OzonetelEmulator.ApiKey)),
        OzonetelEmulator.TodayIst.AddDays(-1),
        page,
    };

    /// <summary>Runs headless Chromium as the environment notes prescribe (no background networking on a closed network).</summary>
    private string Chromium(params string[] arguments)
    {
        var browser = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Headless Chromium is needed for this test: install the Debian package chromium (.ci/run does).");
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var flag in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + Path.Combine(folder, "profile-" + Guid.NewGuid().ToString("N")) })
        {
            start.ArgumentList.Add(flag);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("Chromium did not finish in two minutes: " + stderr.Result);
        }

        Assert.True(process.ExitCode == 0, "Chromium failed: " + stderr.Result);
        return stdout.Result;
    }
}
