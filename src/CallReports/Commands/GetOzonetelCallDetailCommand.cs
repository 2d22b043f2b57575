using System.Globalization;
using System.Security;
using CallReports.Engine.Checkpoints;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Ozonetel;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets Ozonetel CloudAgent call details by UCID or for whole days.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "OzonetelCallDetail", DefaultParameterSetName = ByDateSet)]
[OutputType(typeof(OzonetelCallDetail))]
public sealed class GetOzonetelCallDetailCommand : SecretCmdlet, IDynamicParameters
{
    private const string DefaultServer = "https://in1-ccaas-api.ozonetel.com";
    private const string ByUcidSet = "ByUcid";
    private const string ByDateSet = "ByDate";
    private const string DefaultZone = "Asia/Kolkata";

    private DateTime commandStart;
    private object? secret;
    private Uri? baseUri;
    private TimeZoneInfo? zone;

    /// <summary>The Ozonetel API domain. Default https://in1-ccaas-api.ozonetel.com.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Uri")]
    public string Server { get; set; } = DefaultServer;

    /// <summary>The CloudAgent account name, with -ApiKey (or a -SecretName holding only the key).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    /// <summary>The API key from the CloudAgent admin login.</summary>
    [Parameter]
    public SecureString? ApiKey { get; set; }

    /// <summary>ApiKey (the apiKey header) or Token (a generated token as Bearer, alongside the apiKey header).</summary>
    [Parameter]
    public OzonetelAuthMode AuthMode { get; set; } = OzonetelAuthMode.ApiKey;

    /// <summary>The UCIDs to look up (digits only).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByUcidSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("MonitorUcid", "CallUcid")]
    public string[] Ucid { get; set; } = Array.Empty<string>();

    /// <summary>Calls at or after this time; a time without a zone is read in -TimeZone. Default: the start of today.</summary>
    [Parameter(ParameterSetName = ByDateSet)]
    [Parameter(ParameterSetName = ByUcidSet)]
    [Alias("From", "Start")]
    public DateTime? StartTime { get; set; }

    /// <summary>Calls before this time (exclusive). Default: now.</summary>
    [Parameter(ParameterSetName = ByDateSet)]
    [Parameter(ParameterSetName = ByUcidSet)]
    [Alias("To", "End")]
    public DateTime? EndTime { get; set; }

    /// <summary>One whole calendar day (its date in -TimeZone), instead of -StartTime/-EndTime.</summary>
    [Parameter(ParameterSetName = ByDateSet)]
    [Parameter(ParameterSetName = ByUcidSet)]
    public DateTime? Date { get; set; }

    /// <summary>The account's reporting zone (IANA or Windows id). Default Asia/Kolkata (IST).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string TimeZone { get; set; } = DefaultZone;

    /// <summary>Read each day in pages of this many records with fetchCdrByPagination.</summary>
    [Parameter(ParameterSetName = ByDateSet)]
    [ValidateRange(1, 10000)]
    public int? PageSize { get; set; }

    /// <summary>Requests per minute per endpoint. Default Ozonetel's documented limit: 2 (current API), 50 (legacy).</summary>
    [Parameter]
    [ValidateRange(1, 100000)]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Current (the /ca_reports API, default) or Legacy (the deprecated CAServices UCID API).</summary>
    [Parameter]
    public OzonetelApiVersion ApiVersion { get; set; } = OzonetelApiVersion.Current;

    /// <summary>The window -RequestsPerMinute counts over. Default one minute; shorter only for emulators.</summary>
    [Parameter]
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Ozonetel lists a call once it has ended: a run reads again the two hours before its mark (-Overlap).</summary>
    internal static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(2);

    /// <summary>A run with -Checkpoint ends ten minutes before now (-Settle).</summary>
    internal static readonly TimeSpan DefaultSettle = TimeSpan.FromMinutes(10);

    private readonly CheckpointParameters checkpointing = new();

    /// <inheritdoc />
    protected override string ErrorPrefix => OzonetelErrors.Prefix;

    /// <inheritdoc />
    protected override SecureString? Token => ApiKey;

    /// <inheritdoc />
    protected override string CredentialChoices => "-Credential (account name and API key), -UserName with -ApiKey, or -SecretName";

    /// <summary>-Checkpoint, -Overlap and -Settle (by day, not with -Ucid or -Date).</summary>
    /// <returns>The parameters object.</returns>
    public object GetDynamicParameters() => checkpointing;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        commandStart = DateTime.Now;
        baseUri = ParseServer(Server, "https", 443);
        zone = ResolveZone(TimeZone, DefaultZone);
        secret = ResolveSecret();

        // Which parameters go together (the rules of Ozonetel's input are the query's).
        if (secret is SecureString && UserName is null)
        {
            ThrowInvalidArgument(OzonetelErrors.UserNameMissing, "An API key alone is not enough: give the CloudAgent account name with -UserName, or pass -Credential with the account name as user name.", null);
        }

        if (secret is PSCredential && UserName is not null)
        {
            ThrowInvalidArgument(OzonetelErrors.UserNameAmbiguous, "Give the account name once: as the user name of -Credential, or with -UserName and -ApiKey.", UserName);
        }

        if (Date is not null && (StartTime is not null || EndTime is not null))
        {
            ThrowInvalidArgument(OzonetelErrors.DateAmbiguous, "Give -Date, or -StartTime/-EndTime, not both.", Date);
        }

        if (checkpointing.Checkpoint is not null && (ParameterSetName == ByUcidSet || Date is not null))
        {
            ThrowInvalidArgument(OzonetelErrors.InvalidArgument, "-Checkpoint reads calls by time: it does not take -Ucid or -Date (use -StartTime on the first run).", checkpointing.Checkpoint);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var query = new OzonetelQuery
        {
            TimeZone = zone,
            PageSize = PageSize,
            RequestsPerMinute = RequestsPerMinute ?? (ApiVersion == OzonetelApiVersion.Legacy ? OzonetelQuery.LegacyRequestsPerMinute : OzonetelQuery.CurrentRequestsPerMinute),
            RateLimitWindow = RateLimitWindow,
            AuthMode = AuthMode,
            ApiVersion = ApiVersion,
        };
        object target;
        if (ParameterSetName == ByUcidSet)
        {
            foreach (var ucid in Ucid)
            {
                query.Ucids.Add(ucid?.Trim() ?? string.Empty);
            }

            target = string.Join(", ", query.Ucids);
            if (Date is not null || StartTime is not null || EndTime is not null)
            {
                SetRange(query);
            }
        }
        else
        {
            SetRange(query);
            target = string.Format(CultureInfo.InvariantCulture, "{0:u} to {1:u}", query.StartTime!.Value.ToUniversalTime(), query.EndTime!.Value.ToUniversalTime());
        }

        var checkpoint = ParameterSetName == ByUcidSet ? null : OpenCheckpoint(
            checkpointing,
            new CheckpointIdentity(OzonetelErrors.Prefix, MyInvocation.MyCommand.Name, baseUri!.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant(), "account " + ResolveCredentials().UserName.ToLowerInvariant(), new[] { new KeyValuePair<string, string?>("ApiVersion", ApiVersion.ToString()) }),
            StartTime is { } from ? WallClock.FromUser(from, zone) : null,
            EndTime is { } to ? WallClock.FromUser(to, zone) : null,
            DefaultOverlap,
            DefaultSettle,
            out var range);
        if (checkpoint is not null)
        {
            (query.StartTime, query.EndTime) = (range.Start, range.End < query.Now!.Value ? range.End : query.Now.Value);
        }

        var source = SourceOf(baseUri!, ResolveCredentials().UserName);
        var completed = false;
        try
        {
            Run(() =>
            {
                var client = new OzonetelClient(CreateConnection(baseUri!), ResolveCredentials(), CreateLog());
                foreach (var record in client.GetCallDetails(query, CancellationToken))
                {
                    if (checkpoint?.Take(record.Ucid, record.StartTime) != false)
                    {
                        record.Source = source;
                        WriteObject(record);
                    }
                }
            }, target);
            completed = true;
        }
        finally
        {
            FinishCheckpoint(checkpoint, completed);
        }
    }

    /// <summary>The range of -Date or -StartTime/-EndTime (default: today so far), ending no later than now.</summary>
    private void SetRange(OzonetelQuery query)
    {
        var now = WallClock.FromUser(commandStart);
        if (Date is { } day)
        {
            query.StartTime = WallClock.ToInstant(day.Date, zone!);
            query.EndTime = WallClock.ToInstant(day.Date.AddDays(1), zone!);
        }
        else
        {
            query.EndTime = EndTime is { } e ? WallClock.FromUser(e, zone) : now;
            query.StartTime = StartTime is { } s ? WallClock.FromUser(s, zone) : WallClock.ToInstant(TimeZoneInfo.ConvertTime(now, zone!).Date, zone!);
        }

        if (query.EndTime > now)
        {
            query.EndTime = now;
        }

        query.Now = now;
    }

    private OzonetelCredentials ResolveCredentials() => secret switch
    {
        PSCredential credential => new OzonetelCredentials(credential.UserName, credential.Password),
        SecureString key => new OzonetelCredentials(UserName!, key),
        _ => throw new InvalidOperationException("Unreachable: the secret type was checked."),
    };
}
