using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using CallReports.Sandbox.Emulators.PortSip;
using Xunit;

namespace CallReports.PowerShell.Tests;

/// <summary>
/// -StartTime/-EndTime are half-open on Get-PortSipCdr and Get-PortSipCallLog whatever the PBX does with the ends of
/// its filter: applied as OData reads it, lt read as le, or no filter at all.
/// </summary>
[Collection(ModuleCollection.Name)]
public sealed class PortSipWindowCmdletTests
{
    // Calls added here start in 2032, after the default window (-EndTime is now) of the other tests.
    private static readonly DateTime A = new(2032, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    // The shared boundary falls between milliseconds (400 µs), so rounding is exercised at both of its sides.
    private static readonly DateTime B = A.AddHours(1).AddTicks(4_000);
    private static readonly DateTime C = A.AddHours(2);

    private static readonly object Gate = new();
    private static Dictionary<string, DateTime>? calls;

    private readonly ModuleFixture fixture;

    public PortSipWindowCmdletTests(ModuleFixture fixture) => this.fixture = fixture;

    private string Server => fixture.Sandbox.PortSip.BaseUri.ToString();

    [Theory]
    [InlineData("Get-PortSipCdr", PortSipFilterMode.Applied)]
    [InlineData("Get-PortSipCdr", PortSipFilterMode.LessThanIncludesEqual)]
    [InlineData("Get-PortSipCdr", PortSipFilterMode.Ignored)]
    [InlineData("Get-PortSipCallLog", PortSipFilterMode.Applied)]
    [InlineData("Get-PortSipCallLog", PortSipFilterMode.LessThanIncludesEqual)]
    [InlineData("Get-PortSipCallLog", PortSipFilterMode.Ignored)]
    public void Two_adjacent_windows_return_each_call_on_their_boundary_once(string cmdlet, PortSipFilterMode mode)
    {
        var placed = Calls();
        fixture.Sandbox.PortSip.FilterMode = mode;
        try
        {
            var first = Run(cmdlet, A, B, mode);
            var second = Run(cmdlet, B, C, mode);

            var all = placed.Where(c => c.Value >= A && c.Value < C).Select(c => c.Key).OrderBy(i => i, StringComparer.Ordinal);
            Assert.Empty(first.Intersect(second));
            Assert.Equal(all, first.Concat(second).OrderBy(i => i, StringComparer.Ordinal));
            Assert.Equal(placed.Where(c => c.Value >= A && c.Value < B).Select(c => c.Key).OrderBy(i => i, StringComparer.Ordinal), first.OrderBy(i => i, StringComparer.Ordinal));
            Assert.All(placed.Where(c => c.Value == B), c => Assert.Contains(c.Key, second));
            Assert.Contains(placed.Single(c => c.Value == A).Key, first);
            Assert.DoesNotContain(placed.Single(c => c.Value == C).Key, second);
        }
        finally
        {
            fixture.Sandbox.PortSip.FilterMode = PortSipFilterMode.Applied;
        }
    }

    [Fact]
    public void The_default_EndTime_is_sent_with_at_most_milliseconds_and_the_order_breaks_ties_by_id()
    {
        fixture.Sandbox.Counters.Reset();
        fixture.Sandbox.PortSip.MaximumFilterFractionDigits = 3;
        try
        {
            var result = fixture.Invoke(
                "Get-PortSipCdr -Server $args[0] -Credential $args[1] -Domain $args[2] -StartTime '2026-11-02Z' -First 2",
                Server, fixture.PortSipCredential(), PortSipEmulator.Domain);

            result.ThrowIfFailed();
            Assert.Equal(2, result.Output.Count);
            var query = Assert.Single(fixture.Sandbox.Counters.LastQueries("/portsip/api/cdrs"));
            Assert.Matches(new Regex(@"^started_at ge '2026-11-02T00:00:00Z' and started_at lt '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z'$"), query["filter"]);
            Assert.Equal("started_at asc, id asc", query["orderby"]);
        }
        finally
        {
            fixture.Sandbox.PortSip.MaximumFilterFractionDigits = null;
        }
    }

    private List<string> Run(string cmdlet, DateTime start, DateTime end, PortSipFilterMode mode)
    {
        var result = fixture.Invoke(
            cmdlet + " -Server $args[0] -Credential $args[1] -Domain $args[2] -StartTime $args[3] -EndTime $args[4] -PageSize 50",
            Server, fixture.PortSipCredential(), PortSipEmulator.Domain, start, end);
        result.ThrowIfFailed();

        // Only a PBX that ignores the filter is worth a warning; the rounding's slack and an inclusive lt are not.
        Assert.Equal(mode == PortSipFilterMode.Ignored ? 1 : 0, result.Streams.Warning.Count);
        return result.Output.Select(o => (string)o.Properties["Id"].Value).ToList();
    }

    /// <summary>Calls on and around A, B and C, placed once for the whole class (the Sandbox is shared).</summary>
    private Dictionary<string, DateTime> Calls()
    {
        lock (Gate)
        {
            if (calls is null)
            {
                calls = new Dictionary<string, DateTime>(StringComparer.Ordinal);
                foreach (var at in new[]
                {
                    A.AddTicks(-10), A, A.AddTicks(10), A.AddMinutes(30),
                    B.AddTicks(-10), B, B, B.AddTicks(10), B.AddMilliseconds(1),
                    C.AddTicks(-10), C, C.AddTicks(10),
                })
                {
                    calls.Add(fixture.Sandbox.PortSip.InsertCdr(new DateTimeOffset(at)), at);
                }
            }

            return calls;
        }
    }
}
