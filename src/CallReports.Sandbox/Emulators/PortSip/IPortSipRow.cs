using System;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>A record a PortSIP list can filter and sort: its fields as the wire shows them.</summary>
internal interface IPortSipRow
{
    /// <summary>Where the record sorts when nothing else decides: insertion order.</summary>
    long Sequence { get; }

    /// <summary>A field's value: string, long, DateTimeOffset or null.</summary>
    object? Field(string name);

    /// <summary>A time as this record writes it (for startswith/contains on times).</summary>
    string FormatTime(DateTimeOffset? value);
}
