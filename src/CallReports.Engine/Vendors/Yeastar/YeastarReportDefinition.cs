using System.Linq;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>How a report type takes its time filter.</summary>
public enum YeastarTimeMode
{
    /// <summary><c>start_time</c>/<c>end_time</c> (optional), in the PBX's date and time display format.</summary>
    Range,

    /// <summary><c>time</c> (required): the date, year-month or year in the PBX's date display format.</summary>
    Date,
}

/// <summary>One parameter a report type takes: the cmdlet parameter, the API name, and whether it is required.</summary>
/// <param name="Parameter">The cmdlet parameter name (without '-').</param>
/// <param name="ApiName">The query string name.</param>
/// <param name="Required">Whether the type needs it.</param>
/// <param name="Single">Whether only one value is taken (<c>trunk_id</c>, <c>queue_id</c>).</param>
public sealed record YeastarReportParameter(string Parameter, string ApiName, bool Required = false, bool Single = false);

/// <summary>
/// The single table of what each of the 22 report types takes (from Yeastar's "Download a Call Report"):
/// its <c>type</c> value, its time filter, and its ID lists and options. Validation, the query string and the
/// name lookups read it. The Sandbox's emulator keeps its own table of the same page (what each type requires),
/// so a mistake here meets a different reading there instead of agreeing with itself; the help's table is written
/// from the page too.
/// </summary>
public sealed class YeastarReportDefinition
{
    /// <summary>Cmdlet parameter names, shared by the table, the validation messages and the cmdlet.</summary>
    public static class P
    {
#pragma warning disable CS1591 // the names say it
        public const string ExtensionId = nameof(ExtensionId);
        public const string TrunkId = nameof(TrunkId);
        public const string QueueId = nameof(QueueId);
        public const string IvrId = nameof(IvrId);
        public const string RingGroupId = nameof(RingGroupId);
        public const string AgentId = nameof(AgentId);
        public const string AbandonTime = nameof(AbandonTime);
        public const string TalkTime = nameof(TalkTime);
        public const string IncludeInternal = nameof(IncludeInternal);
        public const string CallbackResult = nameof(CallbackResult);
        public const string PauseReason = nameof(PauseReason);
        public const string CommunicationType = nameof(CommunicationType);
        public const string CallFrom = nameof(CallFrom);
        public const string CallTo = nameof(CallTo);
        public const string CallToType = nameof(CallToType);
        public const string MissedCallType = nameof(MissedCallType);
        public const string UnreturnedStatus = nameof(UnreturnedStatus);
        public const string NeedDetail = nameof(NeedDetail);
#pragma warning restore CS1591
    }

    private static readonly YeastarReportParameter Ext = new YeastarReportParameter(P.ExtensionId, "ext_id_list");
    private static readonly YeastarReportParameter ExtRequired = new YeastarReportParameter(P.ExtensionId, "ext_id_list", Required: true);
    private static readonly YeastarReportParameter TrunkList = new YeastarReportParameter(P.TrunkId, "trunk_id_list", Required: true);
    private static readonly YeastarReportParameter TrunkOne = new YeastarReportParameter(P.TrunkId, "trunk_id", Required: true, Single: true);
    private static readonly YeastarReportParameter QueueList = new YeastarReportParameter(P.QueueId, "queue_id_list", Required: true);
    private static readonly YeastarReportParameter QueueOne = new YeastarReportParameter(P.QueueId, "queue_id", Required: true, Single: true);
    private static readonly YeastarReportParameter Agents = new YeastarReportParameter(P.AgentId, "agent_id_list");
    private static readonly YeastarReportParameter Abandon = new YeastarReportParameter(P.AbandonTime, "abandon_time");
    private static readonly YeastarReportParameter Detail = new YeastarReportParameter(P.NeedDetail, "need_detail");
    private static readonly YeastarReportParameter Communication = new YeastarReportParameter(P.CommunicationType, "communication_type");

    private static readonly IReadOnlyDictionary<YeastarReportType, YeastarReportDefinition> Table = new[]
    {
        Def(YeastarReportType.ExtensionCallStatistics, "extcallstatistics", YeastarTimeMode.Range, "Extension Call Statistics", ExtRequired, Communication),
        Def(YeastarReportType.ExtensionCallActivity, "extcallactivity", YeastarTimeMode.Date, "Extension Call Activity", ExtRequired, Communication),
        Def(YeastarReportType.PbxCallActivity, "trunkactivity", YeastarTimeMode.Date, "PBX Call Activity", TrunkList, new YeastarReportParameter(P.IncludeInternal, "include_internal"), Communication),
        Def(YeastarReportType.DidOutboundCallerIdActivity, "trunkdiddodactivity", YeastarTimeMode.Date, "DID/Outbound Caller ID Activity", TrunkOne, Communication),
        Def(YeastarReportType.Ivr, "ivr", YeastarTimeMode.Range, "IVR Report", new YeastarReportParameter(P.IvrId, "ivr_id_list", Required: true), Detail),
        Def(YeastarReportType.TranscriptionUsage, "aisttusage", YeastarTimeMode.Range, "Transcription Usage Details"),
        Def(
            YeastarReportType.UnreturnedMissedCalls,
            "unreturnmisscall",
            YeastarTimeMode.Range,
            "Unreturned Missed Call Report",
            Abandon,
            new YeastarReportParameter(P.CallFrom, "call_from"),
            new YeastarReportParameter(P.CallTo, "call_to"),
            new YeastarReportParameter(P.CallToType, "call_to_type"),
            new YeastarReportParameter(P.MissedCallType, "miss_call_type"),
            new YeastarReportParameter(P.UnreturnedStatus, "unreturn_status")),
        Def(YeastarReportType.QueueAverageWaitTalkTime, "queueavgwaittalktime", YeastarTimeMode.Date, "Queue AVG Waiting & Talking Time", QueueList),
        Def(YeastarReportType.QueuePerformance, "queueperformance", YeastarTimeMode.Range, "Queue Performance", QueueList, Abandon, new YeastarReportParameter(P.TalkTime, "talk_time"), Detail),
        Def(YeastarReportType.QueuePerformanceActivity, "queueperformanceactivity", YeastarTimeMode.Date, "Queue Performance Activity", QueueList, Abandon, Detail),
        Def(YeastarReportType.QueueCallbackSummary, "queuecallbackssummary", YeastarTimeMode.Range, "Queue Callback Summary", QueueList),
        Def(YeastarReportType.QueueCallbackActivity, "queuecallbacksactivity", YeastarTimeMode.Range, "Queue Callback Activity", QueueList, new YeastarReportParameter(P.CallbackResult, "callback_result")),
        Def(YeastarReportType.QueueSatisfaction, "queuesatisfaction", YeastarTimeMode.Range, "Satisfaction Survey", QueueOne),
        Def(YeastarReportType.QueueSatisfactionDetail, "queuesatisfactiondetail", YeastarTimeMode.Range, "Queue Satisfaction Survey Details", QueueOne, Agents),
        Def(YeastarReportType.AgentLoginActivity, "queueagentlogintime", YeastarTimeMode.Range, "Agent Login Activity", QueueOne, Agents),
        Def(YeastarReportType.AgentPauseActivity, "queueagentpausetime", YeastarTimeMode.Range, "Agent Pause Activity", QueueOne, Agents, new YeastarReportParameter(P.PauseReason, "reason")),
        Def(YeastarReportType.AgentMissedCallActivity, "queueagentmisscalls", YeastarTimeMode.Range, "Agent Missed Call Activity", QueueOne, Agents, Abandon),
        Def(YeastarReportType.AgentPerformance, "queueagentperformance", YeastarTimeMode.Range, "Agent Performance", QueueOne, Agents, Abandon, Detail),
        Def(YeastarReportType.AgentCallSummary, "queueagentinoutcalls", YeastarTimeMode.Range, "Agent Call Summary", QueueOne, Agents),
        Def(YeastarReportType.RingGroupStatistics, "ringgroupstatistics", YeastarTimeMode.Range, "Ring Group Statistics", new YeastarReportParameter(P.RingGroupId, "ring_group_id_list", Required: true)),
        Def(YeastarReportType.ExtensionCallBilling, "extcallbilling", YeastarTimeMode.Range, "Extension Call Accounting", TrunkList, Ext),
        Def(YeastarReportType.ExtensionCallBillingDetails, "extcallbillingdetails", YeastarTimeMode.Range, "Extension Call Accounting Details", TrunkList, Ext),
    }.ToDictionary(d => d.Type);

    /// <summary>The types whose rows are single calls or events (the "Details" and "Activity" lists), not figures.</summary>
    private static readonly HashSet<YeastarReportType> CallLists = new()
    {
        YeastarReportType.TranscriptionUsage,
        YeastarReportType.UnreturnedMissedCalls,
        YeastarReportType.QueueCallbackActivity,
        YeastarReportType.QueueSatisfactionDetail,
        YeastarReportType.AgentLoginActivity,
        YeastarReportType.AgentPauseActivity,
        YeastarReportType.AgentMissedCallActivity,
        YeastarReportType.ExtensionCallBillingDetails,
    };

    private YeastarReportDefinition(YeastarReportType type, string apiName, YeastarTimeMode timeMode, string title, IReadOnlyList<YeastarReportParameter> parameters)
    {
        Type = type;
        ApiName = apiName;
        TimeMode = timeMode;
        Title = title;
        Parameters = parameters;
    }

    /// <summary>The report type.</summary>
    public YeastarReportType Type { get; }

    /// <summary>The <c>type</c> value.</summary>
    public string ApiName { get; }

    /// <summary>How the type takes its time filter.</summary>
    public YeastarTimeMode TimeMode { get; }

    /// <summary>The report's name in the PBX web portal.</summary>
    public string Title { get; }

    /// <summary>
    /// Whether each row is one call or event with its time (a list), rather than figures summed over the
    /// range (statistics, summaries, per-hour activity). Only a list can be cut to a range on the client and
    /// merged with another part of the data.
    /// </summary>
    public bool ListsCalls => CallLists.Contains(Type);

    /// <summary>The ID lists and options the type takes.</summary>
    public IReadOnlyList<YeastarReportParameter> Parameters { get; }

    /// <summary>Every definition, in enum order.</summary>
    public static IEnumerable<YeastarReportDefinition> All => Table.Values.OrderBy(d => d.Type);

    /// <summary>The definition of a type.</summary>
    public static YeastarReportDefinition Of(YeastarReportType type) =>
        Table.TryGetValue(type, out var definition) ? definition : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a Yeastar report type.");

    /// <summary>The definition whose <c>type</c> value is <paramref name="apiName"/>, or null.</summary>
    public static YeastarReportDefinition? FromApiName(string apiName) =>
        Table.Values.FirstOrDefault(d => string.Equals(d.ApiName, apiName, StringComparison.OrdinalIgnoreCase));

    /// <summary>The parameter named <paramref name="parameter"/>, or null when the type does not take it.</summary>
    public YeastarReportParameter? Find(string parameter) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Parameter, parameter, StringComparison.OrdinalIgnoreCase));

    /// <summary>A one-line summary for messages: "-Date [-Granularity], -QueueId (required), -AbandonTime".</summary>
    public string Describe()
    {
        var parts = new List<string> { TimeMode == YeastarTimeMode.Date ? "-Date (required) with -Granularity" : "-StartTime/-EndTime" };
        parts.AddRange(Parameters.Select(p => "-" + p.Parameter + (p.Required ? " (required" + (p.Single ? ", one value)" : ")") : string.Empty)));
        return string.Join(", ", parts);
    }

    private static YeastarReportDefinition Def(YeastarReportType type, string apiName, YeastarTimeMode mode, string title, params YeastarReportParameter[] parameters) =>
        new(type, apiName, mode, title, parameters);
}
