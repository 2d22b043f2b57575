using System;

namespace CallReports.Models;

/// <summary>
/// One finished run of a PortSIP call report (<c>GET /api/completed_call_reports</c>): the file to download
/// with <c>Save-PortSipCallReport</c>.
/// </summary>
public sealed class PortSipCompletedCallReport
{
    /// <summary>Opaque id of the completed report (<c>id</c>), not the definition's id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Report name (<c>name</c>), the same as the definition's.</summary>
    public string? Name { get; set; }

    /// <summary>Report type (<c>type</c>), e.g. NORMAL.</summary>
    public string? Type { get; set; }

    /// <summary>File format (<c>format</c>): CSV or HTML.</summary>
    public string? Format { get; set; }

    /// <summary>When the run finished, UTC (<c>completed_at</c>).</summary>
    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The file's name on the PBX (<c>file_name</c>); the default name when saving.</summary>
    public string? FileName { get; set; }

    /// <summary>File size in bytes (<c>file_size</c>).</summary>
    public long FileSize { get; set; }

    /// <summary>Relative download path (<c>file_url</c>), e.g. /api/blobs/WexWd...; a digest, not a secret.</summary>
    public string? FileUrl { get; set; }
}
