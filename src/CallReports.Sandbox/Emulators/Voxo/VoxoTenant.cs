namespace CallReports.Sandbox.Emulators.Voxo;

/// <summary>An account of the emulated VOXO partner.</summary>
/// <param name="Id">tenantId.</param>
/// <param name="Name">Account name.</param>
/// <param name="TimeZone">The account's IANA zone (<c>timeZone</c>).</param>
/// <param name="BillingCode">Its billing code (<c>te_billingcode</c>/<c>tenantCode</c>).</param>
public sealed record VoxoTenant(long Id, string Name, string TimeZone, string BillingCode);
