using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
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

    /// <summary>The separator character for a delimiter name.</summary>
    public static char Separator(Models.CasperDelimiter delimiter) => delimiter switch
    {
        Models.CasperDelimiter.Pipe => '|',
        Models.CasperDelimiter.Tab => '\t',
        _ => ',',
    };

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

        using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
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
            CacheFields = true,
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
            var raw = parser.RawRecord;
            var complete = raw.EndsWith("\n", StringComparison.Ordinal) || raw.EndsWith("\r", StringComparison.Ordinal);
            if (!complete && (Unbalanced(raw) || (header is not null && fields.Length < header.Count)))
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
}
