using System;
using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox.Emulators.Ozonetel;

/// <summary>
/// More CloudAgent accounts, for tests that read many accounts of one server at once: <see cref="AccountUserName"/>
/// with <see cref="AccountApiKey"/> (1..8). Each has its own rate limits and token generations, and its calls
/// carry its own <c>DID</c> (<see cref="AccountDid"/>); the demo account's is 918069000000. ASSUMED: the limits
/// (2 requests a minute per endpoint, 10 token generations an hour) are counted per account; the sources say
/// how many, not per what.
/// </summary>
public sealed partial class OzonetelEmulator
{
    /// <summary>How many extra accounts there are.</summary>
    public const int AccountCount = 8;

    private const string AccountItem = "CallReports.Sandbox.Ozonetel.Account";

    /// <summary>The user name of extra account <paramref name="number"/> (1-based).</summary>
    public static string AccountUserName(int number) => UserName + "_" + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Its API key.</summary>
    public static string AccountApiKey(int number) => "KK7SandboxOzonetelKey" + number.ToString("D2", CultureInfo.InvariantCulture) + "account";

    /// <summary>The DID its calls come in on (0 for the demo account).</summary>
    public static string AccountDid(int number) => (918069000000L + (number * 100)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the user name and key are an account's; remembers which for the answer.</summary>
    private static bool IsAccount(HttpContext context, string? user, string? key)
    {
        if (user == UserName && key == ApiKey)
        {
            context.Items[AccountItem] = 0;
            return true;
        }

        for (var n = 1; n <= AccountCount; n++)
        {
            if (user == AccountUserName(n) && key == AccountApiKey(n))
            {
                context.Items[AccountItem] = n;
                return true;
            }
        }

        return false;
    }

    private static string DidOf(HttpContext context) =>
        AccountDid(context.Items.TryGetValue(AccountItem, out var n) && n is int number ? number : 0);
}
