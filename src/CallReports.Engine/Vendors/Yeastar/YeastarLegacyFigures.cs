namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// Whether a row of a figures report (statistics, summaries) from openapi/v1.0 counts any call. Yeastar
/// documents no columns, and a report may list every selected extension with zeros, so: a row counts calls
/// when a duration or a number is above zero in a column that does not name the row. The first column names it (extension, queue, hour), and so does a column whose header says
/// "num" or "ID" (Queue Number).
/// </summary>
internal static class YeastarLegacyFigures
{
    public static bool CountsCalls(YeastarReportRow row)
    {
        for (var i = 1; i < row.Columns.Count; i++)
        {
            var column = row.Columns[i];
            var above = column.Value switch
            {
                TimeSpan span => span > TimeSpan.Zero,
                long whole => whole != 0,
                double real => real != 0,
                _ => false,
            };
            if (above && !NamesTheRow(column.Key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool NamesTheRow(string header) =>
        header.IndexOf("num", StringComparison.OrdinalIgnoreCase) >= 0 ||
        string.Equals(header, "ID", StringComparison.OrdinalIgnoreCase) ||
        header.EndsWith(" ID", StringComparison.OrdinalIgnoreCase) ||
        header.EndsWith("_id", StringComparison.OrdinalIgnoreCase);
}
