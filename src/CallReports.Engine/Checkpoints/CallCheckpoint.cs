using System.IO;
using System.Text;
using CallReports.Engine.Files;

namespace CallReports.Engine.Checkpoints;

/// <summary>
/// Where a recurring command stopped last time, kept in a small JSON file so that a runbook returns every call
/// exactly once over consecutive successful runs. A run reads from the stored mark minus an overlap (records
/// that vendors publish late are caught there), leaves out the calls it remembers returning inside that
/// overlap, and is committed — atomically, a temporary file moved into place — only when the command ended
/// without an error. While a run holds the checkpoint, a lock file beside it (<c>&lt;path&gt;.lock</c>,
/// locked by the operating system, so a crashed run releases it) makes a second run fail fast.
/// </summary>
public sealed class CallCheckpoint : IDisposable
{
    /// <summary>The file format's version.</summary>
    public const int FormatVersion = 1;

    /// <summary>A first run (no file yet) without -StartTime.</summary>
    public const string StartRequired = "CheckpointStartRequired";

    /// <summary>-StartTime with an existing checkpoint, which says where to start.</summary>
    public const string StartConflict = "CheckpointStartConflict";

    /// <summary>The file belongs to another query.</summary>
    public const string Mismatch = "CheckpointMismatch";

    /// <summary>The file cannot be read as a checkpoint.</summary>
    public const string Invalid = "CheckpointInvalid";

    /// <summary>Another run holds the checkpoint.</summary>
    public const string InUse = "CheckpointInUse";

    private readonly CheckpointIdentity identity;
    private readonly Dictionary<string, DateTimeOffset> remembered;
    private readonly Dictionary<string, DateTimeOffset> returned = new(StringComparer.Ordinal);
    private FileStream? lockFile;
    private DateTimeOffset? start;
    private DateTimeOffset end;
    private TimeSpan overlap;

    private CallCheckpoint(string path, CheckpointIdentity identity, FileStream lockFile, DateTimeOffset? mark, Dictionary<string, DateTimeOffset> remembered)
    {
        Path = path;
        this.identity = identity;
        this.lockFile = lockFile;
        Mark = mark;
        this.remembered = remembered;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Where the last successful run ended; null on a first run.</summary>
    public DateTimeOffset? Mark { get; }

    /// <summary>How many calls returned last time inside the overlap are remembered.</summary>
    public int RememberedCount => remembered.Count;

    /// <summary>
    /// Locks and reads the checkpoint at <paramref name="path"/> (a missing file is a first run). Nothing is
    /// sent anywhere: every error here comes before the command's first request.
    /// </summary>
    /// <param name="path">The full path of the checkpoint file.</param>
    /// <param name="identity">What the command is asked for now.</param>
    /// <returns>The checkpoint; dispose it to release the lock.</returns>
    /// <exception cref="CallReportsException">CheckpointInUse, CheckpointInvalid or CheckpointMismatch, terminating.</exception>
    public static CallCheckpoint Open(string path, CheckpointIdentity identity)
    {
        path = System.IO.Path.GetFullPath(path ?? throw new ArgumentNullException(nameof(path)));
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            throw CallReportsException.InvalidArgument(Invalid, $"The folder of the checkpoint {path} does not exist.", path);
        }

        var lockStream = TakeLock(path);
        try
        {
            if (!File.Exists(path))
            {
                return new CallCheckpoint(path, identity, lockStream, null, new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal));
            }

            var (stored, mark, calls) = Read(path);
            if (identity.DifferenceFrom(stored) is { } difference)
            {
                throw CallReportsException.InvalidArgument(Mismatch, $"The checkpoint {path} belongs to another query: {difference}. Use a checkpoint file per query (or delete this one to start again with -StartTime).", path);
            }

            return new CallCheckpoint(path, identity, lockStream, mark, calls);
        }
        catch
        {
            lockStream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The range this run reads: from the mark minus <paramref name="overlapPeriod"/> (a first run from
    /// <paramref name="requestedStart"/>, which it then needs) to <paramref name="requestedEnd"/>.
    /// </summary>
    /// <param name="requestedStart">The -StartTime given, or null.</param>
    /// <param name="requestedEnd">The end: -EndTime, or now minus the settle time.</param>
    /// <param name="overlapPeriod">How far before the mark to read again.</param>
    /// <returns>The half-open range.</returns>
    /// <exception cref="CallReportsException">CheckpointStartRequired or CheckpointStartConflict, terminating.</exception>
    public (DateTimeOffset Start, DateTimeOffset End) Range(DateTimeOffset? requestedStart, DateTimeOffset requestedEnd, TimeSpan overlapPeriod)
    {
        if (overlapPeriod < TimeSpan.Zero)
        {
            throw CallReportsException.InvalidArgument(Invalid, "-Overlap cannot be negative.", overlapPeriod);
        }

        if (Mark is null && requestedStart is null)
        {
            throw CallReportsException.InvalidArgument(StartRequired, $"The checkpoint {Path} does not exist yet: this is the first run, so give -StartTime (where to begin). Later runs start where the last one ended.", Path);
        }

        if (Mark is not null && requestedStart is not null)
        {
            throw CallReportsException.InvalidArgument(StartConflict, $"The checkpoint {Path} already says where to start ({Mark.Value.ToUniversalTime():u} minus the overlap); leave out -StartTime, or delete the checkpoint to start again.", requestedStart);
        }

        start = Mark is { } mark ? mark - overlapPeriod : requestedStart!.Value;
        end = requestedEnd;
        overlap = overlapPeriod;
        if (end <= start)
        {
            throw CallReportsException.InvalidArgument(StartConflict, string.Format(CultureInfo.InvariantCulture, "Nothing to read: the run would start at {0:u} (the checkpoint's mark minus the overlap) and end at {1:u}. Run it later, or pass a later -EndTime.", start.Value.ToUniversalTime(), end.ToUniversalTime()), requestedEnd);
        }

        return (start.Value, end);
    }

    /// <summary>
    /// Whether a call is new: false for a call the last runs returned (by its vendor id), which is then left out.
    /// A new call inside the next run's overlap is remembered.
    /// </summary>
    /// <param name="id">The vendor's id of the call.</param>
    /// <param name="time">Its start, or null when the vendor gives none (it is then remembered for one overlap).</param>
    /// <returns>True when the call should be returned.</returns>
    public bool Take(string id, DateTimeOffset? time)
    {
        if (remembered.ContainsKey(id))
        {
            return false;
        }

        var at = time ?? end;
        if (at >= NextMark - overlap)
        {
            returned[id] = at;
        }

        return true;
    }

    /// <summary>Writes the new mark and the calls to remember, atomically, then releases the lock.</summary>
    /// <returns>The written file.</returns>
    public FileInfo Commit()
    {
        if (start is null)
        {
            throw new InvalidOperationException("Range was not called.");
        }

        var next = NextMark;
        var keep = new SortedDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var set in new[] { remembered, returned })
        {
            foreach (var call in set)
            {
                if (call.Value >= next - overlap)
                {
                    keep[call.Key] = call.Value;
                }
            }
        }

        var file = AtomicFileWriter.WriteAllBytes(Path, Serialize(next, keep), overwrite: true, "Checkpoint");
        Dispose();
        return file;
    }

    /// <summary>Releases the lock without writing anything.</summary>
    public void Dispose()
    {
        lockFile?.Dispose();
        lockFile = null;
    }

    /// <summary>The mark the run commits: its end, never earlier than the mark it started from.</summary>
    private DateTimeOffset NextMark => Mark is { } mark && mark > end ? mark : end;

    private static FileStream TakeLock(string path)
    {
        try
        {
            return new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new CallReportsException(InUse, FailureKind.ResourceBusy, $"The checkpoint {path} is in use by another run (it holds {path}.lock). Two runs at once would return the same calls; this one stops before any request. The lock is released when that run ends, also if it crashes.", terminating: true, inner: ex) { Target = path };
        }
        catch (UnauthorizedAccessException ex)
        {
            throw CallReportsException.InvalidArgument(Invalid, $"Cannot create {path}.lock beside the checkpoint: {ex.Message}", path);
        }
    }

    private byte[] Serialize(DateTimeOffset mark, SortedDictionary<string, DateTimeOffset> calls)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteString("vendor", identity.Vendor);
            json.WriteString("command", identity.Command);
            json.WriteString("server", identity.Server);
            json.WriteString("scope", identity.Scope);
            json.WriteStartObject("filters");
            foreach (var filter in identity.Filters)
            {
                json.WriteString(filter.Key, filter.Value);
            }

            json.WriteEndObject();
            json.WriteString("mark", mark.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
            json.WriteString("overlap", overlap.ToString("c", CultureInfo.InvariantCulture));
            json.WriteString("updated", DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture));
            json.WriteStartArray("calls");
            foreach (var call in calls)
            {
                json.WriteStartObject();
                json.WriteString("id", call.Key);
                json.WriteString("time", call.Value.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static (CheckpointIdentity Identity, DateTimeOffset Mark, Dictionary<string, DateTimeOffset> Calls) Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            if (root.GetProperty("version").GetInt32() != FormatVersion)
            {
                throw new FormatException($"its version is {root.GetProperty("version").GetRawText()}; this CallReports reads version {FormatVersion}");
            }

            var filters = new List<KeyValuePair<string, string?>>();
            foreach (var filter in root.GetProperty("filters").EnumerateObject())
            {
                filters.Add(new KeyValuePair<string, string?>(filter.Name, filter.Value.GetString()));
            }

            var identity = new CheckpointIdentity(Text(root, "vendor"), Text(root, "command"), Text(root, "server"), Text(root, "scope"), filters);
            var calls = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var call in root.GetProperty("calls").EnumerateArray())
            {
                calls[Text(call, "id")] = Instant(call, "time");
            }

            return (identity, Instant(root, "mark"), calls);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new CallReportsException(Invalid, FailureKind.InvalidData, $"The checkpoint {path} cannot be read ({ex.Message}). It is left as it is: fix it, or delete it and start again with -StartTime (calls may then come twice or be missed, which is why this is never done silently).", terminating: true, inner: ex) { Target = path };
        }
    }

    private static string Text(JsonElement element, string name) =>
        element.GetProperty(name).GetString() ?? throw new FormatException($"'{name}' is null");

    private static DateTimeOffset Instant(JsonElement element, string name) =>
        DateTimeOffset.ParseExact(Text(element, name), "o", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
