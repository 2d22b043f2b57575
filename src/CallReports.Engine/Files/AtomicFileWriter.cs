using System.IO;

namespace CallReports.Engine.Files;

/// <summary>
/// The one way CallReports writes a file. Bytes go to a temporary file beside the target (same folder,
/// so the final move is a rename on the same volume); only <see cref="Commit"/> moves it over the target,
/// after the body was read to its end. Disposing an uncommitted writer deletes the temporary file, so a
/// download that fails, is cut off or is stopped leaves the user's existing file byte-for-byte as it was
/// and nothing else behind.
/// </summary>
public sealed class AtomicFileWriter : IDisposable
{
    private const int BufferSize = 81920;

    private readonly string errorPrefix;
    private readonly bool overwrite;
    private readonly bool interruptionIsTerminating;
    private FileStream? stream;
    private bool committed;

    private AtomicFileWriter(string target, string temporary, FileStream stream, bool overwrite, string errorPrefix, bool interruptionIsTerminating)
    {
        this.interruptionIsTerminating = interruptionIsTerminating;
        Target = target;
        TemporaryPath = temporary;
        this.stream = stream;
        this.overwrite = overwrite;
        this.errorPrefix = errorPrefix;
    }

    /// <summary>The file that <see cref="Commit"/> writes.</summary>
    public string Target { get; }

    /// <summary>Where the bytes go until <see cref="Commit"/>.</summary>
    public string TemporaryPath { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    /// <summary>Opens a temporary file beside <paramref name="target"/>.</summary>
    /// <param name="target">The full path of the file to write.</param>
    /// <param name="overwrite">Whether <see cref="Commit"/> may replace an existing file.</param>
    /// <param name="errorPrefix">The vendor prefix of error ids (<c>&lt;Prefix&gt;OutFileFailed</c>, <c>&lt;Prefix&gt;ResponseInterrupted</c>).</param>
    /// <param name="interruptionIsTerminating">Whether a cut-off body stops the whole command (one file per
    /// command) or only this item (one file per pipeline input).</param>
    /// <returns>The writer; dispose it.</returns>
    /// <exception cref="CallReportsException"><c>OutFileExists</c> or <c>OutFileFailed</c>, terminating.</exception>
    public static AtomicFileWriter Create(string target, bool overwrite, string errorPrefix, bool interruptionIsTerminating = true)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new ArgumentException("The output path is empty.", nameof(target));
        }

        target = Path.GetFullPath(target);
        if (!overwrite && File.Exists(target))
        {
            throw Exists(target, errorPrefix);
        }

        var folder = Path.GetDirectoryName(target) ?? ".";
        var temporary = Path.Combine(folder, string.Format(CultureInfo.InvariantCulture, "{0}.{1:x8}.partial", Path.GetFileName(target), Guid.NewGuid().GetHashCode()));
        try
        {
            var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            return new AtomicFileWriter(target, temporary, stream, overwrite, errorPrefix, interruptionIsTerminating);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            throw WriteFailed(target, errorPrefix, ex);
        }
    }

    /// <summary>Writes a whole file at once (a checkpoint, an HTML report) through a temporary file beside it.</summary>
    /// <param name="target">The full path of the file to write.</param>
    /// <param name="bytes">Its content.</param>
    /// <param name="overwrite">Whether an existing file may be replaced.</param>
    /// <param name="errorPrefix">The prefix of error ids.</param>
    /// <returns>The written file.</returns>
    public static FileInfo WriteAllBytes(string target, byte[] bytes, bool overwrite, string errorPrefix)
    {
        using var writer = Create(target, overwrite, errorPrefix);
        writer.WriteAsync(bytes ?? throw new ArgumentNullException(nameof(bytes)), 0, bytes.Length, CancellationToken.None).GetAwaiter().GetResult();
        return writer.Commit();
    }

    /// <summary>
    /// A server-given file name made safe to save under: no folder part, no character the file system refuses;
    /// null when nothing usable is left.
    /// </summary>
    /// <param name="name">The name the server gave (Content-Disposition, a report's file name).</param>
    /// <returns>The name, or null.</returns>
    public static string? SafeFileName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var file = Path.GetFileName(name!.Trim().Trim('"').Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            file = file.Replace(c, '_');
        }

        return file.Length == 0 || file is "." or ".." ? null : file;
    }

    /// <summary>Writes bytes to the temporary file.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where they start.</param>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <exception cref="CallReportsException"><c>OutFileFailed</c> (disk full, access denied), terminating.</exception>
    public async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        var file = stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        try
        {
            await file.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(Target, errorPrefix, ex);
        }

        Length += count;
    }

    /// <summary>
    /// Copies a response body to the temporary file. A body that breaks off, or ends before the length the
    /// server announced, fails with <c>ResponseInterrupted</c> and nothing is committed.
    /// </summary>
    /// <param name="body">The body stream.</param>
    /// <param name="what">What is downloaded, for messages (never a secret).</param>
    /// <param name="expectedLength">The Content-Length the server announced, if any.</param>
    /// <param name="observe">Sees every chunk as it is written (for example to count lines), or null.</param>
    /// <param name="progress">Told the bytes written so far: after the first chunk, then at most every 250 ms; or null.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The bytes copied.</returns>
    public async Task<long> CopyFromAsync(Stream body, string what, long? expectedLength, Action<byte[], int>? observe, Action<long>? progress, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            throw new ArgumentNullException(nameof(body));
        }

        var buffer = new byte[BufferSize];
        var start = Length;
        var lastReport = DateTime.MinValue;
        while (true)
        {
            int read;
            try
            {
                read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidDataException)
            {
                throw Interrupted(what, Length - start, ex.Message, ex);
            }

            if (read == 0)
            {
                break;
            }

            observe?.Invoke(buffer, read);
            await WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
            if (progress is not null && DateTime.UtcNow - lastReport > TimeSpan.FromMilliseconds(250))
            {
                lastReport = DateTime.UtcNow;
                progress(Length);
            }
        }

        var copied = Length - start;
        if (expectedLength is { } expected && expected != copied)
        {
            throw Interrupted(what, copied, string.Format(CultureInfo.InvariantCulture, "the server announced {0} bytes.", expected), null);
        }

        return copied;
    }

    /// <summary>
    /// Flushes the temporary file to disk and moves it over the target (a replace when the target exists
    /// and overwriting is allowed).
    /// </summary>
    /// <returns>The written file.</returns>
    /// <exception cref="CallReportsException"><c>OutFileExists</c> or <c>OutFileFailed</c>, terminating; the target is untouched.</exception>
    public FileInfo Commit()
    {
        var file = stream ?? throw new ObjectDisposedException(nameof(AtomicFileWriter));
        try
        {
            file.Flush(flushToDisk: true);
            file.Dispose();
            stream = null;
            if (File.Exists(Target))
            {
                if (!overwrite)
                {
                    throw Exists(Target, errorPrefix);
                }

                // A rename over the old file: at every moment the target is either the old file or the new one.
                File.Replace(TemporaryPath, Target, destinationBackupFileName: null);
            }
            else
            {
                File.Move(TemporaryPath, Target);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw WriteFailed(Target, errorPrefix, ex);
        }

        committed = true;
        return new FileInfo(Target);
    }

    /// <summary>Closes the temporary file and, unless committed, deletes it.</summary>
    public void Dispose()
    {
        stream?.Dispose();
        stream = null;
        if (!committed)
        {
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: the name ends in .partial and says what it is.
            }
        }
    }

    private static CallReportsException Exists(string target, string errorPrefix) =>
        new(errorPrefix + "OutFileExists", FailureKind.InvalidArgument, $"{target} exists. Add -Force to overwrite it.", terminating: true) { Target = target };

    private static CallReportsException WriteFailed(string target, string errorPrefix, Exception ex) =>
        new(errorPrefix + "OutFileFailed", FailureKind.InvalidArgument, $"Could not write {target}: {ex.Message} An existing file there was left as it was.", terminating: true, inner: ex) { Target = target };

    private CallReportsException Interrupted(string what, long copied, string reason, Exception? inner) =>
        new(
            errorPrefix + "ResponseInterrupted",
            FailureKind.InvalidData,
            string.Format(CultureInfo.InvariantCulture, "The download of {0} was cut off after {1:N0} bytes: {2} Nothing was written to {3}{4}; run the command again.", what, copied, reason, Target, File.Exists(Target) ? ", which was left as it was" : string.Empty),
            terminating: interruptionIsTerminating,
            inner: inner) { Target = what };
}
