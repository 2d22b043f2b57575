using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>The built module as PowerShell sees it: manifest, exported commands, help, isolation.</summary>
[Collection(ModuleCollection.Name)]
public sealed class ModuleTests
{
    private readonly ModuleFixture fixture;

    public ModuleTests(ModuleFixture fixture) => this.fixture = fixture;

    private static string[] ManifestCmdlets(ModuleFixture fixture)
    {
        var result = fixture.Invoke("(Import-PowerShellDataFile (Join-Path $args[0] 'CallReports.psd1')).CmdletsToExport", fixture.ModulePath);
        result.ThrowIfFailed();
        return result.Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToArray();
    }

    [Fact]
    public void GetCommand_lists_exactly_the_manifest_cmdlets()
    {
        var result = fixture.Invoke("Get-Command -Module CallReports | ForEach-Object Name");
        result.ThrowIfFailed();
        var exported = result.Output.Select(o => o.ToString()).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(ManifestCmdlets(fixture), exported);
        Assert.Contains("Get-PortSipCdr", exported);
    }

    [Fact]
    public void Manifest_passes_TestModuleManifest_and_has_a_stamped_version()
    {
        var result = fixture.Invoke("Test-ModuleManifest -Path (Join-Path $args[0] 'CallReports.psd1') -ErrorAction Stop", fixture.ModulePath);
        result.ThrowIfFailed();
        var module = (PSModuleInfo)result.Output.Single().BaseObject;
        Assert.NotEqual(new Version(0, 0, 0), module.Version);
        Assert.Equal(new[] { "Core", "Desktop" }, module.CompatiblePSEditions.OrderBy(e => e, StringComparer.Ordinal).ToArray());
        Assert.Empty(module.ExportedFunctions);
        Assert.Empty(module.ExportedAliases);
        Assert.Empty(module.ExportedVariables);
        var tags = module.Tags.ToArray();
        foreach (var tag in new[] { "PSEdition_Core", "PSEdition_Desktop", "Windows", "Linux", "MacOS" })
        {
            Assert.Contains(tag, tags);
        }

        Assert.False(string.IsNullOrWhiteSpace(module.ReleaseNotes));
    }

    [Theory]
    [InlineData("Get-PortSipCdr")]
    [InlineData("Get-VoxoCallReport")]
    [InlineData("Get-PortSipCallLog")]
    [InlineData("Get-PortSipCallReport")]
    [InlineData("New-PortSipCallReport")]
    [InlineData("Get-PortSipCompletedCallReport")]
    [InlineData("Save-PortSipCallReport")]
    [InlineData("Set-PortSipCallReport")]
    [InlineData("Remove-PortSipCallReport")]
    [InlineData("Get-CallReportsTokenCache")]
    [InlineData("Clear-CallReportsTokenCache")]
    public void GetHelp_has_synopsis_every_parameter_and_two_examples(string command)
    {
        var result = fixture.Invoke("Get-Help $args[0] -Full | Out-String -Width 200", command);
        result.ThrowIfFailed();
        var text = result.Output.Single().ToString();
        var synopsis = fixture.Invoke("(Get-Help $args[0]).Synopsis", command).Output.Single().ToString();
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.DoesNotContain(command + " [", synopsis, StringComparison.Ordinal); // a real synopsis, not the syntax fallback
        var documented = fixture.Invoke("(Get-Help $args[0] -Full).parameters.parameter | Where-Object { $_.description } | ForEach-Object name", command)
            .Output.Select(o => o.ToString()).ToArray();

        var parameters = fixture.Invoke(
            "(Get-Command $args[0]).Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters -and $_ -notin [System.Management.Automation.PSCmdlet]::OptionalCommonParameters }",
            command);
        parameters.ThrowIfFailed();
        foreach (var parameter in parameters.Output.Select(p => p.ToString()))
        {
            Assert.Contains(parameter, documented);
        }

        var examples = fixture.Invoke("@((Get-Help $args[0] -Examples).examples.example).Count", command);
        examples.ThrowIfFailed();
        Assert.True((int)examples.Output.Single().BaseObject >= 2, command + " needs at least two examples");
    }

    [Fact]
    public void Cmdlet_assembly_references_no_third_party_assembly()
    {
        var cmdlets = AssemblyName.GetAssemblyName(Path.Combine(fixture.ModulePath, "CallReports.dll"));
        var allowed = new[] { "netstandard", "mscorlib", "System.Management.Automation", "CallReports.Models", "CallReports.Engine" };
        var context = new MetadataOnlyReferences(Path.Combine(fixture.ModulePath, "CallReports.dll"));
        var unexpected = context.References.Where(r => !allowed.Contains(r) && !r.StartsWith("System.", StringComparison.Ordinal)).ToArray();
        Assert.Empty(unexpected);
        Assert.Equal("CallReports", cmdlets.Name);

        // The engine and its dependencies must not sit beside the cmdlets, where the default context would find them.
        Assert.False(File.Exists(Path.Combine(fixture.ModulePath, "CallReports.Engine.dll")));
        Assert.False(File.Exists(Path.Combine(fixture.ModulePath, "Polly.Core.dll")));
        Assert.True(File.Exists(Path.Combine(fixture.ModulePath, "Dependencies", "Core", "Polly.Core.dll")));
        Assert.True(File.Exists(Path.Combine(fixture.ModulePath, "Dependencies", "Desktop", "Polly.Core.dll")));
    }

    [Fact]
    public void Engine_runs_in_its_own_load_context_beside_an_older_Polly()
    {
        // The fixture loaded Polly.Core 8.1 into the default context before importing the module.
        Assert.NotNull(fixture.PreloadedPolly);
        Assert.StartsWith("8.1.0", System.Diagnostics.FileVersionInfo.GetVersionInfo(fixture.PreloadedPolly!.Location).ProductVersion, StringComparison.Ordinal);
        Assert.Equal(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(fixture.PreloadedPolly));

        var result = fixture.Invoke(
            "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -First 1",
            fixture.Sandbox.PortSip.BaseUri.ToString(),
            fixture.PortSipCredential(),
            PortSipEmulatorDomain);
        result.ThrowIfFailed();
        Assert.Single(result.Output);

        var engine = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "CallReports.Engine");
        var engineContext = AssemblyLoadContext.GetLoadContext(engine)!;
        Assert.Equal("CallReports", engineContext.Name);
        var modulePolly = engineContext.Assemblies.Single(a => a.GetName().Name == "Polly.Core");
        Assert.NotEqual(fixture.PreloadedPolly.Location, modulePolly.Location);
        Assert.StartsWith(Path.Combine(fixture.ModulePath, "Dependencies", "Core"), modulePolly.Location, StringComparison.Ordinal);
    }

    private static string PortSipEmulatorDomain => CallReports.Sandbox.Emulators.PortSip.PortSipEmulator.Domain;

    /// <summary>Reads an assembly's references without loading it for execution.</summary>
    private sealed class MetadataOnlyReferences
    {
        public MetadataOnlyReferences(string path)
        {
            using var stream = File.OpenRead(path);
            using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
            var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(reader);
            References = metadata.AssemblyReferences
                .Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name))
                .ToArray();
        }

        public string[] References { get; }
    }
}
