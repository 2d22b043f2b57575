using System;
using System.Collections.Generic;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>The filterable fields of one PortSIP resource and which of them hold times or numbers.</summary>
internal sealed class PortSipSchema
{
    private readonly HashSet<string> times;
    private readonly HashSet<string> numbers;

    public PortSipSchema(IReadOnlyList<string> fieldNames, IEnumerable<string> times, IEnumerable<string> numbers)
    {
        FieldNames = fieldNames;
        this.times = new HashSet<string>(times, StringComparer.Ordinal);
        this.numbers = new HashSet<string>(numbers, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> FieldNames { get; }

    public bool IsTime(string name) => times.Contains(name);

    public bool IsNumber(string name) => numbers.Contains(name);
}
