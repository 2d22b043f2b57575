using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Yeastar;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// A runbook is a new process every run. A pwsh process that signs in to Yeastar and exits without
/// Clear-CallReportsTokenCache must not leave its token alive (the PBX allows 8), and a revocation endpoint
/// that never answers must not keep the process from exiting.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class ExitRevocationTests
{
    private const string DelToken = "/yeastar/openapi/v1.0/del_token";
    private const string Script = """
        Import-Module $env:CALLREPORTS_TEST_MODULE -ErrorAction Stop
        $cred = [pscredential]::new($env:CALLREPORTS_TEST_USER, (ConvertTo-SecureString $env:CALLREPORTS_TEST_SECRET -AsPlainText -Force))
        $rows = Invoke-YeastarReportDownload -Server $env:CALLREPORTS_TEST_SERVER -Credential $cred -Type ExtensionCallStatistics -ExtensionId 1 `
            -StartTime ([datetime]'2026-11-02 08:00') -EndTime ([datetime]'2026-11-02 17:30') -ErrorAction Stop
        "rows: $(@($rows).Count)"
        exit 0
        """;

    private readonly ModuleFixture fixture;

    public ExitRevocationTests(ModuleFixture fixture) => this.fixture = fixture;

    private SandboxHost Sandbox => fixture.Sandbox;

    [Fact]
    public void A_process_that_exits_without_clearing_the_cache_revokes_its_Yeastar_token()
    {
        Sandbox.Faults.Clear();
        var liveBefore = Sandbox.Yeastar.LiveTokens;
        Sandbox.Counters.Reset();

        var (exitCode, output) = RunChildPwsh();

        Assert.True(exitCode == 0, "pwsh failed: " + output);
        Assert.Contains("rows: ", output, StringComparison.Ordinal);
        var revocation = Assert.Single(Sandbox.Counters.Requests, r => r.Path == DelToken);
        var revoked = revocation.Query["access_token"];
        Assert.Contains(Sandbox.Counters.Requests, r => r.Path != DelToken && r.Query.TryGetValue("access_token", out var used) && used == revoked);
        Assert.Equal(liveBefore, Sandbox.Yeastar.LiveTokens);
    }

    [Fact]
    public void A_revocation_that_never_answers_does_not_keep_the_process_from_exiting()
    {
        Sandbox.Faults.Clear();
        Sandbox.Counters.Reset();
        Sandbox.Faults.Add(new FaultRule { PathPrefix = DelToken, LatencyMs = 3_600_000 });
        try
        {
            // The endpoint would answer in an hour; the process is given far less (and exits within its bound).
            var (exitCode, output) = RunChildPwsh();

            Assert.True(exitCode == 0, "pwsh failed: " + output);
            Assert.Equal(1, Sandbox.Counters.Count("POST", DelToken) + Sandbox.Counters.Count("GET", DelToken));
        }
        finally
        {
            Sandbox.Faults.Clear();
        }
    }

    private (int ExitCode, string Output) RunChildPwsh()
    {
        var start = new ProcessStartInfo(FindPwsh())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-Command", Script })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["CALLREPORTS_TEST_MODULE"] = fixture.ModulePath;
        start.Environment["CALLREPORTS_TEST_SERVER"] = Sandbox.Yeastar.BaseUri.ToString();
        start.Environment["CALLREPORTS_TEST_USER"] = YeastarEmulator.ClientId;
        start.Environment["CALLREPORTS_TEST_SECRET"] = YeastarEmulator.ClientSecret;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // A safety net against a hang, far beyond the two seconds the exit allows itself; not a timing assertion.
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pwsh did not exit: " + stdout.Result + stderr.Result);
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>pwsh from PATH (build.ps1 and CI put ../shared/tools/pwsh there).</summary>
    private static string FindPwsh()
    {
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
        return path ?? throw new InvalidOperationException("pwsh is not on PATH; run the tests through ./build.ps1 -Task Test or add pwsh to PATH.");
    }
}
