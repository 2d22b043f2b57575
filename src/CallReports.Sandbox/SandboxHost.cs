using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Sandbox.Emulators;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Voxo;
using CallReports.Sandbox.Emulators.Yeastar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallReports.Sandbox;

/// <summary>
/// The sandbox web server: Kestrel on 127.0.0.1 only, with request counting and fault injection in
/// front of the vendor emulators, each mounted under its own path.
/// </summary>
public sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly IReadOnlyList<IVendorEmulator> emulators;

    private SandboxHost(WebApplication app, Uri baseUri, PortSipEmulator portSip, PortSipEmulator portSipV22_0, PortSipEmulator portSipV16, VoxoEmulator voxo, CasperEmulator casper, OzonetelEmulator ozonetel, YeastarEmulator yeastar, FaultInjector faults, RequestCounters counters)
    {
        this.app = app;
        BaseUri = baseUri;
        PortSip = portSip;
        PortSipV22_0 = portSipV22_0;
        PortSipV16 = portSipV16;
        Voxo = voxo;
        Casper = casper;
        Ozonetel = ozonetel;
        Yeastar = yeastar;
        Faults = faults;
        Counters = counters;
        emulators = new IVendorEmulator[] { portSip, portSipV22_0, portSipV16, voxo, casper, ozonetel, yeastar };
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri BaseUri { get; }

    /// <summary>A PortSIP v22.2+ PBX at {BaseUri}portsip/.</summary>
    public PortSipEmulator PortSip { get; }

    /// <summary>A PortSIP v22.0/22.1 PBX (no /api/auth/*) at {BaseUri}portsip-v22-0/.</summary>
    public PortSipEmulator PortSipV22_0 { get; }

    /// <summary>A PortSIP v16 PBX (no /api/auth/*, no /api/login/oauth/*) at {BaseUri}portsip-v16/.</summary>
    public PortSipEmulator PortSipV16 { get; }

    /// <summary>The VOXO API at {BaseUri}voxo/.</summary>
    public VoxoEmulator Voxo { get; }

    /// <summary>RingCX (RingCentral Engage Voice) at {BaseUri}ringcx/: auth, accounts and the Cloud Call Detail report.</summary>
    public CasperEmulator Casper { get; }

    /// <summary>Ozonetel CloudAgent's current CDR API at {BaseUri}ozonetel/.</summary>
    public OzonetelEmulator Ozonetel { get; }

    /// <summary>A Yeastar P-Series PBX OpenAPI at {BaseUri}yeastar/ (display format DD/MM/YYYY, 12-hour).</summary>
    public YeastarEmulator Yeastar { get; }

    /// <summary>Every emulator, for listings.</summary>
    public IReadOnlyList<IVendorEmulator> Emulators => emulators;

    /// <summary>Faults to inject.</summary>
    public FaultInjector Faults { get; }

    /// <summary>What was requested.</summary>
    public RequestCounters Counters { get; }

    /// <summary>Starts the sandbox on http://127.0.0.1:{Port} (0 = a free port).</summary>
    public static async Task<SandboxHost> StartAsync(SandboxOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxOptions();
        if (options.Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Port, "The port must be between 0 and 65535.");
        }

        var faults = new FaultInjector();
        var counters = new RequestCounters();
        faults.OnAbort = counters.RecordAborted;
        var portSip = new PortSipEmulator(PortSipGeneration.V22_2, "/portsip/", options.Seed, options.PortSipCdrCount, options.PortSipTokenLifetime);
        var portSipV22_0 = new PortSipEmulator(PortSipGeneration.V22_0, "/portsip-v22-0/", options.Seed, options.PortSipCdrCount, options.PortSipTokenLifetime);
        var portSipV16 = new PortSipEmulator(PortSipGeneration.V16, "/portsip-v16/", options.Seed, options.PortSipCdrCount, options.PortSipTokenLifetime);
        var voxo = new VoxoEmulator("/voxo/", options.Seed);
        var casper = new CasperEmulator("/ringcx/", options.Seed, options.CasperRowCount);
        var ozonetel = new OzonetelEmulator("/ozonetel/");
        var yeastar = new YeastarEmulator("/yeastar/");
        var all = new IVendorEmulator[] { portSip, portSipV22_0, portSipV16, voxo, casper, ozonetel, yeastar };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ApplicationName = typeof(SandboxHost).Assembly.GetName().Name,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Loopback only: the sandbox hands out demo credentials and must never be reachable from elsewhere.
            kestrel.Listen(IPAddress.Loopback, options.Port);
        });
        var app = builder.Build();

        // The Yeastar emulator's event subscription (/openapi/v1.0/subscribe) is a WebSocket.
        app.UseWebSockets();
        app.Use(async (context, next) =>
        {
            counters.Record(context);
            try
            {
                await counters.CaptureBodyAsync(context);
                await next(context);
            }
            finally
            {
                RequestCounters.RecordCompleted(context);

                // A cut by the fault injector was counted when it was made (Faults.OnAbort).
                if (context.RequestAborted.IsCancellationRequested && !context.Items.ContainsKey(FaultInjector.AbortedItem))
                {
                    counters.RecordAborted(context);
                }
            }
        });
        app.Use((context, next) => faults.InvokeAsync(context, next));
        app.Run(context => DispatchAsync(context, all));

        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        var baseUri = new Uri(address.TrimEnd('/') + "/");
        foreach (var emulator in all.OfType<PortSipEmulator>())
        {
            emulator.BaseUri = new Uri(baseUri, emulator.MountPath.TrimStart('/'));
        }

        voxo.BaseUri = new Uri(baseUri, voxo.MountPath.TrimStart('/'));
        casper.BaseUri = new Uri(baseUri, casper.MountPath.TrimStart('/'));
        ozonetel.BaseUri = new Uri(baseUri, ozonetel.MountPath.TrimStart('/'));
        yeastar.BaseUri = new Uri(baseUri, yeastar.MountPath.TrimStart('/'));

        return new SandboxHost(app, baseUri, portSip, portSipV22_0, portSipV16, voxo, casper, ozonetel, yeastar, faults, counters);
    }

    /// <summary>Waits until the host is stopped (Ctrl+C when run from the command line).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => app.WaitForShutdownAsync(ct);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    private static Task DispatchAsync(HttpContext context, IReadOnlyList<IVendorEmulator> emulators)
    {
        var path = context.Request.Path.Value ?? "/";
        foreach (var emulator in emulators)
        {
            if (path.StartsWith(emulator.MountPath, StringComparison.OrdinalIgnoreCase))
            {
                return emulator.HandleAsync(context, path[emulator.MountPath.Length..]);
            }
        }

        if (path == "/")
        {
            return context.Response.WriteAsJsonAsync(new { emulators = emulators.Select(e => new { mount = e.MountPath, baseUri = e.BaseUri.ToString() }) }, context.RequestAborted);
        }

        return PortSipEmulator.ErrorAsync(context, 404, "NOT_FOUND", "No emulator is mounted here.");
    }
}
