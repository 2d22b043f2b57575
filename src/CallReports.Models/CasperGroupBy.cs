namespace CallReports.Models;

/// <summary>How the Cloud Call Detail report selects calls (<c>reportCriteria.groupBy</c>).</summary>
public enum CasperGroupBy
{
    /// <summary>By cloud routing profile (<c>PROFILE</c>): <c>cloudProfileGroupIds</c> and <c>cloudProfileIds</c>.</summary>
    Profile,

    /// <summary>By cloud routing destination (<c>DESTINATION</c>): <c>cloudDestinationGroupIds</c> and <c>cloudDestinationIds</c>.</summary>
    Destination,
}
