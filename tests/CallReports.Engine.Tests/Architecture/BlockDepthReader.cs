using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace CallReports.Engine.Tests.Architecture;

/// <summary>One member whose body nests blocks deeper than allowed.</summary>
/// <param name="Member">The member's name as its declaration reads (method, property, constructor, field).</param>
/// <param name="Line">The line of the member's opening brace.</param>
/// <param name="DeepestLine">The line of the deepest opening brace.</param>
/// <param name="Depth">How deep that brace is.</param>
internal sealed record DeepMember(string Member, int Line, int DeepestLine, int Depth);

/// <summary>
/// A brace-counting reader of C# source, for issue 14's "no method nested more than 4 levels deep". What it counts:
/// the first <c>{</c> below a type (or block namespace) opens a member's body, at depth 0; every <c>{</c> inside it
/// opens one more level, as written: statement blocks, lambda and local-function bodies, object and collection
/// initialisers, switch expressions and anonymous objects alike, when they span lines. A <c>{ … }</c> opened and
/// closed on one line adds no level (an inline initialiser such as <c>{ Target = what }</c>, a property pattern
/// such as <c>{ } value</c>): it indents nothing. Braces in comments, strings (regular, verbatim,
/// interpolated, holes included) and char literals do not count; preprocessor lines are skipped, and the code of
/// every <c>#if</c> branch is read. A brace opens a type when the text since the last <c>;</c>, <c>{</c> or
/// <c>}</c> declares one (<c>class X</c>, <c>struct X</c>, <c>interface X</c>, <c>record X</c>, <c>enum X</c>,
/// <c>namespace X</c>). Raw string literals (<c>"""</c>) are not read; the sources use none.
/// </summary>
internal static class BlockDepthReader
{
    private static readonly Regex TypeDeclaration = new(@"\b(class|struct|interface|record|enum|namespace)\s+@?[A-Za-z_]", RegexOptions.CultureInvariant);
    private static readonly Regex Attributes = new(@"\[[^\[\]]*\]", RegexOptions.CultureInvariant);
    private static readonly Regex MemberName = new(@"(@?[A-Za-z_][A-Za-z0-9_]*)\s*(?:<[^()]*>)?\s*(?:\(|=(?!>)|=>|$)", RegexOptions.CultureInvariant);

    /// <summary>The members of <paramref name="source"/> whose blocks nest deeper than <paramref name="maximumDepth"/>.</summary>
    /// <param name="source">C# source text.</param>
    /// <param name="maximumDepth">The deepest a block may be, the member's body being 0.</param>
    /// <returns>Each such member once, with its deepest brace.</returns>
    /// <exception cref="FormatException">The braces do not balance.</exception>
    public static IReadOnlyList<DeepMember> FindDeepMembers(string source, int maximumDepth)
    {
        var found = new List<DeepMember>();
        var open = new Stack<Block>();
        var header = new StringBuilder();
        var line = 1;
        var i = 0;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '\n')
            {
                line++;
                header.Append(' ');
                i++;
            }
            else if (c == '/' && At(source, i + 1) == '/' || c == '#')
            {
                i = source.IndexOf('\n', i) is var end and >= 0 ? end : source.Length;
            }
            else if (c == '/' && At(source, i + 1) == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var stop = end < 0 ? source.Length : end + 2;
                line += Count(source, i, stop, '\n');
                i = stop;
            }
            else if (c is '"' or '\'' or '@' or '$' && LiteralEnd(source, i) is var literalEnd and > 0)
            {
                line += Count(source, i, literalEnd, '\n');
                header.Append("\"\"");
                i = literalEnd;
            }
            else if (c == '{')
            {
                open.Push(Opened(open, header.ToString(), line));
                header.Clear();
                i++;
            }
            else if (c == '}')
            {
                if (open.Count == 0)
                {
                    throw new FormatException($"Line {line}: a '}}' closes nothing.");
                }

                // Every block still open around one that spans lines spans lines too, so the depth counts levels alike.
                var closed = open.Pop();
                if (closed is { Depth: > 0, Member: { } member } && closed.Line != line && closed.Depth > member.Deepest)
                {
                    member.Deepest = closed.Depth;
                    member.DeepestLine = closed.Line;
                }

                if (closed is { Depth: 0, Member: { } body } && body.Deepest > maximumDepth)
                {
                    found.Add(new DeepMember(body.Name, body.Line, body.DeepestLine, body.Deepest));
                }

                header.Clear();
                i++;
            }
            else
            {
                if (c == ';')
                {
                    header.Clear();
                }
                else
                {
                    header.Append(c);
                }

                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"{open.Count} '{{' left open at the end.");
        }

        return found;
    }

    private static Block Opened(Stack<Block> open, string header, int line)
    {
        if (open.Count == 0 || open.Peek().Member is null)
        {
            return TypeDeclaration.IsMatch(header)
                ? new Block(null, -1, line)
                : new Block(new MemberState(NameOf(header), line), 0, line);
        }

        var outer = open.Peek();
        return new Block(outer.Member, outer.Depth + 1, line);
    }

    private static string NameOf(string header)
    {
        var text = Attributes.Replace(header, " ").Trim();
        var match = MemberName.Match(text);
        return match.Success ? match.Groups[1].Value : text;
    }

    /// <summary>The index after the string or char literal that starts at <paramref name="i"/>; 0 when none starts there.</summary>
    private static int LiteralEnd(string s, int i)
    {
        var verbatim = false;
        var interpolated = false;
        var j = i;
        while (j < s.Length && s[j] is '@' or '$')
        {
            verbatim |= s[j] == '@';
            interpolated |= s[j] == '$';
            j++;
        }

        if (j - i > 2 || j >= s.Length || s[j] is not '"' and not '\'' || s[j] == '\'' && j != i)
        {
            return 0;
        }

        var quote = s[j];
        j++;
        while (j < s.Length)
        {
            var c = s[j];
            if (c == '\\' && !verbatim)
            {
                j += 2;
            }
            else if (c == quote && verbatim && At(s, j + 1) == quote)
            {
                j += 2;
            }
            else if (c == quote)
            {
                return j + 1;
            }
            else if (interpolated && c == '{' && At(s, j + 1) == '{')
            {
                j += 2;
            }
            else if (interpolated && c == '{')
            {
                j = HoleEnd(s, j + 1);
            }
            else
            {
                j++;
            }
        }

        return s.Length;
    }

    /// <summary>The index after the <c>}</c> that closes an interpolation hole whose code starts at <paramref name="i"/>.</summary>
    private static int HoleEnd(string s, int i)
    {
        var nesting = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is '"' or '\'' or '@' or '$' && LiteralEnd(s, i) is var end and > 0)
            {
                i = end;
                continue;
            }

            if (c == '}' && nesting == 0)
            {
                return i + 1;
            }

            nesting += c == '{' ? 1 : c == '}' ? -1 : 0;
            i++;
        }

        return s.Length;
    }

    private static char At(string s, int i) => i < s.Length ? s[i] : '\0';

    private static int Count(string s, int from, int to, char c)
    {
        var n = 0;
        for (var k = from; k < to; k++)
        {
            n += s[k] == c ? 1 : 0;
        }

        return n;
    }

    /// <summary>An open brace: a type's (no member) or a member's, at a depth below the member's body, opened on a line.</summary>
    private sealed record Block(MemberState? Member, int Depth, int Line);

    private sealed class MemberState(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public int Deepest { get; set; }

        public int DeepestLine { get; set; }
    }
}
