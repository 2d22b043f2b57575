using System.Linq;
using System.Text.RegularExpressions;

namespace CallReports.Engine.Diagnostics;

/// <summary>
/// The single place that turns a URI, header or message into a loggable form. Secrets are removed
/// two ways: every secret value the engine handles is registered here (passwords, API keys, tokens
/// the vendor issued) and replaced wherever it appears, and well-known shapes (<c>access_token=</c>,
/// <c>Bearer …</c>, JSON <c>"password": "…"</c>) are masked even when their value was never registered.
/// </summary>
public static class Redactor
{
    /// <summary>What replaces a secret.</summary>
    public const string Mask = "***";

    private static readonly object Gate = new();
    private static string[] known = Array.Empty<string>();

    private static readonly Regex Shapes = new(
        @"(?<k>(?:access_token|refresh_token|id_token|token|api_?key|apikey|password|passwd|secret|client_secret|authorization)""?\s*[=:]\s*""?)(?<v>[^&""\s,;}]+)" +
        @"|(?<k>\b(?:Bearer|Basic)\s+)(?<v>[A-Za-z0-9\-._~+/=]+)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Registers a secret value so it is masked wherever it later appears.</summary>
    /// <param name="secret">The value; short values (under 4 characters) are not registered to avoid masking ordinary text.</param>
    public static void Register(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret!.Length < 4)
        {
            return;
        }

        lock (Gate)
        {
            if (Array.IndexOf(known, secret) >= 0)
            {
                return;
            }

            // Longest first, so a secret that contains another is masked whole.
            known = known.Append(secret).OrderByDescending(s => s.Length).ToArray();
        }
    }

    /// <summary>Returns the text with every registered secret and every secret-shaped value masked.</summary>
    /// <param name="text">Any message, URI or header value.</param>
    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = text!;
        foreach (var secret in known)
        {
            if (result.IndexOf(secret, StringComparison.Ordinal) >= 0)
            {
                result = result.Replace(secret, Mask);
            }
        }

        return Shapes.Replace(result, m => m.Groups["k"].Value + Mask);
    }

    /// <summary>The loggable form of a request URI: path only, with the query's length instead of its text.</summary>
    /// <param name="uri">The request URI.</param>
    public static string DescribeUri(Uri uri)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        var query = uri.IsAbsoluteUri ? uri.Query : string.Empty;
        var path = uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0];
        return query.Length > 1
            ? $"{Redact(path)} (query {query.Length - 1} chars)"
            : Redact(path);
    }

    internal static IReadOnlyCollection<string> KnownSecretsForTests => known;
}
