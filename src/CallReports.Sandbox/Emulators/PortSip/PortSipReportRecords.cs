using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>An emulated call report definition (<c>/api/call_reports</c>).</summary>
public sealed class PortSipReportDefinition : IPortSipRow
{
    internal static readonly PortSipSchema Schema = new(new[] { "id", "name", "type", "email", "format", "range", "started_at", "ended_at", "cron_expr", "status" }, new[] { "started_at", "ended_at" }, Array.Empty<string>());

    /// <summary>Id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>NORMAL, QUEUE_SLA_STATISTICS, ...</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>E-mail address.</summary>
    public string Email { get; set; } = string.Empty;

    /// <summary>CSV or HTML.</summary>
    public string Format { get; set; } = string.Empty;

    /// <summary>TODAY ... CUSTOM.</summary>
    public string Range { get; set; } = string.Empty;

    /// <summary>Custom start.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Custom end.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Cron expression, "" for one time.</summary>
    public string CronExpr { get; set; } = string.Empty;

    /// <summary>RUNNING, SCHEDULED or ABORTED.</summary>
    public string Status { get; set; } = string.Empty;

    /// <summary>The filter as received.</summary>
    public JsonElement Filter { get; set; }

    /// <inheritdoc />
    public long Sequence { get; set; }

    /// <inheritdoc />
    public object? Field(string name) => name switch
    {
        "id" => Id,
        "name" => Name,
        "type" => Type,
        "email" => Email,
        "format" => Format,
        "range" => Range,
        "started_at" => StartedAt,
        "ended_at" => EndedAt,
        "cron_expr" => CronExpr,
        "status" => Status,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown field."),
    };

    /// <inheritdoc />
    public string FormatTime(DateTimeOffset? value) => value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : string.Empty;

    internal void Write(Utf8JsonWriter writer, bool detail)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("name", Name);
        writer.WriteString("type", Type);
        if (detail)
        {
            writer.WriteString("email", Email);
            writer.WriteString("format", Format);
            writer.WriteString("range", Range);
            writer.WriteString("started_at", FormatTime(StartedAt));
            writer.WriteString("ended_at", FormatTime(EndedAt));
        }

        writer.WriteString("cron_expr", CronExpr);
        if (detail)
        {
            writer.WritePropertyName("filter");
            Filter.WriteTo(writer);
        }

        writer.WriteString("status", Status);
        writer.WriteEndObject();
    }
}

/// <summary>An emulated finished run (<c>/api/completed_call_reports</c>) with its file.</summary>
public sealed class PortSipCompletedReport : IPortSipRow
{
    internal static readonly PortSipSchema Schema = new(new[] { "id", "name", "type", "format", "completed_at", "file_name", "file_size" }, new[] { "completed_at" }, new[] { "file_size" });

    /// <summary>Id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The definition's name.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The definition's type.</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>CSV or HTML.</summary>
    public string Format { get; set; } = string.Empty;

    /// <summary>When it finished.</summary>
    public DateTimeOffset CompletedAt { get; set; }

    /// <summary>File name.</summary>
    public string FileName { get; set; } = string.Empty;

    /// <summary>Blob digest (the last segment of file_url).</summary>
    public string Digest { get; set; } = string.Empty;

    /// <summary>The file.</summary>
    public IReadOnlyList<byte> Content { get; set; } = Array.Empty<byte>();

    /// <summary>Data rows written (a Normal report stops at the call limit).</summary>
    public int Rows { get; set; }

    /// <inheritdoc />
    public long Sequence { get; set; }

    /// <inheritdoc />
    public object? Field(string name) => name switch
    {
        "id" => Id,
        "name" => Name,
        "type" => Type,
        "format" => Format,
        "completed_at" => CompletedAt,
        "file_name" => FileName,
        "file_size" => (long)Content.Count,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown field."),
    };

    /// <inheritdoc />
    public string FormatTime(DateTimeOffset? value) => value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture) : string.Empty;

    internal void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("name", Name);
        writer.WriteString("type", Type);
        writer.WriteString("format", Format);
        writer.WriteString("completed_at", FormatTime(CompletedAt));
        writer.WriteString("file_name", FileName);
        writer.WriteNumber("file_size", Content.Count);
        writer.WriteString("file_url", "/api/blobs/" + Digest);
        writer.WriteEndObject();
    }
}
