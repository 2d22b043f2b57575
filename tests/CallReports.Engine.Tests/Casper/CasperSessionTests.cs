using System;
using System.Linq;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

public sealed class CasperSessionTests
{
    [Theory]
    [InlineData("https://ringcx.ringcentral.com/", "voice/api/v1/")]
    [InlineData("https://engage.ringcentral.com/", "voice/api/v1/")]
    [InlineData("https://portal.vacd.biz/", "api/v1/")]
    [InlineData("https://portal.virtualacd.biz/", "api/v1/")]
    public void Legacy_hosts_have_no_voice_prefix(string server, string prefix)
    {
        var session = new CasperSession(new ConnectionOptions(new Uri(server)), CasperHarness.ApiToken(), new OperationLog(_ => { }));
        Assert.Equal(prefix, session.ApiPrefix);
    }

    [Fact]
    public void Legacy_hosts_refuse_anything_but_an_api_token_before_sending()
    {
        var client = new CasperClient(new ConnectionOptions(new Uri("https://portal.vacd.biz/")), CasperCredentials.FromAccessToken(CasperHarness.Secure("ringcx-at-0000")), new OperationLog(_ => { }));
        var query = CasperHarness.SampleDay();

        var error = Assert.Throws<CallReportsException>(() => client.GetCallDetails(query, default).ToList());

        Assert.Equal("CasperLegacyHostNeedsApiToken", error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Theory]
    [InlineData("it*", "IT TFN", true)]
    [InlineData("I? T[FG]N", "IT TFN", true)]
    [InlineData("Zürich, \"Main\" Line", "zürich, \"main\" line", true)]
    [InlineData("DTE", "DTE 2", false)]
    [InlineData("a.b", "axb", false)]
    public void Name_wildcards_match_like_PowerShell(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, CasperRoutingLookup.ToRegex(pattern).IsMatch(name));
    }
}
