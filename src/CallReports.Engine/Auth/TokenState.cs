namespace CallReports.Engine.Auth;

/// <summary>A token the cache holds. Its secrets are registered with the <see cref="Redactor"/> on creation.</summary>
internal sealed class TokenState
{
    public TokenState(string accessToken, string? refreshToken, TimeSpan lifetime, string method)
    {
        AccessToken = accessToken;
        RefreshToken = refreshToken;
        IssuedAt = DateTimeOffset.Now;
        ExpiresAt = IssuedAt + (lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromMinutes(30));
        Method = method;
        Redactor.Register(accessToken);
        Redactor.Register(refreshToken);
    }

    public string AccessToken { get; }

    public string? RefreshToken { get; }

    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The sign-in endpoint or flow that produced the token (vendor specific).</summary>
    public string Method { get; }

    /// <summary>Revokes the token at the vendor, where the vendor offers it.</summary>
    public Func<TokenState, CancellationToken, Task>? Revoke { get; set; }

    /// <summary>Refresh at 80% of the lifetime, so a long report never starts on a dying token.</summary>
    public bool IsFresh(DateTimeOffset now) =>
        now < IssuedAt + TimeSpan.FromTicks((long)((ExpiresAt - IssuedAt).Ticks * 0.8));
}
