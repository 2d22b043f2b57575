using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators;

/// <summary>
/// One emulated vendor server, mounted under a path of the sandbox (e.g. <c>/portsip/</c>).
/// Emulators live in their own folder under Emulators/ (PortSip/ today; Casper/, Yeastar/, Voxo/,
/// Ozonetel/ to come) and are registered in <see cref="SandboxHost"/>.
/// </summary>
public interface IVendorEmulator
{
    /// <summary>The mount path, with leading and trailing '/': <c>/portsip/</c>.</summary>
    string MountPath { get; }

    /// <summary>The emulator's base URI: the sandbox URI plus <see cref="MountPath"/>.</summary>
    Uri BaseUri { get; }

    /// <summary>Answers one request; <paramref name="relativePath"/> is the path after the mount path (no leading '/').</summary>
    Task HandleAsync(HttpContext context, string relativePath);
}
