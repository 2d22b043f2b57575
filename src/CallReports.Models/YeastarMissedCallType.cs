namespace CallReports.Models;

/// <summary>The <c>miss_call_type</c> filter.</summary>
public enum YeastarMissedCallType
{
    /// <summary><c>no_answer</c>.</summary>
    NoAnswer,

    /// <summary><c>busy</c>.</summary>
    Busy,

    /// <summary><c>abandoned</c>.</summary>
    Abandoned,
}
