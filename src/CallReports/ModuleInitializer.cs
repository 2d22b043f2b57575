using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CallReports;

/// <summary>
/// Isolates the module's dependencies when it is imported and undoes the hooks when it is removed.
/// PowerShell 7: CallReports.Engine and its dependencies load into a private AssemblyLoadContext
/// (created by CallReports.Loader, found in Dependencies/Core). Windows PowerShell 5.1: an
/// AssemblyResolve handler serves the module's own copies from Dependencies/Desktop, whatever
/// version is requested.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private const string EngineName = "CallReports.Engine";
    private const string ModelsName = "CallReports.Models";

    private static readonly string ModuleDirectory =
        Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location) ?? string.Empty;

    private static readonly object DesktopGate = new();

    // Windows PowerShell 5.1: how many runspaces have the module imported. The AssemblyResolve handler is
    // process-wide, so one runspace's Remove-Module must not take it from the others (a runspace pool or
    // Start-ThreadJob imports the module once per runspace).
    private static int desktopImports;

    /// <summary>Runs when the module is imported.</summary>
    public void OnImport()
    {
        var dependencies = Path.Combine(ModuleDirectory, "Dependencies");
        var alcType = typeof(object).Assembly.GetType("System.Runtime.Loader.AssemblyLoadContext");
        if (alcType is not null)
        {
            var core = Path.Combine(dependencies, "Core");
            var loader = Assembly.LoadFrom(Path.Combine(core, "CallReports.Loader.dll"));
            var initialize = loader.GetType("CallReports.Loader.DependencyLoadContext", throwOnError: true)!
                .GetMethod("Initialize", BindingFlags.Public | BindingFlags.Static)!;

            // The same assemblies precompiled (ReadyToRun) for this platform, when the build made them: a fresh
            // process then runs them without compiling them first. Precompiled code for another platform is refused at
            // load, so any other platform takes the IL beside them.
            var precompiled = Path.Combine(core, PlatformName());
            initialize.Invoke(null, new object[]
            {
                Directory.Exists(precompiled) ? precompiled : core,
                EngineName,
                new[] { ModelsName, "CallReports", "CallReports.Loader", "System.Management.Automation", "netstandard" },
            });
        }
        else
        {
            lock (DesktopGate)
            {
                if (desktopImports++ == 0)
                {
                    AppDomain.CurrentDomain.AssemblyResolve += ResolveOnDesktop;
                }
            }
        }

        BeginWarmup();
    }

    /// <summary>
    /// A head start for the first command of a fresh process (a runbook job): the engine builds its HTTP client,
    /// retry pipeline and readers in the background while PowerShell finishes importing and binding. Its own method,
    /// so that the engine's types are resolved only after the load context or resolve handler above is in place.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void BeginWarmup() => CallReports.Engine.Startup.Warmup.Begin();

    /// <summary>The runtime identifier build.ps1 names the precompiled folder by: linux-x64, win-arm64, osx-arm64…</summary>
    private static string PlatformName()
    {
        var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
            : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
            : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
            : "other";
        var architecture = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            _ => "other",
        };
        return os + "-" + architecture;
    }

    /// <summary>Runs when the module is removed.</summary>
    /// <param name="psModuleInfo">The module being removed.</param>
    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // The private load context cannot be unloaded (PowerShell cannot unload binary modules
        // either) and is reused on re-import; only the 5.1 handler is removed, by the last runspace.
        lock (DesktopGate)
        {
            if (desktopImports > 0 && --desktopImports == 0)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= ResolveOnDesktop;
            }
        }
    }

    private static readonly Dictionary<string, Assembly> DesktopLoaded = new(StringComparer.OrdinalIgnoreCase);

    private static Assembly? ResolveOnDesktop(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (name is null)
        {
            return null;
        }

        lock (DesktopLoaded)
        {
            if (DesktopLoaded.TryGetValue(name, out var loaded))
            {
                return loaded;
            }

            var path = string.Equals(name, ModelsName, StringComparison.OrdinalIgnoreCase)
                ? Path.Combine(ModuleDirectory, name + ".dll")
                : Path.Combine(ModuleDirectory, "Dependencies", "Desktop", name + ".dll");
            if (!File.Exists(path))
            {
                return null;
            }

            // Binding-redirect behaviour: our copy answers whatever version was asked for.
            var assembly = Assembly.LoadFrom(path);
            DesktopLoaded[name] = assembly;
            return assembly;
        }
    }
}
