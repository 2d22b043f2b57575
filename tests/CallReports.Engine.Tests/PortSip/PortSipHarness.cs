using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;
using CallReports.Sandbox.Emulators.PortSip;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>A PortSipClient built the way the cmdlet builds it, with its log captured.</summary>
internal sealed class PortSipHarness
{
    private readonly object gate = new();
    private readonly List<LogEntry> entries = new();

    public PortSipHarness(PortSipEmulator emulator, string userName = PortSipEmulator.UserName, string password = PortSipEmulator.Password, int maximumRetryCount = 3, TimeSpan? timeout = null)
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
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
        };
        Client = new PortSipClient(Connection, PortSipCredentials.FromPassword(new NetworkCredential(userName, password), PortSipEmulator.Domain), Log);
    }

    public PortSipEmulator Emulator { get; }

    public OperationLog Log { get; }

    public ConnectionOptions Connection { get; }

    public PortSipClient Client { get; }

    public long? TotalCount { get; private set; }

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

    public List<PortSipCdr> List(PortSipCdrQuery query) => Client.GetCdrs(query, total => TotalCount = total, CancellationToken.None).ToList();

    /// <summary>Enumerates until the end or the first exception; returns what came and what was thrown.</summary>
    public (List<PortSipCdr> Records, Exception? Error) TryList(PortSipCdrQuery query)
    {
        var records = new List<PortSipCdr>();
        try
        {
            foreach (var record in Client.GetCdrs(query, total => TotalCount = total, CancellationToken.None))
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

    /// <summary>Forgets the cached token for this emulator (every principal), so the next call signs in.</summary>
    public static Task<IReadOnlyList<CachedToken>> ClearTokensAsync(PortSipEmulator emulator, bool revoke = false)
    {
        var server = new ConnectionOptions(emulator.BaseUri).ServerDisplay;
        return TokenCache.ClearAsync(t => t.Vendor == CallReportsVendor.PortSip && string.Equals(t.Server, server, StringComparison.OrdinalIgnoreCase), revoke, new OperationLog(_ => { }), CancellationToken.None);
    }

    /// <summary>Every text the user could see: messages, error messages and exception messages (with inner ones).</summary>
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
