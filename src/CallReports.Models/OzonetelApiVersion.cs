namespace CallReports.Models;

/// <summary>Which Ozonetel CDR API Get-OzonetelCallDetail calls.</summary>
public enum OzonetelApiVersion
{
    /// <summary>The <c>/ca_reports</c> APIs (GET with a JSON body, 2 requests a minute per endpoint).</summary>
    Current,

    /// <summary>The deprecated <c>/CAServices/cdr/callbacks.php</c> (userName, apiKey, ucid, reportType; 50 requests a minute).</summary>
    Legacy,
}
