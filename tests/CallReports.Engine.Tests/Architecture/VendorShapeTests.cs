using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CallReports.Engine.Auth;
using Xunit;

namespace CallReports.Engine.Tests.Architecture;

/// <summary>
/// Issue 14's pattern, read from the engine assembly: every vendor namespace (<c>CallReports.Engine.Vendors.&lt;Vendor&gt;</c>)
/// has the same parts — a client, a session that is a <see cref="VendorAuthentication"/> (so token renewal stays the
/// <see cref="AuthorizedSender"/>'s), a query, a record mapper, credentials and an error-id list whose ids are
/// <c>&lt;Vendor&gt;&lt;Problem&gt;</c> constants. A sixth vendor that copies the shape passes; one that skips a part fails,
/// naming it.
/// </summary>
public sealed class VendorShapeTests
{
    private const string VendorsNamespace = "CallReports.Engine.Vendors.";

    public static TheoryData<string> Vendors() => new(VendorNames());

    [Fact]
    public void The_five_vendors_are_found()
    {
        Assert.Equal(new[] { "Casper", "Ozonetel", "PortSip", "Voxo", "Yeastar" }, VendorNames());
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Every_vendor_has_the_same_parts(string vendor)
    {
        var types = VendorTypes().Where(t => t.Namespace == VendorsNamespace + vendor).ToDictionary(t => t.Name, StringComparer.Ordinal);
        var missing = new List<string>();
        void Require(string name, Func<Type, bool>? also = null, string? why = null)
        {
            if (!types.TryGetValue(name, out var type) || (also is not null && !also(type)))
            {
                missing.Add(name + (why is null ? string.Empty : " (" + why + ")"));
            }
        }

        Require(vendor + "Client");
        Require(vendor + "Session", t => typeof(VendorAuthentication).IsAssignableFrom(t), "a VendorAuthentication, on the AuthorizedSender");
        Require(vendor + "RecordMapper");
        Require(vendor + "Credentials");
        Require(vendor + "Errors", t => t.IsAbstract && t.IsSealed, "a static class of error-id constants");
        if (!types.Keys.Any(n => n.StartsWith(vendor, StringComparison.Ordinal) && n.EndsWith("Query", StringComparison.Ordinal)))
        {
            missing.Add(vendor + "…Query");
        }

        Assert.True(missing.Count == 0, $"Vendors/{vendor} lacks: {string.Join(", ", missing)}. Copy the shape of Vendors/Voxo (CONTRIBUTING.md, Adding a vendor).");
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Every_error_id_is_the_vendor_prefix_and_the_constant_s_name(string vendor)
    {
        var errors = VendorTypes().Single(t => t.Namespace == VendorsNamespace + vendor && t.Name == vendor + "Errors");
        var constants = errors.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != "Prefix")
            .ToList();

        Assert.Equal(vendor, (string)errors.GetField("Prefix")!.GetRawConstantValue()!);
        Assert.NotEmpty(constants);
        var wrong = constants.Where(f => (string)f.GetRawConstantValue()! != vendor + f.Name).Select(f => $"{f.Name} = \"{f.GetRawConstantValue()}\"").ToList();
        Assert.True(wrong.Count == 0, "Error ids are <Vendor><Problem>, named as their constant: " + string.Join(", ", wrong));
    }

    [Theory]
    [MemberData(nameof(Vendors))]
    public void Every_vendor_lists_the_ids_the_shared_code_raises_in_its_name(string vendor)
    {
        // VendorCmdlet (-Server), CallReportsCmdlet (bad input, -Vault without -SecretName) and the AuthorizedSender
        // (an answer cut off in its first bytes) build these from the vendor's prefix: its list names them too.
        var errors = VendorTypes().Single(t => t.Namespace == VendorsNamespace + vendor && t.Name == vendor + "Errors");
        var missing = new[] { "InvalidServer", "InvalidArgument", "VaultWithoutSecret", "ResponseInterrupted" }.Where(id => errors.GetField(id) is null).ToList();
        Assert.True(missing.Count == 0, $"{vendor}Errors lacks: {string.Join(", ", missing)}");
    }

    private static string[] VendorNames() =>
        VendorTypes().Select(t => t.Namespace!.Substring(VendorsNamespace.Length)).Distinct().OrderBy(v => v, StringComparer.Ordinal).ToArray();

    private static IEnumerable<Type> VendorTypes() =>
        typeof(AuthorizedSender).Assembly.GetTypes()
            .Where(t => t.Namespace is { } ns && ns.StartsWith(VendorsNamespace, StringComparison.Ordinal) && !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal));
}
