using System.IO;
using System.Linq;
using CallReports.Engine.Vendors.Yeastar;
using CallReports.Yeastar;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Downloads any of the 22 Yeastar P-Series call reports, to a file or as objects.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "YeastarReportDownload", DefaultParameterSetName = RowsSet, SupportsPaging = true, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(ReportRow), ParameterSetName = new[] { RowsSet })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { OutFileSet })]
public sealed class InvokeYeastarReportDownloadCommand : SecretCmdlet
{
    private const string RowsSet = "Rows";
    private const string OutFileSet = "OutFile";

    private Uri? baseUri;
    private YeastarCredentials? credentials;
    private string? outPath;
    private TimeZoneInfo? zone;

    /// <summary>The PBX: host, host:port or URI. A bare host gets https and port 8088 (Appliance/Software), or 443 for a *.yeastarcloud.com / *.ras.yeastar.com host (Cloud).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("Uri")]
    public string Server { get; set; } = string.Empty;

    /// <summary>The report type.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public YeastarReportType Type { get; set; }

    /// <summary>Range types: the start (inclusive), PBX wall-clock time (a UTC DateTime is converted to the PBX's zone).</summary>
    [Parameter]
    [Alias("From", "Start")]
    public DateTime? StartTime { get; set; }

    /// <summary>Range types: the end (exclusive), read as -StartTime is.</summary>
    [Parameter]
    [Alias("To", "End")]
    public DateTime? EndTime { get; set; }

    /// <summary>The PBX's time zone (IANA name or Windows id), whose daylight-saving rules convert each time. Default: the zone the PBX names, else its current UTC offset for every time.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>Date types: the day (Hour), month (Day) or year (Month) the report covers (<c>time</c>).</summary>
    [Parameter]
    public DateTime? Date { get; set; }

    /// <summary>Date types: what one row covers; default Hour.</summary>
    [Parameter]
    public YeastarGranularity? Granularity { get; set; }

    /// <summary>Extension or extension group IDs (<c>ext_id_list</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ExtensionId { get; set; }

    /// <summary>Trunk IDs (<c>trunk_id_list</c>, or the one <c>trunk_id</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? TrunkId { get; set; }

    /// <summary>Queue IDs (<c>queue_id_list</c>, or the one <c>queue_id</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? QueueId { get; set; }

    /// <summary>IVR IDs (<c>ivr_id_list</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? IvrId { get; set; }

    /// <summary>Ring group IDs (<c>ring_group_id_list</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? RingGroupId { get; set; }

    /// <summary>Queue agent IDs (<c>agent_id_list</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? AgentId { get; set; }

    /// <summary>Extension numbers or names (wildcards allowed), resolved to IDs through system/get_menuoptions.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Extension { get; set; }

    /// <summary>Trunk names (wildcards allowed), resolved to IDs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Trunk { get; set; }

    /// <summary>Queue numbers or names (wildcards allowed), resolved to IDs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Queue { get; set; }

    /// <summary>IVR numbers or names (wildcards allowed), resolved to IDs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Ivr { get; set; }

    /// <summary>Ring group numbers or names (wildcards allowed), resolved to IDs.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? RingGroup { get; set; }

    /// <summary>Queue agent numbers or names (wildcards allowed), resolved to IDs in the queue of -QueueId/-Queue.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Agent { get; set; }

    /// <summary>Seconds: calls abandoned within it are left out (<c>abandon_time</c>).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? AbandonTime { get; set; }

    /// <summary>Seconds: calls talked within it are left out (<c>talk_time</c>).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? TalkTime { get; set; }

    /// <summary>Include internal calls (<c>include_internal=1</c>); -IncludeInternal:$false sends 0.</summary>
    [Parameter]
    public SwitchParameter IncludeInternal { get; set; }

    /// <summary>Queue callback result (<c>callback_result</c>).</summary>
    [Parameter]
    public YeastarCallbackResult? CallbackResult { get; set; }

    /// <summary>An agent pause reason as set on the PBX (<c>reason</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PauseReason { get; set; }

    /// <summary>Communication type (<c>communication_type</c>); Internal for the extension reports only.</summary>
    [Parameter]
    public YeastarCommunicationType? CommunicationType { get; set; }

    /// <summary>Caller number (<c>call_from</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CallFrom { get; set; }

    /// <summary>Callee number (<c>call_to</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CallTo { get; set; }

    /// <summary>Destination type (<c>call_to_type</c>).</summary>
    [Parameter]
    public YeastarCallToType? CallToType { get; set; }

    /// <summary>Missed-call type (<c>miss_call_type</c>).</summary>
    [Parameter]
    public YeastarMissedCallType? MissedCallType { get; set; }

    /// <summary>Return status of missed calls (<c>unreturn_status</c>).</summary>
    [Parameter]
    public YeastarUnreturnedStatus? UnreturnedStatus { get; set; }

    /// <summary>Include the associated call details (<c>need_detail=1</c>).</summary>
    [Parameter]
    public SwitchParameter NeedDetail { get; set; }

    /// <summary>The PBX's date display format (YYYY/MM/DD, DD/MM/YYYY, MM/DD/YYYY) when the firmware does not report it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? DateFormat { get; set; }

    /// <summary>The PBX's time display format (HH:mm:ss or hh:mm:ss AM) when the firmware does not report it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeFormat { get; set; }

    /// <summary>Which API path serves the report data; Auto picks v2.0 on firmware x.21.0.117 or later.</summary>
    [Parameter]
    public YeastarApiVersion ApiVersion { get; set; } = YeastarApiVersion.Auto;

    /// <summary>Use the documented asynchronous mode: request with is_async=1 and wait (up to -TimeoutSec) for event 30027 on the WebSocket subscription.</summary>
    [Parameter]
    public SwitchParameter Async { get; set; }

    /// <summary>Write the report file, as the PBX sends it, here instead of emitting rows.</summary>
    [Parameter(Mandatory = true, ParameterSetName = OutFileSet)]
    [ValidateNotNullOrEmpty]
    [Alias("Path")]
    public string OutFile { get; set; } = string.Empty;

    /// <summary>Overwrite an existing -OutFile.</summary>
    [Parameter(ParameterSetName = OutFileSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>Return the written file's FileInfo.</summary>
    [Parameter(ParameterSetName = OutFileSet)]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override string ErrorPrefix => YeastarErrors.Prefix;

    /// <inheritdoc />
    protected override string CredentialChoices => "-Credential (Client ID and Client Secret) or -SecretName";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        baseUri = ParseServer(Server, "https", YeastarServer.DefaultPort(Server));

        if (ResolveSecret() is not PSCredential given)
        {
            ThrowInvalidArgument(YeastarErrors.CredentialType, $"Secret '{SecretName}' must be a PSCredential: the Client ID as user name and the Client Secret as password.", SecretName);
            return;
        }

        credentials = new YeastarCredentials(given.GetNetworkCredential());
        zone = ResolveZone(TimeZone, "Europe/Berlin");

        if (!MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)))
        {
            TimeoutSec = YeastarServer.DefaultTimeoutSec;
        }

        if (ParameterSetName == OutFileSet)
        {
            outPath = ResolveOutFile(OutFile, Force.IsPresent);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        var query = new YeastarReportQuery
        {
            Type = Type,
            StartTime = StartTime,
            EndTime = EndTime,
            TimeZone = zone,
            Date = Date,
            Granularity = Granularity,
            ExtensionId = ExtensionId,
            TrunkId = TrunkId,
            QueueId = QueueId,
            IvrId = IvrId,
            RingGroupId = RingGroupId,
            AgentId = AgentId,
            AbandonTime = AbandonTime,
            TalkTime = TalkTime,
            IncludeInternal = bound.ContainsKey(nameof(IncludeInternal)) ? IncludeInternal.IsPresent : null,
            CallbackResult = CallbackResult,
            PauseReason = PauseReason,
            CommunicationType = CommunicationType,
            CallFrom = CallFrom,
            CallTo = CallTo,
            CallToType = CallToType,
            MissedCallType = MissedCallType,
            UnreturnedStatus = UnreturnedStatus,
            NeedDetail = bound.ContainsKey(nameof(NeedDetail)) ? NeedDetail.IsPresent : null,
            DateFormat = DateFormat,
            TimeFormat = TimeFormat,
            ApiVersion = ApiVersion,
            Async = Async.IsPresent,
            Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
            First = PagingParameters.First >= long.MaxValue ? null : (long)PagingParameters.First,
        };
        AddNames(query, "ExtensionId", Extension);
        AddNames(query, "TrunkId", Trunk);
        AddNames(query, "QueueId", Queue);
        AddNames(query, "IvrId", Ivr);
        AddNames(query, "RingGroupId", RingGroup);
        AddNames(query, "AgentId", Agent);
        Run(query.Validate, Type);

        if (ParameterSetName == OutFileSet)
        {
            if (!ShouldProcess(outPath, "Write the Yeastar " + Type + " report"))
            {
                return;
            }

            Run(() =>
            {
                var client = new YeastarClient(CreateConnection(baseUri!), credentials!, CreateLog());
                var (file, reportFile) = client.SaveFile(query, outPath!, Force.IsPresent, CancellationToken);
                if (PassThru.IsPresent)
                {
                    WriteFileItem(file.FullName, new PSNoteProperty("ReportFile", reportFile));
                }
            }, Type);
            return;
        }

        if (PagingParameters.IncludeTotalCount)
        {
            // The PBX does not say how many rows a report has before it is read.
            WriteObject(PagingParameters.NewTotalCount(0, 0.0));
        }

        if (query.First == 0)
        {
            return;
        }

        Run(() =>
        {
            var client = new YeastarClient(CreateConnection(baseUri!), credentials!, CreateLog());
            YeastarRowShape? shape = null;
            IReadOnlyList<string>? shaped = null;
            var source = SourceOf(baseUri!, null);
            foreach (var row in client.GetRows(query, CancellationToken))
            {
                // One report's rows share their property names; the rows of openapi/v1.0 merged after those of v2.0 may have others.
                if (!ReferenceEquals(shaped, row.PropertyNames))
                {
                    shaped = row.PropertyNames;
                    shape = YeastarRowShape.For(Type, shaped as string[] ?? shaped.ToArray());
                }

                WriteObject(shape!.Create(ValuesOf(row, shape, source)));
            }
        }, Type);
    }

    /// <summary>One value per property: the columns, then Source unless the report has a column of that name itself.</summary>
    private static object?[] ValuesOf(YeastarReportRow row, YeastarRowShape shape, string source)
    {
        var values = new object?[shape.Names.Length];
        for (var i = 0; i < shape.ColumnCount && i < row.Columns.Count; i++)
        {
            values[i] = row.Columns[i].Value;
        }

        if (shape.HasSource)
        {
            values[shape.ColumnCount] = source;
        }

        return values;
    }

    private static void AddNames(YeastarReportQuery query, string parameter, string[]? names)
    {
        if (names is { Length: > 0 })
        {
            query.Names[parameter] = names;
        }
    }
}
