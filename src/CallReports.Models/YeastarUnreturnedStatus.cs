namespace CallReports.Models;

/// <summary>The <c>unreturn_status</c> filter.</summary>
public enum YeastarUnreturnedStatus
{
    /// <summary><c>1</c>: returned.</summary>
    Returned = 1,

    /// <summary><c>2</c>: not returned.</summary>
    NotReturned = 2,
}
