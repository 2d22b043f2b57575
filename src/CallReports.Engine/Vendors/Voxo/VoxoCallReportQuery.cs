using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Voxo;

/// <summary>What <c>Get-VoxoCallReport</c> asks for: a half-open range, whose records, and in which zone.</summary>
public sealed class VoxoCallReportQuery
{
    /// <summary>Longest range VOXO serves for one tenant or billing code.</summary>
    public static readonly TimeSpan TenantLimit = TimeSpan.FromDays(31);

    /// <summary>Longest range VOXO serves partner-wide (neither tenant nor billing code).</summary>
    public static readonly TimeSpan PartnerLimit = TimeSpan.FromHours(24);

    /// <summary>VOXO's own default zone for <c>start</c>, <c>end</c> and <c>time</c>.</summary>
    public const string DefaultZone = "America/Chicago";

    /// <summary>Inclusive start.</summary>
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Exclusive end.</summary>
    public DateTimeOffset EndTime { get; set; }

    /// <summary>The account (<c>tenantId</c>).</summary>
    public long? TenantId { get; set; }

    /// <summary>The account's billing code (<c>billingCode</c>), for partner admins.</summary>
    public string? BillingCode { get; set; }

    /// <summary>The zone of <c>start</c>/<c>end</c>/<c>time</c>; null for the tenant's zone (or America/Chicago).</summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>Largest window per request; null for the most VOXO allows.</summary>
    public TimeSpan? WindowSize { get; set; }

    /// <summary>Whether the query spans every tenant of the partner (24-hour windows).</summary>
    public bool IsPartnerWide => TenantId is null && BillingCode is null;

    /// <summary>The most VOXO allows per request for this query.</summary>
    public TimeSpan Limit => IsPartnerWide ? PartnerLimit : TenantLimit;

    /// <summary>Checks everything that can be judged without the network; the one place these rules live.</summary>
    /// <exception cref="CallReportsException">A value is out of range or inconsistent (<see cref="VoxoErrors"/> ids, terminating).</exception>
    public void Validate()
    {
        if (EndTime <= StartTime)
        {
            throw CallReportsException.InvalidArgument(
                VoxoErrors.InvalidTimeRange,
                string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", EndTime.ToUniversalTime(), StartTime.ToUniversalTime()),
                EndTime);
        }

        if (TenantId is not null && BillingCode is not null)
        {
            throw CallReportsException.InvalidArgument(VoxoErrors.TenantAmbiguous, "Give -TenantId or -BillingCode, not both (or neither, for every tenant of a partner).", BillingCode);
        }

        if (TenantId is <= 0)
        {
            throw CallReportsException.InvalidArgument(VoxoErrors.InvalidArgument, "-TenantId must be a positive number.", TenantId);
        }

        if (BillingCode is not null && BillingCode.Trim().Length == 0)
        {
            throw CallReportsException.InvalidArgument(VoxoErrors.InvalidArgument, "-BillingCode is empty.", BillingCode);
        }

        if (WindowSize is { } size && (size < TimeSpan.FromMinutes(1) || size > Limit))
        {
            throw CallReportsException.InvalidArgument(
                VoxoErrors.InvalidArgument,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "-WindowSize must be between 1 minute and {0} ({1}); it was {2}.",
                    IsPartnerWide ? "24 hours" : "31 days",
                    IsPartnerWide ? "VOXO's limit for a partner-wide report" : "VOXO's limit per request",
                    size),
                size);
        }
    }

    /// <summary>
    /// The windows to request, in order, with no gap and no overlap. Each is at most the window size
    /// both in elapsed time and on the wall clock of <paramref name="zone"/>: a window across a
    /// spring-forward is an hour longer on the wall clock, and VOXO measures its limits there.
    /// </summary>
    /// <param name="zone">The zone the windows are sent in.</param>
    public IReadOnlyList<TimeWindow> Windows(TimeZoneInfo zone)
    {
        // VOXO's times have whole seconds: widen the range to whole seconds so no call at its edges is lost.
        var start = new DateTimeOffset(StartTime.Ticks - (StartTime.Ticks % TimeSpan.TicksPerSecond), StartTime.Offset);
        var end = EndTime.Ticks % TimeSpan.TicksPerSecond == 0 ? EndTime : new DateTimeOffset(EndTime.Ticks - (EndTime.Ticks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, EndTime.Offset);
        var size = WindowSize is { } chosen ? TimeSpan.FromSeconds(Math.Max(1, Math.Floor(chosen.TotalSeconds))) : Limit;
        var windows = TimeWindows.Split(start, end, size);
        if (size > TimeSpan.FromHours(2) && AnyLongerOnTheWallClock(windows, zone, size))
        {
            windows = TimeWindows.Split(start, end, size - TimeSpan.FromHours(1));
        }

        return windows;
    }

    /// <summary>How long a window is on the wall clock of <paramref name="zone"/>.</summary>
    internal static TimeSpan WallClockLength(TimeWindow window, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(window.End, zone).DateTime - TimeZoneInfo.ConvertTime(window.Start, zone).DateTime;

    private static bool AnyLongerOnTheWallClock(IReadOnlyList<TimeWindow> windows, TimeZoneInfo zone, TimeSpan size)
    {
        foreach (var window in windows)
        {
            if (WallClockLength(window, zone) > size)
            {
                return true;
            }
        }

        return false;
    }
}
