namespace CallReports.Engine;

/// <summary>
/// A failure the user should see as an ErrorRecord: it carries a stable error id
/// (<c>&lt;Vendor&gt;&lt;Problem&gt;</c>), a failure kind the cmdlet maps to an ErrorCategory, and
/// whether the whole command must stop. Its message is always redacted.
/// </summary>
public sealed class CallReportsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorId">Stable id, e.g. <c>PortSipUnauthorized</c>.</param>
    /// <param name="kind">What kind of failure.</param>
    /// <param name="message">What happened and what to do; redacted here.</param>
    /// <param name="terminating">Whether the command must stop (configuration, authentication).</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public CallReportsException(string errorId, FailureKind kind, string message, bool terminating = false, Exception? inner = null)
        : base(Diagnostics.Redactor.Redact(message), inner is null ? null : new RedactedException(inner))
    {
        ErrorId = errorId;
        Kind = kind;
        IsTerminating = terminating;
    }

    /// <summary>
    /// Input that cannot work, found before any request (a query's own check): terminating, category
    /// InvalidArgument, with the offending value (never a secret) as the target.
    /// </summary>
    /// <param name="errorId">Stable id, e.g. <c>VoxoInvalidTimeRange</c>.</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="target">The offending value, or null.</param>
    /// <returns>The exception to throw.</returns>
    public static CallReportsException InvalidArgument(string errorId, string message, object? target = null) =>
        new(errorId, FailureKind.InvalidArgument, message, terminating: true) { Target = target?.ToString() };

    /// <summary>The stable error id.</summary>
    public string ErrorId { get; }

    /// <summary>The failure kind.</summary>
    public FailureKind Kind { get; }

    /// <summary>Whether the command must stop.</summary>
    public bool IsTerminating { get; }

    /// <summary>The HTTP status code, when the failure came from a response.</summary>
    public int? StatusCode { get; init; }

    /// <summary>The vendor's own error code, when it sent one.</summary>
    public string? VendorCode { get; init; }

    /// <summary>What failed (a page, a window, a record id), loggable.</summary>
    public string? Target { get; init; }

    /// <summary>Wraps an inner exception so its message is redacted too.</summary>
    private sealed class RedactedException : Exception
    {
        public RedactedException(Exception inner)
            : base(inner.GetType().Name + ": " + Diagnostics.Redactor.Redact(inner.Message))
        {
        }
    }
}
