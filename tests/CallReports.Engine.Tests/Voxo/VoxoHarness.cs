using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Vendors.Voxo;
using CallReports.Models;
using CallReports.Sandbox.Emulators.Voxo;

namespace CallReports.Engine.Tests.Voxo;

/// <summary>A VoxoClient built the way the cmdlet builds it, with its log captured.</summary>
internal sealed class VoxoHarness
{
    private readonly object gate = new();
    private readonly List<LogEntry> entries = new();

    public VoxoHarness(VoxoEmulator emulator, string email = VoxoEmulator.PartnerEmail, string password = VoxoEmulator.Password, string? accessToken = null)
    {
        Log = new OperationLog(entry =>
        {
            lock (gate)
            {
                entries.Add(entry);
            }
        });
        var connection = new ConnectionOptions(emulator.BaseUri) { RetryInterval = TimeSpan.FromMilliseconds(20), Timeout = TimeSpan.FromSeconds(20) };
        var credentials = accessToken is null
            ? VoxoCredentials.FromPassword(new NetworkCredential(email, password))
            : VoxoCredentials.FromAccessToken(new NetworkCredential(string.Empty, accessToken).SecurePassword);
        Client = new VoxoClient(connection, credentials, Log);
    }

    public OperationLog Log { get; }

    public VoxoClient Client { get; }

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

    public IEnumerable<CallReportsException> Errors => Entries.Where(e => e.Kind == LogKind.Error && e.Error is not null).Select(e => e.Error!);

    /// <summary>Enumerates until the end or the first exception; returns what came and what was thrown.</summary>
    public (List<VoxoCallRecord> Records, Exception? Error) TryRead(VoxoCallReportQuery query, Action<VoxoCallRecord>? each = null)
    {
        var records = new List<VoxoCallRecord>();
        try
        {
            foreach (var record in Client.GetCallReports(query, CancellationToken.None))
            {
                each?.Invoke(record);
                records.Add(record);
            }

            return (records, null);
        }
        catch (Exception ex)
        {
            return (records, ex);
        }
    }

    public List<VoxoCallRecord> Read(VoxoCallReportQuery query)
    {
        var (records, error) = TryRead(query);
        if (error is not null)
        {
            throw new InvalidOperationException("Reading failed: " + error.Message, error);
        }

        return records;
    }

    /// <summary>Every text the user could see.</summary>
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

    public static Task ClearTokensAsync(VoxoEmulator emulator)
    {
        var server = new ConnectionOptions(emulator.BaseUri).ServerDisplay;
        return TokenCache.ClearAsync(t => t.Vendor == CallReportsVendor.Voxo && string.Equals(t.Server, server, StringComparison.OrdinalIgnoreCase), false, new OperationLog(_ => { }), CancellationToken.None);
    }
}
