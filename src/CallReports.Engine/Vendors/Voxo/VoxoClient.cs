using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using CallReports.Engine.Json;
using CallReports.Engine.Streaming;
using CallReports.Engine.Time;

namespace CallReports.Engine.Vendors.Voxo;

/// <summary>Reads call detail records from VOXO's <c>GET /call-reports</c>, window by window.</summary>
public sealed class VoxoClient
{
    private const int ProgressId = 0x7070;
    private const string Activity = "Get-VoxoCallReport";
    private const int MaximumNotes = 5;

    /// <summary>
    /// Records this close to a window's end are remembered for the next window, where VOXO may return
    /// them again (its <c>end</c> may be inclusive). Wide enough for a record whose time is an hour off.
    /// </summary>
    private static readonly TimeSpan TailMargin = TimeSpan.FromHours(2);

    private readonly ConnectionOptions connection;
    private readonly OperationLog log;
    private readonly VoxoSession session;

    /// <summary>Creates a client; nothing is sent until records are enumerated.</summary>
    /// <param name="connection">Server and HTTP options.</param>
    /// <param name="credentials">How to authenticate.</param>
    /// <param name="log">Where messages go.</param>
    public VoxoClient(ConnectionOptions connection, VoxoCredentials credentials, OperationLog log)
    {
        this.connection = connection ?? throw new ArgumentNullException(nameof(connection));
        this.log = log ?? throw new ArgumentNullException(nameof(log));
        session = new VoxoSession(connection, credentials ?? throw new ArgumentNullException(nameof(credentials)), log);
    }

    /// <summary>
    /// Streams the call detail records of the range, window by window in time order, each record once
    /// (de-duplicated by id across window edges). A window VOXO refuses or cuts short is a
    /// non-terminating error naming the window; the other windows are still read.
    /// </summary>
    /// <param name="query">Range, tenant and zone; validated before any request.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public IEnumerable<VoxoCallRecord> GetCallReports(VoxoCallReportQuery query, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        query.Validate();
        return new BlockingStream<VoxoCallRecord>(ct => GetCallReportsAsync(query, ct), log, cancellationToken);
    }

    /// <summary>Whether a window's record count looks like a server-side cap rather than the real number.</summary>
    internal static bool IsSuspiciouslyRound(long count)
    {
        if (count < 500)
        {
            return false;
        }

        if ((count & (count - 1)) == 0)
        {
            return true;
        }

        if (count % 500 != 0)
        {
            return false;
        }

        var significant = count;
        while (significant % 10 == 0)
        {
            significant /= 10;
        }

        return significant < 100;
    }

    /// <summary>The request for one window: <c>call-reports?tenantId=…&amp;start=…&amp;end=…&amp;timezone=…</c>, percent-encoded.</summary>
    internal static string BuildUri(VoxoCallReportQuery query, TimeWindow window, TimeZoneInfo zone, string zoneName)
    {
        var uri = new StringBuilder("call-reports?");
        if (query.TenantId is { } tenant)
        {
            uri.Append("tenantId=").Append(tenant.ToString(CultureInfo.InvariantCulture)).Append('&');
        }
        else if (query.BillingCode is { } code)
        {
            uri.Append("billingCode=").Append(Uri.EscapeDataString(code.Trim())).Append('&');
        }

        uri.Append("start=").Append(Uri.EscapeDataString(FormatBound(window.Start, zone)))
            .Append("&end=").Append(Uri.EscapeDataString(FormatBound(window.End, zone)))
            .Append("&timezone=").Append(Uri.EscapeDataString(zoneName));
        return uri.ToString();
    }

    /// <summary><c>YYYY-MM-DD HH:MM:SS</c> on the wall clock of the zone, as VOXO documents <c>start</c>/<c>end</c>.</summary>
    internal static string FormatBound(DateTimeOffset instant, TimeZoneInfo zone) => WallClock.Format(instant, zone, "yyyy-MM-dd HH:mm:ss");

    internal async IAsyncEnumerable<VoxoCallRecord> GetCallReportsAsync(VoxoCallReportQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var zone = query.TimeZone ?? await ResolveZoneAsync(query, cancellationToken).ConfigureAwait(false);
        var windows = query.Windows(zone);
        var reading = new Reading(query, zone, windows[0].Start, windows[windows.Count - 1].End, log);
        log.Verbose(string.Format(
            CultureInfo.InvariantCulture,
            "Reading {0} to {1} ({2}) in {3} window(s) of at most {4} ({5}).",
            FormatBound(reading.RangeStart, zone),
            FormatBound(reading.RangeEnd, zone),
            reading.ZoneName,
            windows.Count,
            windows[0].End - windows[0].Start,
            query.TenantId is { } t ? "tenant " + t.ToString(CultureInfo.InvariantCulture) : query.BillingCode is { } b ? "billing code " + b : "partner-wide"));

        try
        {
            // A window VOXO refuses as invalid is tried once more as two halves, in place, before it is
            // reported: a server whose limit is a little stricter than documented still gives every call.
            var parts = new List<(TimeWindow Window, bool IsHalf)>();
            foreach (var window in windows)
            {
                parts.Add((window, false));
            }

            var halving = true;
            for (var p = 0; p < parts.Count; p++)
            {
                var (window, isHalf) = parts[p];
                var what = window.ToString();
                var sent = string.Format(CultureInfo.InvariantCulture, "start={0}, end={1}, timezone={2}", FormatBound(window.Start, zone), FormatBound(window.End, zone), reading.ZoneName);
                if (windows.Count > 1)
                {
                    log.Progress(ProgressId, Activity, "Reading " + what, window.Index * 100 / window.Count);
                }

                HttpResponseMessage response;
                try
                {
                    response = await session.GetAsync(BuildUri(query, window, zone, reading.ZoneName), what, cancellationToken).ConfigureAwait(false);
                }
                catch (CallReportsException ex) when (!ex.IsTerminating)
                {
                    log.Error(WindowFailed(ex, what, sent));
                    reading.PreviousTail.Clear();
                    continue;
                }

                using (response)
                {
                    if (!response.IsSuccessStatusCode)
                    {
                        var failure = await VoxoErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
                        halving = Refused(failure, parts, p, halving, reading, sent);
                        continue;
                    }

                    await foreach (var record in ReadWindowAsync(response, window, sent, reading, cancellationToken).ConfigureAwait(false))
                    {
                        yield return record;
                    }
                }
            }
        }
        finally
        {
            if (reading.Corrections > MaximumNotes)
            {
                log.Verbose(string.Format(CultureInfo.InvariantCulture, "The epoch in uniqueId corrected the time of {0} records in all ({1} shown).", reading.Corrections, MaximumNotes));
            }

            if (windows.Count > 1)
            {
                log.CompleteProgress(ProgressId, Activity);
            }
        }
    }

    /// <summary>
    /// Whether a record falls outside the half-open range [<paramref name="start"/>, <paramref name="end"/>)
    /// although VOXO returned it: the range was sent widened to whole seconds, and VOXO's <c>end</c> may be
    /// inclusive. A time the epoch in uniqueId confirms is judged wherever it lies. A time that cannot be
    /// confirmed is judged only when it is exactly one of the bounds sent (<paramref name="sentStart"/>,
    /// <paramref name="sentEnd"/>): that second is where VOXO's own reading of its bounds decides, and the
    /// adjacent range returns the call; anywhere else such a record is kept rather than risk dropping a call
    /// whose time the server wrote in another zone.
    /// </summary>
    private static bool IsOutside(VoxoCallRecord record, DateTimeOffset start, DateTimeOffset end, DateTimeOffset sentStart, DateTimeOffset sentEnd) =>
        record.Time is { } time &&
        (time < start || time >= end) &&
        (VoxoRecordMapper.EpochOf(record.UniqueId) == time || time == sentStart || time == sentEnd);

    /// <summary>
    /// A window VOXO refused: terminating refusals are thrown; a first refusal as invalid splits the window into two
    /// halves read next (in <paramref name="parts"/>, after <paramref name="p"/>); any other is reported and the
    /// windows after it are read.
    /// </summary>
    /// <returns>Whether later windows may still be halved.</returns>
    private bool Refused(CallReportsException failure, List<(TimeWindow Window, bool IsHalf)> parts, int p, bool halving, Reading reading, string sent)
    {
        if (failure.IsTerminating)
        {
            throw failure;
        }

        var (window, isHalf) = parts[p];
        var what = window.ToString();
        if (failure.Kind == FailureKind.InvalidArgument && halving && !isHalf && window.End - window.Start >= TimeSpan.FromMinutes(2))
        {
            var middle = window.Start + TimeSpan.FromSeconds(Math.Floor((window.End - window.Start).TotalSeconds / 2));
            parts.Insert(p + 1, (new TimeWindow(window.Index, window.Count, middle, window.End), true));
            parts.Insert(p + 1, (new TimeWindow(window.Index, window.Count, window.Start, middle), true));
            log.Warning($"VOXO refused {what} ({sent}): {failure.Message} Reading it in two halves instead; pass a smaller -WindowSize to avoid the extra request.");
            return halving;
        }

        // Halves refused too: the request is wrong for another reason, so do not double every later window.
        log.Error(WindowFailed(failure, what, sent));
        reading.PreviousTail.Clear();
        return halving && !isHalf;
    }

    /// <summary>
    /// One window's records, each once: a record the previous window returned near its end, or one outside the
    /// range, is left out. A body that breaks off is an error naming the window; what came before it is kept.
    /// </summary>
    private async IAsyncEnumerable<VoxoCallRecord> ReadWindowAsync(HttpResponseMessage response, TimeWindow window, string sent, Reading reading, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var what = window.ToString();
        var tail = new HashSet<string>(StringComparer.Ordinal);
        var tailFrom = window.End - TailMargin;
        var counts = new WindowCounts();
        using var body = await HttpPipeline.OpenBodyAsync(response, connection).ConfigureAwait(false);
        var reader = JsonItemReader.ReadAsync(body, null, null, cancellationToken, allowTrailingCommas: true).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (await NextRecordAsync(reader, reading, what, sent, counts).ConfigureAwait(false) is { } record)
            {
                counts.Items++;
                if (record.Id.Length > 0 && reading.PreviousTail.Contains(record.Id))
                {
                    counts.Repeated++;
                    log.Debug($"Skipped record {record.Id}: {reading.PreviousLabel} already returned it.");
                    continue;
                }

                if (IsOutside(record, reading.Query.StartTime, reading.Query.EndTime, reading.RangeStart, reading.RangeEnd))
                {
                    counts.Outside++;
                    log.Debug($"Skipped record {record.Id}: its time {record.Time:u} is outside the requested range.");
                    continue;
                }

                if (record.Id.Length > 0 && (record.Time is not { } time || time >= tailFrom))
                {
                    tail.Add(record.Id);
                }

                yield return record;
            }
        }
        finally
        {
            await reader.DisposeAsync().ConfigureAwait(false);
        }

        log.Verbose(string.Format(
            CultureInfo.InvariantCulture,
            "{0}: {1} records{2}{3}.",
            what,
            counts.Items,
            counts.Repeated > 0 ? ", " + counts.Repeated.ToString(CultureInfo.InvariantCulture) + " already returned by the previous window" : string.Empty,
            counts.Outside > 0 ? ", " + counts.Outside.ToString(CultureInfo.InvariantCulture) + " outside the requested range" : string.Empty));
        if (!counts.Cut && IsSuspiciouslyRound(counts.Items))
        {
            log.Warning(string.Format(
                CultureInfo.InvariantCulture,
                "VOXO returned exactly {0} records for {1}. VOXO documents no paging, so a round count can mean the server cut the list short. Run that range again with a smaller -WindowSize (for example -WindowSize 06:00:00) and compare.",
                counts.Items,
                what));
        }

        // Even a window cut short keeps the ids it did return: VOXO sends the newest calls first, so the
        // calls on its end edge came before the cut and the next window returns them again.
        reading.PreviousTail = tail;
        reading.PreviousLabel = what;
    }

    /// <summary>The window's next record; null at the end of its body, or where the body broke off (reported, and <see cref="WindowCounts.Cut"/> set).</summary>
    private async ValueTask<VoxoCallRecord?> NextRecordAsync(IAsyncEnumerator<JsonElement> reader, Reading reading, string what, string sent, WindowCounts counts)
    {
        try
        {
            return await reader.MoveNextAsync().ConfigureAwait(false) ? VoxoRecordMapper.ToRecord(reader.Current, reading.Zone, reading.ZoneName, reading.Note) : null;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
        {
            log.Error(new CallReportsException(
                VoxoErrors.ResponseInterrupted,
                FailureKind.InvalidData,
                string.Format(CultureInfo.InvariantCulture, "The response for {0} ({1}) was cut off or malformed after {2} records: {3} The rest of that window is missing; run the command again for that window.", what, sent, counts.Items, ex.Message),
                inner: ex) { Target = what });
            counts.Cut = true;
            return null;
        }
    }

    private static CallReportsException WindowFailed(CallReportsException failure, string what, string sent)
    {
        var advice = failure.Kind == FailureKind.InvalidArgument
            ? " CallReports sends windows of at most 31 days (24 hours partner-wide); if VOXO allows less, pass a smaller -WindowSize."
            : string.Empty;
        return new CallReportsException(
            failure.ErrorId,
            failure.Kind,
            $"VOXO did not return {what} ({sent}): {failure.Message}{advice} The other windows are still read; this one is missing.",
            failure.IsTerminating,
            failure) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = what };
    }

    private async Task<TimeZoneInfo> ResolveZoneAsync(VoxoCallReportQuery query, CancellationToken cancellationToken)
    {
        var fallback = ZoneResolver.Resolve(VoxoCallReportQuery.DefaultZone);
        if (query.TenantId is not { } tenant)
        {
            log.Verbose($"No -TimeZone and no tenant: using VOXO's default zone {VoxoCallReportQuery.DefaultZone}.");
            return fallback;
        }

        var what = "tenant " + tenant.ToString(CultureInfo.InvariantCulture);
        string? name = null;
        using (var response = await session.GetAsync("tenants/" + tenant.ToString(CultureInfo.InvariantCulture), what, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                var failure = await VoxoErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
                log.Warning($"Could not read the time zone of tenant {tenant} ({failure.Message}); using {VoxoCallReportQuery.DefaultZone}. Times are exact either way; pass -TimeZone to choose the zone they are shown in.");
                return fallback;
            }

            var body = await HttpFailure.ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
            try
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data))
                {
                    root = data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0 ? data[0] : data;
                }

                name = VoxoRecordMapper.Text(root, "timeZone") ?? VoxoRecordMapper.Text(root, "timezone");
            }
            catch (JsonException)
            {
                // Handled below like a missing zone.
            }
        }

        if (ZoneResolver.TryResolve(name, out var zone))
        {
            log.Verbose($"Tenant {tenant}'s time zone is {name}.");
            return zone;
        }

        log.Warning($"Tenant {tenant} has {(name is null ? "no time zone" : "the unknown time zone '" + name + "'")}; using {VoxoCallReportQuery.DefaultZone}. Times are exact either way; pass -TimeZone to choose the zone they are shown in.");
        return fallback;
    }

    /// <summary>What one enumeration carries from window to window.</summary>
    private sealed class Reading
    {
        private readonly OperationLog log;

        public Reading(VoxoCallReportQuery query, TimeZoneInfo zone, DateTimeOffset rangeStart, DateTimeOffset rangeEnd, OperationLog log)
        {
            Query = query;
            Zone = zone;
            ZoneName = ZoneResolver.IanaName(zone);
            RangeStart = rangeStart;
            RangeEnd = rangeEnd;
            this.log = log;
        }

        public VoxoCallReportQuery Query { get; }

        public TimeZoneInfo Zone { get; }

        public string ZoneName { get; }

        /// <summary>The start of the range as sent (the first window's).</summary>
        public DateTimeOffset RangeStart { get; }

        /// <summary>The end of the range as sent (the last window's).</summary>
        public DateTimeOffset RangeEnd { get; }

        /// <summary>The ids near the previous window's end, which this window may return again.</summary>
        public HashSet<string> PreviousTail { get; set; } = new(StringComparer.Ordinal);

        /// <summary>The previous window, for messages.</summary>
        public string PreviousLabel { get; set; } = string.Empty;

        /// <summary>How many times the epoch in uniqueId corrected a record's time.</summary>
        public long Corrections { get; private set; }

        /// <summary>A correction's note; a server that writes every time in another zone would otherwise print one per record.</summary>
        public void Note(string message)
        {
            if (++Corrections <= MaximumNotes)
            {
                log.Verbose(message);
            }
        }
    }

    /// <summary>What one window's body held.</summary>
    private sealed class WindowCounts
    {
        public long Items { get; set; }

        public long Repeated { get; set; }

        public long Outside { get; set; }

        /// <summary>Whether the body broke off.</summary>
        public bool Cut { get; set; }
    }
}
