using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace CallReports.Engine.Auth;

/// <summary>
/// The process-wide token cache, keyed by vendor, server and principal: a loop of cmdlet calls signs
/// in once, tokens are refreshed before they expire, and only one sign-in or refresh per key runs at
/// a time (Yeastar allows 8 live tokens, Ozonetel 10 a hour, RingCX 5 exchanges a minute).
/// </summary>
public static class TokenCache
{
    private static readonly ConcurrentDictionary<Key, Entry> Entries = new();
    private static readonly byte[] ProcessKey = CreateProcessKey();

    /// <summary>What is cached, without the tokens.</summary>
    public static IReadOnlyList<CachedToken> List() =>
        Entries
            .Select(e => (e.Key, State: e.Value.State)) // read once: a failed renewal may clear it meanwhile
            .Where(e => e.State is not null)
            .Select(e => Describe(e.Key, e.State!))
            .OrderBy(t => t.Vendor).ThenBy(t => t.Server, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Principal, StringComparer.OrdinalIgnoreCase)
            .ToList();

    /// <summary>
    /// Removes the matching entries, revoking each token at the vendor where it can be revoked.
    /// A failed revoke is a warning: the entry is removed all the same. A token being renewed is
    /// waited for, so the renewed one is what gets removed and revoked.
    /// </summary>
    /// <param name="match">Which entries to remove.</param>
    /// <param name="revoke">Whether to call the vendor's revoke/sign-out endpoint.</param>
    /// <param name="log">Where revocation failures are reported.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The entries removed.</returns>
    public static async Task<IReadOnlyList<CachedToken>> ClearAsync(Func<CachedToken, bool> match, bool revoke, OperationLog log, CancellationToken cancellationToken)
    {
        if (match is null)
        {
            throw new ArgumentNullException(nameof(match));
        }

        var removed = new List<CachedToken>();
        foreach (var pair in Entries.ToArray())
        {
            if (pair.Value.State is not { } seen || !match(Describe(pair.Key, seen)))
            {
                continue;
            }

            TokenState? state;
            CachedToken described;
            await pair.Value.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                state = pair.Value.State;
                if (state is null || !match(described = Describe(pair.Key, state)) || !Remove(pair))
                {
                    continue;
                }
            }
            finally
            {
                pair.Value.Gate.Release();
            }

            removed.Add(described);
            if (revoke && state.Revoke is not null)
            {
                try
                {
                    await state.Revoke(state, cancellationToken).ConfigureAwait(false);
                    log.Verbose($"Revoked the {described.Vendor} token for {described.Principal} at {described.Server}.");
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    log.Warning($"Could not revoke the {described.Vendor} token for {described.Principal} at {described.Server}: {ex.Message} It was removed from the cache and expires at {described.ExpiresAt:u}.");
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// At process exit: removes every token that can be revoked and revokes them all at once, giving up after
    /// <paramref name="bound"/> in all. Never throws and never waits for a sign-in in progress.
    /// </summary>
    /// <returns>How many revocations finished in time.</returns>
    internal static int RevokeAllForExit(TimeSpan bound)
    {
        try
        {
            using var timeout = new CancellationTokenSource(bound);
            var revocations = new List<Task>();
            foreach (var pair in Entries.ToArray())
            {
                if (pair.Value.State is { Revoke: not null } state && Remove(pair))
                {
                    // On the thread pool: a revoke that blocks before its first await must not hold up the others.
                    revocations.Add(Task.Run(() => state.Revoke!(state, timeout.Token), timeout.Token));
                }
            }

            if (revocations.Count > 0)
            {
                Task.WaitAny(Task.WhenAll(revocations), Task.Delay(bound));
            }

            return revocations.Count(r => r.Status == TaskStatus.RanToCompletion);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort: the process is ending and there is no one left to tell.
            return 0;
        }
    }

    /// <summary>
    /// Returns a fresh token for the key, calling <paramref name="acquire"/> (with the current state,
    /// so it can refresh) when there is none, it is stale, or it is the one the server just rejected.
    /// A token obtained with a different secret is never handed out: the caller with a wrong (or
    /// changed) password signs in again rather than riding on someone else's sign-in.
    /// </summary>
    internal static async Task<TokenState> GetAsync(
        CallReportsVendor vendor,
        string server,
        string principal,
        string secret,
        Func<TokenState?, CancellationToken, Task<TokenState>> acquire,
        string? rejectedToken,
        CancellationToken cancellationToken)
    {
        var key = new Key(vendor, server.ToLowerInvariant(), principal);
        var fingerprint = Fingerprint(secret);
        while (true)
        {
            var entry = Entries.GetOrAdd(key, _ => new Entry());
            await entry.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Cleared while this caller waited: a token kept in that entry would be neither listed nor revoked.
                if (!Entries.TryGetValue(key, out var live) || !ReferenceEquals(live, entry))
                {
                    continue;
                }

                var current = entry.State;
                if (current is not null && !FixedTimeEquals(entry.Fingerprint, fingerprint))
                {
                    current = null;
                }

                if (current is not null && current.IsFresh(DateTimeOffset.Now) &&
                    (rejectedToken is null || !string.Equals(current.AccessToken, rejectedToken, StringComparison.Ordinal)))
                {
                    return current;
                }

                var renewed = await acquire(current, cancellationToken).ConfigureAwait(false);
                entry.State = renewed;
                entry.Fingerprint = fingerprint;
                if (renewed.Revoke is not null)
                {
                    ExitRevocation.EnsureRegistered();
                }

                return renewed;
            }
            catch
            {
                // A failed sign-in leaves nothing half-valid behind.
                entry.State = null;
                throw;
            }
            finally
            {
                entry.Gate.Release();
            }
        }
    }

    /// <summary>Removes exactly this entry (not one added for the key since).</summary>
    private static bool Remove(KeyValuePair<Key, Entry> pair) => ((ICollection<KeyValuePair<Key, Entry>>)Entries).Remove(pair);

    /// <summary>A keyed hash of the secret (the key lives only in this process), never the secret itself.</summary>
    private static byte[] Fingerprint(string secret)
    {
        using var hmac = new HMACSHA256(ProcessKey);
        return hmac.ComputeHash(Encoding.UTF8.GetBytes(secret));
    }

    private static bool FixedTimeEquals(byte[]? a, byte[] b)
    {
        if (a is null || a.Length != b.Length)
        {
            return false;
        }

        var difference = 0;
        for (var i = 0; i < a.Length; i++)
        {
            difference |= a[i] ^ b[i];
        }

        return difference == 0;
    }

    private static CachedToken Describe(Key key, TokenState state) => new()
    {
        Vendor = key.Vendor,
        Server = key.Server,
        Principal = key.Principal,
        Method = state.Method,
        IssuedAt = state.IssuedAt,
        ExpiresAt = state.ExpiresAt,
        CanRefresh = state.RefreshToken is not null,
    };

    private readonly record struct Key(CallReportsVendor Vendor, string Server, string Principal);

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TokenState? State { get; set; }

        public byte[]? Fingerprint { get; set; }
    }

    private static byte[] CreateProcessKey()
    {
        var key = new byte[32];
        using var random = RandomNumberGenerator.Create();
        random.GetBytes(key);
        return key;
    }
}
