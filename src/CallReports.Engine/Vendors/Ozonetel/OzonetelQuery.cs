using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>What <c>Get-OzonetelCallDetail</c> asks for: calls by UCID, or every call of whole days.</summary>
public sealed class OzonetelQuery
{
    /// <summary>The zone of Ozonetel's domestic accounts (IST).</summary>
    public const string DefaultZone = "Asia/Kolkata";

    /// <summary>How many days back Ozonetel keeps call details.</summary>
    public const int HistoryDays = 15;

    /// <summary>Ozonetel's documented limit of the current API: 2 requests a minute per endpoint.</summary>
    public const int CurrentRequestsPerMinute = 2;

    /// <summary>The UCIDs to look up (ByUcid); empty for a day query.</summary>
    public IList<string> Ucids { get; } = new List<string>();

    /// <summary>Inclusive start of a day query.</summary>
    public DateTimeOffset? StartTime { get; set; }

    /// <summary>Exclusive end of a day query.</summary>
    public DateTimeOffset? EndTime { get; set; }

    /// <summary>The account zone; Asia/Kolkata when null.</summary>
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>Records per page via <c>fetchCdrByPagination</c>; null reads each day whole with <c>fetchCDRDetails</c>.</summary>
    public int? PageSize { get; set; }

    /// <summary>Requests allowed per endpoint in one <see cref="RateLimitWindow"/>.</summary>
    public int RequestsPerMinute { get; set; } = CurrentRequestsPerMinute;

    /// <summary>The window the limit counts over: one minute at Ozonetel; shorter only for emulators and tests.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Ozonetel's documented limit of the legacy API: 50 requests a minute per user.</summary>
    public const int LegacyRequestsPerMinute = 50;

    /// <summary>The current <c>/ca_reports</c> API or the legacy <c>CAServices</c> one.</summary>
    public OzonetelApiVersion ApiVersion { get; set; } = OzonetelApiVersion.Current;

    /// <summary>API key alone, or a generated token as well.</summary>
    public OzonetelAuthMode AuthMode { get; set; } = OzonetelAuthMode.ApiKey;

    /// <summary>"Now", for the 15-day rule; the current time when null.</summary>
    public DateTimeOffset? Now { get; set; }

    internal TimeZoneInfo Zone => TimeZone ?? ZoneResolver.Resolve(DefaultZone);

    internal DateTimeOffset CurrentTime => Now ?? DateTimeOffset.Now;

    /// <summary>The oldest local date Ozonetel may still serve: today minus 15 ("the last 15 days" may also end at today minus 14).</summary>
    internal DateTime OldestDay => TimeZoneInfo.ConvertTime(CurrentTime, Zone).Date.AddDays(-HistoryDays);

    /// <summary>Whether a text is a UCID (digits only, as Ozonetel requires).</summary>
    public static bool IsUcid(string? value)
    {
        if (value is null || value.Length is 0 or > 40)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks everything that can be judged without the network; the one place these rules live.</summary>
    /// <exception cref="CallReportsException">A value is out of range or inconsistent (<see cref="OzonetelErrors"/> ids, terminating).</exception>
    public void Validate()
    {
        if (RequestsPerMinute < 1)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, "The request limit must be at least 1.", RequestsPerMinute);
        }

        if (RateLimitWindow <= TimeSpan.Zero)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidRateLimitWindow, "-RateLimitWindow must be positive.", RateLimitWindow);
        }

        if (PageSize is < 1 or > 10000)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, "The page size must be between 1 and 10000.", PageSize);
        }

        if (ApiVersion == OzonetelApiVersion.Legacy && Ucids.Count == 0)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, "The legacy API looks calls up by UCID only; use the current API (the default) for whole days.", ApiVersion);
        }

        if (ApiVersion == OzonetelApiVersion.Legacy && AuthMode == OzonetelAuthMode.Token)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, "The legacy API takes the API key only; token authentication is for the current API.", AuthMode);
        }

        foreach (var ucid in Ucids)
        {
            if (!IsUcid(ucid))
            {
                throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidUcid, $"'{ucid}' is not a UCID: Ozonetel UCIDs are digits only. Nothing was sent for it.", ucid);
            }
        }

        if (Ucids.Count > 0 && StartTime is null && EndTime is null)
        {
            return;
        }

        ValidateRange();
    }

    /// <summary>The local calendar days of the range (ending no later than now), one request window each.</summary>
    public IReadOnlyList<TimeWindow> Days()
    {
        var end = EndTime!.Value < CurrentTime ? EndTime.Value : CurrentTime;
        return TimeWindows.SplitByLocalDay(StartTime!.Value, end > StartTime.Value ? end : StartTime.Value.AddSeconds(1), Zone);
    }

    private void ValidateRange()
    {
        if (StartTime is not { } start || EndTime is not { } end)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, Ucids.Count > 0 ? "With UCIDs give both a start and an end time, or neither." : "Give UCIDs, or a start and end time.", StartTime ?? EndTime);
        }

        if (end <= start)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, string.Format(CultureInfo.InvariantCulture, "The end time {0:u} is not after the start time {1:u}.", end.ToUniversalTime(), start.ToUniversalTime()), end);
        }

        if (start > CurrentTime)
        {
            throw CallReportsException.InvalidArgument(OzonetelErrors.InvalidArgument, string.Format(CultureInfo.InvariantCulture, "The start time {0:u} is in the future.", start.ToUniversalTime()), start);
        }

        var firstDay = TimeZoneInfo.ConvertTime(start, Zone).Date;
        if (firstDay < OldestDay)
        {
            throw CallReportsException.InvalidArgument(
                OzonetelErrors.InvalidArgument,
                string.Format(
                    CultureInfo.InvariantCulture,
                    "{0:yyyy-MM-dd} ({1}) is more than {2} days ago: Ozonetel keeps call details for {2} days only, and returns nothing (not an error) for older days. The oldest day it may still serve now is {3:yyyy-MM-dd}, at the edge of that window.",
                    firstDay,
                    ZoneResolver.IanaName(Zone),
                    HistoryDays,
                    OldestDay),
                start);
        }
    }
}
