namespace CallReports.Engine.Auth;

/// <summary>What a JSON Web Token says about itself, read without checking its signature (the server does that).</summary>
internal static class Jwt
{
    /// <summary>The <c>exp</c> claim; null when the token is not a JWT or has no readable expiry.</summary>
    /// <param name="token">The token.</param>
    /// <returns>When it expires, or null.</returns>
    public static DateTimeOffset? ExpiryOf(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Convert.FromBase64String(payload));
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                   document.RootElement.TryGetProperty("exp", out var exp) &&
                   exp.ValueKind == JsonValueKind.Number &&
                   exp.TryGetInt64(out var seconds) &&
                   seconds is > 0 and < 253402300800
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }
}
