using System.IO;

namespace CallReports.Engine.Http;

/// <summary>
/// Reads a small JSON answer (an error envelope such as Yeastar's <c>{"errcode":10004}</c> or Ozonetel's
/// <c>{"status":"false","message":"Token Expired"}</c>) without spoiling a large one: at most
/// <see cref="Limit"/> bytes are read, and a body longer than that is put back in front of the rest of the
/// stream, so the caller streams it as if nothing had read it.
/// </summary>
internal static class ResponsePeek
{
    /// <summary>Bodies up to this many bytes are parsed whole.</summary>
    internal const int Limit = 16 * 1024;

    /// <summary>
    /// The body as a JSON document when it is JSON and at most <see cref="Limit"/> bytes; otherwise null and the
    /// body unread, as far as the caller can tell. A body that is not valid JSON gives null too.
    /// </summary>
    /// <param name="response">The answer; its content may be replaced by an equivalent one.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="idle">How long the first bytes may take (default 100 s, the default -TimeoutSec): a server that stalls
    /// there gives an <see cref="IOException"/>, which callers report as a cut-off answer, instead of a hang.</param>
    /// <param name="anyMediaType">Read a body whatever its Content-Type says (for a vendor whose page does not say which
    /// type its envelopes carry): a body that is not JSON gives null, as unread.</param>
    /// <returns>A document the caller disposes, or null.</returns>
    public static async Task<JsonDocument?> TryReadSmallJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken, TimeSpan? idle = null, bool anyMediaType = false)
    {
        var content = response.Content;
        var mediaType = content?.Headers.ContentType?.MediaType;
        if (content is null || (!anyMediaType && (mediaType is null || mediaType.IndexOf("json", StringComparison.OrdinalIgnoreCase) < 0)) || content.Headers.ContentLength > Limit)
        {
            return null;
        }

        var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new byte[Limit + 1];
        var filled = 0;
        var wait = idle ?? TimeSpan.FromSeconds(100);
        using (var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stall.CancelAfter(wait);
            try
            {
                int read;
                while (filled < buffer.Length && (read = await stream.ReadAsync(buffer, filled, buffer.Length - filled, stall.Token).ConfigureAwait(false)) > 0)
                {
                    filled += read;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException(string.Format(System.Globalization.CultureInfo.InvariantCulture, "No answer arrived for {0:0} s while reading its first bytes.", wait.TotalSeconds));
            }
        }

        var replay = new StreamContent(filled <= Limit ? new MemoryStream(buffer, 0, filled, writable: false) : new PrefixedStream(buffer, filled, stream));
        foreach (var header in content.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = replay;
        if (filled > Limit)
        {
            return null;
        }

        stream.Dispose();

        try
        {
            return JsonDocument.Parse(new ReadOnlyMemory<byte>(buffer, 0, filled));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The bytes already read, then the rest of the original stream.</summary>
    private sealed class PrefixedStream : Stream
    {
        private readonly byte[] prefix;
        private readonly int length;
        private readonly Stream rest;
        private int position;

        public PrefixedStream(byte[] prefix, int length, Stream rest)
        {
            this.prefix = prefix;
            this.length = length;
            this.rest = rest;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position < length)
            {
                return CopyPrefix(buffer, offset, count);
            }

            return rest.Read(buffer, offset, count);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            position < length ? Task.FromResult(CopyPrefix(buffer, offset, count)) : rest.ReadAsync(buffer, offset, count, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }

        private int CopyPrefix(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(count, length - position);
            Buffer.BlockCopy(prefix, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
