using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;
using CallReports.Sandbox.Emulators.Casper;

namespace CallReports.Engine.Tests.Casper;

/// <summary>A CasperClient built the way the cmdlet builds it, with its log captured.</summary>
internal sealed class CasperHarness
{
    /// <summary>
    /// The test collection of every class that runs the client through a harness: they share the process-wide token
    /// cache and the once-per-session deprecation warnings, so they run one after another, never side by side (a
    /// test that resets the warnings must not see another class take them first).
    /// </summary>
    public const string Collection = "Casper client";

    private readonly object gate = new();
    private readonly List<LogEntry> entries = new();

    public CasperHarness(CasperEmulator emulator, CasperCredentials? credentials = null, int maximumRetryCount = 2)
    {
        Emulator = emulator;
        Log = new OperationLog(entry =>
        {
            lock (gate)
            {
                entries.Add(entry);
            }
        });
        Connection = new ConnectionOptions(emulator.BaseUri)
        {
            RetryInterval = TimeSpan.FromMilliseconds(20),
            MaximumRetryCount = maximumRetryCount,
            Timeout = TimeSpan.FromSeconds(10),
        };
        Client = new CasperClient(Connection, credentials ?? ApiToken(), Log);
    }

    public CasperEmulator Emulator { get; }

    public OperationLog Log { get; }

    public ConnectionOptions Connection { get; }

    public CasperClient Client { get; }

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return entries.ToArray();
            }
        }
    }

    public static CasperCredentials ApiToken() => CasperCredentials.FromApiToken(Secure(CasperEmulator.ApiToken));

    public static CasperCredentials Jwt(CasperEmulator emulator) =>
        CasperCredentials.FromRingCentralJwt(Secure(CasperEmulator.Jwt), new NetworkCredential(CasperEmulator.ClientId, CasperEmulator.ClientSecret), emulator.BaseUri);

    public static SecureString Secure(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    /// <summary>The sample day of the vendor page, in Arizona.</summary>
    public static CasperCallDetailQuery SampleDay() => new()
    {
        AccountIds = new[] { CasperEmulator.AccountId },
        StartTime = new DateTimeOffset(2020, 4, 20, 0, 0, 0, TimeSpan.FromHours(-7)),
        EndTime = new DateTimeOffset(2020, 4, 21, 0, 0, 0, TimeSpan.FromHours(-7)),
        TimeZone = ZoneResolver.Resolve("US/Arizona"),
        TimeZoneName = "US/Arizona",
    };

    /// <summary>Three days of generated calls of account 13670001, read in Arizona (one window a day).</summary>
    public static CasperCallDetailQuery ThreeDays() => new()
    {
        AccountIds = new[] { CasperEmulator.AccountId },
        StartTime = new DateTimeOffset(2026, 11, 1, 17, 0, 0, TimeSpan.FromHours(-7)),
        EndTime = new DateTimeOffset(2026, 11, 4, 17, 0, 0, TimeSpan.FromHours(-7)),
        TimeZone = ZoneResolver.Resolve("US/Arizona"),
        TimeZoneName = "US/Arizona",
    };

    public List<CasperCallDetail> List(CasperCallDetailQuery query) => Client.GetCallDetails(query, CancellationToken.None).ToList();

    public (List<CasperCallDetail> Records, Exception? Error) TryList(CasperCallDetailQuery query)
    {
        var records = new List<CasperCallDetail>();
        try
        {
            foreach (var record in Client.GetCallDetails(query, CancellationToken.None))
            {
                records.Add(record);
            }

            return (records, null);
        }
        catch (Exception ex)
        {
            return (records, ex);
        }
    }

    public IEnumerable<CallReportsException> Errors => Entries.Where(e => e.Error is not null).Select(e => e.Error!);

    public static Task ClearTokensAsync() =>
        TokenCache.ClearAsync(t => t.Vendor == CallReportsVendor.Casper, false, new OperationLog(_ => { }), CancellationToken.None);

    public IEnumerable<string> VisibleTexts(Exception? error = null)
    {
        foreach (var entry in Entries)
        {
            yield return entry.Message;
            if (entry.Error is not null)
            {
                yield return entry.Error.ToString();
            }
        }

        if (error is not null)
        {
            yield return error.ToString();
        }
    }
}
