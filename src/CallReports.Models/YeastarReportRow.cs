using System.Collections.Generic;

namespace CallReports.Models;

/// <summary>
/// One row of a Yeastar call report CSV. The column set differs per report type and firmware (Yeastar
/// does not document it), so the values are kept by column, typed: whole and decimal numbers as
/// <see cref="long"/>/<see cref="double"/>, <c>hh:mm:ss</c> durations as <see cref="System.TimeSpan"/>,
/// PBX times as <see cref="System.DateTimeOffset"/> in the PBX's zone, everything else as text.
/// </summary>
public sealed class YeastarReportRow
{
    /// <summary>The report type the row belongs to.</summary>
    public YeastarReportType Type { get; set; }

    /// <summary>1-based row number in the CSV (the header not counted).</summary>
    public long RowNumber { get; set; }

    /// <summary>The CSV columns in file order: the header name and the typed value (null for an empty field).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Columns { get; set; } = new List<KeyValuePair<string, object?>>();

    /// <summary>
    /// The columns' names as PowerShell property names, in the same order ("Total Talking Time" is TotalTalkingTime,
    /// a repeated name gets a number). One array per report, shared by its rows; empty for a row made by hand.
    /// </summary>
    public IReadOnlyList<string> PropertyNames { get; set; } = new string[0];
}
