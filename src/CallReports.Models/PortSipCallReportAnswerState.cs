namespace CallReports.Models;

/// <summary>Which calls a Normal PortSIP call report keeps by answer state (<c>filter.answer_state</c>).</summary>
public enum PortSipCallReportAnswerState
{
    /// <summary><c>ANY</c>.</summary>
    Any,

    /// <summary><c>ANSWERED</c>.</summary>
    Answered,

    /// <summary><c>NOT_ANSWERED</c>.</summary>
    NotAnswered,
}
