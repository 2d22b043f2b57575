using System.Text;

namespace CallReports.Engine.Json;

/// <summary>
/// Reads the top-level properties of one JSON object into slots in a single pass, for mappers that
/// read dozens of fields per record: <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
/// scans the object for every field asked for, which costs more than parsing the record. The order in
/// which a record's properties arrive is remembered, so each property of the next record (from the
/// same API, almost always in the same order) is recognised by one name comparison. One instance per
/// stream (or thread); not thread-safe.
/// </summary>
internal sealed class JsonFields
{
    private readonly Func<string, int> slotOf;
    private readonly bool keepFirstNonEmpty;
    private readonly JsonElement[] values;
    private readonly bool[] present;
    private readonly List<(byte[] Name, int Slot)> seen = new();

    /// <param name="names">The slot names, matched exactly (ordinal, as <c>TryGetProperty</c> does); the last occurrence of a name wins.</param>
    public JsonFields(IReadOnlyList<string> names)
        : this(names.Count, Exact(names), keepFirstNonEmpty: false)
    {
    }

    /// <param name="slots">How many slots.</param>
    /// <param name="slotOf">A property name → its slot, or -1 to ignore it.</param>
    /// <param name="keepFirstNonEmpty">Keep the first value per slot that is neither null nor "" (instead of the last occurrence).</param>
    public JsonFields(int slots, Func<string, int> slotOf, bool keepFirstNonEmpty)
    {
        this.slotOf = slotOf;
        this.keepFirstNonEmpty = keepFirstNonEmpty;
        values = new JsonElement[slots];
        present = new bool[slots];
    }

    /// <summary>Reads <paramref name="item"/>'s properties into the slots (a non-object leaves every slot empty).</summary>
    public void Load(JsonElement item)
    {
        Array.Clear(present, 0, present.Length);
        if (item.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var position = 0;
        foreach (var property in item.EnumerateObject())
        {
            int slot;
            if (position < seen.Count && property.NameEquals(seen[position].Name))
            {
                slot = seen[position].Slot;
            }
            else
            {
                var name = property.Name;
                slot = slotOf(name);
                var entry = (Encoding.UTF8.GetBytes(name), slot);
                if (position < seen.Count)
                {
                    seen[position] = entry;
                }
                else if (seen.Count < 256)
                {
                    seen.Add(entry);
                }
            }

            position++;
            if (slot < 0)
            {
                continue;
            }

            if (keepFirstNonEmpty)
            {
                var value = property.Value;
                if (present[slot] || value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.ValueEquals(ReadOnlySpan<byte>.Empty)))
                {
                    continue;
                }
            }

            values[slot] = property.Value;
            present[slot] = true;
        }
    }

    /// <summary>The value in <paramref name="slot"/>, if the object had it.</summary>
    public bool TryGet(int slot, out JsonElement value)
    {
        value = present[slot] ? values[slot] : default;
        return present[slot];
    }

    private static Func<string, int> Exact(IReadOnlyList<string> names)
    {
        var slots = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            slots[names[i]] = i;
        }

        return name => slots.TryGetValue(name, out var slot) ? slot : -1;
    }
}
