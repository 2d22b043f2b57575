using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>A query option PortSIP would refuse (answered 400 VALIDATE_FAILED).</summary>
internal sealed class PortSipQueryException : Exception
{
    public PortSipQueryException(string message)
        : base(message)
    {
    }

    public PortSipQueryException()
    {
    }

    public PortSipQueryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// How an emulated PBX reads the time literals of a <c>filter</c>: PortSIP's page shows whole-second examples and
/// says nothing of fractions or of how <c>lt</c> treats an equal time. Null/false is the lenient, exact default.
/// </summary>
/// <param name="LessThanIncludesEqual">ASSUMED other way: <c>lt</c> on a time field behaves as <c>le</c> (an inclusive end).</param>
/// <param name="MaximumFractionDigits">ASSUMED other way: a time literal with more fraction digits is refused (400).</param>
internal sealed record PortSipFilterOptions(bool LessThanIncludesEqual, int? MaximumFractionDigits);

/// <summary>
/// The OData subset PortSIP documents for list endpoints: <c>field op 'value'</c> with
/// eq ne gt ge lt le, <c>and</c>/<c>or</c>, <c>not</c>, parentheses, and startswith/endswith/contains(field,'x').
/// Datetimes are quoted like strings. Also <c>orderby</c> and <c>search</c>.
/// </summary>
internal static class PortSipQuery
{
    public static Func<PortSipCdrRecord, bool> ParseFilter(string? filter, PortSipFilterOptions? options = null) => ParseFilter<PortSipCdrRecord>(filter, PortSipCdrRecord.Schema, options);

    public static Func<T, bool> ParseFilter<T>(string? filter, PortSipSchema schema, PortSipFilterOptions? options = null)
        where T : IPortSipRow
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return _ => true;
        }

        var parser = new Parser<T>(Tokenize(filter), schema, options ?? new PortSipFilterOptions(false, null));
        var predicate = parser.ParseOr();
        if (!parser.AtEnd)
        {
            throw new PortSipQueryException($"filter: unexpected '{parser.Peek().Text}'.");
        }

        return predicate;
    }

    public static Func<T, bool> ParseSearch<T>(string? search, Func<T, IEnumerable<string?>> fields)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return _ => true;
        }

        var terms = search.Split(" or ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return r => terms.Any(t => fields(r).Any(f => f is not null && f.Contains(t, StringComparison.OrdinalIgnoreCase)));
    }

    public static Func<PortSipCdrRecord, bool> ParseSearch(string? search)
    {
        if (string.IsNullOrWhiteSpace(search))
        {
            return _ => true;
        }

        // "101 or 102" is documented; each term matches caller, callee or a display name.
        var terms = search.Split(" or ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return r => terms.Any(t =>
            r.Caller.Contains(t, StringComparison.OrdinalIgnoreCase) ||
            r.Callee.Contains(t, StringComparison.OrdinalIgnoreCase) ||
            r.CallerDisplayName.Contains(t, StringComparison.OrdinalIgnoreCase) ||
            r.CalleeDisplayName.Contains(t, StringComparison.OrdinalIgnoreCase));
    }

    public static IComparer<PortSipCdrRecord> ParseOrderBy(string? orderBy, Comparison<PortSipCdrRecord>? ties = null) => ParseOrderBy(orderBy, PortSipCdrRecord.Schema, ties);

    /// <summary>The sort <paramref name="orderBy"/> asks for; records equal on every key go in insertion order, or as <paramref name="ties"/> says.</summary>
    public static IComparer<T> ParseOrderBy<T>(string? orderBy, PortSipSchema schema, Comparison<T>? ties = null)
        where T : IPortSipRow
    {
        var keys = new List<(string Field, bool Descending)>();
        if (!string.IsNullOrWhiteSpace(orderBy))
        {
            foreach (var part in orderBy.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (words.Length is < 1 or > 2)
                {
                    throw new PortSipQueryException($"orderby: '{part}' is not 'field [asc|desc]'.");
                }

                var field = words[0];
                CheckField(schema, field, "orderby");
                var descending = false;
                if (words.Length == 2)
                {
                    descending = words[1].ToLowerInvariant() switch
                    {
                        "asc" => false,
                        "desc" => true,
                        _ => throw new PortSipQueryException($"orderby: '{words[1]}' is not asc or desc."),
                    };
                }

                keys.Add((field, descending));
            }
        }

        return Comparer<T>.Create((a, b) =>
        {
            foreach (var (field, descending) in keys)
            {
                var c = CompareValues(a.Field(field), b.Field(field));
                if (c != 0)
                {
                    return descending ? -c : c;
                }
            }

            return ties is null ? a.Sequence.CompareTo(b.Sequence) : ties(a, b);
        });
    }

    private static void CheckField(PortSipSchema schema, string field, string option)
    {
        if (!schema.FieldNames.Contains(field, StringComparer.Ordinal))
        {
            throw new PortSipQueryException($"{option}: unknown field '{field}'.");
        }
    }

    private static int CompareValues(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
        (long x, long y) => x.CompareTo(y),
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => 0,
    };

    private static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')' or ',')
            {
                tokens.Add(new Token(TokenKind.Symbol, c.ToString()));
                i++;
            }
            else if (c == '\'')
            {
                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new PortSipQueryException("filter: unterminated string literal.");
                    }

                    if (text[i] == '\'')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '\'')
                        {
                            value.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add(new Token(TokenKind.String, value.ToString()));
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or '+')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.' or '+' or ':'))
                {
                    i++;
                }

                var word = text[start..i];
                tokens.Add(new Token(char.IsDigit(word[0]) || word[0] is '-' or '+' ? TokenKind.Number : TokenKind.Word, word));
            }
            else
            {
                throw new PortSipQueryException($"filter: unexpected character '{c}' at position {i}.");
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Word,
        String,
        Number,
        Symbol,
        End,
    }

    private readonly record struct Token(TokenKind Kind, string Text);

    private sealed class Parser<T>
        where T : IPortSipRow
    {
        private readonly List<Token> tokens;
        private readonly PortSipSchema schema;
        private readonly PortSipFilterOptions options;
        private int position;

        public Parser(List<Token> tokens, PortSipSchema schema, PortSipFilterOptions options)
        {
            this.tokens = tokens;
            this.schema = schema;
            this.options = options;
        }

        public bool AtEnd => position >= tokens.Count;

        public Token Peek() => position < tokens.Count ? tokens[position] : new Token(TokenKind.End, "end of filter");

        public Func<T, bool> ParseOr()
        {
            var left = ParseAnd();
            while (IsWord("or"))
            {
                position++;
                var right = ParseAnd();
                var l = left;
                left = r => l(r) || right(r);
            }

            return left;
        }

        private Func<T, bool> ParseAnd()
        {
            var left = ParseUnary();
            while (IsWord("and"))
            {
                position++;
                var right = ParseUnary();
                var l = left;
                left = r => l(r) && right(r);
            }

            return left;
        }

        private Func<T, bool> ParseUnary()
        {
            if (IsWord("not"))
            {
                position++;
                var inner = ParseUnary();
                return r => !inner(r);
            }

            if (IsSymbol("("))
            {
                position++;
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            var first = Next();
            if (first.Kind != TokenKind.Word)
            {
                throw new PortSipQueryException($"filter: expected a field name, found '{first.Text}'.");
            }

            if (IsSymbol("("))
            {
                return ParseFunction(first.Text);
            }

            var field = first.Text;
            CheckField(schema, field, "filter");
            var op = Next();
            if (op.Kind != TokenKind.Word || op.Text is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
            {
                throw new PortSipQueryException($"filter: '{op.Text}' is not one of eq ne gt ge lt le.");
            }

            var literal = Next();
            var value = Convert(schema, field, literal, options.MaximumFractionDigits);
            var inclusiveLessThan = options.LessThanIncludesEqual && schema.IsTime(field);
            return r =>
            {
                var c = Compare(r.Field(field), value);
                return op.Text switch
                {
                    "eq" => c == 0,
                    "ne" => c != 0,
                    "gt" => c > 0,
                    "ge" => c >= 0,
                    "lt" => inclusiveLessThan ? c <= 0 : c < 0,
                    _ => c <= 0,
                };
            };
        }

        private Func<T, bool> ParseFunction(string name)
        {
            if (name is not ("startswith" or "endswith" or "contains"))
            {
                throw new PortSipQueryException($"filter: unknown function '{name}'.");
            }

            Expect("(");
            var field = Next();
            if (field.Kind != TokenKind.Word)
            {
                throw new PortSipQueryException($"filter: {name} needs a field name first.");
            }

            CheckField(schema, field.Text, "filter");
            Expect(",");
            var literal = Next();
            if (literal.Kind != TokenKind.String)
            {
                throw new PortSipQueryException($"filter: {name} needs a quoted string second.");
            }

            Expect(")");
            var f = field.Text;
            var text = literal.Text;
            return r =>
            {
                var value = r.Field(f) switch
                {
                    string s => s,
                    DateTimeOffset d => r.FormatTime(d),
                    long n => n.ToString(CultureInfo.InvariantCulture),
                    _ => string.Empty,
                };
                return name switch
                {
                    "startswith" => value.StartsWith(text, StringComparison.Ordinal),
                    "endswith" => value.EndsWith(text, StringComparison.Ordinal),
                    _ => value.Contains(text, StringComparison.Ordinal),
                };
            };
        }

        private static object? Convert(PortSipSchema schema, string field, Token literal, int? maximumFractionDigits)
        {
            if (literal.Kind is not (TokenKind.String or TokenKind.Number) && !(literal.Kind == TokenKind.Word && literal.Text == "null"))
            {
                throw new PortSipQueryException($"filter: expected a value after the operator, found '{literal.Text}'.");
            }

            if (literal.Kind == TokenKind.Word)
            {
                return null;
            }

            if (schema.IsTime(field))
            {
                if (literal.Text.Length == 0)
                {
                    return null;
                }

                if (!DateTimeOffset.TryParse(literal.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
                {
                    throw new PortSipQueryException($"filter: '{literal.Text}' is not an RFC 3339 date-time for {field}.");
                }

                if (maximumFractionDigits is { } most && FractionDigits(literal.Text) > most)
                {
                    throw new PortSipQueryException($"filter: '{literal.Text}' has more than {most} fraction digits for {field}.");
                }

                return time;
            }

            if (schema.IsNumber(field))
            {
                if (!long.TryParse(literal.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number))
                {
                    throw new PortSipQueryException($"filter: '{literal.Text}' is not a number for {field}.");
                }

                return number;
            }

            return literal.Text;
        }

        /// <summary>The digits after the seconds' decimal point of an RFC 3339 date-time (0 when there is none).</summary>
        private static int FractionDigits(string text)
        {
            var time = text.IndexOfAny(new[] { 'T', 't', ' ' });
            var point = time < 0 ? -1 : text.IndexOf('.', time);
            if (point < 0)
            {
                return 0;
            }

            var end = point + 1;
            while (end < text.Length && char.IsDigit(text[end]))
            {
                end++;
            }

            return end - point - 1;
        }

        private static int Compare(object? recordValue, object? literal) => (recordValue, literal) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            (long x, long y) => x.CompareTo(y),
            (string x, string y) => string.CompareOrdinal(x, y),
            _ => string.CompareOrdinal(recordValue.ToString(), literal.ToString()),
        };

        private Token Next()
        {
            var token = Peek();
            if (token.Kind == TokenKind.End)
            {
                throw new PortSipQueryException("filter: the expression ends too early.");
            }

            position++;
            return token;
        }

        private void Expect(string symbol)
        {
            var token = Next();
            if (token.Kind != TokenKind.Symbol || token.Text != symbol)
            {
                throw new PortSipQueryException($"filter: expected '{symbol}', found '{token.Text}'.");
            }
        }

        private bool IsWord(string word) => Peek() is { Kind: TokenKind.Word } t && string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase);

        private bool IsSymbol(string symbol) => Peek() is { Kind: TokenKind.Symbol } t && t.Text == symbol;
    }
}
