namespace CallReports.Models;

/// <summary>The 22 Yeastar P-Series call report types (<c>type</c> of <c>call_report/download</c>).</summary>
public enum YeastarReportType
{
    /// <summary>Extension Call Statistics (<c>extcallstatistics</c>): calls per extension over a time range.</summary>
    ExtensionCallStatistics,

    /// <summary>Extension Call Activity (<c>extcallactivity</c>): extension calls by hour, day or month.</summary>
    ExtensionCallActivity,

    /// <summary>PBX Call Activity (<c>trunkactivity</c>): trunk calls by hour, day or month.</summary>
    PbxCallActivity,

    /// <summary>DID/Outbound Caller ID Activity (<c>trunkdiddodactivity</c>): one trunk's DID/DOD calls by hour, day or month.</summary>
    DidOutboundCallerIdActivity,

    /// <summary>IVR Report (<c>ivr</c>): calls through IVRs over a time range.</summary>
    Ivr,

    /// <summary>Transcription Usage Details (<c>aisttusage</c>).</summary>
    TranscriptionUsage,

    /// <summary>Unreturned Missed Call Report (<c>unreturnmisscall</c>).</summary>
    UnreturnedMissedCalls,

    /// <summary>Queue AVG Waiting &amp; Talking Time (<c>queueavgwaittalktime</c>) by hour, day or month.</summary>
    QueueAverageWaitTalkTime,

    /// <summary>Queue Performance (<c>queueperformance</c>) over a time range.</summary>
    QueuePerformance,

    /// <summary>Queue Performance Activity (<c>queueperformanceactivity</c>) by hour, day or month.</summary>
    QueuePerformanceActivity,

    /// <summary>Queue Callback Summary (<c>queuecallbackssummary</c>).</summary>
    QueueCallbackSummary,

    /// <summary>Queue Callback Activity (<c>queuecallbacksactivity</c>).</summary>
    QueueCallbackActivity,

    /// <summary>Satisfaction Survey (<c>queuesatisfaction</c>) of one queue.</summary>
    QueueSatisfaction,

    /// <summary>Queue Satisfaction Survey Details (<c>queuesatisfactiondetail</c>) of one queue.</summary>
    QueueSatisfactionDetail,

    /// <summary>Agent Login Activity (<c>queueagentlogintime</c>) of one queue's agents.</summary>
    AgentLoginActivity,

    /// <summary>Agent Pause Activity (<c>queueagentpausetime</c>) of one queue's agents.</summary>
    AgentPauseActivity,

    /// <summary>Agent Missed Call Activity (<c>queueagentmisscalls</c>) of one queue's agents.</summary>
    AgentMissedCallActivity,

    /// <summary>Agent Performance (<c>queueagentperformance</c>) of one queue's agents.</summary>
    AgentPerformance,

    /// <summary>Agent Call Summary (<c>queueagentinoutcalls</c>) of one queue's agents.</summary>
    AgentCallSummary,

    /// <summary>Ring Group Statistics (<c>ringgroupstatistics</c>).</summary>
    RingGroupStatistics,

    /// <summary>Extension Call Accounting (<c>extcallbilling</c>).</summary>
    ExtensionCallBilling,

    /// <summary>Extension Call Accounting Details (<c>extcallbillingdetails</c>).</summary>
    ExtensionCallBillingDetails,
}
