namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>How an emulated PBX treats the <c>filter</c> of its CDR and call log lists.</summary>
public enum PortSipFilterMode
{
    /// <summary>As OData reads it: <c>ge</c> includes an equal time, <c>lt</c> excludes it (the default).</summary>
    Applied,

    /// <summary>Not at all: every record is listed (the page declares no query options on these lists).</summary>
    Ignored,

    /// <summary>Applied, but <c>lt</c> on a time field includes an equal time (an inclusive end).</summary>
    LessThanIncludesEqual,
}
