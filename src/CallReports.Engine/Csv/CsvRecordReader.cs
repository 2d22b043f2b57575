using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace CallReports.Engine.Csv;

/// <summary>
/// Streams the records of a delimited report (RFC 4180: quoted fields with delimiters, quotes and
/// line breaks) from a response stream with CsvHelper's parser, one record at a time, mapping fields
/// by header name. A UTF-8 byte order mark is tolerated. A body that stops inside a record (a cut
/// connection, a truncated transfer) is an <see cref="InvalidDataException"/> or <see cref="IOException"/>,
/// never a silently shorter list.
/// </summary>
internal static class CsvRecordReader
{
    private const int BufferSize = 16 * 1024;

    /// <summary>Reads the header, then yields every data record. Blank lines are skipped.</summary>
    /// <param name="stream">The body; read forward only, not disposed.</param>
    /// <param name="delimiter">Field separator.</param>
    /// <param name="onHeader">Called once with the header, before the first record (to check required columns).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    public static async IAsyncEnumerable<CsvRow> ReadAsync(Stream stream, char delimiter, Action<CsvHeader>? onHeader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (stream is null)
        {
            throw new ArgumentNullException(nameof(stream));
        }

        using var text = new EndAwareReader(new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true));
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            HasHeaderRecord = true,
            Mode = CsvMode.RFC4180,
            IgnoreBlankLines = true,
            BadDataFound = null,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            BufferSize = BufferSize,
            CacheFields = false, // interning every field costs three times the parse (bench/CallReports.Benchmarks)
        };
        using var parser = new CsvParser(text, configuration, leaveOpen: true);

        CsvHeader? header = null;
        long number = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool more;
            try
            {
                more = await parser.ReadAsync().ConfigureAwait(false);
            }
            catch (CsvHelperException ex) when (ex.InnerException is IOException io)
            {
                throw new IOException(io.Message, ex);
            }
            catch (CsvHelperException ex)
            {
                throw new InvalidDataException("The CSV could not be parsed: " + ex.Message.Split('\n')[0].Trim(), ex);
            }

            if (!more)
            {
                yield break;
            }

            var fields = parser.Record ?? Array.Empty<string>();

            // Until the body has ended, the parser only completes a record at a line break. After it has,
            // the records left in the parser's buffer are checked: the last one may be a cut-off fragment.
            // (Asking every record for its raw text would copy each row once more.)
            if (text.AtEnd)
            {
                var raw = parser.RawRecord;
                if (!EndsWithLineBreak(raw) && (Unbalanced(raw) || (header is not null && fields.Length < header.Count)))
                {
                    // The last bytes are not a whole record: the transfer stopped mid-record.
                    throw new InvalidDataException(string.Format(
                        CultureInfo.InvariantCulture,
                        "The CSV ends inside {0} (it has {1} of {2} fields{3}): the response was cut off.",
                        header is null ? "the header" : "row " + (number + 1).ToString(CultureInfo.InvariantCulture),
                        fields.Length,
                        header?.Count ?? fields.Length,
                        Unbalanced(raw) ? " and an unclosed quote" : string.Empty));
                }
            }

            if (header is null)
            {
                header = new CsvHeader(fields);
                onHeader?.Invoke(header);
                continue;
            }

            number++;
            yield return new CsvRow(header, fields, number);
        }
    }

    private static bool EndsWithLineBreak(string raw) => raw.Length > 0 && raw[raw.Length - 1] is '\n' or '\r';

    private static bool Unbalanced(string raw)
    {
        var quotes = 0;
        foreach (var c in raw)
        {
            if (c == '"')
            {
                quotes++;
            }
        }

        return quotes % 2 != 0;
    }

    /// <summary>A reader that remembers when its source has returned its last character.</summary>
    private sealed class EndAwareReader : TextReader
    {
        private readonly TextReader inner;

        public EndAwareReader(TextReader inner) => this.inner = inner;

        /// <summary>Whether a read has found the end of the body.</summary>
        public bool AtEnd { get; private set; }

        public override int Peek() => inner.Peek();

        public override int Read()
        {
            var c = inner.Read();
            AtEnd |= c < 0;
            return c;
        }

        public override int Read(char[] buffer, int index, int count) => Seen(inner.Read(buffer, index, count), count);

        public override int ReadBlock(char[] buffer, int index, int count) => Seen(inner.ReadBlock(buffer, index, count), count);

        public override async Task<int> ReadAsync(char[] buffer, int index, int count) => Seen(await inner.ReadAsync(buffer, index, count).ConfigureAwait(false), count);

        public override async Task<int> ReadBlockAsync(char[] buffer, int index, int count) => Seen(await inner.ReadBlockAsync(buffer, index, count).ConfigureAwait(false), count);

#if NET6_0_OR_GREATER
        public override int Read(Span<char> buffer) => Seen(inner.Read(buffer), buffer.Length);

        public override async ValueTask<int> ReadAsync(Memory<char> buffer, CancellationToken cancellationToken = default) => Seen(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);
#endif

        public override string? ReadLine() => throw new NotSupportedException();

        public override string ReadToEnd() => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Seen(int read, int asked)
        {
            AtEnd |= read == 0 && asked > 0;
            return read;
        }
    }
}
