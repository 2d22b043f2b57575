namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// What an update of a call report definition changes (<c>POST /api/call_reports/{id}</c>); null leaves a field as it
/// is. The type cannot change (the update body has no <c>type</c>). <see cref="Validate"/> judges what can be judged
/// without the report; the report read from the PBX, changed, is then checked whole by
/// <see cref="PortSipCallReportDefinition.Validate"/>, the checks <c>New-PortSipCallReport</c> uses.
/// </summary>
public sealed class PortSipCallReportChange : PortSipCallReportFields
{
    /// <summary>New name (<c>name</c>).</summary>
    public string? Name { get; set; }

    /// <summary>New e-mail address (<c>email</c>).</summary>
    public string? Email { get; set; }

    /// <summary>New file format (<c>format</c>).</summary>
    public PortSipCallReportFormat? Format { get; set; }

    /// <summary>New range (<c>range</c>); a range other than Custom drops the report's times.</summary>
    public PortSipCallReportRange? Range { get; set; }

    /// <summary>The fields changed, by their PortSIP names, for -WhatIf and messages.</summary>
    public IReadOnlyList<string> Fields
    {
        get
        {
            var fields = new List<string>();
            Add(Name, "name");
            Add(Email, "email");
            Add(Format, "format");
            Add(Range, "range");
            Add(StartTime, "started_at");
            Add(EndTime, "ended_at");
            Add(CronExpression, "cron_expr");
            if (GivesFilter)
            {
                fields.Add("filter");
            }

            return fields;

            void Add(object? value, string name)
            {
                if (value is not null)
                {
                    fields.Add(name);
                }
            }
        }
    }

    /// <summary>Checks what can be judged without the report: each value given, and the values given together.</summary>
    /// <exception cref="ArgumentException">Nothing is changed, or a value is out of range or contradicts another.</exception>
    public void Validate()
    {
        if (Fields.Count == 0)
        {
            throw new ArgumentException("Nothing to change: give at least one of -Name, -Email, -Format, -Range, -StartTime, -EndTime, -CronExpression or a filter parameter.");
        }

        if (Name is not null && Name.Trim().Length == 0)
        {
            throw new ArgumentException("The report needs a name.", nameof(Name));
        }

        if (Email is not null)
        {
            PortSipCallReportDefinition.CheckEmail(Email);
        }

        PortSipCallReportDefinition.CheckTimes(Range, StartTime, EndTime, complete: false);
        PortSipCallReportDefinition.CheckCron(CronExpression);
        if (From is { } from)
        {
            PortSipCallReportDefinition.CheckParty(from, FromValue, "From", complete: FromValue is not null);
        }

        if (To is { } to)
        {
            PortSipCallReportDefinition.CheckParty(to, ToValue, "To", complete: ToValue is not null);
        }

        PortSipCallReportDefinition.CheckDuration(Duration, DurationFrom, DurationTo, complete: false);
        PortSipCallReportDefinition.CheckExclusion(ExcludeCallsDroppedBeforeSeconds);
    }

    /// <summary>Applies the change to a definition read from the PBX.</summary>
    /// <param name="definition">The definition; changed in place.</param>
    public void ApplyTo(PortSipCallReportDefinition definition)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        definition.Name = Name ?? definition.Name;
        definition.Email = Email ?? definition.Email;
        definition.Format = Format ?? definition.Format;
        definition.CronExpression = CronExpression ?? definition.CronExpression;
        if (Range is { } range)
        {
            definition.Range = range;
            if (range != PortSipCallReportRange.Custom)
            {
                definition.StartTime = null;
                definition.EndTime = null;
            }
        }

        definition.StartTime = StartTime ?? definition.StartTime;
        definition.EndTime = EndTime ?? definition.EndTime;

        if (From is { } from)
        {
            definition.From = from;
            definition.FromValue = PortSipCallReportDefinition.NeedsValue(from) ? definition.FromValue : null;
        }

        definition.FromValue = FromValue ?? definition.FromValue;
        if (To is { } to)
        {
            definition.To = to;
            definition.ToValue = PortSipCallReportDefinition.NeedsValue(to) ? definition.ToValue : null;
        }

        definition.ToValue = ToValue ?? definition.ToValue;
        definition.AnswerState = AnswerState ?? definition.AnswerState;
        if (Duration is { } duration)
        {
            definition.Duration = duration;
            if (duration == PortSipCallReportDuration.Any)
            {
                definition.DurationFrom = null;
                definition.DurationTo = null;
            }
        }

        definition.DurationFrom = DurationFrom ?? definition.DurationFrom;
        definition.DurationTo = DurationTo ?? definition.DurationTo;
        definition.CallType = CallType ?? definition.CallType;
        definition.ExtensionGroups = ExtensionGroups ?? definition.ExtensionGroups;
        definition.Queues = Queues ?? definition.Queues;
        definition.ExcludeCallsDroppedBeforeSeconds = ExcludeCallsDroppedBeforeSeconds ?? definition.ExcludeCallsDroppedBeforeSeconds;
        definition.RingGroups = RingGroups ?? definition.RingGroups;
    }
}
