using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.Voxo;

/// <summary>
/// An emulated VOXO API (FeathersJS): <c>POST /authentication</c> (local strategy, expiring HS256 JWTs),
/// <c>GET /tenants</c>, <c>GET /tenants/{id}</c> and <c>GET /call-reports</c> with the 31-day and 24-hour
/// rules, <c>time</c> rendered in the requested zone, the epoch in <c>uniqueId</c>, an inclusive
/// <c>end</c> (or an exclusive one, <see cref="ExclusiveEnd"/>), newest records first, and Feathers error bodies.
/// </summary>
public sealed class VoxoEmulator : IVendorEmulator
{
    /// <summary>A partner admin: every tenant, billing codes and partner-wide reports.</summary>
    public const string PartnerEmail = "partner@sandbox.voxo.test";

    /// <summary>An account admin of tenant <see cref="DentalTenantId"/> only.</summary>
    public const string TenantAdminEmail = "admin@sandbox.voxo.test";

    /// <summary>Password of both demo users.</summary>
    public const string Password = "Sandbox-Voxo-Pass-1";

    /// <summary>Tenant in America/New_York; holds the two records of VOXO's documented sample.</summary>
    public const long DentalTenantId = 37;

    /// <summary>Tenant in America/Phoenix (no DST).</summary>
    public const long DesertTenantId = 52;

    /// <summary>Tenant in Europe/Dublin.</summary>
    public const long DublinTenantId = 61;

    /// <summary>Tenant whose calls are generated on the fly, <see cref="BulkCallsPerHour"/> an hour.</summary>
    public const long BulkTenantId = 99;

    /// <summary>
    /// The first of <see cref="FanOutTenantCount"/> accounts (ids 201–208) for tests that read many accounts at
    /// once; each has its own account admin (<see cref="AccountAdminEmail"/>, password <see cref="Password"/>)
    /// and its own calls in <see cref="FanOutStart"/>..<see cref="FanOutEnd"/>, away from the other tenants' data.
    /// ASSUMED: an account admin reads its own account only (the page names the roles, not their reach).
    /// </summary>
    public const long FanOutFirstTenantId = 201;

    /// <summary>How many fan-out accounts there are.</summary>
    public const int FanOutTenantCount = 8;

    /// <summary>Where the fan-out accounts' calls start.</summary>
    public static readonly DateTimeOffset FanOutStart = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Where they end.</summary>
    public static readonly DateTimeOffset FanOutEnd = new(2027, 6, 8, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Where the generated calls of the ordinary tenants start.</summary>
    public static readonly DateTimeOffset DataStart = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Where they end.</summary>
    public static readonly DateTimeOffset DataEnd = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly object gate = new();
    private readonly byte[] signingKey = RandomNumberGenerator.GetBytes(32);
    private readonly List<VoxoCall> calls;
    private readonly List<string> issued = new();
    private readonly IReadOnlyList<VoxoTenant> tenants = new[]
    {
        new VoxoTenant(DentalTenantId, "Sandbox Dental", "America/New_York", "SBX37"),
        new VoxoTenant(DesertTenantId, "Desert Ops", "America/Phoenix", "DSRT52"),
        new VoxoTenant(DublinTenantId, "Dublin Support", "Europe/Dublin", "DUB61"),
        new VoxoTenant(BulkTenantId, "Bulk Call Center", "America/Chicago", "BULK99"),
    }.Concat(Enumerable.Range(0, FanOutTenantCount).Select(i => new VoxoTenant(FanOutFirstTenantId + i, "Branch " + (i + 1), "America/Denver", "BR" + (FanOutFirstTenantId + i)))).ToArray();

    private readonly HashSet<string> revoked = new(StringComparer.Ordinal);
    private int reportsServed;
    private long nextSequence = 1_430_200;

    internal VoxoEmulator(string mountPath, int seed)
    {
        MountPath = mountPath;
        BaseUri = new Uri("http://127.0.0.1/" + mountPath.TrimStart('/'));
        calls = Generate(seed);
    }

    /// <inheritdoc />
    public string MountPath { get; }

    /// <inheritdoc />
    public Uri BaseUri { get; internal set; }

    /// <summary>Lifetime (<c>exp</c> − <c>iat</c>) of tokens issued from now on; Feathers' default is one day.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Longest range per request with a tenant or billing code.</summary>
    public TimeSpan TenantRangeLimit { get; set; } = TimeSpan.FromDays(31);

    /// <summary>Longest range per partner-wide request.</summary>
    public TimeSpan PartnerRangeLimit { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Calls an hour of tenant <see cref="BulkTenantId"/>, generated per request (nothing stored).</summary>
    public int BulkCallsPerHour { get; set; }

    /// <summary>A silent server-side cap on records per response (null: none), as an undocumented limit would be.</summary>
    public int? MaximumRecordsPerResponse { get; set; }

    /// <summary>
    /// When set, <c>time</c> is written in this zone whatever the request asked for (as VOXO's older
    /// recordings report writes Central time), so only the epoch in <c>uniqueId</c> gives the instant.
    /// </summary>
    public string? RenderZoneOverride { get; set; }

    /// <summary>
    /// Whether <c>end</c> leaves out a call at exactly that second (<c>time &lt; end</c>) instead of returning it
    /// (<c>time &lt;= end</c>, SQL BETWEEN, the default). ASSUMED either way: the vendor page says only
    /// "end date - YYYY-MM-DD HH:MM:SS"; tests run both. <c>start</c> is inclusive in both (also ASSUMED).
    /// </summary>
    public bool ExclusiveEnd { get; set; }

    /// <summary>Called after each <c>/call-reports</c> answer is written (before its last bytes are flushed) with the number served so far.</summary>
    public Action<int>? AfterReportServed { get; set; }

    /// <summary>The tenants.</summary>
    public IReadOnlyList<VoxoTenant> Tenants => tenants;

    /// <summary>How many <c>/call-reports</c> requests were answered with records.</summary>
    public int ReportsServed
    {
        get
        {
            lock (gate)
            {
                return reportsServed;
            }
        }
    }

    /// <summary>Every stored call (not the bulk tenant's), oldest first.</summary>
    public IReadOnlyList<VoxoCall> Calls
    {
        get
        {
            lock (gate)
            {
                return calls.OrderBy(c => c.Instant).ToArray();
            }
        }
    }

    /// <summary>Every token this server issued.</summary>
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

    /// <summary>The calls of a tenant in [start, end), oldest first.</summary>
    public IReadOnlyList<VoxoCall> CallsOf(long tenantId, DateTimeOffset start, DateTimeOffset end)
    {
        lock (gate)
        {
            return calls.Where(c => c.TenantId == tenantId && c.Instant >= start && c.Instant < end).OrderBy(c => c.Instant).ToArray();
        }
    }

    /// <summary>Adds a call; its sequence is assigned when 0.</summary>
    public VoxoCall AddCall(VoxoCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (gate)
        {
            if (call.Sequence == 0)
            {
                call.Sequence = nextSequence++;
            }

            calls.Add(call);
            return call;
        }
    }

    /// <summary>The account admin of fan-out tenant <paramref name="tenantId"/> (sees that account only).</summary>
    public static string AccountAdminEmail(long tenantId) => "admin-" + tenantId.ToString(CultureInfo.InvariantCulture) + "@sandbox.voxo.test";

    /// <summary>Rejects every token issued so far (as if each had reached its exp).</summary>
    public void ExpireAllTokens()
    {
        lock (gate)
        {
            revoked.UnionWith(issued);
        }
    }

    /// <summary>A token as the VOXO portal hands one out, for <c>-AccessToken</c>.</summary>
    public string IssuePortalToken(string email = TenantAdminEmail, TimeSpan? lifetime = null) => IssueToken(email, lifetime ?? TimeSpan.FromDays(30));

    /// <inheritdoc />
    public Task HandleAsync(HttpContext context, string relativePath)
    {
        ArgumentNullException.ThrowIfNull(context);
        var method = context.Request.Method.ToUpperInvariant();
        var path = relativePath.TrimEnd('/');
        if (method == "POST" && path == "authentication")
        {
            return AuthenticateAsync(context);
        }

        if (method == "GET" && path == "call-reports")
        {
            return CallReportsAsync(context);
        }

        if (method == "GET" && path == "tenants")
        {
            return TenantsAsync(context, null);
        }

        if (method == "GET" && path.StartsWith("tenants/", StringComparison.Ordinal))
        {
            return TenantsAsync(context, path["tenants/".Length..]);
        }

        return ErrorAsync(context, 404, "NotFound", $"Page not found: {context.Request.Path}");
    }

    /// <summary>A Feathers error body: <c>{name, message, code, className}</c>.</summary>
    internal static Task ErrorAsync(HttpContext context, int status, string name, string message)
    {
        var className = string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        return JsonAsync(context, status, new Dictionary<string, object> { ["name"] = name, ["message"] = message, ["code"] = status, ["className"] = className, ["errors"] = new Dictionary<string, object>() });
    }

    // ----- authentication -----
    private async Task AuthenticateAsync(HttpContext context)
    {
        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await ErrorAsync(context, 400, "BadRequest", "Invalid JSON body.");
            return;
        }

        if (body.ValueKind != JsonValueKind.Object || Text(body, "strategy") is not { } strategy)
        {
            await ErrorAsync(context, 401, "NotAuthenticated", "Invalid authentication information (no `strategy` set)");
            return;
        }

        if (strategy != "local")
        {
            await ErrorAsync(context, 401, "NotAuthenticated", $"Invalid authentication information (strategy not allowed in authStrategies)");
            return;
        }

        var email = Text(body, "email");
        if (!IsUser(email) || !string.Equals(Text(body, "password"), Password, StringComparison.Ordinal))
        {
            await ErrorAsync(context, 401, "NotAuthenticated", "Invalid login");
            return;
        }

        var token = IssueToken(email!, TokenLifetime);
        var partner = string.Equals(email, PartnerEmail, StringComparison.OrdinalIgnoreCase);
        await JsonAsync(context, 201, new Dictionary<string, object>
        {
            ["accessToken"] = token,
            ["authentication"] = new Dictionary<string, object> { ["strategy"] = "local" },
            ["user"] = new Dictionary<string, object>
            {
                ["id"] = partner ? 1001 : 2001,
                ["tenantId"] = FanOutTenantOf(email) ?? DentalTenantId,
                ["email"] = email!.ToLowerInvariant(),
                ["userRole"] = partner ? 1 : 3,
                ["timezone"] = "America/New_York",
                ["tenantIds"] = partner ? tenants.Select(t => t.Id).ToArray() : new[] { FanOutTenantOf(email) ?? DentalTenantId },
                ["name"] = partner ? "Sandbox Partner" : "Sandbox Admin",
            },
        });
    }

    private static bool IsUser(string? email) =>
        string.Equals(email, PartnerEmail, StringComparison.OrdinalIgnoreCase) || string.Equals(email, TenantAdminEmail, StringComparison.OrdinalIgnoreCase) ||
        FanOutTenantOf(email) is not null;

    private static long? FanOutTenantOf(string? email)
    {
        for (var id = FanOutFirstTenantId; id < FanOutFirstTenantId + FanOutTenantCount; id++)
        {
            if (string.Equals(email, AccountAdminEmail(id), StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }
        }

        return null;
    }

    private string IssueToken(string email, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow;
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"HS256\",\"typ\":\"access\"}"));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
            ["aud"] = "https://sandbox.voxo.test",
            ["iss"] = "feathers",
            ["sub"] = email.ToLowerInvariant(),
            ["jti"] = Guid.NewGuid().ToString(),
        }));
        var signature = Base64Url(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(header + "." + payload)));
        var token = header + "." + payload + "." + signature;
        lock (gate)
        {
            issued.Add(token);
        }

        return token;
    }

    /// <summary>The email of a valid bearer token, or null after writing the 401.</summary>
    private async Task<string?> AuthorizeAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            await ErrorAsync(context, 401, "NotAuthenticated", "Not authenticated");
            return null;
        }

        var parts = header["Bearer ".Length..].Trim().Split('.');
        if (parts.Length != 3 || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(Base64Url(HMACSHA256.HashData(signingKey, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1])))),
                Encoding.ASCII.GetBytes(parts[2])))
        {
            await ErrorAsync(context, 401, "NotAuthenticated", "invalid signature");
            return null;
        }

        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var exp = DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("exp").GetInt64());
        bool isRevoked;
        lock (gate)
        {
            isRevoked = revoked.Contains(header["Bearer ".Length..].Trim());
        }

        if (exp <= DateTimeOffset.UtcNow || isRevoked)
        {
            await ErrorAsync(context, 401, "NotAuthenticated", "jwt expired");
            return null;
        }

        return payload.RootElement.GetProperty("sub").GetString();
    }

    // ----- tenants -----
    private async Task TenantsAsync(HttpContext context, string? id)
    {
        var email = await AuthorizeAsync(context);
        if (email is null)
        {
            return;
        }

        var visible = tenants.Where(t => CanSee(email, t.Id)).ToArray();
        if (id is null)
        {
            await JsonAsync(context, 200, visible.Select(t => new Dictionary<string, object> { ["id"] = t.Id, ["name"] = t.Name, ["timeZone"] = t.TimeZone, ["tenantCode"] = t.BillingCode }).ToArray());
            return;
        }

        var tenant = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? tenants.FirstOrDefault(t => t.Id == number) : null;
        if (tenant is null)
        {
            await ErrorAsync(context, 404, "NotFound", $"No record found for id '{id}'");
            return;
        }

        if (!CanSee(email, tenant.Id))
        {
            await ErrorAsync(context, 403, "Forbidden", "You do not have access to this tenant.");
            return;
        }

        await JsonAsync(context, 200, new Dictionary<string, object>
        {
            ["id"] = tenant.Id,
            ["name"] = tenant.Name,
            ["timeZone"] = tenant.TimeZone,
            ["tenantCode"] = tenant.BillingCode,
            ["te_billingcode"] = tenant.BillingCode,
            ["status"] = "active",
        });
    }

    private static bool CanSee(string email, long tenantId) =>
        string.Equals(email, PartnerEmail, StringComparison.OrdinalIgnoreCase) ||
        (FanOutTenantOf(email) is { } own ? tenantId == own : tenantId == DentalTenantId);

    // ----- call reports -----
    private async Task CallReportsAsync(HttpContext context)
    {
        var email = await AuthorizeAsync(context);
        if (email is null)
        {
            return;
        }

        var query = context.Request.Query;
        var partner = string.Equals(email, PartnerEmail, StringComparison.OrdinalIgnoreCase);
        var zoneName = string.IsNullOrEmpty(query["timezone"]) ? "America/Chicago" : query["timezone"].ToString();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneName, out var zone))
        {
            await ErrorAsync(context, 400, "BadRequest", $"Invalid timezone '{zoneName}'.");
            return;
        }

        if (!TryWallClock(query["start"], out var startWall) || !TryWallClock(query["end"], out var endWall))
        {
            await ErrorAsync(context, 400, "BadRequest", "start and end are required, as YYYY-MM-DD HH:MM:SS.");
            return;
        }

        var start = ToInstant(startWall, zone);
        var end = ToInstant(endWall, zone);
        if (end <= start)
        {
            await ErrorAsync(context, 400, "BadRequest", "end must be after start.");
            return;
        }

        long? tenantId = null;
        if (!string.IsNullOrEmpty(query["tenantId"]))
        {
            if (!long.TryParse(query["tenantId"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                await ErrorAsync(context, 400, "BadRequest", "tenantId must be an integer.");
                return;
            }

            tenantId = parsed;
        }
        else if (!string.IsNullOrEmpty(query["billingCode"]))
        {
            if (!partner)
            {
                await ErrorAsync(context, 403, "Forbidden", "billingCode is for partner admin users only.");
                return;
            }

            var code = query["billingCode"].ToString();
            var tenant = tenants.FirstOrDefault(t => string.Equals(t.BillingCode, code, StringComparison.OrdinalIgnoreCase));
            if (tenant is null)
            {
                await ErrorAsync(context, 404, "NotFound", $"No account has billing code '{code}'.");
                return;
            }

            tenantId = tenant.Id;
        }
        else if (!partner)
        {
            await ErrorAsync(context, 400, "BadRequest", "tenantId is required.");
            return;
        }

        if (tenantId is { } id && !CanSee(email, id))
        {
            await ErrorAsync(context, 403, "Forbidden", "You do not have access to this tenant.");
            return;
        }

        var limit = tenantId is null ? PartnerRangeLimit : TenantRangeLimit;
        if (end - start > limit || endWall - startWall > limit)
        {
            await ErrorAsync(
                context,
                400,
                "BadRequest",
                tenantId is null
                    ? "Partner CDR requests without a billingCode or tenantId are limited to a 24 hour period."
                    : "The max range allowed between start and end is 31 days.");
            return;
        }

        // By default VOXO's end is read as inclusive (SQL BETWEEN), so a call on a window edge comes back twice.
        var exclusiveEnd = ExclusiveEnd;
        List<VoxoCall> selected;
        lock (gate)
        {
            selected = calls.Where(c => (tenantId is null || c.TenantId == tenantId) && c.Instant >= start && (exclusiveEnd ? c.Instant < end : c.Instant <= end))
                .OrderByDescending(c => c.Instant).ThenByDescending(c => c.Sequence).ToList();
        }

        IEnumerable<VoxoCall> answer = selected;
        if ((tenantId is null || tenantId == BulkTenantId) && BulkCallsPerHour > 0)
        {
            answer = answer.Concat(Bulk(start, exclusiveEnd ? end.AddSeconds(-1) : end, BulkCallsPerHour));
        }

        if (MaximumRecordsPerResponse is { } cap)
        {
            answer = answer.Take(cap);
        }

        var renderZone = RenderZoneOverride is { } other ? TimeZoneInfo.FindSystemTimeZoneById(other) : zone;
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var writer = new Utf8JsonWriter(context.Response.Body, WriterOptions);
        writer.WriteStartArray();
        var written = 0;
        foreach (var call in answer)
        {
            call.Write(writer, renderZone);
            if (++written % 64 == 0)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.WriteEndArray();
        int served;
        lock (gate)
        {
            served = ++reportsServed;
        }

        AfterReportServed?.Invoke(served);
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>The bulk tenant's calls in [start, end] (whole seconds): one every 3600/perHour seconds on a fixed grid, same ids every time.</summary>
    private static IEnumerable<VoxoCall> Bulk(DateTimeOffset start, DateTimeOffset end, int perHour)
    {
        var step = Math.Max(1, 3600 / perHour);
        var first = (start.ToUnixTimeSeconds() + step - 1) / step * step;
        for (var epoch = first; epoch <= end.ToUnixTimeSeconds(); epoch += step)
        {
            var n = epoch / step;
            yield return new VoxoCall
            {
                Id = "b0000000-0000-4000-8000-" + n.ToString("x12", CultureInfo.InvariantCulture),
                TenantId = BulkTenantId,
                Instant = DateTimeOffset.FromUnixTimeSeconds(epoch),
                Host = "ord-ast9",
                Sequence = n,
                CallerIdNumber = "312555" + (n % 10000).ToString("D4", CultureInfo.InvariantCulture),
                CallerIdName = "BULK CALLER",
                DialedNum = "3125550100",
                Direction = n % 3 == 0 ? "OUT" : "IN",
                Disposition = n % 5 == 0 ? "NO ANSWER" : "ANSWERED",
                Duration = (int)(n % 600),
                AfterAnswerDuration = n % 5 == 0 ? 0 : (int)(n % 600),
                Presented = true,
                Mos = 4.3,
            };
        }
    }

    private static bool TryWallClock(string? text, out DateTime value) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    /// <summary>Like moment-timezone: a repeated wall-clock hour is its first occurrence; a skipped one moves forward.</summary>
    private static DateTimeOffset ToInstant(DateTime wall, TimeZoneInfo zone)
    {
        if (zone.IsInvalidTime(wall))
        {
            wall = wall.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset);
    }

    private List<VoxoCall> Generate(int seed)
    {
        var random = new Random(seed ^ 0x0F0F);
        var result = new List<VoxoCall>
        {
            // The two records of VOXO's documented sample (tenant 37 is in America/New_York, as the sample's request was).
            new()
            {
                Id = "2d275d62-706c-42d2-a4d4-e4ef53d83974", TenantId = DentalTenantId, Instant = DateTimeOffset.FromUnixTimeSeconds(1665457640), Sequence = 1430167,
                CallerIdName = "BILL CLINTON", Direction = "IN", Disposition = "ANSWERED", Duration = 4, AfterAnswerDuration = 4, Qos = 0, Presented = true, Mos = 0, HasLerg = true,
            },
            new()
            {
                Id = "ae8a5f62-7bd3-46a0-84d6-a3d46b35c886", TenantId = DentalTenantId, Instant = DateTimeOffset.FromUnixTimeSeconds(1665445756), Sequence = 1422469,
                CallerIdName = "FRED DURST", Direction = "IN", Disposition = "NO ANSWER", Duration = 3, AfterAnswerDuration = 0, Qos = 1, Presented = false, Mos = 4.4, HasLerg = false,
            },
        };
        string[] names = { "ACME CORP", "JANE DOE", "JOHN SMITH", "WIRELESS CALLER", "MARIA GARCIA", "CITY OF AUSTIN" };
        string[] dispositions = { "ANSWERED", "ANSWERED", "ANSWERED", "NO ANSWER", "BUSY", "FAILED" };
        foreach (var tenant in new[] { DentalTenantId, DesertTenantId, DublinTenantId })
        {
            for (var at = DataStart.AddMinutes(random.Next(0, 120)); at < DataEnd; at = at.AddSeconds(random.Next(2 * 3600, 6 * 3600)))
            {
                var disposition = dispositions[random.Next(dispositions.Length)];
                var duration = random.Next(1, 900);
                result.Add(new VoxoCall
                {
                    Id = new Guid(RandomBytes(random)).ToString(),
                    TenantId = tenant,
                    Instant = at,
                    Sequence = nextSequence++,
                    CallerIdNumber = random.Next(200, 999).ToString(CultureInfo.InvariantCulture) + random.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture),
                    CallerIdName = names[random.Next(names.Length)],
                    DialedNum = "5125550" + random.Next(100, 999).ToString(CultureInfo.InvariantCulture),
                    Direction = random.Next(3) == 0 ? "OUT" : "IN",
                    Disposition = disposition,
                    Duration = duration,
                    AfterAnswerDuration = disposition == "ANSWERED" ? Math.Max(0, duration - random.Next(0, 20)) : 0,
                    PercentJitter = Math.Round(random.NextDouble() * 2, 2),
                    PacketLoss = random.Next(10) == 0 ? Math.Round(random.NextDouble(), 2) : 0,
                    Qos = random.Next(2),
                    Mos = Math.Round(3.5 + random.NextDouble(), 1),
                    Recorded = random.Next(4) == 0,
                    QueueCall = random.Next(3) == 0,
                    Presented = disposition != "FAILED",
                    HasLerg = random.Next(3) != 0,
                    Local = random.Next(2) == 0,
                });
            }
        }

        // The fan-out accounts: a call every 2-4 hours for a week each, from a generator of their own so the
        // calls above stay what they were.
        var branch = new Random(seed ^ 0x2010);
        for (var id = FanOutFirstTenantId; id < FanOutFirstTenantId + FanOutTenantCount; id++)
        {
            for (var at = FanOutStart.AddMinutes(branch.Next(0, 120)); at < FanOutEnd; at = at.AddSeconds(branch.Next(2 * 3600, 4 * 3600)))
            {
                result.Add(new VoxoCall
                {
                    Id = new Guid(RandomBytes(branch)).ToString(),
                    TenantId = id,
                    Instant = at,
                    Sequence = nextSequence++,
                    CallerIdName = "BRANCH " + id.ToString(CultureInfo.InvariantCulture),
                    Duration = branch.Next(1, 600),
                    Presented = true,
                });
            }
        }

        return result;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        return bytes;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }

    private static async Task JsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, body.GetType(), cancellationToken: context.RequestAborted);
    }
}
