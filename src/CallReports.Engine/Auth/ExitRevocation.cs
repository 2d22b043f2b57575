namespace CallReports.Engine.Auth;

/// <summary>
/// Revokes the cached tokens when the process exits. A runbook is a new process every run: a token left alive
/// counts against the vendor's limit (Yeastar: 8 live tokens) until it expires. AppDomain.ProcessExit is raised
/// on a normal exit in PowerShell 7 (.NET) and Windows PowerShell 5.1 (.NET Framework, which allows its handlers
/// about two seconds in all); the engine's PowerShell.Exiting event is per runspace and not raised for a host's
/// own shutdown. The handler touches no runspace and no host: it only sends the revocations, on the thread pool,
/// and gives up after <see cref="Bound"/>. A killed process revokes nothing.
/// </summary>
internal static class ExitRevocation
{
    /// <summary>The longest the exit waits for the revocations, all together.</summary>
    internal static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private static int registered;

    /// <summary>Hooks the process exit once, when the first revocable token is cached.</summary>
    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
        {
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TokenCache.RevokeAllForExit(Bound);
        }
    }
}
