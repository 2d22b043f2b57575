using System.Linq;

namespace CallReports.Engine.Checkpoints;

/// <summary>
/// What a checkpoint belongs to: the vendor, the server, whose calls (account, tenant or domain) and the
/// filters that shape the result. A checkpoint written for one query is refused for another, because its
/// mark and its remembered calls would be wrong there.
/// </summary>
public sealed class CheckpointIdentity
{
    /// <summary>Creates an identity.</summary>
    /// <param name="vendor">The vendor, e.g. <c>Voxo</c>.</param>
    /// <param name="command">The command, e.g. <c>Get-VoxoCallReport</c>.</param>
    /// <param name="server">The server as shown (scheme, host, port, path).</param>
    /// <param name="scope">Whose calls, e.g. <c>tenant 37</c>.</param>
    /// <param name="filters">Every other input that changes which calls come back; empty values are left out.</param>
    public CheckpointIdentity(string vendor, string command, string server, string scope, IEnumerable<KeyValuePair<string, string?>>? filters = null)
    {
        Vendor = vendor ?? throw new ArgumentNullException(nameof(vendor));
        Command = command ?? throw new ArgumentNullException(nameof(command));
        Server = server ?? throw new ArgumentNullException(nameof(server));
        Scope = scope ?? throw new ArgumentNullException(nameof(scope));
        Filters = new SortedDictionary<string, string>(
            (filters ?? Array.Empty<KeyValuePair<string, string?>>())
                .Where(f => !string.IsNullOrEmpty(f.Value))
                .ToDictionary(f => f.Key, f => f.Value!, StringComparer.Ordinal),
            StringComparer.Ordinal);
    }

    /// <summary>The vendor.</summary>
    public string Vendor { get; }

    /// <summary>The command.</summary>
    public string Command { get; }

    /// <summary>The server.</summary>
    public string Server { get; }

    /// <summary>Whose calls.</summary>
    public string Scope { get; }

    /// <summary>The filters, sorted by name.</summary>
    public IReadOnlyDictionary<string, string> Filters { get; }

    /// <summary>How this identity differs from <paramref name="other"/>, or null when they are the same.</summary>
    /// <param name="other">The identity a checkpoint file records.</param>
    /// <returns>A short description of the first difference, or null.</returns>
    public string? DifferenceFrom(CheckpointIdentity other)
    {
        if (other is null)
        {
            throw new ArgumentNullException(nameof(other));
        }

        if (!string.Equals(Vendor, other.Vendor, StringComparison.OrdinalIgnoreCase) || !string.Equals(Command, other.Command, StringComparison.OrdinalIgnoreCase))
        {
            return $"it was written by {other.Command} ({other.Vendor}), not {Command}";
        }

        if (!string.Equals(Server, other.Server, StringComparison.OrdinalIgnoreCase))
        {
            return $"it is for server {other.Server}, not {Server}";
        }

        if (!string.Equals(Scope, other.Scope, StringComparison.OrdinalIgnoreCase))
        {
            return $"it is for {other.Scope}, not {Scope}";
        }

        foreach (var name in Filters.Keys.Union(other.Filters.Keys, StringComparer.Ordinal))
        {
            Filters.TryGetValue(name, out var mine);
            other.Filters.TryGetValue(name, out var theirs);
            if (!string.Equals(mine, theirs, StringComparison.Ordinal))
            {
                return $"its {name} is {theirs ?? "(not set)"}, not {mine ?? "(not set)"}";
            }
        }

        return null;
    }
}
