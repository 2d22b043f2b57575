using System;
using System.Linq;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Vendors.Ozonetel;
using CallReports.Models;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Ozonetel;
using Xunit;

namespace CallReports.Engine.Tests.Ozonetel;

/// <summary>
/// Every loop of the client that sends a request again (token renewal, rate-limit wait, transient
/// retry, the next store or day of a lookup), with its first attempt failing and the second
/// succeeding: all records and not a single error.
/// </summary>
public sealed partial class OzonetelClientTests
{
    private static OzonetelQuery DayQuery(DateTime istDay, int? pageSize = null) => new()
    {
        StartTime = Engine.Time.WallClock.ToInstant(istDay, Ist),
        EndTime = Engine.Time.WallClock.ToInstant(istDay.AddDays(1), Ist),
        PageSize = pageSize,
        RequestsPerMinute = 2,
        RateLimitWindow = TimeSpan.FromMilliseconds(200),
    };

    private static void AssertNoErrors(Exception? error, System.Collections.Generic.List<LogEntry> log)
    {
        Assert.Null(error);
        Assert.DoesNotContain(log, e => e.Kind == LogKind.Error);
    }

    /// <summary>Makes the token cache hold a token the server no longer accepts.</summary>
    private void CacheATokenTheServerHasExpired()
    {
        var warm = Scaled(OzonetelEmulator.UcidOf(Yesterday, 0));
        warm.AuthMode = OzonetelAuthMode.Token;
        Assert.Null(Read(warm).Error);
        Emulator.ExpireTokens();
    }

    [Fact]
    public void AnExpiredTokenRenewedForADayGivesEveryRecordAndNoError()
    {
        CacheATokenTheServerHasExpired();
        var before = Emulator.TokensIssued;
        var query = DayQuery(Yesterday);
        query.AuthMode = OzonetelAuthMode.Token;

        var (records, error, log) = Read(query);

        AssertNoErrors(error, log);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => OzonetelEmulator.UcidOf(Yesterday, i)), records.Select(r => r.Ucid));
        Assert.Equal(before + 1, Emulator.TokensIssued);
    }

    [Fact]
    public void AnExpiredTokenRenewedForAPagedDayGivesEveryRecordAndNoError()
    {
        Emulator.CallsPerDay = 9;
        Emulator.RequestsPerWindow = 20;
        CacheATokenTheServerHasExpired();
        var query = DayQuery(Yesterday, pageSize: 4);
        query.AuthMode = OzonetelAuthMode.Token;
        query.RequestsPerMinute = 20;

        var (records, error, log) = Read(query);

        AssertNoErrors(error, log);
        Assert.Equal(Enumerable.Range(0, 9).Select(i => OzonetelEmulator.UcidOf(Yesterday, i)), records.Select(r => r.Ucid));
    }

    [Fact]
    public void AnExpiredTokenRenewedForAUcidGivesTheRecordAndNoError()
    {
        CacheATokenTheServerHasExpired();
        var query = Scaled(OzonetelEmulator.UcidOf(Yesterday, 2));
        query.AuthMode = OzonetelAuthMode.Token;

        var (records, error, log) = Read(query);

        AssertNoErrors(error, log);
        Assert.Equal(OzonetelEmulator.UcidOf(Yesterday, 2), Assert.Single(records).Ucid);
    }

    [Fact]
    public void AUcidAnswerCutOffInItsFirstBytesIsAnInterruptedResponse()
    {
        // In token mode the first bytes are read to see whether Ozonetel said "Token Expired".
        fixture.Host.Faults.Add(new FaultRule { PathPrefix = "/ozonetel/ca_reports/fetchCdrByUCID", ResetAfterBytes = 10, Times = 1 });
        var query = Scaled(OzonetelEmulator.UcidOf(Yesterday, 2));
        query.AuthMode = OzonetelAuthMode.Token;

        var (records, error, log) = Read(query);

        Assert.Empty(records);
        var failure = Assert.IsType<CallReportsException>(error ?? log.Select(e => e.Error).FirstOrDefault(e => e is not null));
        Assert.Equal(OzonetelErrors.ResponseInterrupted, failure.ErrorId);
    }

    [Fact]
    public void ADayRefusedOnceWithHttp429IsReadWholeWithNoError()
    {
        fixture.Host.Faults.Add(new FaultRule { PathPrefix = "/ozonetel/ca_reports/fetchCDRDetails", StatusCode = 429, Times = 1 });

        var (records, error, log) = Read(DayQuery(Yesterday));

        AssertNoErrors(error, log);
        Assert.Equal(6, records.Count);
        Assert.Contains(log, e => e.Kind == LogKind.Warning && e.Message.Contains("rate limit", StringComparison.Ordinal));
    }

    [Fact]
    public void APageRefusedForTheRateLimitIsReadAgainAndTheDayContinuesWithNoError()
    {
        // The client believes it may send 20 a window; the server allows 2, so the third page is refused once.
        Emulator.CallsPerDay = 25;
        Emulator.RateLimitWindow = TimeSpan.FromMilliseconds(250);
        var query = DayQuery(Yesterday, pageSize: 5);
        query.RequestsPerMinute = 20;
        query.RateLimitWindow = TimeSpan.FromMilliseconds(250);

        var (records, error, log) = Read(query);

        AssertNoErrors(error, log);
        Assert.True(Emulator.RateLimitRejections > 0);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => OzonetelEmulator.UcidOf(Yesterday, i)), records.Select(r => r.Ucid));
    }

    [Fact]
    public void AUcidRefusedOnceWithHttp429IsFoundWithNoError()
    {
        fixture.Host.Faults.Add(new FaultRule { PathPrefix = "/ozonetel/ca_reports/fetchCdrByUCID", StatusCode = 429, Times = 1 });

        var (records, error, log) = Read(Scaled(OzonetelEmulator.UcidOf(Yesterday, 1)));

        AssertNoErrors(error, log);
        Assert.Equal(OzonetelEmulator.UcidOf(Yesterday, 1), Assert.Single(records).Ucid);
    }

    [Fact]
    public void ALegacyLookupRefusedWithMaxLimitExceededIsSentAgainWithNoError()
    {
        // The legacy API says "max limit exceeded" with HTTP 200; the server allows one a window, the client believes 20.
        Emulator.LegacyRequestsPerWindow = 1;
        try
        {
            var ucids = Enumerable.Range(0, 3).Select(i => OzonetelEmulator.UcidOf(Yesterday, i)).ToArray();
            var query = Scaled(ucids);
            query.ApiVersion = OzonetelApiVersion.Legacy;
            query.RequestsPerMinute = 20;

            var (records, error, log) = Read(query);

            AssertNoErrors(error, log);
            Assert.True(Emulator.RateLimitRejections > 0);
            Assert.Equal(ucids, records.Select(r => r.Ucid));
        }
        finally
        {
            Emulator.LegacyRequestsPerWindow = 50;
        }
    }
}
