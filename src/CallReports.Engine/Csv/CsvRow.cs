namespace CallReports.Engine.Csv;

/// <summary>
/// One data record of a delimited report, read by column name (case-insensitive) so a reordered or
/// extra column does not matter, or by a position resolved once from the header
/// (<see cref="CsvHeader.IndexOf"/>) on hot paths. Missing columns (name absent, position -1, or a
/// short record) read as null.
/// </summary>
internal sealed class CsvRow
{
    private readonly CsvHeader header;
    private readonly string[] fields;

    public CsvRow(CsvHeader header, string[] fields, long number)
    {
        this.header = header;
        this.fields = fields;
        Number = number;
    }

    /// <summary>1-based data row number (the header is not counted).</summary>
    public long Number { get; }

    /// <summary>How many fields the record has.</summary>
    public int FieldCount => fields.Length;

    /// <summary>The column names, for messages.</summary>
    public IReadOnlyList<string> Columns => header.Names;

    /// <summary>The raw field under the first of <paramref name="names"/> the header has, or null.</summary>
    public string? Raw(params string[] names) => Raw(header.IndexOf(names));

    /// <summary>The raw field at <paramref name="index"/>, or null.</summary>
    public string? Raw(int index) => index >= 0 && index < fields.Length ? fields[index] : null;

    /// <summary>The field trimmed, with "" as null.</summary>
    public string? Text(params string[] names) => Text(header.IndexOf(names));

    /// <summary>The field at <paramref name="index"/> trimmed, with "" as null.</summary>
    public string? Text(int index)
    {
        var raw = Raw(index);
        if (string.IsNullOrEmpty(raw))
        {
            return null;
        }

        // Most fields have nothing to trim: check the ends before Trim() so no string is made.
        if (!char.IsWhiteSpace(raw![0]) && !char.IsWhiteSpace(raw[raw.Length - 1]))
        {
            return raw;
        }

        var value = raw.Trim();
        return value.Length == 0 ? null : value;
    }

    /// <summary>A whole number; "" is null; anything else that is not one is an <see cref="System.IO.InvalidDataException"/>.</summary>
    public long? Int64(string name) => Int64(header.IndexOf(name));

    /// <summary>The whole number at <paramref name="index"/>.</summary>
    public long? Int64(int index)
    {
        var text = Text(index);
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && Math.Abs(real) < 9e15)
        {
            return (long)real;
        }

        throw Bad(index, text, "is not a whole number");
    }

    /// <summary>A whole number that fits an <see cref="int"/>.</summary>
    public int? Int32(string name) => Int32(header.IndexOf(name));

    /// <summary>The whole number at <paramref name="index"/>, fitting an <see cref="int"/>.</summary>
    public int? Int32(int index)
    {
        var value = Int64(index);
        if (value is { } v && (v > int.MaxValue || v < int.MinValue))
        {
            throw Bad(index, v.ToString(CultureInfo.InvariantCulture), "is too large");
        }

        return (int?)value;
    }

    /// <summary>A problem with one field, naming the row and the column.</summary>
    public System.IO.InvalidDataException Bad(string name, string value, string problem) =>
        new(string.Format(CultureInfo.InvariantCulture, "Row {0}, column {1}: '{2}' {3}.", Number, name, value, problem));

    /// <summary>A problem with the field at <paramref name="index"/>.</summary>
    public System.IO.InvalidDataException Bad(int index, string value, string problem) =>
        Bad(index >= 0 && index < header.Count ? header.Names[index].Trim().TrimStart('\uFEFF') : "#" + (index + 1).ToString(CultureInfo.InvariantCulture), value, problem);
}
