using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Ozonetel;

/// <summary>
/// Finds a call by UCID with the deprecated <c>CAServices</c> API: every field (the key too) in the query string,
/// <c>reportType</c> historical first, then currentday (a call of today is only in the current-day store).
/// </summary>
internal sealed class OzonetelLegacyLookup
{
    internal const string LegacyPath = "CAServices/cdr/callbacks.php";

    /// <summary>Between midnight and this hour (IST) yesterday's calls move from the current-day store to the historical one.</summary>
    private const int MigrationEndHour = 3;

    private static readonly string[] ReportTypes = { "historical", "currentday" };

    private readonly OzonetelCredentials credentials;
    private readonly OzonetelQuery query;
    private readonly OzonetelSession session;

    public OzonetelLegacyLookup(ConnectionOptions connection, OzonetelCredentials credentials, OzonetelQuery query, OperationLog log)
    {
        this.credentials = credentials;
        this.query = query;
        session = new OzonetelSession(connection, credentials, query, LegacyPath, log);
    }

    /// <summary>
    /// The call with the UCID, or why there is none. When neither store has it between 00:00 and 03:00 IST, the
    /// call may be one of yesterday's still migrating, and the error says when to try again.
    /// </summary>
    public async Task<OzonetelLookupAnswer> FindAsync(string ucid, string what, CancellationToken cancellationToken)
    {
        OzonetelLookupAnswer? answer = null;
        foreach (var reportType in ReportTypes)
        {
            var uri = LegacyPath + "?userName=" + Uri.EscapeDataString(credentials.UserName) + "&ucid=" + Uri.EscapeDataString(ucid) + "&reportType=" + reportType;
            var response = await session.GetAsync(uri, null, what + " (" + reportType + ")", cancellationToken).ConfigureAwait(false);
            answer = await OzonetelLookupAnswer.ReadAsync(response, query.Zone, credentials.UserName, what, cancellationToken).ConfigureAwait(false);
            if (!answer.NotFound)
            {
                return answer;
            }
        }

        var istNow = TimeZoneInfo.ConvertTime(query.CurrentTime, ZoneResolver.Resolve(OzonetelQuery.DefaultZone));
        if (istNow.Hour < MigrationEndHour)
        {
            var retry = istNow.Date.AddHours(MigrationEndHour);
            answer!.Failure = new CallReportsException(
                OzonetelErrors.UcidNotFound,
                FailureKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "Ozonetel has no call with {0} in either store yet. Between 00:00 and 03:00 IST yesterday's calls are migrating from the current-day store to the historical one; if the call was yesterday, try again after {1:yyyy-MM-dd HH:mm} IST.", what, retry),
                inner: answer.Failure) { Target = what, VendorCode = answer.Failure?.VendorCode };
        }

        return answer!;
    }
}
