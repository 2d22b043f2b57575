using System.Linq;
using System.Text.RegularExpressions;
using P = CallReports.Engine.Vendors.Yeastar.YeastarReportDefinition.P;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Turns extension numbers, queue names and the like into the IDs the report wants, through
/// <c>GET system/get_menuoptions?menu=…</c> (<c>data[]{text, value}</c>; queue agents need the queue's ID).
/// A pattern matches an option's whole text ("1001 - Alice") or any of its words ("1001", "Alice").
/// </summary>
internal static class YeastarNameResolver
{
    private static readonly (string Parameter, string Menu, string Flag)[] Menus =
    {
        (P.QueueId, "queue", "-Queue"),
        (P.ExtensionId, "extension", "-Extension"),
        (P.TrunkId, "trunk", "-Trunk"),
        (P.IvrId, "ivr", "-Ivr"),
        (P.RingGroupId, "ring_group", "-RingGroup"),
        (P.AgentId, "queue_agent", "-Agent"),
    };

    public static async Task ResolveAsync(YeastarSession session, YeastarReportQuery query, CancellationToken cancellationToken)
    {
        foreach (var (parameter, menu, flag) in Menus)
        {
            if (!query.Names.TryGetValue(parameter, out var patterns) || patterns.Count == 0)
            {
                continue;
            }

            var arguments = new List<KeyValuePair<string, string>> { new("menu", menu) };
            if (menu == "queue_agent")
            {
                var queue = query.QueueId?.FirstOrDefault()
                    ?? throw YeastarReportQuery.Invalid(YeastarReportQuery.AgentNeedsQueue, string.Join(", ", patterns));
                arguments.Add(new("id", queue));
            }

            var options = await ReadOptionsAsync(session, menu, arguments, cancellationToken).ConfigureAwait(false);
            var ids = new List<string>(Existing(query, parameter));
            foreach (var pattern in patterns)
            {
                var regex = new Regex("^" + Regex.Escape(pattern.Trim()).Replace("\\*", ".*").Replace("\\?", ".") + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
                var matches = options.Where(o => regex.IsMatch(o.Text) || o.Text.Split(new[] { ' ', '-', '(', ')' }, StringSplitOptions.RemoveEmptyEntries).Any(regex.IsMatch)).Select(o => o.Value).ToList();
                if (matches.Count == 0)
                {
                    throw new CallReportsException(
                        YeastarErrors.NameNotFound,
                        FailureKind.InvalidArgument,
                        $"{flag} '{pattern}' matches nothing on the PBX. It has: {(options.Count == 0 ? "(none)" : string.Join(", ", options.Take(20).Select(o => o.Text)))}.",
                        terminating: true) { Target = pattern };
                }

                ids.AddRange(matches.Where(m => !ids.Contains(m)));
            }

            Assign(query, parameter, ids);
        }

        query.Names.Clear();
        query.Validate();
    }

    /// <summary>A menu's options, each its text ("1001 - Alice") and the ID it stands for.</summary>
    private static async Task<List<(string Text, string Value)>> ReadOptionsAsync(YeastarSession session, string menu, IReadOnlyList<KeyValuePair<string, string>> arguments, CancellationToken cancellationToken)
    {
        var options = new List<(string Text, string Value)>();
        using var document = await session.GetJsonAsync(YeastarSession.AuthPath + "system/get_menuoptions", arguments, "the " + menu + " list", cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return options;
        }

        foreach (var item in data.EnumerateArray())
        {
            if (YeastarRecordMapper.Text(item, "value") is { } value)
            {
                options.Add((YeastarRecordMapper.Text(item, "text") ?? value, value));
            }
        }

        return options;
    }

    private static IEnumerable<string> Existing(YeastarReportQuery query, string parameter) => parameter switch
    {
        P.ExtensionId => query.ExtensionId ?? Array.Empty<string>(),
        P.QueueId => query.QueueId ?? Array.Empty<string>(),
        P.TrunkId => query.TrunkId ?? Array.Empty<string>(),
        P.IvrId => query.IvrId ?? Array.Empty<string>(),
        P.RingGroupId => query.RingGroupId ?? Array.Empty<string>(),
        _ => query.AgentId ?? Array.Empty<string>(),
    };

    private static void Assign(YeastarReportQuery query, string parameter, IReadOnlyList<string> ids)
    {
        switch (parameter)
        {
            case P.ExtensionId: query.ExtensionId = ids; break;
            case P.QueueId: query.QueueId = ids; break;
            case P.TrunkId: query.TrunkId = ids; break;
            case P.IvrId: query.IvrId = ids; break;
            case P.RingGroupId: query.RingGroupId = ids; break;
            default: query.AgentId = ids; break;
        }
    }
}
