using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Auth;

/// <summary>
/// The process-wide token cache under concurrent use, as eight runspaces give it: one sign-in per key however
/// many callers, and a cache cleared while a token is being renewed neither loses nor leaks that token.
/// </summary>
public sealed class TokenCacheTests
{
    private static readonly OperationLog Quiet = new(_ => { });
    private readonly string server = "https://cache-test-" + Guid.NewGuid().ToString("N") + ".example";
    private readonly ConcurrentBag<string> revoked = new();

    [Fact]
    public async Task Eight_callers_at_once_sign_in_once()
    {
        var signIns = 0;
        async Task<TokenState> SignInAsync(TokenState? current, CancellationToken ct)
        {
            Interlocked.Increment(ref signIns);
            await Task.Delay(50, ct);
            return Token("only");
        }

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Get(SignInAsync))));

        Assert.Equal(1, signIns);
        Assert.All(tokens, t => Assert.Equal(Secret("only"), t.AccessToken));
    }

    [Fact]
    public async Task A_cache_cleared_during_a_renewal_revokes_the_renewed_token_instead_of_losing_it()
    {
        var (renewal, renewed) = await StartRenewalAsync();
        var clearing = TokenCache.ClearAsync(t => t.Server == server, revoke: true, Quiet, CancellationToken.None);
        renewed.SetResult(Token("second"));
        await renewal;
        await clearing;

        // Cleared after the renewal: revoked, and gone. (Before, the renewal stored "second" in an entry the cache
        // no longer held: never listed, never revoked, alive at the vendor.)
        Assert.Contains(Secret("second"), revoked);
        Assert.DoesNotContain(TokenCache.List(), t => t.Server == server);
    }

    [Fact]
    public async Task A_caller_waiting_while_the_cache_is_cleared_signs_in_into_the_cache()
    {
        var (renewal, renewed) = await StartRenewalAsync();

        // The clear is asked for first, then another caller comes: it must not get the token the clear revokes.
        var clearing = TokenCache.ClearAsync(t => t.Server == server, revoke: true, Quiet, CancellationToken.None);
        var waiting = Get((_, _) => Task.FromResult(Token("third")));
        renewed.SetResult(Token("second"));
        await renewal;
        await clearing;
        var third = await waiting;

        Assert.Equal(Secret("third"), third.AccessToken);
        Assert.Contains(Secret("second"), revoked);
        Assert.Equal("/test", Assert.Single(TokenCache.List(), t => t.Server == server).Method);
        Assert.Equal(Secret("third"), (await Get((_, _) => Task.FromResult(Token("fourth")))).AccessToken);
    }

    /// <summary>Caches a token that is stale at once, then starts its renewal and holds it until the caller completes it.</summary>
    private async Task<(Task<TokenState> Renewal, TaskCompletionSource<TokenState> Renewed)> StartRenewalAsync()
    {
        await Get((_, _) => Task.FromResult(Token("first", TimeSpan.FromMilliseconds(1))));
        await Task.Delay(5);
        var renewing = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewed = new TaskCompletionSource<TokenState>(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewal = Get((_, _) =>
        {
            renewing.SetResult(true);
            return renewed.Task;
        });
        await renewing.Task;
        return (renewal, renewed);
    }

    private string Secret(string name) => "tok-" + name + "-" + server;

    private Task<TokenState> Get(Func<TokenState?, CancellationToken, Task<TokenState>> acquire) =>
        TokenCache.GetAsync(CallReportsVendor.Yeastar, server, "client", "secret", acquire, null, CancellationToken.None);

    // Tokens are registered with the process-wide redactor: each is unique so no other test's text is masked.
    private TokenState Token(string name, TimeSpan? lifetime = null) =>
        new(Secret(name), null, lifetime ?? TimeSpan.FromHours(1), "/test")
        {
            Revoke = (state, _) =>
            {
                revoked.Add(state.AccessToken);
                return Task.CompletedTask;
            },
        };
}
