using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.Engine.Tests.Yeastar;

/// <summary>What the scale scenarios rely on: the Yeastar emulator's streamed bulk reports and the Sandbox's response-start times.</summary>
public sealed class YeastarBulkReportTests : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private const string DownloadPrefix = "/yeastar/api/download/";
    private readonly SandboxHost sandbox;

    public YeastarBulkReportTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    private YeastarEmulator Pbx => sandbox.Yeastar;

    public async Task InitializeAsync()
    {
        sandbox.Faults.Clear();
        Pbx.Reset();
        YeastarSystemInfo.Forget();
        await ClearAsync();
        sandbox.Counters.Reset();
    }

    public Task DisposeAsync() => ClearAsync();

    [Fact]
    public void A_bulk_report_has_that_many_rows_and_every_download_gives_the_same_bytes()
    {
        Pbx.BulkRows = 25_000;
        var query = YeastarClientTests.Complete(YeastarReportType.ExtensionCallBillingDetails);

        // No range: the rows are one minute apart from 02/11/2026 08:00 (a range would have them spread over it).
        query.StartTime = null;
        query.EndTime = null;
        query.ApiVersion = YeastarApiVersion.V2;
        var rows = NewClient().GetRows(query, CancellationToken.None).ToList();
        Assert.Equal(25_000, rows.Count);
        var first = rows[0].Columns.ToDictionary(c => c.Key, c => c.Value);
        var last = rows[^1].Columns.ToDictionary(c => c.Key, c => c.Value);
        Assert.Equal("extcallbillingdetails item 0", first["Name"]);
        Assert.Equal("extcallbillingdetails item 24999", last["Name"]);

        // One minute apart, in the PBX's zone.
        Assert.Equal(TimeSpan.FromMinutes(24_999), (DateTimeOffset)last["Time"]! - (DateTimeOffset)first["Time"]!);
        Assert.Empty(Pbx.LastServed);

        var one = Path.Combine(Path.GetTempPath(), "yeastar-bulk-" + Guid.NewGuid().ToString("N") + ".csv");
        var two = Path.Combine(Path.GetTempPath(), "yeastar-bulk-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            NewClient().SaveFile(query, one, overwrite: false, CancellationToken.None);
            NewClient().SaveFile(query, two, overwrite: false, CancellationToken.None);
            var bytes = File.ReadAllBytes(one);
            Assert.Equal(bytes, File.ReadAllBytes(two));
            Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
            Assert.Equal(25_001, File.ReadLines(one).Count());
        }
        finally
        {
            File.Delete(one);
            File.Delete(two);
        }

        // Per-ID types: that many rows per ID.
        var perId = YeastarClientTests.Complete(YeastarReportType.QueuePerformance);
        perId.QueueId = new[] { "1", "2" };
        Assert.Equal(50_000, NewClient().GetRows(perId, CancellationToken.None).Count());

        Pbx.Reset();
        Assert.Equal(0, Pbx.BulkRows);
    }

    [Fact]
    public void An_empty_report_stays_header_only_in_bulk_mode()
    {
        Pbx.BulkRows = 1_000;
        Pbx.DateFormat = "YYYY/MM/DD";
        var query = YeastarClientTests.Complete(YeastarReportType.ExtensionCallBillingDetails);
        query.DateFormat = "DD/MM/YYYY";
        Assert.Empty(NewClient().GetRows(query, CancellationToken.None));
        Assert.NotEmpty(Pbx.LastServed);
    }

    [Fact]
    public void The_first_response_start_of_a_path_is_kept_until_reset()
    {
        Assert.Null(sandbox.Counters.FirstResponseStarted(DownloadPrefix));
        var before = Stopwatch.GetTimestamp();
        var query = YeastarClientTests.Complete(YeastarReportType.ExtensionCallBillingDetails);
        query.ApiVersion = YeastarApiVersion.V2;
        Assert.Equal(Pbx.RowsPerReport, NewClient().GetRows(query, CancellationToken.None).Count());
        var download = sandbox.Counters.Requests.Single(r => r.Path.StartsWith(DownloadPrefix, StringComparison.Ordinal));
        var started = sandbox.Counters.FirstResponseStarted(DownloadPrefix);
        Assert.NotNull(started);
        Assert.True(download.Timestamp >= before);
        Assert.True(started >= download.Timestamp);
        Assert.True(started <= Stopwatch.GetTimestamp());

        // The sign-in answered earlier, under its own path; a later download does not move the first one.
        Assert.True(sandbox.Counters.FirstResponseStarted("/yeastar/openapi/v1.0/get_token") < started);
        Assert.Null(sandbox.Counters.FirstResponseStarted("/yeastar/nothing"));
        NewClient().GetRows(query, CancellationToken.None).ToList();
        Assert.Equal(started, sandbox.Counters.FirstResponseStarted(DownloadPrefix));

        sandbox.Counters.Reset();
        Assert.Null(sandbox.Counters.FirstResponseStarted(DownloadPrefix));
    }

    private YeastarClient NewClient()
    {
        var connection = new ConnectionOptions(Pbx.BaseUri) { RetryInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(20) };
        return new YeastarClient(connection, new YeastarCredentials(new NetworkCredential(YeastarEmulator.ClientId, YeastarEmulator.ClientSecret)), new OperationLog(_ => { }));
    }

    private Task ClearAsync()
    {
        var server = new ConnectionOptions(Pbx.BaseUri).ServerDisplay;
        return TokenCache.ClearAsync(t => t.Vendor == CallReportsVendor.Yeastar && string.Equals(t.Server, server, StringComparison.OrdinalIgnoreCase), revoke: false, new OperationLog(_ => { }), CancellationToken.None);
    }
}
