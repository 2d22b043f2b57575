namespace CallReports.Engine.Csv;

/// <summary>The header record of a delimited report: column name → position, case-insensitive, trimmed.</summary>
internal sealed class CsvHeader
{
    private readonly Dictionary<string, int> positions = new(StringComparer.OrdinalIgnoreCase);

    public CsvHeader(IReadOnlyList<string> names)
    {
        Names = names;
        for (var i = 0; i < names.Count; i++)
        {
            // A BOM the decoder did not strip (a second one, or one inside a proxy-rewritten body) is not part of the name.
            var name = names[i].Trim().TrimStart('\uFEFF');
            if (name.Length > 0 && !positions.ContainsKey(name))
            {
                positions[name] = i;
            }
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    public bool TryGetIndex(string name, out int index) => positions.TryGetValue(name, out index);

    /// <summary>The position of the first of <paramref name="names"/> the header has, or -1: resolved once, read by position on every row.</summary>
    public int IndexOf(params string[] names)
    {
        foreach (var name in names)
        {
            if (positions.TryGetValue(name, out var index))
            {
                return index;
            }
        }

        return -1;
    }

    public bool Contains(string name) => positions.ContainsKey(name);
}
