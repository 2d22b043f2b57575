using System;
using System.Net;
using System.Text.Json;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;
using CallReports.Sandbox.Emulators.Casper;
using Xunit;

namespace CallReports.Engine.Tests.Casper;

/// <summary>The input rules, each in one place in the engine: the query's and the credentials'. No network.</summary>
public sealed class CasperQueryTests
{
    [Theory]
    [InlineData("range", CasperErrors.InvalidTimeRange)]
    [InlineData("window", CasperErrors.InvalidWindowSize)]
    [InlineData("both", CasperErrors.ConflictingSelection)]
    [InlineData("groupBy", CasperErrors.ConflictingSelection)]
    [InlineData("account", CasperErrors.InvalidArgument)]
    [InlineData("name", CasperErrors.InvalidArgument)]
    [InlineData("skip", CasperErrors.InvalidArgument)]
    public void Each_broken_query_names_its_rule(string broken, string errorId)
    {
        var query = CasperHarness.SampleDay();
        switch (broken)
        {
            case "range":
                query.EndTime = query.StartTime;
                break;
            case "window":
                query.WindowSize = TimeSpan.FromSeconds(10);
                break;
            case "both":
                query.ProfileIds = new[] { 1111 };
                query.DestinationIds = new[] { 4546 };
                break;
            case "groupBy":
                query.GroupBy = CasperGroupBy.Destination;
                query.ProfileIds = new[] { 1111 };
                break;
            case "account":
                query.AccountIds = new[] { "x y" };
                break;
            case "name":
                query.ProfileNames = new[] { " " };
                break;
            default:
                query.Skip = -1;
                break;
        }

        var error = Assert.Throws<CallReportsException>(query.Validate);

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        Assert.True(error.IsTerminating);
    }

    [Theory]
    [InlineData(null, false, "PROFILE")]
    [InlineData(null, true, "DESTINATION")]
    [InlineData(CasperGroupBy.Destination, false, "DESTINATION")]
    [InlineData(CasperGroupBy.Profile, false, "PROFILE")]
    public void Destinations_selected_without_GroupBy_group_the_report_by_destination(CasperGroupBy? groupBy, bool destinations, string sent)
    {
        var query = CasperHarness.SampleDay();
        query.GroupBy = groupBy;
        if (destinations)
        {
            query.DestinationIds = new[] { 4546 };
        }

        query.Validate();
        var body = query.BuildBody(new CasperSelection(new int?[] { 10 }, new[] { 4546 }), query.StartTime, query.EndTime, query.TimeZone!, "US/Arizona");

        using var document = JsonDocument.Parse(body);
        Assert.Equal(sent, document.RootElement.GetProperty("reportCriteria").GetProperty("groupBy").GetString());
    }

    [Theory]
    [InlineData("none", CasperErrors.CredentialMissing)]
    [InlineData("api+access", CasperErrors.CredentialAmbiguous)]
    [InlineData("jwt", CasperErrors.ClientCredentialMissing)]
    [InlineData("api+client", CasperErrors.JwtMissing)]
    [InlineData("login", CasperErrors.PlatformIdMissing)]
    [InlineData("secret-login", CasperErrors.PlatformIdMissing)]
    public void Parameters_that_do_not_go_together_fail_with_their_id(string given, string errorId)
    {
        var token = CasperHarness.Secure("t");
        var client = new NetworkCredential(CasperEmulator.ClientId, CasperEmulator.ClientSecret);
        var login = new NetworkCredential(CasperEmulator.UserName, CasperEmulator.Password);

        var error = Assert.Throws<CallReportsException>(() => given switch
        {
            "none" => CasperCredentials.FromParameters(null, null, null, null, null, null, null, null, null),
            "api+access" => CasperCredentials.FromParameters(token, token, null, null, null, null, null, null, null),
            "jwt" => CasperCredentials.FromParameters(null, null, token, null, null, null, null, null, null),
            "api+client" => CasperCredentials.FromParameters(null, token, null, client, null, null, null, null, null),
            "login" => CasperCredentials.FromParameters(null, null, null, null, null, login, null, null, null),
            _ => CasperCredentials.FromParameters(null, null, null, null, null, null, null, "RingCx", login),
        });

        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(FailureKind.InvalidArgument, error.Kind);
    }

    [Fact]
    public void A_secret_is_an_api_token_a_jwt_with_a_client_or_an_engage_login()
    {
        var token = CasperHarness.Secure("t");
        var client = new NetworkCredential(CasperEmulator.ClientId, CasperEmulator.ClientSecret);
        var login = new NetworkCredential(CasperEmulator.UserName, CasperEmulator.Password);

        Assert.Equal(CasperAuthMode.ApiToken, CasperCredentials.FromParameters(null, null, null, null, null, null, null, "RingCx", token).Mode);
        Assert.Equal(CasperAuthMode.RingCentralJwt, CasperCredentials.FromParameters(null, null, null, client, null, null, null, "RingCx", token).Mode);
        Assert.Equal(CasperAuthMode.EngageLogin, CasperCredentials.FromParameters(null, null, null, client, null, null, CasperEmulator.PlatformId, "RingCx", login).Mode);
        Assert.Equal(CasperAuthMode.AccessToken, CasperCredentials.FromParameters(token, null, null, null, null, null, null, null, null).Mode);
        Assert.Equal(CasperAuthMode.RingCentralJwt, CasperCredentials.FromParameters(null, null, token, client, null, null, null, null, null).Mode);
    }
}
