using System.Threading.Tasks;
using CallReports.Sandbox;
using Xunit;

namespace CallReports.Engine.Tests;

/// <summary>One sandbox (its own port, so its own token-cache keys) per test class.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    private SandboxHost? host;

    public SandboxHost Host => host ?? throw new System.InvalidOperationException("The sandbox has not started.");

    public async Task InitializeAsync() => host = await SandboxHost.StartAsync(new SandboxOptions { Seed = 42, PortSipCdrCount = 250 });

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
