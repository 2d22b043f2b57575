using System.IO;
using System.Runtime.CompilerServices;

namespace CallReports.Engine.Json;

/// <summary>
/// Reads the elements of one JSON array from a response stream as the bytes arrive: the root array
/// (VOXO) or the array under a top-level property (PortSIP's <c>items</c>). Other top-level properties
/// (PortSIP's <c>count</c>) are handed to a callback. Memory holds one buffer and the elements parsed
/// from it, never the whole body. A body that ends before the JSON does is an error, never a short list.
/// </summary>
internal static class JsonItemReader
{
    private const int InitialBuffer = 64 * 1024;

    /// <summary>Streams the array's elements; each document is disposed once the next one is requested.</summary>
    /// <param name="stream">The response body.</param>
    /// <param name="arrayProperty">The top-level property that holds the array, or null when the root is the array.</param>
    /// <param name="onProperty">Receives other top-level properties (name and value).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <param name="allowTrailingCommas">Accept <c>[{...},]</c> (VOXO's documented sample ends that way).</param>
    public static async IAsyncEnumerable<JsonElement> ReadAsync(
        Stream stream,
        string? arrayProperty,
        Action<string, JsonElement>? onProperty,
        [EnumeratorCancellation] CancellationToken cancellationToken,
        bool allowTrailingCommas = false)
    {
        var buffer = new byte[InitialBuffer];
        var length = 0;
        var total = 0L;
        var state = new Parser(arrayProperty, onProperty, allowTrailingCommas);
        var batch = new List<JsonDocument>();
        var finalBlock = false;

        // After a parse that found only part of an element, wait for twice the data before parsing again:
        // re-parsing a large element from its start after every small read would be quadratic.
        var parseAtLength = 0;
        while (true)
        {
            if (!finalBlock)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

#if NET6_0_OR_GREATER
                var read = await stream.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken).ConfigureAwait(false);
#else
                var read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
#endif
                length += read;
                total += read;
                finalBlock = read == 0;
                if (!finalBlock && length < parseAtLength)
                {
                    continue;
                }
            }

            int consumed;
            try
            {
                consumed = state.Parse(buffer, length, finalBlock, batch);
            }
            catch (JsonException ex)
            {
                DisposeAll(batch);
                throw new InvalidDataException(
                    finalBlock && !state.Done
                        ? $"The response ended after {total} bytes, before the JSON was complete."
                        : $"The response is not valid JSON (line {ex.LineNumber + 1}): {ex.Message}",
                    ex);
            }

            parseAtLength = consumed == 0 && batch.Count == 0 ? length * 2 : 0;

            // The documents read the buffer in place: hand them all out before the buffer moves on.
            for (var i = 0; i < batch.Count; i++)
            {
                using var document = batch[i];
                batch[i] = null!;
                yield return document.RootElement;
            }

            batch.Clear();
            if (consumed > 0)
            {
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
            }

            if (state.Done)
            {
                yield break;
            }

            if (finalBlock)
            {
                throw new InvalidDataException($"The response ended after {total} bytes, before the JSON was complete.");
            }
        }
    }

    private static void DisposeAll(List<JsonDocument> documents)
    {
        foreach (var document in documents)
        {
            document?.Dispose();
        }

        documents.Clear();
    }

    /// <summary>The synchronous part: Utf8JsonReader cannot live across an await.</summary>
    private sealed class Parser
    {
        private readonly string? arrayProperty;
        private readonly Action<string, JsonElement>? onProperty;
        private readonly JsonDocumentOptions documentOptions;
        private JsonReaderState readerState;
        private Phase phase;
        private string? pendingProperty;

        public Parser(string? arrayProperty, Action<string, JsonElement>? onProperty, bool allowTrailingCommas)
        {
            this.arrayProperty = arrayProperty;
            this.onProperty = onProperty;
            readerState = new JsonReaderState(new JsonReaderOptions { AllowTrailingCommas = allowTrailingCommas });
            documentOptions = new JsonDocumentOptions { AllowTrailingCommas = allowTrailingCommas };
            phase = Phase.Start;
        }

        private enum Phase
        {
            Start,
            RootProperties,
            PropertyValue,
            Items,
            AfterRoot,
            Done,
        }

        public bool Done => phase == Phase.Done;

        /// <summary>
        /// Parses what the buffer holds; returns the bytes consumed. Array elements become documents over
        /// the buffer itself (no copy, pooled metadata), valid until the buffer is next changed.
        /// </summary>
        public int Parse(byte[] buffer, int length, bool finalBlock, List<JsonDocument> output)
        {
            var reader = new Utf8JsonReader(buffer.AsSpan(0, length), finalBlock, readerState);
            var consumed = 0;
            while (phase != Phase.Done)
            {
                var checkpoint = reader;
                if (phase is Phase.PropertyValue or Phase.Items)
                {
                    if (!reader.Read())
                    {
                        break;
                    }

                    if (phase == Phase.Items && reader.TokenType == JsonTokenType.EndArray)
                    {
                        phase = arrayProperty is null ? Phase.AfterRoot : Phase.RootProperties;
                    }
                    else if (phase == Phase.PropertyValue && reader.TokenType == JsonTokenType.StartArray &&
                             string.Equals(pendingProperty, arrayProperty, StringComparison.Ordinal))
                    {
                        phase = Phase.Items;
                    }
                    else if (phase == Phase.Items)
                    {
                        var start = (int)reader.TokenStartIndex;
                        if (!reader.TrySkip())
                        {
                            reader = checkpoint;
                            break;
                        }

                        output.Add(JsonDocument.Parse(new ReadOnlyMemory<byte>(buffer, start, (int)reader.BytesConsumed - start), documentOptions));
                    }
                    else if (!JsonDocument.TryParseValue(ref reader, out var document))
                    {
                        reader = checkpoint;
                        break;
                    }
                    else
                    {
                        using (document)
                        {
                            onProperty?.Invoke(pendingProperty!, document!.RootElement.Clone());
                        }

                        phase = Phase.RootProperties;
                    }
                }
                else
                {
                    if (!reader.Read())
                    {
                        break;
                    }

                    switch (phase)
                    {
                        case Phase.Start:
                            if (arrayProperty is null)
                            {
                                Expect(reader.TokenType == JsonTokenType.StartArray, "a JSON array");
                                phase = Phase.Items;
                            }
                            else
                            {
                                Expect(reader.TokenType == JsonTokenType.StartObject, "a JSON object");
                                phase = Phase.RootProperties;
                            }

                            break;
                        case Phase.RootProperties:
                            if (reader.TokenType == JsonTokenType.EndObject)
                            {
                                phase = Phase.AfterRoot;
                            }
                            else
                            {
                                pendingProperty = reader.GetString();
                                phase = Phase.PropertyValue;
                            }

                            break;
                        case Phase.AfterRoot:
                            throw new JsonException("Unexpected data after the end of the JSON document.");
                    }
                }

                consumed = (int)reader.BytesConsumed;
                readerState = reader.CurrentState;
                if (phase == Phase.AfterRoot && reader.CurrentDepth == 0)
                {
                    phase = Phase.Done;
                }
            }

            if (phase == Phase.Done)
            {
                return length;
            }

            return consumed;
        }

        private static void Expect(bool condition, string what)
        {
            if (!condition)
            {
                throw new JsonException($"Expected {what}.");
            }
        }
    }
}
