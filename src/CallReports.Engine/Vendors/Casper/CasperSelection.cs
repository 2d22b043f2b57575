namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// The ids a report request carries for its <c>groupBy</c>: the groups (<c>null</c> for the ungrouped, as in
/// the vendor page's example) and the profiles or destinations in them. Never empty: RingCX's page says to
/// send "the selected" ids and never that an empty list means all.
/// </summary>
internal sealed class CasperSelection
{
    public CasperSelection(IReadOnlyList<int?> groupIds, IReadOnlyList<int> ids)
    {
        GroupIds = groupIds;
        Ids = ids;
    }

    /// <summary><c>cloudProfileGroupIds</c> or <c>cloudDestinationGroupIds</c>.</summary>
    public IReadOnlyList<int?> GroupIds { get; }

    /// <summary><c>cloudProfileIds</c> or <c>cloudDestinationIds</c>.</summary>
    public IReadOnlyList<int> Ids { get; }
}
