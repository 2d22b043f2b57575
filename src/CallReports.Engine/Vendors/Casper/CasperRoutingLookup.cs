using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace CallReports.Engine.Vendors.Casper;

/// <summary>
/// Turns the user's selection into the ids the report wants, through the documented cloud-routing API
/// (<c>cloudRouteProfileGroups/withChildren</c>, <c>cloudRouteDestinationGroups/withChildren</c>), read once per
/// requested account. The page says to send "the selected" group ids and their children's ids, which "must
/// correspond"; it never says an empty list means all. So nothing chosen selects every profile (destination)
/// of every account, a group alone brings its children, an id alone brings its group, and names (wildcards)
/// bring the matches and their groups; the ungrouped travel as the <c>null</c> group. The seed's
/// <c>reports/inputControls</c> is not used: it needs the signed-in user's id, which an API token does not
/// reveal, and its response shape is undocumented.
/// </summary>
internal static class CasperRoutingLookup
{
    /// <summary>The selection to send; only groups and ids given together are sent without a lookup.</summary>
    public static async Task<CasperSelection> ResolveAsync(CasperSession session, CasperCallDetailQuery query, OperationLog log, CancellationToken cancellationToken)
    {
        var destination = query.ByDestination;
        var givenGroups = destination ? query.DestinationGroupIds : query.ProfileGroupIds;
        var givenIds = destination ? query.DestinationIds : query.ProfileIds;
        var patterns = destination ? query.DestinationNames : query.ProfileNames;
        if (patterns.Count == 0 && givenGroups.Count > 0 && givenIds.Count > 0)
        {
            return new CasperSelection(givenGroups.Select(g => (int?)g).ToList(), givenIds);
        }

        var accounts = query.AccountIds.Select(a => a.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var catalogue = new List<Child>();
        foreach (var account in accounts)
        {
            catalogue.AddRange(await ReadAsync(session, account, destination, cancellationToken).ConfigureAwait(false));
        }

        var kind = destination ? "destination" : "profile";
        var where = (accounts.Count == 1 ? "account " : "accounts ") + string.Join(", ", accounts);
        var groups = new List<int?>();
        var ids = new List<int>();
        void AddGroup(int? group)
        {
            if (!groups.Contains(group))
            {
                groups.Add(group);
            }
        }

        void AddId(int id)
        {
            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        void Add(Child child)
        {
            AddGroup(child.GroupId);
            AddId(child.Id);
        }

        if (patterns.Count + givenGroups.Count + givenIds.Count == 0)
        {
            catalogue.ForEach(Add);
            if (ids.Count == 0)
            {
                throw NotFound(destination, $"The cloud-routing API lists no cloud {kind} for {where}, so the report has nothing to select.");
            }
        }

        // Groups and ids given together are the user's exact selection; either alone is completed from the lookup.
        foreach (var group in givenGroups)
        {
            AddGroup(group);
            if (givenIds.Count == 0)
            {
                var members = catalogue.Where(c => c.GroupId == group).ToList();
                if (members.Count == 0)
                {
                    throw NotFound(destination, string.Format(CultureInfo.InvariantCulture, "No cloud {0} of {1} is in group {2}.", kind, where, group));
                }

                members.ForEach(Add);
            }
        }

        foreach (var id in givenIds)
        {
            if (givenGroups.Count == 0)
            {
                Add(catalogue.FirstOrDefault(c => c.Id == id)
                    ?? throw NotFound(destination, string.Format(CultureInfo.InvariantCulture, "No cloud {0} of {1} has the id {2}.", kind, where, id)));
            }
            else
            {
                AddId(id);
            }
        }

        if (patterns.Count > 0)
        {
            var matchers = patterns.Select(p => (Pattern: p, Regex: ToRegex(p))).ToList();
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var child in catalogue)
            {
                var hits = matchers.Where(m => m.Regex.IsMatch(child.Name) || m.Regex.IsMatch(child.GroupName)).Select(m => m.Pattern).ToList();
                if (hits.Count > 0)
                {
                    matched.UnionWith(hits);
                    Add(child);
                }
            }

            var missing = patterns.Where(p => !matched.Contains(p)).ToList();
            if (missing.Count > 0 && (matched.Count == 0 || missing.Any(p => !HasWildcard(p))))
            {
                throw NotFound(destination, string.Format(CultureInfo.InvariantCulture, "No cloud {0} of {1} matches {2}.", kind, where, string.Join(", ", missing.Select(p => "'" + p + "'"))));
            }
        }

        log.Verbose(string.Format(CultureInfo.InvariantCulture, "Selected {0} cloud {1}s in {2} groups of {3}.", ids.Count, kind, groups.Count, where));
        return new CasperSelection(groups, ids);
    }

    /// <summary>One account's groups and their children, flattened.</summary>
    private static async Task<List<Child>> ReadAsync(CasperSession session, string account, bool destination, CancellationToken cancellationToken)
    {
        var path = session.ApiPrefix + "admin/accounts/" + Uri.EscapeDataString(account) + (destination ? "/cloudRouteDestinationGroups/withChildren" : "/cloudRouteProfileGroups/withChildren");
        var what = (destination ? "the cloud destination list of account " : "the cloud profile list of account ") + account;
        using var response = await session.SendAsync(HttpMethod.Get, path, null, "application/json", what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var failure = await CasperErrors.FromResponseAsync(response, what, null, cancellationToken).ConfigureAwait(false);
            throw new CallReportsException(failure.ErrorId, failure.Kind, failure.Message + " The report's profiles or destinations could not be listed; pass both group ids and ids to select without the lookup.", terminating: true) { StatusCode = failure.StatusCode, VendorCode = failure.VendorCode, Target = what };
        }

        using var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        var children = new List<Child>();
        foreach (var group in Items(document.RootElement))
        {
            var groupId = Int(group, "cloudGroupId") ?? Int(group, "groupId");
            var groupName = CasperRecordMapper.Text(group, "groupName") ?? string.Empty;
            if (!group.TryGetProperty(destination ? "cloudRouteDestinations" : "cloudRouteProfiles", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var child in list.EnumerateArray())
            {
                if ((Int(child, destination ? "cloudDestinationId" : "cloudProfileId") ?? Int(child, "objId")) is { } id)
                {
                    var name = CasperRecordMapper.Text(child, destination ? "destinationName" : "profileName") ?? CasperRecordMapper.Text(child, "name") ?? string.Empty;
                    children.Add(new Child(groupId, groupName, id, name));
                }
            }
        }

        return children;
    }

    private static CallReportsException NotFound(bool destination, string message) =>
        new(destination ? CasperErrors.DestinationNotFound : CasperErrors.ProfileNotFound, FailureKind.NotFound, message, terminating: true) { Target = destination ? "cloud destinations" : "cloud profiles" };

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

    private sealed record Child(int? GroupId, string GroupName, int Id, string Name);
}
