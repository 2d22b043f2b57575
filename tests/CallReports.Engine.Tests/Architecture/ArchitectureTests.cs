using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace CallReports.Engine.Tests.Architecture;

/// <summary>
/// Issue 14's size targets, read from the source of the engine (src/CallReports.Engine) and the cmdlets
/// (src/CallReports): no file over 450 lines, no member whose blocks nest more than 4 deep (what counts as a
/// block: <see cref="BlockDepthReader"/>). Each failure names the file and the line.
/// </summary>
public sealed class ArchitectureTests
{
    private const int MaximumLines = 450;
    private const int MaximumDepth = 4;

    private static readonly string[] Projects = { "src/CallReports.Engine", "src/CallReports" };

    [Fact]
    public void No_engine_or_cmdlet_file_is_over_450_lines() => AssertNone(
        "Split these files (named for what each part does)",
        from file in SourceFiles()
        let lines = file.Text.Split('\n').Length - (file.Text.EndsWith('\n') ? 1 : 0)
        where lines > MaximumLines
        select $"{file.Path}:{MaximumLines + 1}: {lines} lines, more than {MaximumLines}");

    [Fact]
    public void No_engine_or_cmdlet_member_nests_blocks_more_than_4_deep() => AssertNone(
        "Extract a named method from each",
        from file in SourceFiles()
        from member in BlockDepthReader.FindDeepMembers(file.Text, MaximumDepth)
        select $"{file.Path}:{member.DeepestLine}: {member.Member} (from line {member.Line}) nests {member.Depth} blocks deep, more than {MaximumDepth}");

    [Fact]
    public void The_reader_finds_a_deep_member_and_skips_braces_in_strings_comments_and_chars()
    {
        const string Source = """
            namespace N
            {
                public sealed class C
                {
                    private static readonly string[] Names = { "{", "}}" };

                    public void Shallow(int x)
                    {
                        // { { { { {
                        /* } { */
                        var s = $"{{ {(x > 0 ? "{" : "}")} }}" + @"{""}" + '{' + '\'' + $@"{x}{{";
                        if (x > 0) { if (x > 1) { if (x > 2) { if (x > 3) { x++; } } } }
                        while (x > 0)
                        {
                            if (x > 1)
                            {
                                for (; ; )
                                {
                                    if (x is { } y && y > 2)
                                    {
                                        x = new Point { X = y }.X;
                                    }
                                }
                            }
                        }
                    }

                    public int Deep(int x)
                    {
                        if (x > 0)
                        {
                            foreach (var y in new[] { 1 })
                            {
                                if (y > 1)
                                {
                                    Action a = () =>
                                    {
                                        try
                                        {
                                            x++;
                                        }
                                        finally
                                        {
                                        }
                                    };
                                }
                            }
                        }

                        return x;
                    }

                    private sealed class Inner<T> where T : class
                    {
                        public string P { get { return "}"; } }
                    }
                }
            }
            """;

        var deep = Assert.Single(BlockDepthReader.FindDeepMembers(Source, MaximumDepth));

        Assert.Equal(new DeepMember("Deep", 29, 39, 5), deep);
        Assert.Empty(BlockDepthReader.FindDeepMembers(Source, 5));
        Assert.Throws<FormatException>(() => BlockDepthReader.FindDeepMembers("class C { void M() { }", MaximumDepth));
    }

    /// <summary>Fails naming each violation.</summary>
    private static void AssertNone(string advice, IEnumerable<string> violations)
    {
        var failures = violations.ToList();
        Assert.True(failures.Count == 0, advice + ":\n" + string.Join("\n", failures));
    }

    /// <summary>The .cs files of the engine and the cmdlets (bin and obj left out), by their path from the repository root.</summary>
    private static IEnumerable<(string Path, string Text)> SourceFiles()
    {
        var root = RepositoryRoot();
        foreach (var project in Projects)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Split('/').Any(part => part is "bin" or "obj"))
                {
                    continue;
                }

                yield return (relative, File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal));
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallReports.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No CallReports.sln above " + AppContext.BaseDirectory + ": the architecture tests read the source tree.");
    }
}
