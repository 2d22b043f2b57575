namespace CallReports.Models;

/// <summary>The <c>callback_result</c> filter.</summary>
public enum YeastarCallbackResult
{
    /// <summary><c>success</c>.</summary>
    Success,

    /// <summary><c>fail</c>.</summary>
    Fail,
}
