using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CallReports.Sandbox.Emulators.Ozonetel;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>Get-OzonetelCallDetail run by the real PowerShell engine against the Sandbox Ozonetel emulator.</summary>
[Collection(ModuleCollection.Name)]
public sealed class GetOzonetelCallDetailTests
{
    private const string Fast = "-RequestsPerMinute 2 -RateLimitWindow 00:00:00.2";
    private readonly ModuleFixture fixture;

    public GetOzonetelCallDetailTests(ModuleFixture fixture)
    {
        this.fixture = fixture;
        Emulator.ResetLimits();
        Emulator.RequestsPerWindow = 2;
        Emulator.RateLimitWindow = TimeSpan.FromMilliseconds(200);
        Emulator.CallsPerDay = 6;
    }

    private OzonetelEmulator Emulator => fixture.Sandbox.Ozonetel;

    private string Server => Emulator.BaseUri.ToString();

    private static DateTime Yesterday => OzonetelEmulator.TodayIst.AddDays(-1);

    private static PSCredential Credential(string key = OzonetelEmulator.ApiKey) => new(OzonetelEmulator.UserName, ModuleFixture.ToSecure(key));

    [Fact]
    public void Ucids_from_a_CSV_round_trip_with_the_CallId_exact_and_unknown_ones_reported()
    {
        var csv = Path.Combine(Path.GetTempPath(), "ozonetel-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            var ucids = new[] { OzonetelEmulator.UcidOf(Yesterday, 0), "99999999999999", OzonetelEmulator.UcidOf(Yesterday, 4) };
            var result = fixture.Invoke(
                $"$args[2] | ForEach-Object {{ [pscustomobject]@{{ Ucid = $_ }} }} | Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] {Fast} | Export-Csv -Path $args[3] -NoTypeInformation; Import-Csv -Path $args[3]",
                Server, Credential(), ucids, csv);

            Assert.Null(result.Failure);
            Assert.Equal(new[] { ucids[0], ucids[2] }, result.Output.Select(o => (string)o.Properties["Ucid"].Value));
            Assert.Equal(OzonetelEmulator.CallIdOf(Yesterday, 0).ToString(System.Globalization.CultureInfo.InvariantCulture), (string)result.Output[0].Properties["CallId"].Value);
            var error = Assert.Single(result.Streams.Error);
            Assert.StartsWith("OzonetelUcidNotFound", error.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal(0, Emulator.RateLimitRejections);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void A_non_numeric_Ucid_or_a_day_older_than_15_days_fails_before_any_request()
    {
        fixture.Sandbox.Counters.Reset();
        var bad = fixture.InvokeExpectingTerminatingError(
            "Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -Ucid '20261130000001','12AB'", Server, Credential());
        Assert.Equal("OzonetelInvalidUcid,CallReports.Commands.GetOzonetelCallDetailCommand", bad.FullyQualifiedErrorId);
        Assert.Contains("12AB", bad.Exception.Message);

        var old = fixture.InvokeExpectingTerminatingError(
            "Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -Date (Get-Date).AddDays(-30)", Server, Credential());
        Assert.Equal(ErrorCategory.InvalidArgument, old.CategoryInfo.Category);
        Assert.Contains("15 days", old.Exception.Message);
        Assert.Equal(0, fixture.Sandbox.Counters.CountPrefix("/ozonetel/"));
    }

    [Fact]
    public void A_day_with_paging_streams_into_Where_Object_and_shows_the_rate_limit_wait()
    {
        // A two-second window: the third page has to wait however slowly a loaded machine answers the first two.
        Emulator.CallsPerDay = 12;
        Emulator.RateLimitWindow = TimeSpan.FromSeconds(2);
        var result = fixture.Invoke(
            "Get-OzonetelCallDetail -Server $args[0] -UserName $args[1] -ApiKey $args[2] -Date $args[3] -PageSize 5 -RequestsPerMinute 2 -RateLimitWindow 00:00:02 | Where-Object Status -eq 'Answered'",
            Server, OzonetelEmulator.UserName, ModuleFixture.ToSecure(OzonetelEmulator.ApiKey), Yesterday);
        result.ThrowIfFailed();

        Assert.Equal(9, result.Output.Count);
        Assert.All(result.Output, o => Assert.IsType<DateTimeOffset>(o.Properties["StartTime"].Value));
        Assert.Contains(result.Streams.Progress, p => p.StatusDescription.StartsWith("Waiting", StringComparison.Ordinal));
        Assert.Equal(0, Emulator.RateLimitRejections);
    }

    [Fact]
    public void A_wrong_key_is_a_terminating_authentication_error_and_no_key_appears_in_any_stream()
    {
        const string wrong = "WrongOzonetelKey-5f2b9c";
        var result = fixture.Invoke(
            $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -Ucid $args[2] {Fast} -Verbose -Debug",
            Server, Credential(wrong), OzonetelEmulator.UcidOf(Yesterday, 1));
        var failure = Assert.Single(result.Streams.Error);
        Assert.StartsWith("OzonetelAuthenticationFailed", failure.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(ErrorCategory.AuthenticationError, failure.CategoryInfo.Category);
        Assert.Contains("userName or apiKey is Invalid", failure.Exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, result.AllText(), StringComparison.Ordinal);

        // Terminating: a second UCID is never asked for.
        fixture.Sandbox.Counters.Reset();
        var stopped = fixture.InvokeExpectingTerminatingError(
            $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -Ucid $args[2],$args[2] {Fast}",
            Server, Credential(wrong), OzonetelEmulator.UcidOf(Yesterday, 1));
        Assert.StartsWith("OzonetelAuthenticationFailed", stopped.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(1, fixture.Sandbox.Counters.CountPrefix("/ozonetel/"));

        var ok = fixture.Invoke(
            $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -Ucid $args[2] {Fast} -Verbose -Debug | Format-List * | Out-String",
            Server, Credential(), OzonetelEmulator.UcidOf(Yesterday, 1));
        ok.ThrowIfFailed();
        Assert.DoesNotContain(OzonetelEmulator.ApiKey, ok.AllText(), StringComparison.Ordinal);
        Assert.NotEmpty(ok.Streams.Verbose);
    }

    [Fact]
    public void Token_mode_sends_no_token_or_key_to_any_stream()
    {
        var result = fixture.Invoke(
            $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -AuthMode Token -Ucid $args[2] {Fast} -Verbose -Debug; Get-CallReportsTokenCache | Format-List * | Out-String",
            Server, Credential(), OzonetelEmulator.UcidOf(Yesterday, 3));
        result.ThrowIfFailed();

        Assert.Equal(OzonetelEmulator.UcidOf(Yesterday, 3), (string)result.Output[0].Properties["Ucid"].Value);
        Assert.NotEmpty(Emulator.IssuedTokens);
        var text = result.AllText();
        Assert.Contains("Ozonetel", text, StringComparison.Ordinal);
        Assert.DoesNotContain(OzonetelEmulator.ApiKey, text, StringComparison.Ordinal);
        Assert.All(Emulator.IssuedTokens, token => Assert.DoesNotContain(token, text, StringComparison.Ordinal));
    }

    [Fact]
    public void A_token_renewed_for_a_day_ends_without_an_error_under_ErrorAction_Stop()
    {
        // A token in the cache that the server has since expired: the first answer is "Token Expired".
        fixture.Invoke(
            $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -AuthMode Token -Ucid $args[2] {Fast} -ErrorAction Stop",
            Server, Credential(), OzonetelEmulator.UcidOf(Yesterday, 0)).ThrowIfFailed();
        Emulator.ExpireTokens();
        var issued = Emulator.TokensIssued;

        var result = fixture.Invoke(
            $"& {{ $ErrorActionPreference = 'Stop'; Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -ApiVersion Current -AuthMode Token -Date $args[2] {Fast} -ErrorAction Stop }} @args",
            Server, Credential(), Yesterday);

        Assert.Null(result.Failure);
        Assert.Empty(result.Streams.Error);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => OzonetelEmulator.UcidOf(Yesterday, i)), result.Output.Select(o => (string)o.Properties["Ucid"].Value));
        Assert.Equal(issued + 1, Emulator.TokensIssued);
    }

    [Fact]
    public void Piped_Ucids_ask_a_server_that_refuses_ranges_for_one_once()
    {
        // The only test that switches this mode: once refused, the module asks this server day by day for the rest of the process.
        Emulator.UcidSingleDayOnly = true;
        Emulator.RequestsPerWindow = 20;
        try
        {
            var today = OzonetelEmulator.TodayIst;
            var ucids = new[] { OzonetelEmulator.UcidOf(today.AddDays(-1), 2), OzonetelEmulator.UcidOf(today.AddDays(-2), 2), OzonetelEmulator.UcidOf(today.AddDays(-3), 2) };
            fixture.Sandbox.Counters.Reset();

            var result = fixture.Invoke(
                "$args[2] | Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -RequestsPerMinute 20 -RateLimitWindow 00:00:00.2 -ErrorAction Stop",
                Server, Credential(), ucids);

            result.ThrowIfFailed();
            Assert.Equal(ucids, result.Output.Select(o => (string)o.Properties["Ucid"].Value));

            // The refused 15-day range once, then each UCID's days newest first up to its own: 2, 3 and 4.
            Assert.Equal(1 + 2 + 3 + 4, fixture.Sandbox.Counters.Count("GET", "/ozonetel/ca_reports/fetchCdrByUCID"));
        }
        finally
        {
            Emulator.UcidSingleDayOnly = false;
        }
    }

    [Fact]
    public void The_legacy_API_sends_the_key_in_the_query_but_no_stream_shows_it()
    {
        fixture.Sandbox.Counters.Reset();
        var result = fixture.Invoke(
            $"Get-OzonetelCallDetail -Server $args[0] -Credential $args[1] -ApiVersion Legacy -Ucid $args[2] -RateLimitWindow 00:00:00.2 -Verbose -Debug | Format-List * | Out-String",
            Server, Credential(), OzonetelEmulator.UcidOf(Yesterday, 2));
        result.ThrowIfFailed();

        Assert.Contains(OzonetelEmulator.UcidOf(Yesterday, 2), result.AllText(), StringComparison.Ordinal);
        Assert.Equal(1, fixture.Sandbox.Counters.Count("GET", "/ozonetel/CAServices/cdr/callbacks.php"));
        Assert.DoesNotContain(OzonetelEmulator.ApiKey, result.AllText(), StringComparison.Ordinal);
    }
}
