using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CallReports.Loader;

/// <summary>
/// The private load context that holds CallReports.Engine and its third-party dependencies on
/// PowerShell 7, so that other modules' (or PowerShell's own) copies of Polly, CsvHelper,
/// Microsoft.Extensions.* or Microsoft.Bcl.AsyncInterfaces never clash with ours.
/// </summary>
public sealed class DependencyLoadContext : AssemblyLoadContext
{
    private static readonly object Gate = new();
    private static DependencyLoadContext? instance;

    private readonly string dependencyDirectory;
    private readonly HashSet<string> sharedNames;
    private readonly string frameworkDirectory;

    private DependencyLoadContext(string dependencyDirectory, IEnumerable<string> sharedNames)
        : base("CallReports", isCollectible: false)
    {
        this.dependencyDirectory = dependencyDirectory;
        this.sharedNames = new HashSet<string>(sharedNames, StringComparer.OrdinalIgnoreCase);
        frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? string.Empty;
    }

    /// <summary>
    /// Creates the context once per process and bridges the engine assembly name from the default
    /// context into it. Called by reflection from the module initializer; safe to call again on re-import.
    /// </summary>
    /// <param name="dependencyDirectory">Folder holding the engine and its dependencies.</param>
    /// <param name="engineAssemblyName">Simple name of the one assembly the cmdlets see (the bridge).</param>
    /// <param name="sharedAssemblyNames">Names that must come from the default context (the models, PowerShell itself).</param>
    public static void Initialize(string dependencyDirectory, string engineAssemblyName, string[] sharedAssemblyNames)
    {
        lock (Gate)
        {
            if (instance is not null)
            {
                return;
            }

            var context = new DependencyLoadContext(dependencyDirectory, sharedAssemblyNames);
            Default.Resolving += (_, name) =>
                string.Equals(name.Name, engineAssemblyName, StringComparison.OrdinalIgnoreCase)
                    ? context.LoadFromAssemblyName(name)
                    : null;
            instance = context;
        }
    }

    /// <inheritdoc />
    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var simpleName = assemblyName.Name;
        if (simpleName is null || sharedNames.Contains(simpleName))
        {
            return null;
        }

        var candidate = Path.Combine(dependencyDirectory, simpleName + ".dll");
        if (!File.Exists(candidate))
        {
            return null;
        }

        // The shared framework wins when its copy is at least as new as ours: netstandard facades
        // (System.Memory, System.Text.Json, ...) must be the runtime's own or type identity breaks.
        var frameworkCopy = Path.Combine(frameworkDirectory, simpleName + ".dll");
        if (File.Exists(frameworkCopy))
        {
            var ours = AssemblyName.GetAssemblyName(candidate).Version;
            var theirs = AssemblyName.GetAssemblyName(frameworkCopy).Version;
            if (ours is null || theirs is null || theirs >= ours)
            {
                return null;
            }
        }

        return LoadFromAssemblyPath(candidate);
    }
}
