namespace CallReports.Engine.Vendors.PortSip;

/// <summary>One PortSIP list resource (<c>{count, items[]}</c> list plus <c>/{id}</c> detail) as the shared pager sees it.</summary>
/// <typeparam name="T">Record type.</typeparam>
internal sealed class PortSipList<T>
{
    public PortSipList(string path, string noun, string activity, int progressId, Func<JsonElement, T> map, Func<T, string> idOf)
    {
        Path = path;
        Noun = noun;
        Activity = activity;
        ProgressId = progressId;
        Map = map;
        IdOf = idOf;
    }

    /// <summary>Relative path without a leading slash, e.g. "api/cdrs".</summary>
    public string Path { get; }

    /// <summary>What one record is called in messages, e.g. "call log".</summary>
    public string Noun { get; }

    /// <summary>The progress activity (the cmdlet name).</summary>
    public string Activity { get; }

    /// <summary>The progress id, distinct per list so nested progress bars do not collide.</summary>
    public int ProgressId { get; }

    /// <summary>Maps one JSON item.</summary>
    public Func<JsonElement, T> Map { get; }

    /// <summary>The record's id for de-duplication across page edges.</summary>
    public Func<T, string> IdOf { get; }

    /// <summary>A record's start, for lists that take a time window (CDRs and call logs); null for the others.</summary>
    public Func<T, DateTimeOffset?>? StartedAtOf { get; init; }

    /// <summary>Turns a list failure into a better one (e.g. a 404 on a PBX too old for this resource); null keeps it.</summary>
    public Func<CallReportsException, string, CallReportsException?>? Explain { get; init; }

    /// <summary>The same for a detail request.</summary>
    public Func<CallReportsException, string, CallReportsException?>? ExplainDetail { get; init; }
}
