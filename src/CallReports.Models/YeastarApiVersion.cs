namespace CallReports.Models;

/// <summary>Which OpenAPI path serves the report data.</summary>
public enum YeastarApiVersion
{
    /// <summary><c>openapi/v2.0</c> on firmware x.21.0.117 or later, else <c>openapi/v1.0</c>.</summary>
    Auto,

    /// <summary><c>openapi/v1.0</c>: legacy data (firmware x.21.0.66 and earlier).</summary>
    V1,

    /// <summary><c>openapi/v2.0</c>: data generated on firmware x.21.0.117 or later.</summary>
    V2,
}
