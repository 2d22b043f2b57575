using System.Text;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>Updating a call report definition (<c>POST /api/call_reports/{id}</c>).</summary>
public sealed partial class PortSipClient
{
    /// <summary>
    /// Changes a call report definition: reads it (<c>GET /api/call_reports/{id}</c>), applies the change, checks the
    /// result with the checks of a new report, and sends it whole except its type (<c>POST /api/call_reports/{id}</c>).
    /// The page marks every field of the update optional without saying whether an omitted one is kept or cleared:
    /// sending the whole definition is right under both readings. A filter the change does not touch is sent back as
    /// the PBX returned it, so fields this module does not know survive.
    /// </summary>
    /// <param name="id">The definition's id.</param>
    /// <param name="change">What to change; validated before any request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="ArgumentException">The change is empty or judged wrong without the report.</exception>
    /// <exception cref="CallReportsException">
    /// PortSipNotFound, PortSipInvalidCallReport (the changed report fails the checks; nothing was sent), or the PBX
    /// refused the update; all non-terminating, for this report only.
    /// </exception>
    public void UpdateCallReport(string id, PortSipCallReportChange change, CancellationToken cancellationToken)
    {
        PortSipCdrQuery.ValidateIds(new[] { id }, "call report");
        (change ?? throw new ArgumentNullException(nameof(change))).Validate();
        RunOne(ct => UpdateAsync(id, change, ct), cancellationToken);
    }

    private async Task<bool> UpdateAsync(string id, PortSipCallReportChange change, CancellationToken cancellationToken)
    {
        var what = "call report " + id;
        var current = await ReadDetailAsync(CallReports, id, cancellationToken).ConfigureAwait(false)
            ?? throw new CallReportsException(PortSipErrors.NotFound, FailureKind.NotFound, $"PortSIP returned no {what}; nothing was changed.") { Target = what };
        current.Id = current.Id.Length == 0 ? id : current.Id;

        var definition = PortSipCallReportDefinition.FromReport(current);
        var filterBefore = definition.FilterJson();
        change.ApplyTo(definition);
        var filterAfter = definition.FilterJson();
        var filterChanged = filterAfter != filterBefore;
        try
        {
            definition.ValidateCommon();

            // An unknown filter (the PBX returned none) is judged only when the change sets one.
            if (definition.FilterKnown || filterChanged)
            {
                definition.ValidateFilter();
            }
        }
        catch (ArgumentException ex)
        {
            throw new CallReportsException(
                PortSipErrors.InvalidCallReport,
                FailureKind.InvalidArgument,
                $"Call report '{current.Name}' (id {id}, {current.Type}) was not changed: {WithoutParameterName(ex)}",
                terminating: false) { Target = what };
        }

        // An untouched filter goes back as the PBX returned it; one it did not return is left out rather than guessed.
        var body = definition.ToJson(includeType: false, filterJson: filterChanged ? null : current.Filter, includeFilter: filterChanged || current.Filter is not null);
        using var response = await session.SendAsync(HttpMethod.Post, "api/call_reports/" + Uri.EscapeDataString(id), what, cancellationToken, () => new StringContent(body, Encoding.UTF8, "application/json")).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
            throw new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " The report was not changed.", failure.IsTerminating, failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = what };
        }

        log.Verbose($"Updated call report '{definition.Name}' (id {id}): {string.Join(", ", change.Fields)}.");
        return true;
    }

    /// <summary>An ArgumentException's message without the parameter name the runtime appends (its wording differs on .NET Framework).</summary>
    private static string WithoutParameterName(ArgumentException ex)
    {
        var suffix = ex.ParamName is null ? string.Empty : new ArgumentException(string.Empty, ex.ParamName).Message;
        return suffix.Length > 0 && ex.Message.EndsWith(suffix, StringComparison.Ordinal) ? ex.Message.Substring(0, ex.Message.Length - suffix.Length) : ex.Message;
    }
}
