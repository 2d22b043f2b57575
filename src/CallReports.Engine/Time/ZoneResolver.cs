using System;
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

        if (TZConvert.TryGetTimeZoneInfo(trimmed, out var found))
        {
            zone = found;
            return true;
        }

        return false;
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
