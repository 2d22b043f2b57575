using System;

namespace CallReports.Sandbox;

/// <summary>How a <see cref="SandboxHost"/> is started.</summary>
public sealed class SandboxOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Seed of the synthetic data; the same seed gives the same records.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>How many CDRs each PortSIP emulator starts with.</summary>
    public int PortSipCdrCount { get; set; } = 250;

    /// <summary>The <c>expires_in</c> of PortSIP access tokens.</summary>
    public TimeSpan PortSipTokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many synthetic calls the RingCX emulator holds besides the vendor page's three samples.</summary>
    public int CasperRowCount { get; set; } = 300;
}
