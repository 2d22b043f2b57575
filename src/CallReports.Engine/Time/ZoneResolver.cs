using TimeZoneConverter;

namespace CallReports.Engine.Time;

/// <summary>
/// Turns a zone name the user or a vendor gives — an IANA name (<c>America/Phoenix</c>), an old IANA
/// alias (<c>US/Arizona</c>) or a Windows id (<c>US Mountain Standard Time</c>) — into a
/// <see cref="TimeZoneInfo"/>, on every runtime (on .NET Framework <see cref="TimeZoneInfo"/> knows only
/// Windows ids).
/// </summary>
public static class ZoneResolver
{
    /// <summary>Resolves a zone name.</summary>
    /// <param name="name">IANA name, IANA alias or Windows id.</param>
    /// <exception cref="ArgumentException">The name is not a known zone.</exception>
    public static TimeZoneInfo Resolve(string name)
    {
        if (TryResolve(name, out var zone))
        {
            return zone;
        }

        throw new ArgumentException(
            $"'{name}' is not a time zone this machine knows. Use an IANA name such as America/Chicago or Asia/Kolkata, or a Windows id such as 'Central Standard Time'.",
            nameof(name));
    }

    /// <summary>Resolves a zone name without throwing.</summary>
    /// <param name="name">IANA name, IANA alias or Windows id.</param>
    /// <param name="zone">The zone.</param>
    public static bool TryResolve(string? name, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        var trimmed = name!.Trim();
        if (string.Equals(trimmed, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(trimmed, "Etc/UTC", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // The runtime's own lookup first: it knows IANA names and their aliases on Linux and macOS, Windows ids on
        // Windows, and (.NET 6+ with ICU) both everywhere, in about 20 ms. TimeZoneConverter's lookup enumerates
        // every system zone with its display names the first time, about 600 ms of a runbook's fresh process
        // (measured: bench notes in docs/performance.md), so it only serves what the runtime does not know
        // (an IANA name on .NET Framework, a Windows id on an older Linux runtime).
        if (FindSystemZone(trimmed) is { } system)
        {
            zone = system;
            return true;
        }

        if (TZConvert.TryGetTimeZoneInfo(trimmed, out var found))
        {
            zone = found;
            return true;
        }

        return false;
    }

    private static TimeZoneInfo? FindSystemZone(string name)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The IANA name of a zone, for vendors that want one (falls back to the zone's id).</summary>
    /// <param name="zone">The zone.</param>
    public static string IanaName(TimeZoneInfo zone)
    {
        if (zone is null)
        {
            throw new ArgumentNullException(nameof(zone));
        }

        if (zone.Id.IndexOf('/') >= 0 || string.Equals(zone.Id, "UTC", StringComparison.Ordinal))
        {
            return zone.Id;
        }

        return TZConvert.TryWindowsToIana(zone.Id, out var iana) ? iana : zone.Id;
    }
}
