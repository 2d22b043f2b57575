using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>What a new user sees in <c>Get-Help -Examples</c>: code that reads as code, and runbooks that sign out.</summary>
[Collection(ModuleCollection.Name)]
public sealed class HelpExampleTests
{
    private readonly ModuleFixture fixture;

    public HelpExampleTests(ModuleFixture fixture) => this.fixture = fixture;

    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var page in Directory.GetFiles(Path.Combine(ModuleFixture.RepositoryRoot, "docs", "en-US"), "*.md").Where(p => !Path.GetFileName(p).StartsWith("about_", StringComparison.Ordinal)))
        {
            data.Add(Path.GetFileNameWithoutExtension(page));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void GetHelp_Examples_shows_code_without_markdown_fences(string command)
    {
        var result = fixture.Invoke("Get-Help $args[0] -Examples | Out-String -Width 120", command);
        result.ThrowIfFailed();
        var text = result.Output.Single().ToString();

        Assert.Contains("Example 1", text, StringComparison.Ordinal);
        Assert.False(
            text.Contains("```", StringComparison.Ordinal),
            $"docs/en-US/{command}.md: write each example's code as an indented block whose first line starts with 'PS> ' (no fences; see build.ps1, Invoke-Docs):\n{text}");

        // Every example opens with its code, after a prompt, as the help of PowerShell's own modules does.
        var examples = fixture.Invoke("(Get-Help $args[0] -Examples).examples.example | ForEach-Object { ($_.introduction | ForEach-Object Text) -join \"`n\" }", command);
        examples.ThrowIfFailed();
        Assert.NotEmpty(examples.Output);
        Assert.All(examples.Output, e => Assert.StartsWith("PS> ", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Every_runbook_example_ends_by_signing_out()
    {
        var pages = Directory.GetFiles(Path.Combine(ModuleFixture.RepositoryRoot, "docs", "en-US"), "*.md").Append(Path.Combine(ModuleFixture.RepositoryRoot, "README.md"));
        var runbooks = 0;
        foreach (var page in pages)
        {
            // An example's code: a fenced block, or an indented block (the help pages' examples).
            var text = File.ReadAllText(page).Replace("\r\n", "\n", StringComparison.Ordinal);
            var blocks = Regex.Matches(text, @"```[a-zA-Z]*\n(?<code>.*?)\n```|(?<code>(?:^    [^\n]*\n)+)", RegexOptions.Singleline | RegexOptions.Multiline)
                .Select(m => m.Groups["code"].Value)
                .Where(code => code.Contains("Get-AutomationPSCredential", StringComparison.Ordinal));
            foreach (var code in blocks)
            {
                runbooks++;
                var last = code.TrimEnd().Split('\n').Select(l => l.Trim()).Last(l => l.Length > 0 && l != "}");
                Assert.True(last.StartsWith("Clear-CallReportsTokenCache", StringComparison.Ordinal), $"{Path.GetFileName(page)}: a runbook example ends with '{last}', not Clear-CallReportsTokenCache:\n{code}");
            }
        }

        Assert.True(runbooks >= 8, "runbook examples found: " + runbooks);
    }
}
