namespace CallReports.Models;

/// <summary>The file format of a PortSIP call report (<c>format</c>).</summary>
public enum PortSipCallReportFormat
{
    /// <summary><c>CSV</c>.</summary>
    Csv,

    /// <summary><c>HTML</c>.</summary>
    Html,
}
