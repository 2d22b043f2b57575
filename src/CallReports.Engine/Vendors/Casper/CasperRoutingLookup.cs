using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Diagnostics;
using CallReports.Models;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// Resolves cloud profile or destination names (with wildcards) to the integer ids the report wants,
/// through the documented cloud-routing API (<c>cloudRouteProfileGroups/withChildren</c>,
/// <c>cloudRouteDestinationGroups/withChildren</c>). The seed's <c>reports/inputControls</c> needs the
/// signed-in user's id, which an API token does not reveal, and its response shape is undocumented.
/// </summary>
internal static class CasperRoutingLookup
{
    /// <summary>Adds the ids of every profile (or destination) whose name, or whose group's name, matches one of the patterns.</summary>
    public static async Task ResolveAsync(CasperSession session, CasperCallDetailQuery query, OperationLog log, CancellationToken cancellationToken)
    {
        var destination = query.GroupBy == CasperGroupBy.Destination;
        var patterns = destination ? query.DestinationNames : query.ProfileNames;
        if (patterns.Count == 0)
        {
            return;
        }

        var account = query.RequestAccountId.Trim();
        var path = session.ApiPrefix + "admin/accounts/" + Uri.EscapeDataString(account) + (destination ? "/cloudRouteDestinationGroups/withChildren" : "/cloudRouteProfileGroups/withChildren");
        var what = destination ? "the cloud destination list" : "the cloud profile list";
        using var response = await session.SendAsync(HttpMethod.Get, path, null, "application/json", what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await CasperSession.ToExceptionAsync(response, what, null, cancellationToken).ConfigureAwait(false);
            throw new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " The names given could not be resolved; pass ids instead.", terminating: true) { StatusCode = failure.StatusCode, Target = what };
        }

        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var matchers = patterns.Select(p => (Pattern: p, Regex: ToRegex(p))).ToList();
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<int>(destination ? query.DestinationGroupIds : query.ProfileGroupIds);
        var ids = new List<int>(destination ? query.DestinationIds : query.ProfileIds);
        foreach (var group in Items(document.RootElement))
        {
            var groupId = Int(group, "cloudGroupId") ?? Int(group, "groupId");
            var groupName = CasperSession.Text(group, "groupName") ?? string.Empty;
            var groupMatches = matchers.Where(m => m.Regex.IsMatch(groupName)).Select(m => m.Pattern).ToList();
            var childName = destination ? "destinationName" : "profileName";
            var childId = destination ? "cloudDestinationId" : "cloudProfileId";
            var children = group.TryGetProperty(destination ? "cloudRouteDestinations" : "cloudRouteProfiles", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().ToList()
                : new List<JsonElement>();
            foreach (var child in children)
            {
                var name = CasperSession.Text(child, childName) ?? CasperSession.Text(child, "name") ?? string.Empty;
                var hits = matchers.Where(m => m.Regex.IsMatch(name)).Select(m => m.Pattern).Concat(groupMatches).ToList();
                if (hits.Count == 0 || (Int(child, childId) ?? Int(child, "objId")) is not { } id)
                {
                    continue;
                }

                matched.UnionWith(hits);
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }

                if (groupId is { } g && !groups.Contains(g))
                {
                    groups.Add(g);
                }
            }
        }

        var missing = patterns.Where(p => !matched.Contains(p)).ToList();
        if (missing.Count > 0 && (ids.Count == 0 || missing.Any(p => !HasWildcard(p))))
        {
            throw new CallReportsException(
                CasperSession.Vendor + (destination ? "DestinationNotFound" : "ProfileNotFound"),
                FailureKind.NotFound,
                string.Format(CultureInfo.InvariantCulture, "No cloud {0} of account {1} matches {2}.", destination ? "destination" : "profile", account, string.Join(", ", missing.Select(p => "'" + p + "'"))),
                terminating: true) { Target = what };
        }

        log.Verbose(string.Format(CultureInfo.InvariantCulture, "{0} resolved to {1} ids in {2} groups.", string.Join(", ", patterns), ids.Count, groups.Count));
        if (destination)
        {
            query.DestinationIds = ids;
            query.DestinationGroupIds = groups;
        }
        else
        {
            query.ProfileIds = ids;
            query.ProfileGroupIds = groups;
        }
    }

    internal static bool HasWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

    /// <summary>PowerShell-style wildcards (<c>*</c>, <c>?</c>, <c>[abc]</c>), case-insensitive, whole name.</summary>
    internal static Regex ToRegex(string pattern)
    {
        var builder = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    builder.Append(".*");
                    break;
                case '?':
                    builder.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close > i + 1)
                    {
                        builder.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']');
                        i = close;
                    }
                    else
                    {
                        builder.Append("\\[");
                    }

                    break;
                case '`' when i + 1 < pattern.Length:
                    builder.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                default:
                    builder.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(builder.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
    }

    private static IEnumerable<JsonElement> Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root.EnumerateArray();
        }

        // Some RingCX lists come wrapped in an object; take its first array.
        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Array)
                {
                    return property.Value.EnumerateArray();
                }
            }
        }

        return Enumerable.Empty<JsonElement>();
    }

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i
        : element.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out i) ? i
        : null;
}
