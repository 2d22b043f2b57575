using CallReports.Engine.Http;
using CallReports.Engine.Vendors.Yeastar;
using Xunit;

namespace CallReports.Engine.Tests.Yeastar;

/// <summary>The port a PBX named by host alone is reached on (Yeastar: 8088 on Appliance/Software, 443 in the Cloud).</summary>
public sealed class YeastarServerTests
{
    [Theory]
    [InlineData("pbx.example.com", "https://pbx.example.com:8088/")]
    [InlineData("192.168.1.20", "https://192.168.1.20:8088/")]
    [InlineData("acme.yeastarcloud.com", "https://acme.yeastarcloud.com/")]
    [InlineData("ACME.RAS.YEASTAR.COM", "https://acme.ras.yeastar.com/")]
    [InlineData("acme.yeastarcloud.com:8443", "https://acme.yeastarcloud.com:8443/")]
    [InlineData("pbx.example.com:9443", "https://pbx.example.com:9443/")]
    [InlineData("http://127.0.0.1:5080/yeastar/", "http://127.0.0.1:5080/yeastar/")]
    public void A_bare_host_gets_the_port_of_its_edition_and_anything_else_keeps_its_own(string server, string expected)
    {
        Assert.Equal(expected, ConnectionOptions.ParseServer(server, "https", YeastarServer.DefaultPort(server)).ToString());
    }
}
