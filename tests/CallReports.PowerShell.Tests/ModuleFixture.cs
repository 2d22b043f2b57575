using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using System.Threading.Tasks;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// One Sandbox and one runspace with the BUILT module (out/CallReports) imported, shared by the tests
/// of the collection. Before the import, an older Polly.Core is loaded into the default load context,
/// so every test also proves the module's dependency isolation.
/// </summary>
public sealed class ModuleFixture : IAsyncLifetime
{
    public SandboxHost Sandbox { get; private set; } = null!;

    public Runspace Runspace { get; private set; } = null!;

    public string ModulePath { get; } = Path.Combine(RepositoryRoot, "out", "CallReports");

    public Assembly? PreloadedPolly { get; private set; }

    public string FakeSecretModuleRoot { get; } = Path.Combine(Path.GetTempPath(), "callreports-fake-secretmanagement-" + Guid.NewGuid().ToString("N"));

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CallReports.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("CallReports.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(ModulePath, "CallReports.psd1")))
        {
            throw new InvalidOperationException($"The built module is missing at {ModulePath}. Run ./build.ps1 first.");
        }

        var oldPolly = Path.Combine(AppContext.BaseDirectory, "olddeps", "Polly.Core.dll");
        PreloadedPolly = Assembly.LoadFrom(oldPolly);

        Sandbox = await SandboxHost.StartAsync(new SandboxOptions { PortSipCdrCount = 250 });
        WriteFakeSecretManagement();

        var state = InitialSessionState.CreateDefault2();
        Runspace = RunspaceFactory.CreateRunspace(state);
        Runspace.Open();
        Invoke("$env:PSModulePath = $args[0] + [IO.Path]::PathSeparator + $env:PSModulePath; Import-Module $args[1] -ErrorAction Stop", FakeSecretModuleRoot, ModulePath).ThrowIfFailed();
    }

    public async Task DisposeAsync()
    {
        Runspace?.Dispose();
        if (Sandbox is not null)
        {
            await Sandbox.DisposeAsync();
        }

        try
        {
            Directory.Delete(FakeSecretModuleRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs a script in the shared runspace; arguments arrive as $args.</summary>
    public PowerShellResult Invoke(string script, params object?[] arguments)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = Runspace;
        ps.AddScript(script);
        foreach (var argument in arguments)
        {
            ps.AddArgument(argument);
        }

        Collection<PSObject> output;
        Exception? failure = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            output = new Collection<PSObject>();
            failure = ex;
        }

        // Copied before the PowerShell instance is disposed, which may clear its streams.
        var streams = new CapturedStreams(
            ps.Streams.Error.ToList(),
            ps.Streams.Warning.ToList(),
            ps.Streams.Verbose.ToList(),
            ps.Streams.Debug.ToList(),
            ps.Streams.Information.ToList(),
            ps.Streams.Progress.ToList());
        return new PowerShellResult(output.ToList(), streams, failure);
    }

    /// <summary>
    /// Runs a script that must stop with a terminating error, and returns that error. Statement-terminating
    /// errors are what try/catch catches; a non-terminating error would not be caught and fails the test.
    /// </summary>
    public ErrorRecord InvokeExpectingTerminatingError(string script, params object?[] arguments)
    {
        var result = Invoke("try { & { " + script + " } @args } catch { $_ }", arguments);
        var caught = result.Output.Select(o => o?.BaseObject).OfType<ErrorRecord>().FirstOrDefault();
        if (caught is null)
        {
            throw new InvalidOperationException("The script did not stop with a terminating error. Errors written: " + string.Join(" | ", result.Streams.Error.Select(e => e.ToString())));
        }

        return caught;
    }

    /// <summary>A credential for the Sandbox PortSIP admin.</summary>
    public PSCredential PortSipCredential(string? password = null) =>
        new(PortSipEmulator.UserName, ToSecure(password ?? PortSipEmulator.Password));

    public static System.Security.SecureString ToSecure(string value)
    {
        var secure = new System.Security.SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    private void WriteFakeSecretManagement()
    {
        // A stand-in with the real module's name and Get-Secret signature: what SecretManagement returns.
        var folder = Directory.CreateDirectory(Path.Combine(FakeSecretModuleRoot, "Microsoft.PowerShell.SecretManagement"));
        File.WriteAllText(Path.Combine(folder.FullName, "Microsoft.PowerShell.SecretManagement.psm1"), """
            $script:Secrets = @{}
            function Set-FakeSecret { param([string] $Name, [object] $Secret, [string] $Vault = 'Default') $script:Secrets["$Vault/$Name"] = $Secret }
            function Get-Secret {
                [CmdletBinding()]
                param([Parameter(Mandatory)] [string] $Name, [string] $Vault = 'Default')
                $key = "$Vault/$Name"
                if (-not $script:Secrets.ContainsKey($key)) { throw "Get-Secret : The secret $Name was not found." }
                $script:Secrets[$key]
            }
            Export-ModuleMember -Function Get-Secret, Set-FakeSecret
            """);
    }
}

public sealed record CapturedStreams(
    List<ErrorRecord> Error,
    List<WarningRecord> Warning,
    List<VerboseRecord> Verbose,
    List<DebugRecord> Debug,
    List<InformationRecord> Information,
    List<ProgressRecord> Progress);

public sealed record PowerShellResult(List<PSObject> Output, CapturedStreams Streams, Exception? Failure)
{
    public void ThrowIfFailed()
    {
        if (Failure is not null)
        {
            throw new InvalidOperationException("Script failed: " + Failure.Message, Failure);
        }

        if (Streams.Error.Count > 0)
        {
            throw new InvalidOperationException("Script wrote errors: " + string.Join(" | ", Streams.Error.Select(e => e.ToString())));
        }
    }

    /// <summary>Everything the user could see, as text: output, every stream, and the failure.</summary>
    public string AllText()
    {
        var parts = new List<string>();
        parts.AddRange(Output.Select(o => o?.ToString() ?? string.Empty));
        parts.AddRange(Output.Where(o => o is not null).SelectMany(o => o.Properties.Select(p => SafeValue(p))));
        parts.AddRange(Streams.Error.SelectMany(e => new[] { e.ToString(), e.Exception?.ToString() ?? string.Empty, e.FullyQualifiedErrorId, e.CategoryInfo.ToString(), e.ErrorDetails?.Message ?? string.Empty }));
        parts.AddRange(Streams.Warning.Select(w => w.Message));
        parts.AddRange(Streams.Verbose.Select(v => v.Message));
        parts.AddRange(Streams.Debug.Select(d => d.Message));
        parts.AddRange(Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty));
        parts.AddRange(Streams.Progress.Select(p => p.Activity + " " + p.StatusDescription + " " + p.CurrentOperation));
        if (Failure is not null)
        {
            parts.Add(Failure.ToString());
            if (Failure is IContainsErrorRecord record)
            {
                parts.Add(record.ErrorRecord.ToString());
            }
        }

        return string.Join("\n", parts);
    }

    private static string SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value?.ToString() ?? string.Empty;
        }
        catch (GetValueException)
        {
            return string.Empty;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ModuleCollection : ICollectionFixture<ModuleFixture>
{
    public const string Name = "Built module";
}
