using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.Engine.Tests.PortSip;

/// <summary>No token, refresh token, 2FA token, session cookie or password reaches a message the user can see.</summary>
public sealed class PortSipRedactionTests : IClassFixture<SandboxFixture>
{
    private readonly SandboxHost sandbox;

    public PortSipRedactionTests(SandboxFixture fixture)
    {
        sandbox = fixture.Host;
    }

    [Fact]
    public async Task NoSecretAppearsInAnyLogEntryOrException()
    {
        var texts = new List<string>();

        void Run(PortSipHarness harness, PortSipCdrQuery query)
        {
            var (_, error) = harness.TryList(query);
            texts.AddRange(harness.VisibleTexts(error));
        }

        foreach (var emulator in new[] { sandbox.PortSip, sandbox.PortSipV22_0, sandbox.PortSipV16 })
        {
            var harness = new PortSipHarness(emulator);
            Run(harness, new PortSipCdrQuery { PageSize = 100 });

            // Refresh, then re-login after a failed refresh.
            emulator.ExpireAllTokens();
            Run(harness, new PortSipCdrQuery { First = 2 });
            emulator.ExpireAllTokens();
            emulator.InvalidateRefreshTokens();
            Run(harness, new PortSipCdrQuery { First = 2 });

            // Failures whose messages quote the server.
            sandbox.Faults.Add(new FaultRule { PathPrefix = emulator.BaseUri.AbsolutePath + "api/cdrs", StatusCode = 503, Times = 4 });
            Run(harness, new PortSipCdrQuery { First = 2 });
            sandbox.Faults.Add(new FaultRule { PathPrefix = emulator.BaseUri.AbsolutePath + "api/cdrs", ResetAfterBytes = 2000, Times = 1 });
            Run(harness, new PortSipCdrQuery());
            sandbox.Faults.Add(new FaultRule { PathPrefix = emulator.BaseUri.AbsolutePath + "api/cdrs", StatusCode = 401 });
            Run(harness, new PortSipCdrQuery());
            sandbox.Faults.Clear();

            var details = harness.Client.GetCdrDetails(new[] { emulator.Cdrs[0].Id, "404404" }, CancellationToken.None).ToList();
            Assert.Single(details);
            texts.AddRange(harness.VisibleTexts());

            await PortSipHarness.ClearTokensAsync(emulator, revoke: true);

            var wrong = new PortSipHarness(emulator, password: "Not-" + PortSipEmulator.Password);
            Run(wrong, new PortSipCdrQuery());
        }

        Run(new PortSipHarness(sandbox.PortSip, PortSipEmulator.TwoFactorUserName), new PortSipCdrQuery());

        var secrets = sandbox.PortSip.IssuedSecrets.Concat(sandbox.PortSipV22_0.IssuedSecrets).Concat(sandbox.PortSipV16.IssuedSecrets).ToList();
        Assert.Contains(secrets, s => s.StartsWith("psat_", StringComparison.Ordinal));
        Assert.Contains(secrets, s => s.StartsWith("psrt_", StringComparison.Ordinal));
        Assert.Contains(secrets, s => s.StartsWith("ps2fa_", StringComparison.Ordinal));
        Assert.Contains(secrets, s => s.StartsWith("pssess_", StringComparison.Ordinal));
        secrets.Add(PortSipEmulator.Password);
        Assert.NotEmpty(texts);
        foreach (var text in texts)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
    }
}
