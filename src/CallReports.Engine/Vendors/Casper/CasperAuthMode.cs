namespace CallReports.Engine.Vendors.Casper;

/// <summary>The RingCX authentication modes.</summary>
internal enum CasperAuthMode
{
    AccessToken,
    ApiToken,
    RingCentralJwt,
    EngageLogin,
}
