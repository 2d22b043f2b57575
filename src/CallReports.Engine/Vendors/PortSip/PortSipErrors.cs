using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Models;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// PortSIP's error ids (each <c>PortSip&lt;Problem&gt;</c>, stable: scripts match on them) and how a PortSIP error
/// body reads. Ids made from the PBX's own error code come from <see cref="FromResponseAsync"/>.
/// </summary>
public static class PortSipErrors
{
    /// <summary>The error-id prefix.</summary>
    public const string Prefix = "PortSip";

    /// <summary>-AsObject with -OutFile or -Force.</summary>
    public const string AsObjectWithFile = Prefix + "AsObjectWithFile";

    /// <summary>The PBX is older than v22.1 and has no call logs.</summary>
    public const string CallLogsUnsupported = Prefix + "CallLogsUnsupported";


    /// <summary>A report waited for with -Wait did not appear in time.</summary>
    public const string CallReportTimeout = Prefix + "CallReportTimeout";

    /// <summary>The target file exists and -Force was not given.</summary>
    public const string FileExists = Prefix + "FileExists";

    /// <summary>Another value out of range.</summary>
    public const string InvalidArgument = Prefix + "InvalidArgument";

    /// <summary>A call report definition the PBX would refuse (a filter of another type).</summary>
    public const string InvalidCallReport = Prefix + "InvalidCallReport";

    /// <summary>The PBX answered without what the request asks for (an id).</summary>
    public const string InvalidResponse = Prefix + "InvalidResponse";

    /// <summary>-Server is not a host, host:port or URI.</summary>
    public const string InvalidServer = Prefix + "InvalidServer";

    /// <summary>The PBX accepted a sign-in but sent no token.</summary>
    public const string InvalidSignInResponse = Prefix + "InvalidSignInResponse";

    /// <summary>-EndTime is not after -StartTime.</summary>
    public const string InvalidTimeRange = Prefix + "InvalidTimeRange";

    /// <summary>No record with that id.</summary>
    public const string NotFound = Prefix + "NotFound";

    /// <summary>-OutFile without -Wait.</summary>
    public const string OutFileWithoutWait = Prefix + "OutFileWithoutWait";

    /// <summary>-AsObject on a report that is not CSV.</summary>
    public const string ReportNotCsv = Prefix + "ReportNotCsv";

    /// <summary>A body broke off.</summary>
    public const string ResponseInterrupted = Prefix + "ResponseInterrupted";

    /// <summary>The PBX refused the user name and password.</summary>
    public const string SignInFailed = Prefix + "SignInFailed";

    /// <summary>The user has two-factor authentication, which the REST API cannot answer.</summary>
    public const string TwoFactorRequired = Prefix + "TwoFactorRequired";

    /// <summary>The PBX refused a token (HTTP 401).</summary>
    public const string Unauthorized = Prefix + "Unauthorized";

    /// <summary>A call report definition holds a value this module does not know.</summary>
    public const string UnknownCallReportValue = Prefix + "UnknownCallReportValue";

    /// <summary>No sign-in generation the module knows was answered.</summary>
    public const string UnsupportedVersion = Prefix + "UnsupportedVersion";

    /// <summary>-Wait on a scheduled (cron) report.</summary>
    public const string WaitOnScheduledReport = Prefix + "WaitOnScheduledReport";

    /// <summary>Reads a PortSIP error body (<c>{"errors":[{code,message,detail}]}</c>) into an exception.</summary>
    internal static async Task<CallReportsException> FromResponseAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) &&
                errors.ValueKind == JsonValueKind.Array &&
                errors.GetArrayLength() > 0)
            {
                var first = errors[0];
                code = PortSipRecordMapper.Text(first, "code");
                message = PortSipRecordMapper.Text(first, "message");
                if (first.TryGetProperty("detail", out var detail) && detail.ValueKind is not JsonValueKind.Null and not JsonValueKind.Undefined)
                {
                    message = (message is null ? string.Empty : message + " ") + "(" + (detail.ValueKind == JsonValueKind.String ? detail.GetString() : detail.GetRawText()) + ")";
                }
            }
        }
        catch (JsonException)
        {
            // Not a PortSIP error body (a proxy's HTML page, an empty {}); the status speaks for itself.
        }

        var status = (int)response.StatusCode;
        var text = string.Format(
            CultureInfo.InvariantCulture,
            "PortSIP answered HTTP {0} {1} for {2}{3}.",
            status,
            response.ReasonPhrase,
            what,
            message is null ? string.Empty : ": " + message);
        var kind = HttpFailure.KindOf(response.StatusCode);
        if (kind == FailureKind.LimitsExceeded)
        {
            text += " The PBX's REST rate limit (5,000 requests a minute per IP by default, [apigateway] access_limit) was exceeded even after retries.";
        }

        return new CallReportsException(
            Prefix + (code is null || string.Equals(code, "UNKNOWN", StringComparison.OrdinalIgnoreCase) && status != 400 ? HttpFailure.IdOf(response.StatusCode) : HttpFailure.PascalCase(code)),
            kind,
            text,
            terminating: kind is FailureKind.Authentication or FailureKind.PermissionDenied)
        {
            StatusCode = status,
            VendorCode = code,
            Target = what,
        };
    }
}
