using System;
using System.Collections.Generic;
using System.Globalization;

namespace CallReports.Engine.Csv;

/// <summary>
/// One data record of a delimited report, read by column name (case-insensitive) so a reordered or
/// extra column does not matter. Missing columns read as null.
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

    /// <summary>The raw field under the first of <paramref name="names"/> the header has, or null.</summary>
    public string? Raw(params string[] names)
    {
        foreach (var name in names)
        {
            if (header.TryGetIndex(name, out var index))
            {
                return index < fields.Length ? fields[index] : null;
            }
        }

        return null;
    }

    /// <summary>The field trimmed, with "" as null.</summary>
    public string? Text(params string[] names)
    {
        var value = Raw(names)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>A whole number; "" is null; anything else that is not one is an <see cref="System.IO.InvalidDataException"/>.</summary>
    public long? Int64(string name)
    {
        var text = Text(name);
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

        throw Bad(name, text, "is not a whole number");
    }

    /// <summary>A whole number that fits an <see cref="int"/>.</summary>
    public int? Int32(string name)
    {
        var value = Int64(name);
        if (value is { } v && (v > int.MaxValue || v < int.MinValue))
        {
            throw Bad(name, v.ToString(CultureInfo.InvariantCulture), "is too large");
        }

        return (int?)value;
    }

    /// <summary>A problem with one field, naming the row and the column.</summary>
    public System.IO.InvalidDataException Bad(string name, string value, string problem) =>
        new(string.Format(CultureInfo.InvariantCulture, "Row {0}, column {1}: '{2}' {3}.", Number, name, value, problem));

    /// <summary>The column names, for messages.</summary>
    public IReadOnlyList<string> Columns => header.Names;
}
