namespace CallReports.Models;

/// <summary>How a Normal PortSIP call report matches the calling or called party (<c>filter.from</c> / <c>filter.to</c>).</summary>
public enum PortSipCallReportParty
{
    /// <summary><c>ANY</c>: every party.</summary>
    Any,

    /// <summary><c>EXTENSION_OR_EXTENSION_RANGE</c>: one extension or a range such as 101-110 (needs a value).</summary>
    ExtensionOrExtensionRange,

    /// <summary><c>NUMBER</c>: one number (needs a value).</summary>
    Number,

    /// <summary><c>NUMBERS_START_WITH</c>: numbers with this prefix (needs a value).</summary>
    NumbersStartWith,

    /// <summary><c>NUMBERS_CONTAIN</c>: numbers containing this text (needs a value).</summary>
    NumbersContain,

    /// <summary><c>INTERNAL_EXTENSIONS</c>: any extension of the tenant.</summary>
    InternalExtensions,

    /// <summary><c>EXTERNAL_NUMBERS</c>: any number outside the tenant.</summary>
    ExternalNumbers,
}
