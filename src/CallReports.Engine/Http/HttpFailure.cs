using System.IO;
using System.Net;
using System.Text;

namespace CallReports.Engine.Http;

/// <summary>Shared pieces for turning an unsuccessful response into a <see cref="CallReportsException"/>.</summary>
internal static class HttpFailure
{
    private const int MaximumErrorBody = 64 * 1024;

    /// <summary>The failure kind an HTTP status stands for.</summary>
    public static FailureKind KindOf(HttpStatusCode status) => (int)status switch
    {
        400 or 405 or 409 or 422 => FailureKind.InvalidArgument,
        401 => FailureKind.Authentication,
        403 => FailureKind.PermissionDenied,
        404 or 410 => FailureKind.NotFound,
        408 or 504 => FailureKind.Timeout,
        429 => FailureKind.LimitsExceeded,
        501 => FailureKind.NotImplemented,
        >= 500 => FailureKind.Connection,
        _ => FailureKind.Unknown,
    };

    /// <summary>A stable error-id suffix for a status with no vendor code: <c>NotFound</c>, <c>TooManyRequests</c>, ...</summary>
    public static string IdOf(HttpStatusCode status) =>
        (int)status == 429 ? "TooManyRequests" : Enum.IsDefined(typeof(HttpStatusCode), status) ? status.ToString() : "Http" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Reads at most 64 KiB of an error body as text (error bodies are small; a huge one is not an error body).</summary>
    public static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            var buffer = new byte[MaximumErrorBody];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return string.Empty;
        }
    }

    /// <summary>UPPER_SNAKE or lower_snake vendor codes as PascalCase: VALIDATE_FAILED → ValidateFailed.</summary>
    public static string PascalCase(string code)
    {
        var builder = new StringBuilder(code.Length);
        var upper = true;
        foreach (var c in code)
        {
            if (!char.IsLetterOrDigit(c))
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            upper = false;
        }

        return builder.ToString();
    }
}
