using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>
/// An emulated PortSIP PBX REST API (one sign-in generation per instance): sign-in, token refresh and
/// revoke, <c>GET /api/cdrs</c> with the OData subset, and <c>GET /api/cdrs/{id}</c>.
/// </summary>
public sealed partial class PortSipEmulator : IVendorEmulator
{
    /// <summary>Demo tenant admin.</summary>
    public const string UserName = "admin";

    /// <summary>A user who gets the two-factor challenge on v22.2+.</summary>
    public const string TwoFactorUserName = "mfa-admin";

    /// <summary>Password of both demo users.</summary>
    public const string Password = "Sandbox-PortSip-Pass-1";

    /// <summary>The tenant SIP domain.</summary>
    public const string Domain = "sandbox.portsip.test";

    /// <summary>The fixed client_id of <c>/api/login/oauth/token</c>.</summary>
    public const string OAuthClientId = "9d806019-75b2-4b3d-bb8b-f5a3a412cc0a";

    private const string SessionCookie = "PSSESSIONID";

    // PortSIP writes '+' and quotes as they are, not as \u002B.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly object gate = new();
    private readonly Dictionary<string, DateTimeOffset> accessTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> sessions = new(StringComparer.Ordinal);
    private readonly List<string> issued = new();
    private readonly List<PortSipCdrRecord> records;

    // The last list query's sorted matches, so paging through a large PBX costs one filter and sort, not one
    // per page (the scale scenarios page through 100,000 CDRs). Any added record invalidates it.
    private int version;
    private (string Key, int Version, List<PortSipCdrRecord> Matches)? lastList;
    private readonly Random random;
    private long nextSequence;
    private long nextId = 978156644691742720;
    private int listServed;

    internal PortSipEmulator(PortSipGeneration generation, string mountPath, int seed, int cdrCount, TimeSpan tokenLifetime)
    {
        Generation = generation;
        MountPath = mountPath;
        TokenLifetime = tokenLifetime;
        records = PortSipDataGenerator.Generate(seed, cdrCount, Domain);
        nextSequence = records.Count;
        random = new Random(seed ^ 0x5A5A);
        BaseUri = new Uri("http://127.0.0.1/" + mountPath.TrimStart('/'));
    }

    /// <summary>Which sign-in API this PBX speaks.</summary>
    public PortSipGeneration Generation { get; }

    /// <inheritdoc />
    public string MountPath { get; }

    /// <inheritdoc />
    public Uri BaseUri { get; internal set; }

    /// <summary>The <c>expires_in</c> of tokens issued from now on.</summary>
    public TimeSpan TokenLifetime { get; set; }

    /// <summary>
    /// The most records a list page holds whatever <c>top</c> asks for (a PBX configured below the documented
    /// 100); null serves what is asked.
    /// </summary>
    public int? MaximumPageSize { get; set; }

    /// <summary>
    /// How <c>GET /api/cdrs</c> and <c>/api/calllogs</c> treat <c>filter</c>. ASSUMED: the page declares no query
    /// options on these two lists (only on the call report lists) while its query-option examples target
    /// <c>/api/cdrs</c>; by default the filter is applied exactly as OData reads it. The other modes are PBXs that
    /// read it another way, for tests.
    /// </summary>
    public PortSipFilterMode FilterMode { get; set; }

    /// <summary>
    /// Records equal on every <c>orderby</c> key come back in a different order for every <c>skip</c> (a database
    /// without a stable sort). ASSUMED other way: by default ties keep the order the PBX recorded the calls in.
    /// </summary>
    public bool ScrambleTies { get; set; }

    /// <summary>
    /// Most fraction digits a time literal in <c>filter</c> may have; more is answered 400 VALIDATE_FAILED. ASSUMED
    /// other way: the page's examples show whole seconds and say nothing of fractions; by default any RFC 3339
    /// fraction is read.
    /// </summary>
    public int? MaximumFilterFractionDigits { get; set; }

    /// <summary>Called after each <c>GET /api/cdrs</c> page is written (before its last bytes are flushed) with the number of list requests served so far.</summary>
    public Action<int>? AfterPageServed { get; set; }

    /// <summary>How many CDRs the PBX holds.</summary>
    public int CdrCount
    {
        get
        {
            lock (gate)
            {
                return records.Count;
            }
        }
    }

    /// <summary>Id and start of every CDR, in start order.</summary>
    public IReadOnlyList<(string Id, DateTimeOffset StartedAt)> Cdrs
    {
        get
        {
            lock (gate)
            {
                return records.OrderBy(r => r.StartedAt).ThenBy(r => r.Sequence).Select(r => (r.Id, r.StartedAt)).ToArray();
            }
        }
    }

    /// <summary>Every CDR (the live objects: read them, do not change them), in start order.</summary>
    public IReadOnlyList<PortSipCdrRecord> Records
    {
        get
        {
            lock (gate)
            {
                return records.OrderBy(r => r.StartedAt).ThenBy(r => r.Sequence).ToArray();
            }
        }
    }

    /// <summary>The CDR with this id, or null.</summary>
    public PortSipCdrRecord? FindCdr(string id)
    {
        lock (gate)
        {
            return records.FirstOrDefault(r => r.Id == id);
        }
    }

    /// <summary>How many <c>GET /api/cdrs</c> list requests were answered.</summary>
    public int ListRequestsServed
    {
        get
        {
            lock (gate)
            {
                return listServed;
            }
        }
    }

    /// <summary>Every access token, refresh token, 2FA token and session cookie this PBX handed out.</summary>
    public IReadOnlyCollection<string> IssuedSecrets
    {
        get
        {
            lock (gate)
            {
                return issued.ToArray();
            }
        }
    }

    /// <summary>Makes every access token issued so far expired (refresh tokens stay valid).</summary>
    public void ExpireAllTokens()
    {
        lock (gate)
        {
            foreach (var token in accessTokens.Keys.ToArray())
            {
                accessTokens[token] = DateTimeOffset.MinValue;
            }
        }
    }

    /// <summary>Makes every refresh token issued so far invalid (a refresh then fails and the client must sign in again).</summary>
    public void InvalidateRefreshTokens()
    {
        lock (gate)
        {
            refreshTokens.Clear();
        }
    }

    /// <summary>Adds a CDR starting at <paramref name="startedAt"/>; returns its id.</summary>
    public string InsertCdr(DateTimeOffset startedAt)
    {
        lock (gate)
        {
            var record = PortSipDataGenerator.Create(random, nextId++, startedAt.ToUniversalTime(), Domain, nextSequence++);

            // Keep the caller's exact instant (Create may round it to the record's fractional digits).
            record.StartedAt = startedAt.ToUniversalTime();
            record.FractionDigits = startedAt.Ticks % TimeSpan.TicksPerSecond == 0 ? 0 : 6;
            records.Add(record);
            version++;
            return record.Id;
        }
    }

    /// <summary>Adds a fully specified CDR (its <see cref="PortSipCdrRecord.Id"/> is assigned when empty); returns its id.</summary>
    public string AddCdr(PortSipCdrRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            if (string.IsNullOrEmpty(record.Id))
            {
                record.Id = (nextId++).ToString(CultureInfo.InvariantCulture);
            }

            if (string.IsNullOrEmpty(record.SessionId))
            {
                record.SessionId = "S" + record.Id;
            }

            record.Sequence = nextSequence++;
            records.Add(record);
            version++;
            return record.Id;
        }
    }

    /// <inheritdoc />
    public Task HandleAsync(HttpContext context, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method.ToUpperInvariant();
        var path = relativePath.TrimEnd('/');
        return (method, path, Generation) switch
        {
            ("POST", "api/auth/sign_in", PortSipGeneration.V22_2) => SignInAsync(context),
            ("POST", "api/auth/refresh_token", PortSipGeneration.V22_2) => RefreshAsync(context),
            ("POST", "api/auth/sign_out", PortSipGeneration.V22_2) => SignOutAsync(context),
            ("GET", "api/auth/user", PortSipGeneration.V22_2) => UserAsync(context),
            ("POST", "api/login/oauth/token", PortSipGeneration.V22_0) => OAuthTokenAsync(context),
            ("POST", "api/login/oauth/revoke", PortSipGeneration.V22_0) => SignOutAsync(context),
            ("POST", "api/login", PortSipGeneration.V16 or PortSipGeneration.V22_0) => LoginAsync(context),
            ("GET", "api/login", PortSipGeneration.V16 or PortSipGeneration.V22_0) => LoginStatusAsync(context),
            ("POST", "api/logout", PortSipGeneration.V16 or PortSipGeneration.V22_0) => LogoutAsync(context),
            ("GET", "api/cdrs", _) => ListCdrsAsync(context, callLogs: false),
            ("GET", _, _) when path.StartsWith("api/cdrs/", StringComparison.Ordinal) => GetCdrAsync(context, Uri.UnescapeDataString(path["api/cdrs/".Length..]), callLog: false),

            // Call logs arrived in v22.1; the v22.0 and v16 PBXs answer 404 as the older releases do.
            ("GET", "api/calllogs", PortSipGeneration.V22_2) => ListCdrsAsync(context, callLogs: true),
            ("GET", _, PortSipGeneration.V22_2) when path.StartsWith("api/calllogs/", StringComparison.Ordinal) => GetCdrAsync(context, Uri.UnescapeDataString(path["api/calllogs/".Length..]), callLog: true),
            _ => HandleReportsAsync(context, method, path),
        };
    }

    // ----- sign-in -----
    private async Task SignInAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        if (body is null)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", "The request body is not valid JSON.");
            return;
        }

        var user = Text(body.Value, "username");
        if (!CheckCredentials(user, Text(body.Value, "password"), Text(body.Value, "domain")))
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "Login failed, authentication error");
            return;
        }

        if (string.Equals(user, TwoFactorUserName, StringComparison.OrdinalIgnoreCase))
        {
            var challenge = NewSecret("ps2fa_");
            await JsonAsync(context, 200, new Dictionary<string, object> { ["two_factor_enabled"] = true, ["token"] = challenge });
            return;
        }

        await JsonAsync(context, 200, BindTenant(IssueTokens(includeRefresh: true), Text(body.Value, "domain")));
    }

    private async Task RefreshAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        var refresh = body is null ? null : Text(body.Value, "refresh_token");
        var tenant = TenantOfToken(refresh);
        if (!UseRefreshToken(refresh))
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "The refresh token is invalid or expired.");
            return;
        }

        await JsonAsync(context, 200, BindTenant(IssueTokens(includeRefresh: true), tenant));
    }

    private async Task OAuthTokenAsync(HttpContext context)
    {
        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", "Content-Type must be application/x-www-form-urlencoded.");
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!string.Equals(form["client_id"], OAuthClientId, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 400, "UNAUTHORIZED", "Login failed, invalid client");
            return;
        }

        switch (form["grant_type"].ToString())
        {
            case "password":
                if (!string.Equals(form["scope"], "all", StringComparison.Ordinal) ||
                    !CheckCredentials(form["username"], form["password"], form.ContainsKey("domain") ? form["domain"].ToString() : null))
                {
                    await ErrorAsync(context, 400, "UNAUTHORIZED", "Login failed, authentication error");
                    return;
                }

                await JsonAsync(context, 200, IssueTokens(includeRefresh: true));
                return;
            case "refresh_token":
                if (!UseRefreshToken(form["refresh_token"]))
                {
                    await ErrorAsync(context, 400, "UNKNOWN", "unknown error");
                    return;
                }

                await JsonAsync(context, 200, IssueTokens(includeRefresh: true));
                return;
            default:
                await ErrorAsync(context, 400, "VALIDATE_FAILED", "grant_type must be password or refresh_token.");
                return;
        }
    }

    private async Task LoginAsync(HttpContext context)
    {
        var body = await ReadJsonAsync(context);
        if (body is null || !CheckCredentials(Text(body.Value, "username"), Text(body.Value, "password"), Text(body.Value, "domain")))
        {
            await ErrorAsync(context, 400, "UNAUTHORIZED", "Login failed, authentication error");
            return;
        }

        var session = NewSecret("pssess_");
        lock (gate)
        {
            sessions[session] = null;
        }

        // v16 answers 200 with an empty body: the token is read with GET /api/login.
        context.Response.StatusCode = 200;
        context.Response.Headers.Append("Set-Cookie", SessionCookie + "=" + session + "; Path=/; HttpOnly");
        context.Response.ContentLength = 0;
    }

    private async Task LoginStatusAsync(HttpContext context)
    {
        var session = context.Request.Cookies[SessionCookie];
        string? token = null;
        DateTimeOffset expiresAt = default;
        lock (gate)
        {
            if (session is not null && sessions.TryGetValue(session, out var existing))
            {
                if (existing is null || !accessTokens.TryGetValue(existing, out expiresAt) || expiresAt <= DateTimeOffset.UtcNow)
                {
                    existing = NewSecretLocked("psat_");
                    expiresAt = DateTimeOffset.UtcNow + TokenLifetime;
                    accessTokens[existing] = expiresAt;
                    sessions[session] = existing;
                }

                token = existing;
            }
        }

        if (token is null)
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "Not logged in.");
            return;
        }

        await JsonAsync(context, 200, new Dictionary<string, object>
        {
            ["access_token"] = token,
            ["expires_at"] = expiresAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["expires_in"] = ((int)Math.Max(0, (expiresAt - DateTimeOffset.UtcNow).TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            ["role"] = "Admin",
        });
    }

    private async Task LogoutAsync(HttpContext context)
    {
        var session = context.Request.Cookies[SessionCookie];
        lock (gate)
        {
            if (session is not null && sessions.Remove(session, out var token) && token is not null)
            {
                accessTokens.Remove(token);
            }
        }

        await SignOutAsync(context);
    }

    private async Task SignOutAsync(HttpContext context)
    {
        var token = Bearer(context);
        bool known;
        lock (gate)
        {
            known = token is not null && accessTokens.Remove(token);
            foreach (var pair in sessions.Where(p => p.Value == token).ToArray())
            {
                sessions.Remove(pair.Key);
            }
        }

        if (!known && context.Request.Cookies[SessionCookie] is null)
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", "The access token is invalid or expired.");
            return;
        }

        context.Response.StatusCode = 204;
    }

    private async Task UserAsync(HttpContext context)
    {
        if (await AuthorizeAsync(context))
        {
            await JsonAsync(context, 200, new Dictionary<string, object> { ["role"] = "Admin", ["password_verified"] = true, ["domain"] = Domain });
        }
    }

    // ----- CDRs -----
    private async Task ListCdrsAsync(HttpContext context, bool callLogs)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        var query = context.Request.Query;
        var tenant = TenantOf(context);
        PortSipCdrRecord[] page;
        int count;
        try
        {
            var top = ParseInt(query["top"], "top", 100, 1, 100);
            var skip = ParseInt(query["skip"], "skip", 0, 0, int.MaxValue);
            var filter = FilterMode == PortSipFilterMode.Ignored
                ? _ => true
                : PortSipQuery.ParseFilter(query["filter"], new PortSipFilterOptions(FilterMode == PortSipFilterMode.LessThanIncludesEqual, MaximumFilterFractionDigits));
            var search = PortSipQuery.ParseSearch(query["search"]);
            var order = PortSipQuery.ParseOrderBy(query["orderby"], ScrambleTies ? (a, b) => Scrambled(a, skip).CompareTo(Scrambled(b, skip)) : null);

            // A scrambled tie order differs per page, so pages cannot share one sort.
            var key = string.Join("\n", query["filter"].ToString(), query["search"].ToString(), query["orderby"].ToString(), tenant, FilterMode, ScrambleTies ? skip : -1, MaximumFilterFractionDigits);
            lock (gate)
            {
                List<PortSipCdrRecord> matches;
                if (lastList is { } cached && cached.Key == key && cached.Version == version)
                {
                    matches = cached.Matches;
                }
                else
                {
                    matches = (tenant is null ? records : TenantRecordsLocked(tenant)).Where(r => filter(r) && search(r)).ToList();
                    matches.Sort(order);
                    lastList = (key, version, matches);
                }

                count = matches.Count;
                page = matches.Skip(skip).Take(Math.Min(top, MaximumPageSize ?? top)).ToArray();
            }
        }
        catch (PortSipQueryException ex)
        {
            await ErrorAsync(context, 400, "VALIDATE_FAILED", ex.Message);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        writer.WriteStartObject();
        writer.WriteNumber("count", count);
        writer.WritePropertyName("items");
        writer.WriteStartArray();
        for (var i = 0; i < page.Length; i++)
        {
            page[i].Write(writer, detail: false, callLog: callLogs);
            if (i % 16 == 15)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        int served;
        lock (gate)
        {
            served = ++listServed;
        }

        // Before the last bytes leave, so the client cannot ask for the next page first.
        AfterPageServed?.Invoke(served);
        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task GetCdrAsync(HttpContext context, string id, bool callLog)
    {
        if (!await AuthorizeAsync(context))
        {
            return;
        }

        PortSipCdrRecord? record;
        lock (gate)
        {
            record = records.FirstOrDefault(r => r.Id == id);
        }

        if (record is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "The CDR does not exist.");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        if (callLog)
        {
            // The call log detail is a plain object; the CDR detail is wrapped in items[].
            record.Write(writer, detail: true, callLog: true);
        }
        else
        {
            writer.WriteStartObject();
            writer.WritePropertyName("items");
            writer.WriteStartArray();
            record.Write(writer, detail: true);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>A record's place among its ties for one page: a different, fixed order for every skip.</summary>
    private static ulong Scrambled(PortSipCdrRecord record, int skip)
    {
        var x = ((ulong)record.Sequence * 0x9E3779B97F4A7C15UL) ^ ((ulong)(skip + 1) * 0xC2B2AE3D27D4EB4FUL);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        return x ^ (x >> 29);
    }

    // ----- helpers -----
    private static int ParseInt(string? text, string name, int defaultValue, int min, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new PortSipQueryException($"{name} must be an integer between {min} and {max}; it was '{text}'.");
        }

        return value;
    }

    private bool CheckCredentials(string? user, string? password, string? domain) =>
        (string.Equals(user, UserName, StringComparison.OrdinalIgnoreCase) || string.Equals(user, TwoFactorUserName, StringComparison.OrdinalIgnoreCase)) &&
        string.Equals(password, Password, StringComparison.Ordinal) &&
        (string.IsNullOrEmpty(domain) || string.Equals(domain, Domain, StringComparison.OrdinalIgnoreCase) || IsTenantDomain(domain));

    private Dictionary<string, object> IssueTokens(bool includeRefresh)
    {
        lock (gate)
        {
            var access = NewSecretLocked("psat_");
            accessTokens[access] = DateTimeOffset.UtcNow + TokenLifetime;
            var result = new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["access_token"] = access,
                ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            };
            if (includeRefresh)
            {
                var refresh = NewSecretLocked("psrt_");
                refreshTokens.Add(refresh);
                result["refresh_token"] = refresh;
            }

            return result;
        }
    }

    private bool UseRefreshToken(string? refresh)
    {
        lock (gate)
        {
            // A refresh token works once.
            return refresh is not null && refreshTokens.Remove(refresh);
        }
    }

    private string NewSecret(string prefix)
    {
        lock (gate)
        {
            return NewSecretLocked(prefix);
        }
    }

    private string NewSecretLocked(string prefix)
    {
        var secret = prefix + RandomNumberGenerator.GetHexString(32, lowercase: true);
        issued.Add(secret);
        return secret;
    }

    private static string? Bearer(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private async Task<bool> AuthorizeAsync(HttpContext context)
    {
        var token = Bearer(context);
        bool valid;
        lock (gate)
        {
            valid = token is not null && accessTokens.TryGetValue(token, out var expiresAt) && expiresAt > DateTimeOffset.UtcNow;
        }

        if (!valid)
        {
            await ErrorAsync(context, 401, "UNAUTHORIZED", token is null ? "Authorization required." : "The access token is invalid or expired.");
        }

        return valid;
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, SerializerOptions, context.RequestAborted);
    }

    /// <summary>PortSIP's error body: <c>{"errors":[{"code","message"}]}</c>.</summary>
    internal static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        JsonAsync(context, status, new { errors = new[] { new { code, message } } });
}
