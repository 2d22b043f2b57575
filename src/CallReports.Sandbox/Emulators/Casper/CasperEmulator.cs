using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.Casper;

/// <summary>
/// An emulated RingCX (RingCentral Engage Voice): the RingCentral JWT sign-in, the RingCX token
/// exchange, refresh (rotating the refresh token) and the deprecated Engage login, permanent API
/// tokens, the account list, and the Cloud Call Detail report (<c>reportsStreaming</c>, CSV) with the
/// vendor page's quirks. Tokens live <see cref="TokenLifetime"/> (5 minutes, as documented).
/// </summary>
public sealed class CasperEmulator : IVendorEmulator
{
    /// <summary>The main demo sub-account (the seed's first account); primary zone US/Arizona.</summary>
    public const string AccountId = "13670001";

    /// <summary>The seed's second account; primary zone US/Eastern.</summary>
    public const string SecondAccountId = "15300001";

    /// <summary>An account whose report API was switched off (404).</summary>
    public const string RetiredAccountId = "40400001";

    /// <summary>An account that answers with a JSON error document and HTTP 200 instead of CSV.</summary>
    public const string JsonErrorAccountId = "20000001";

    /// <summary>An account with one call every minute, generated as the body streams (for long ranges).</summary>
    public const string BulkAccountId = "99999999";

    /// <summary>The RingCentral app's client id.</summary>
    public const string ClientId = "SandboxRcClientId";

    /// <summary>The RingCentral app's client secret.</summary>
    public const string ClientSecret = "Sandbox-Rc-Client-Secret-1";

    /// <summary>The RingCentral JWT credential.</summary>
    public const string Jwt = "eyJhbGciOiJSUzI1NiJ9.c2FuZGJveC1yaW5nY3gtand0.U2FuZGJveFNpZ25hdHVyZQ";

    /// <summary>A permanent API token (<c>X-Auth-Token</c>).</summary>
    public const string ApiToken = "aws80:5a1d6b0c-sandbox-api-token-0001";

    /// <summary>Engage login user name.</summary>
    public const string UserName = "admin@sandbox.ringcx.test";

    /// <summary>Engage login password.</summary>
    public const string Password = "Sandbox-RingCX-Pass-1";

    /// <summary>Engage platform id.</summary>
    public const string PlatformId = "c01";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const int ReplayChunk = 64 * 1024;

    private readonly object gate = new();
    // The last two reports rendered for ReplayReports: a benchmark alternates two requests (module and baseline).
    private readonly List<(string Key, byte[] Body)> replay = new();
    private readonly Dictionary<string, DateTimeOffset> accessTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> refreshTokens = new(StringComparer.Ordinal);
    private readonly HashSet<string> platformTokens = new(StringComparer.Ordinal);
    private readonly List<string> issued = new();
    private readonly Queue<DateTimeOffset> exchanges = new();
    private readonly List<CasperCallRow> rows;
    private int reportsServed;

    internal CasperEmulator(string mountPath, int seed, int rowCount)
    {
        MountPath = mountPath;
        rows = CasperDataGenerator.Samples();
        rows.AddRange(CasperDataGenerator.Generate(seed, rowCount));
        BaseUri = new Uri("http://127.0.0.1/" + mountPath.TrimStart('/'));
    }

    /// <inheritdoc />
    public string MountPath { get; }

    /// <inheritdoc />
    public Uri BaseUri { get; internal set; }

    /// <summary>Lifetime of RingCX access tokens issued from now on.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Start report bodies with a UTF-8 byte order mark.</summary>
    public bool ByteOrderMark { get; set; }

    /// <summary>Append a column the documentation does not list.</summary>
    public bool ExtraColumn { get; set; }

    /// <summary>
    /// Whether <c>endTimestamp</c> is inclusive (default: a call queued exactly then is in the report) or
    /// exclusive. ASSUMED either way: the page does not say; its example ends a month at <c>23:59:59</c>.
    /// </summary>
    public bool EndTimestampInclusive { get; set; } = true;

    /// <summary>
    /// Answer the account list with <c>primaryTimezone</c> as a number, the <c>int32</c> RingCentral's published
    /// API specification declares, instead of a zone name (default). ASSUMED either way: the specification
    /// gives the type only, no list of what the numbers mean, and no example; the numbers here are made up.
    /// </summary>
    public bool NumericPrimaryTimezone { get; set; }

    /// <summary>The token exchange allows 5 requests in this sliding window (documented: 5 a minute; scaled in tests).</summary>
    public TimeSpan ExchangeWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether a refused exchange (429) carries <c>Retry-After</c> (default) or not. ASSUMED either way: the
    /// page documents the limit, not the answer to a request over it.
    /// </summary>
    public bool ExchangeRetryAfter { get; set; } = true;

    /// <summary>Called after each report body is written, with the number of reports served so far.</summary>
    public Action<int>? AfterReportServed { get; set; }

    /// <summary>How many rows the last report wrote before it ended or the client went away.</summary>
    public int LastReportRows { get; private set; }

    /// <summary>The report bodies' last request JSON, as received.</summary>
    public string? LastReportRequest { get; private set; }

    /// <summary>
    /// Render each distinct report request once and serve the same bytes again, in 64 KiB chunks (scale
    /// scenarios: so a timed run measures the client, not this emulator's CSV writer). Off by default.
    /// </summary>
    public bool ReplayReports { get; set; }

    /// <summary>Every call in the report (read only), bulk account excepted.</summary>
    public IReadOnlyList<CasperCallRow> Rows
    {
        get
        {
            lock (gate)
            {
                return rows.ToArray();
            }
        }
    }

    /// <summary>Every token this server handed out (for secret scans).</summary>
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

    /// <summary>Adds a call.</summary>
    public void AddRow(CasperCallRow row)
    {
        lock (gate)
        {
            rows.Add(row);
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

    /// <summary>Forgets the exchange rate-limit history.</summary>
    public void ResetLimits()
    {
        lock (gate)
        {
            exchanges.Clear();
        }
    }

    /// <summary>Another process or runbook exchanged <paramref name="count"/> tokens just now: they count against the limit.</summary>
    public void UseExchanges(int count)
    {
        lock (gate)
        {
            for (var i = 0; i < count; i++)
            {
                exchanges.Enqueue(DateTimeOffset.UtcNow);
            }
        }
    }

    /// <summary>Accounts whose cloud routing can be read (the report itself fails for the retired and JSON-error ones).</summary>
    private static readonly string[] RoutingAccounts = { AccountId, SecondAccountId, BulkAccountId, RetiredAccountId, JsonErrorAccountId };

    /// <summary>The made-up number <see cref="NumericPrimaryTimezone"/> sends for an account.</summary>
    public static int NumericPrimaryTimezoneOf(string account) => account == SecondAccountId ? 5 : 7;

    /// <summary>The primary zone of an account.</summary>
    public static string PrimaryTimezone(string account) => account == SecondAccountId ? "US/Eastern" : "US/Arizona";

    /// <inheritdoc />
    public Task HandleAsync(HttpContext context, string relativePath)
    {
        var method = context.Request.Method;
        var path = relativePath.TrimEnd('/');
        if (method == "POST" && path == "restapi/oauth/token")
        {
            return PlatformTokenAsync(context);
        }

        if (method == "POST" && path == "api/auth/login/rc/accesstoken")
        {
            return ExchangeAsync(context);
        }

        if (method == "POST" && path == "api/auth/token/refresh")
        {
            return RefreshAsync(context);
        }

        if (method == "POST" && path == "api/auth/login/admin")
        {
            return EngageLoginAsync(context);
        }

        const string Accounts = "voice/api/v1/admin/accounts";
        // ASSUMED: primaryTimezone as a zone name by default, though the specification declares an int32 (see
        // NumericPrimaryTimezone); the other Account fields are a subset of its schema.
        if (method == "GET" && path == Accounts)
        {
            return AuthorizedAsync(context, () => WriteJsonAsync(context, 200, new[] { AccountId, SecondAccountId, BulkAccountId }.Select(a => new
            {
                accountId = a,
                accountName = "Sandbox " + a,
                mainAccountId = "13670000",
                primaryTimezone = NumericPrimaryTimezone ? (object)NumericPrimaryTimezoneOf(a) : PrimaryTimezone(a),
                enableCloudRouting = true,
            })));
        }

        const string ProfileGroupsPath = "/cloudRouteProfileGroups/withChildren";
        const string DestinationGroupsPath = "/cloudRouteDestinationGroups/withChildren";
        if (method == "GET" && path.StartsWith(Accounts + "/", StringComparison.Ordinal) && (path.EndsWith(ProfileGroupsPath, StringComparison.Ordinal) || path.EndsWith(DestinationGroupsPath, StringComparison.Ordinal)))
        {
            var profiles = path.EndsWith(ProfileGroupsPath, StringComparison.Ordinal);
            var account = path.Substring(Accounts.Length + 1, path.Length - Accounts.Length - 1 - (profiles ? ProfileGroupsPath : DestinationGroupsPath).Length);
            return AuthorizedAsync(context, () => !RoutingAccounts.Contains(account)
                ? ErrorAsync(context, 403, "access.denied.exception", "You do not have permission to access this resource", "Account " + account)
                : WriteJsonAsync(context, 200, profiles ? ProfileGroups(account) : DestinationGroups(account)));
        }

        if (method == "POST" && path.StartsWith(Accounts + "/", StringComparison.Ordinal) && path.EndsWith("/reportsStreaming", StringComparison.Ordinal))
        {
            var account = path.Substring(Accounts.Length + 1, path.Length - Accounts.Length - 1 - "/reportsStreaming".Length);
            return AuthorizedAsync(context, () => ReportAsync(context, account));
        }

        return ErrorAsync(context, 404, null, "The resource you have requested does not exist", "Not Found");
    }

    /// <summary>
    /// An account's cloud routing profile groups with their profiles (<c>CloudRouteGroupSkinny</c> shape): the
    /// profiles of its calls and of the generator's template, so accounts without calls have routing too.
    /// ASSUMED: ungrouped profiles sit in a group whose <c>cloudGroupId</c> is null (the page's example sends a
    /// null group id; the cloud-routing API's own shape for them is not documented).
    /// </summary>
    private object[] ProfileGroups(string account)
    {
        var profiles = Rows.Where(r => r.AccountId == account).Select(r => (r.ProfileGroupId, r.CloudProfileId, r.ProfileName))
            .Concat(Enumerable.Range(0, CasperDataGenerator.ProfileCount).Select(i => CasperDataGenerator.Profile(i, account)))
            .Select(p => (Group: p.Item1, Id: p.Item2, ProfileName: p.Item3))
            .GroupBy(p => p.Id).Select(p => p.First());
        return profiles.GroupBy(p => p.Group).OrderBy(g => g.Key ?? int.MaxValue).Select(g => (object)new
        {
            cloudGroupId = g.Key,
            groupName = (g.Key % 1000) switch { 111 => "East", 222 => "West", null => "Ungrouped", _ => "Group " + g.Key },
            accountId = account,
            cloudRouteProfiles = g.OrderBy(p => p.Id).Select(p => new
            {
                cloudProfileId = p.Id,
                cloudGroupId = g.Key,
                profileName = p.ProfileName,
                isActive = true,
                isDeleted = false,
            }).ToArray(),
        }).ToArray();
    }

    /// <summary>An account's cloud routing destination groups with their destinations (a call's destination: connected_id, else attempt_1_id).</summary>
    private object[] DestinationGroups(string account)
    {
        var destinations = Rows.Where(r => r.AccountId == account && (r.ConnectedId ?? r.Attempt1Id) is not null)
            .Select(r => (r.DestinationGroupId, (r.ConnectedId ?? r.Attempt1Id)!.Value, r.Attempt1Name))
            .Concat(Enumerable.Range(0, CasperDataGenerator.ProfileCount).Select(i => CasperDataGenerator.Destination(i, account)).Select(d => ((int?)d.GroupId, d.Id, d.Name)))
            .Select(d => (Group: d.Item1, Id: d.Item2, Name: d.Item3))
            .GroupBy(d => d.Id).Select(d => d.First());
        return destinations.GroupBy(d => d.Group).OrderBy(g => g.Key).Select(g => (object)new
        {
            cloudGroupId = g.Key,
            groupName = g.Key % 100 == 10 ? "Tier 1" : "Tier 2",
            cloudRouteDestinations = g.OrderBy(d => d.Id).Select(d => new
            {
                cloudDestinationId = d.Id,
                destinationName = d.Name,
            }).ToArray(),
        }).ToArray();
    }

    private async Task PlatformTokenAsync(HttpContext context)
    {
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 401, new { error = "invalid_client", error_description = "Invalid client: " + ClientId });
            return;
        }

        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || form["assertion"] != Jwt)
        {
            await WriteJsonAsync(context, 400, new { error = "invalid_grant", error_description = "Invalid assertion signature" });
            return;
        }

        var token = NewSecret("rc-at-");
        lock (gate)
        {
            platformTokens.Add(token);
        }

        await WriteJsonAsync(context, 200, new { access_token = token, token_type = "bearer", expires_in = 3600, refresh_token = NewSecret("rc-rt-"), refresh_token_expires_in = 604800, scope = "ReadAccounts" });
    }

    private async Task ExchangeAsync(HttpContext context)
    {
        lock (gate)
        {
            var now = DateTimeOffset.UtcNow;
            while (exchanges.Count > 0 && now - exchanges.Peek() >= ExchangeWindow)
            {
                exchanges.Dequeue();
            }

            if (exchanges.Count >= 5)
            {
                if (ExchangeRetryAfter)
                {
                    context.Response.Headers.RetryAfter = Math.Ceiling((exchanges.Peek() + ExchangeWindow - now).TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                context.Response.StatusCode = 429;
                return;
            }

            exchanges.Enqueue(now);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        bool known;
        lock (gate)
        {
            known = platformTokens.Contains(form["rcAccessToken"].ToString());
        }

        // ASSUMED (stricter than RingCX, which then answers with a null refreshToken): an exchange without
        // includeRefresh=true is refused, so a client that forgets it cannot renew tokens is caught.
        if (!known || context.Request.Query["includeRefresh"] != "true")
        {
            await ErrorAsync(context, 401, "authentication.failed", "Invalid RingCentral access token", "Unauthorized");
            return;
        }

        await WriteTokensAsync(context);
    }

    private async Task RefreshAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        bool valid;
        lock (gate)
        {
            // Rotation: a refresh token works once. ASSUMED: the page says the refresh returns a new refresh
            // token, not that the old one stops working.
            valid = refreshTokens.Remove(form["refresh_token"].ToString());
        }

        if (!valid)
        {
            await ErrorAsync(context, 401, "invalid.refresh.token", "Invalid refresh token", "Unauthorized");
            return;
        }

        await WriteTokensAsync(context);
    }

    private async Task EngageLoginAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["username"] != UserName || query["password"] != Password || query["platformId"] != PlatformId)
        {
            await ErrorAsync(context, 401, "authentication.failed", "Invalid username or password", "Unauthorized");
            return;
        }

        await WriteTokensAsync(context);
    }

    private Task WriteTokensAsync(HttpContext context)
    {
        var access = NewSecret("ringcx-at-");
        var refresh = NewSecret("ringcx-rt-");
        lock (gate)
        {
            accessTokens[access] = DateTimeOffset.UtcNow + TokenLifetime;
            refreshTokens.Add(refresh);
        }

        return WriteJsonAsync(context, 200, new
        {
            accessToken = access,
            refreshToken = refresh,
            tokenType = "Bearer",
            mainAccountId = "13670000",
            adminId = 1001,
            agentDetails = Array.Empty<object>(),
            ssoLogin = false,
        });
    }

    /// <summary>
    /// A permanent API token (<c>X-Auth-Token</c>) or a live bearer token. ASSUMED: the docs show X-Auth-Token on
    /// the token-management endpoints only, not on reportsStreaming; an unknown token's 401 body is invented
    /// (an expired one answers <c>Jwt is expired</c> as plain text, as documented).
    /// </summary>
    private Task AuthorizedAsync(HttpContext context, Func<Task> next)
    {
        var apiToken = context.Request.Headers["X-Auth-Token"].ToString();
        if (apiToken.Length > 0)
        {
            return apiToken == ApiToken ? next() : ErrorAsync(context, 401, "authentication.failed", "Invalid auth token", "Unauthorized");
        }

        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header.Substring(7).Trim() : string.Empty;
        DateTimeOffset expires;
        bool known;
        lock (gate)
        {
            known = accessTokens.TryGetValue(token, out expires);
        }

        if (!known)
        {
            return ErrorAsync(context, 401, "authentication.failed", "Full authentication is required to access this resource", "Unauthorized");
        }

        if (expires <= DateTimeOffset.UtcNow)
        {
            // What RingCX sends for an expired token: plain text.
            context.Response.StatusCode = 401;
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync("Jwt is expired", context.RequestAborted);
        }

        return next();
    }

    private async Task ReportAsync(HttpContext context, string pathAccount)
    {
        string text;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            text = await reader.ReadToEndAsync(context.RequestAborted);
        }

        LastReportRequest = text;
        ReportRequest request;
        try
        {
            request = ReportRequest.Parse(text);
        }
        catch (FormatException ex)
        {
            await ErrorAsync(context, 400, "validation.exception", "The supplied data is not valid", "Bad request", ex.Message);
            return;
        }

        if (pathAccount == RetiredAccountId)
        {
            await ErrorAsync(context, 404, null, "The resource you have requested does not exist", "Not Found");
            return;
        }

        // ASSUMED: an error comes back as RingCX's Errors document even though CSV was asked for, here with HTTP
        // 200 (the research's inference); a 404 for a switched-off report API.
        if (pathAccount == JsonErrorAccountId)
        {
            await ErrorAsync(context, 200, "report.generation.failed", "The report could not be generated", "Report service unavailable for this account");
            return;
        }

        // ASSUMED: every account in accountIds (and the path) must be readable, else 403 naming it, in the
        // access.denied.exception shape the cloud-routing page documents.
        var known = new[] { AccountId, SecondAccountId, BulkAccountId };
        var denied = request.AccountIds.Prepend(pathAccount).FirstOrDefault(a => !known.Contains(a));
        if (denied is not null)
        {
            await ErrorAsync(context, 403, "access.denied.exception", "You do not have permission to access this resource", "Account " + denied);
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/csv";
        if (ReplayReports)
        {
            var key = ReplayKey(pathAccount, request);
            byte[]? bytes;
            lock (gate)
            {
                bytes = replay.Find(r => r.Key == key).Body;
            }

            if (bytes is null)
            {
                bytes = await PrerenderAsync(pathAccount, text, context.RequestAborted);
            }

            for (var offset = 0; offset < bytes.Length && !context.RequestAborted.IsCancellationRequested; offset += ReplayChunk)
            {
                await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(ReplayChunk, bytes.Length - offset)), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        else
        {
            await RenderAsync(context.Response.Body, request, context.RequestAborted);
        }

        AfterReportServed?.Invoke(Interlocked.Increment(ref reportsServed));
    }

    /// <summary>
    /// Renders the report a request body asks for into one exactly sized array and keeps it for
    /// <see cref="ReplayReports"/> (measured first, so no growing buffer is left behind in the heap).
    /// </summary>
    /// <param name="pathAccount">The account in the request path.</param>
    /// <param name="requestBody">The JSON request body, as sent.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public async Task<byte[]> PrerenderAsync(string pathAccount, string requestBody, CancellationToken cancellationToken = default)
    {
        var request = ReportRequest.Parse(requestBody);
        var counter = new LengthStream();
        await RenderAsync(counter, request, cancellationToken);
        var bytes = new byte[counter.Length];
        using (var target = new MemoryStream(bytes, writable: true))
        {
            await RenderAsync(target, request, cancellationToken);
        }

        lock (gate)
        {
            var key = ReplayKey(pathAccount, request);
            replay.RemoveAll(r => r.Key == key);
            replay.Add((key, bytes));
            if (replay.Count > 2)
            {
                replay.RemoveAt(0);
            }
        }

        return bytes;
    }

    /// <summary>What makes two requests ask for the same report, however their JSON is written.</summary>
    private static string ReplayKey(string pathAccount, ReportRequest request) => string.Join(
        "|",
        pathAccount,
        string.Join(",", request.AccountIds),
        request.ByDestination,
        string.Join(",", request.GroupIds),
        string.Join(",", request.Ids),
        request.Start.ToString("O", CultureInfo.InvariantCulture),
        request.End.ToString("O", CultureInfo.InvariantCulture),
        request.Zone.Id,
        request.Separator);

    /// <summary>
    /// The CSV: the sample's header, rows in enqueue order, times in <c>timezoneName</c>, fields quoted as RFC 4180
    /// when they hold the separator, a quote or a line break, CRLF line ends. ASSUMED: the page shows three
    /// unquoted rows and documents no order, quoting, line ends or zone for its times.
    /// </summary>
    private async Task RenderAsync(Stream body, ReportRequest request, CancellationToken cancellationToken)
    {
        var encoding = new UTF8Encoding(false);
        var buffer = new StringBuilder();
        if (ByteOrderMark)
        {
            await body.WriteAsync(new byte[] { 0xEF, 0xBB, 0xBF }, cancellationToken);
        }

        var header = ExtraColumn ? CasperCallRow.Header.Append("agent_group_name").ToArray() : CasperCallRow.Header;
        AppendLine(buffer, header, request.Separator);
        LastReportRows = 0;
        foreach (var row in Select(request))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            LastReportRows++;
            var fields = row.Fields(request.Zone);
            AppendLine(buffer, ExtraColumn ? fields.Append("Tier, \"A\"").ToArray() : fields, request.Separator);
            if (buffer.Length > 8192)
            {
                await body.WriteAsync(encoding.GetBytes(buffer.ToString()), cancellationToken);
                await body.FlushAsync(cancellationToken);
                buffer.Clear();
            }
        }

        await body.WriteAsync(encoding.GetBytes(buffer.ToString()), cancellationToken);
    }

    private IEnumerable<CasperCallRow> Select(ReportRequest request)
    {
        IEnumerable<CasperCallRow> candidates;
        lock (gate)
        {
            candidates = rows.ToArray();
        }

        candidates = candidates.Where(r => request.AccountIds.Contains(r.AccountId)).OrderBy(r => r.Enqueue);
        if (request.AccountIds.Contains(BulkAccountId))
        {
            candidates = candidates.Concat(Bulk(request));
        }

        // ASSUMED: the range applies to enqueue_time, as wall-clock time in timezoneName; the start is inclusive.
        var inclusive = EndTimestampInclusive;
        foreach (var row in candidates)
        {
            var minute = row.LocalEnqueueMinute(request.Zone);
            if (minute < request.Start || minute > request.End || (!inclusive && minute == request.End) || !request.Matches(row))
            {
                continue;
            }

            yield return row;
        }
    }

    /// <summary>One call a minute across the requested range, generated as it is written.</summary>
    private static IEnumerable<CasperCallRow> Bulk(ReportRequest request)
    {
        var random = new Random(7);
        var start = new DateTimeOffset(request.Start, request.Zone.GetUtcOffset(request.Start));
        var end = new DateTimeOffset(request.End, request.Zone.GetUtcOffset(request.End));
        for (var at = start; at <= end; at = at.AddMinutes(1))
        {
            yield return CasperDataGenerator.Create(random, 5_000_000 + (at.ToUnixTimeSeconds() / 60), at, BulkAccountId);
        }
    }

    private static void AppendLine(StringBuilder buffer, IReadOnlyList<string> fields, char separator)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                buffer.Append(separator);
            }

            var field = fields[i];
            if (field.IndexOf(separator) >= 0 || field.IndexOfAny(new[] { '"', '\r', '\n' }) >= 0)
            {
                buffer.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
            }
            else
            {
                buffer.Append(field);
            }
        }

        buffer.Append("\r\n");
    }

    private string NewSecret(string prefix)
    {
        var secret = prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        lock (gate)
        {
            issued.Add(secret);
        }

        return secret;
    }

    private static Task WriteJsonAsync(HttpContext context, int status, object value)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value, Json), context.RequestAborted);
    }

    /// <summary>RingCX's <c>Errors</c> document.</summary>
    internal static Task ErrorAsync(HttpContext context, int status, string? code, string generalMessage, string developerMessage, string? validation = null) =>
        WriteJsonAsync(context, status, new
        {
            errorCode = code,
            generalMessage,
            developerMessage,
            requestUri = context.Request.Path.Value + " - " + context.Request.Method,
            timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            validationErrors = validation is null ? Array.Empty<object>() : new object[] { new { attributeName = "reportCriteria", message = validation, value = (string?)null } },
        });

    /// <summary>A write-only stream that only counts.</summary>
    private sealed class LengthStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position
        {
            get => length;
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
