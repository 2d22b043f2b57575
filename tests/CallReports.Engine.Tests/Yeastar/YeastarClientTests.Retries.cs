using System;
using System.Linq;
using System.Threading;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests.Yeastar;

/// <summary>
/// Every loop that asks again (token renewal, busy PBX, fresh download link, HTTP retries, the async
/// waiter): the first attempt fails, the second succeeds, and every row arrives with no error and no
/// warning. The queries name -ApiVersion V2 so the request counts are the loop's alone.
/// </summary>
public sealed partial class YeastarClientTests
{
    private const string FilePrefix = "/yeastar/api/download/";

    [Theory]
    [InlineData(404)]
    [InlineData(200)]
    public void A_download_answered_with_an_HTML_page_asks_for_a_fresh_link_once_and_every_row_arrives(int status)
    {
        Pbx.MissingLinkAnswers = 1;
        Pbx.MissingLinkStatus = status;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Assert.Equal(2, sandbox.Counters.Count("GET", Download));
        Assert.Equal(2, sandbox.Counters.CountPrefix(FilePrefix));
        Assert.Contains(entries, e => e.Kind == LogKind.Verbose && e.Message.Contains("fresh link", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void A_download_link_missing_every_time_is_a_clear_error_after_one_fresh_link()
    {
        Pbx.MissingLinkAnswers = int.MaxValue;
        var error = Assert.Throws<CallReportsException>(() => NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).ToList());
        Assert.Equal("YeastarDownloadLinkExpired", error.ErrorId);
        Assert.Equal(FailureKind.NotFound, error.Kind);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, sandbox.Counters.Count("GET", Download));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(70082)]
    public void A_busy_PBX_is_asked_again_and_every_row_arrives(int code)
    {
        Pbx.BusyAnswers = 1;
        Pbx.BusyCode = code;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Assert.Equal(2, sandbox.Counters.Count("GET", Download));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void A_refresh_token_the_PBX_rejects_leads_to_one_new_sign_in_and_every_row_arrives()
    {
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Pbx.ExpireAccessTokens();
        Pbx.ExpireRefreshTokens();
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Assert.Equal(1, sandbox.Counters.Count("POST", "/yeastar/openapi/v1.0/refresh_token"));
        Assert.Equal(2, sandbox.Counters.Count("POST", GetToken));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Theory]
    [InlineData(Download)]
    [InlineData(FilePrefix)]
    public void A_503_on_the_link_or_on_the_file_is_retried_and_every_row_arrives(string path)
    {
        sandbox.Faults.Add(new FaultRule { PathPrefix = path, StatusCode = 503, Times = 1 });
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(OnePath(YeastarReportType.QueuePerformance), CancellationToken.None).Count());
        Assert.Equal(2, sandbox.Counters.CountPrefix(path));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    [Fact]
    public void Async_mode_asks_again_after_a_busy_answer_and_a_missing_file_and_every_row_arrives()
    {
        Pbx.BusyAnswers = 1;
        Pbx.MissingLinkAnswers = 1;
        var query = OnePath(YeastarReportType.QueuePerformance);
        query.Async = true;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(query, CancellationToken.None).Count());

        // Busy, processing; then, after the missing file, processing again on a new subscription.
        Assert.Equal(3, sandbox.Counters.Count("GET", Download));
        Assert.Equal(2, sandbox.Counters.Count("GET", "/yeastar/openapi/v1.0/subscribe"));
        Assert.Equal(2, sandbox.Counters.CountPrefix(FilePrefix));
        Assert.DoesNotContain(entries, e => e.Kind == LogKind.Warning);
    }

    private static YeastarReportQuery OnePath(YeastarReportType type)
    {
        var query = Complete(type);
        query.ApiVersion = YeastarApiVersion.V2;
        return query;
    }
}
