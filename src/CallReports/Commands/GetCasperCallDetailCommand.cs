using System.IO;
using System.Security;
using CallReports.Engine.Checkpoints;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets the RingCentral Engage Voice (RingCX) Cloud Call Detail report as typed records.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CasperCallDetail", DefaultParameterSetName = RecordsSet, SupportsPaging = true, SupportsShouldProcess = true)]
[OutputType(typeof(CasperCallDetail), ParameterSetName = new[] { RecordsSet })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { OutFileSet })]
public sealed class GetCasperCallDetailCommand : TokenSecretCmdlet, IDynamicParameters
{
    private const string RecordsSet = "Records";
    private const string OutFileSet = "OutFile";
    private const string DefaultServer = "https://ringcx.ringcentral.com";

    private readonly CheckpointParameters checkpointing = new();
    private CasperCredentials? credentials;
    private string? outPath;
    private DateTimeOffset start;
    private DateTimeOffset end;
    private TimeZoneInfo? zone;
    private Uri? baseUri;

    /// <summary>The RingCX host: https://ringcx.ringcentral.com (default), https://engage.ringcentral.com, or a legacy portal.vacd.biz / portal.virtualacd.biz host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Uri")]
    public string Server { get; set; } = DefaultServer;

    /// <summary>Sub-account ids (<c>reportCriteria.accountIds</c>); the first is the account in the request path unless -PathAccountId is given.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] AccountId { get; set; } = Array.Empty<string>();

    /// <summary>The account in the request path (<c>/admin/accounts/{accountId}/reportsStreaming</c>), when it is not the first -AccountId.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PathAccountId { get; set; }

    /// <summary>Calls queued at or after this time (required, except on a -Checkpoint run after the first). A time without a zone is read in -TimeZone, or local time when -TimeZone is not given.</summary>
    [Parameter]
    [Alias("From")]
    public DateTime? StartTime { get; set; }

    /// <summary>Calls queued before this time. Default: now.</summary>
    [Parameter]
    [Alias("To")]
    public DateTime? EndTime { get; set; }

    /// <summary>The report zone (<c>timezoneName</c>): an IANA name (America/Phoenix), an alias RingCX uses (US/Arizona) or a Windows id. Default: the account's primaryTimezone, else the local zone.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>Select calls by cloud routing profile (default) or by destination (<c>groupBy</c>).</summary>
    [Parameter]
    public CasperGroupBy GroupBy { get; set; } = CasperGroupBy.Profile;

    /// <summary>Cloud profile group ids (<c>cloudProfileGroupIds</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? ProfileGroupId { get; set; }

    /// <summary>Cloud profile ids (<c>cloudProfileIds</c>).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? ProfileId { get; set; }

    /// <summary>Cloud profile names (wildcards allowed), resolved to ids through the cloud-routing API.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? ProfileName { get; set; }

    /// <summary>Cloud destination names (wildcards allowed), resolved to ids through the cloud-routing API; implies -GroupBy Destination.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? DestinationName { get; set; }

    /// <summary>Cloud destination group ids (<c>cloudDestinationGroupIds</c>); implies -GroupBy Destination.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? DestinationGroupId { get; set; }

    /// <summary>Cloud destination ids (<c>cloudDestinationIds</c>); implies -GroupBy Destination.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public int[]? DestinationId { get; set; }

    /// <summary>The CSV field separator RingCX writes (<c>delimiter</c>); the parser follows it.</summary>
    [Parameter]
    public CasperDelimiter Delimiter { get; set; } = CasperDelimiter.Comma;

    /// <summary>Longest range one request covers (default one day); longer ranges are requested window by window.</summary>
    [Parameter(ParameterSetName = RecordsSet)]
    public TimeSpan WindowSize { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Write the raw CSV, exactly as RingCX sends it, to this file (one request for the whole range) instead of emitting records.</summary>
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

    /// <summary>A permanent RingCX API token (<c>X-Auth-Token</c>); the only mode of the legacy hosts.</summary>
    [Parameter]
    public SecureString? ApiToken { get; set; }

    /// <summary>A RingCentral JWT credential, exchanged for RingCX tokens (renewed automatically). Needs -ClientCredential.</summary>
    [Parameter]
    public SecureString? RingCentralJwt { get; set; }

    /// <summary>The RingCentral app's client id (user name) and client secret (password), for -RingCentralJwt.</summary>
    [Parameter]
    [Credential]
    public PSCredential? ClientCredential { get; set; }

    /// <summary>The RingCentral platform that signs the JWT in. Default https://platform.ringcentral.com.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RingCentralServer { get; set; }

    /// <summary>The Engage platform id for -Credential (from your RingCentral CSM).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PlatformId { get; set; }

    /// <inheritdoc />
    protected override string ErrorPrefix => CasperErrors.Prefix;

    /// <summary>RingCX fills its report in minutes after a call: a run reads again the hour before its mark (-Overlap).</summary>
    internal static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(1);

    /// <summary>A run with -Checkpoint ends fifteen minutes before now (-Settle).</summary>
    internal static readonly TimeSpan DefaultSettle = TimeSpan.FromMinutes(15);

    /// <summary>-Checkpoint, -Overlap and -Settle (not with -OutFile).</summary>
    /// <returns>The parameters object.</returns>
    public object GetDynamicParameters() => checkpointing;

    /// <inheritdoc />
    protected override string CredentialChoices => CasperCredentials.Choices;

    /// <inheritdoc />
    protected override SecureString? Token => AccessToken ?? ApiToken ?? RingCentralJwt;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        baseUri = ParseServer(Server, "https", 443);
        var ringCentralUri = RingCentralServer is null ? null : ParseServer(RingCentralServer, "https", 443);
        zone = ResolveZone(TimeZone, "America/Phoenix", CasperErrors.UnknownTimeZone);
        var secret = ResolveSecret();
        Run(() => credentials = CasperCredentials.FromParameters(
            AccessToken,
            ApiToken,
            RingCentralJwt,
            ClientCredential?.GetNetworkCredential(),
            ringCentralUri,
            Credential?.GetNetworkCredential(),
            PlatformId,
            SecretName,
            secret is PSCredential stored ? stored.GetNetworkCredential() : secret));
        if (checkpointing.Checkpoint is not null && (ParameterSetName == OutFileSet || PagingParameters.First != ulong.MaxValue || PagingParameters.Skip != 0))
        {
            ThrowInvalidArgument(CasperErrors.InvalidArgument, "-Checkpoint returns records: it does not take -OutFile, -First or -Skip (the run must read its whole range before the checkpoint moves on).");
        }

        if (StartTime is null && checkpointing.Checkpoint is null)
        {
            ThrowInvalidArgument(CasperErrors.StartTimeRequired, "Give -StartTime (or -Checkpoint, whose later runs start where the last one ended).");
        }

        start = StartTime is { } s ? WallClock.FromUser(s, zone) : DateTimeOffset.MinValue;
        end = EndTime is { } e ? WallClock.FromUser(e, zone) : DateTimeOffset.Now;
        if (ParameterSetName == OutFileSet)
        {
            outPath = ResolveOutFile(OutFile, Force.IsPresent);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var checkpoint = OpenCheckpoint(
            checkpointing,
            new CheckpointIdentity(CasperErrors.Prefix, MyInvocation.MyCommand.Name, baseUri!.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant(), "accounts " + string.Join(",", AccountId), Filters()),
            StartTime is null ? null : start,
            EndTime is null ? null : end,
            DefaultOverlap,
            DefaultSettle,
            out var range);
        if (checkpoint is not null)
        {
            (start, end) = range;
        }

        var completed = false;
        try
        {
            WriteCallDetails(checkpoint);
            completed = true;
        }
        finally
        {
            FinishCheckpoint(checkpoint, completed);
        }
    }

    private IEnumerable<KeyValuePair<string, string?>> Filters()
    {
        static string? Join<T>(IEnumerable<T>? values) => values is null ? null : string.Join(",", values);
        yield return new("PathAccountId", PathAccountId);
        yield return new("GroupBy", GroupBy.ToString());
        yield return new("ProfileGroupId", Join(ProfileGroupId));
        yield return new("ProfileId", Join(ProfileId));
        yield return new("ProfileName", Join(ProfileName));
        yield return new("DestinationGroupId", Join(DestinationGroupId));
        yield return new("DestinationId", Join(DestinationId));
        yield return new("DestinationName", Join(DestinationName));
    }

    private void WriteCallDetails(CallCheckpoint? checkpoint)
    {
        var source = SourceOf(baseUri!, string.Join(",", AccountId));
        var query = new CasperCallDetailQuery
        {
            AccountIds = AccountId,
            PathAccountId = PathAccountId,
            StartTime = start,
            EndTime = end,
            TimeZone = zone,
            TimeZoneName = TimeZone,
            GroupBy = MyInvocation.BoundParameters.ContainsKey(nameof(GroupBy)) ? GroupBy : null,
            ProfileGroupIds = ProfileGroupId ?? Array.Empty<int>(),
            ProfileIds = ProfileId ?? Array.Empty<int>(),
            DestinationGroupIds = DestinationGroupId ?? Array.Empty<int>(),
            DestinationIds = DestinationId ?? Array.Empty<int>(),
            ProfileNames = ProfileName ?? Array.Empty<string>(),
            DestinationNames = DestinationName ?? Array.Empty<string>(),
            Delimiter = Delimiter,
            WindowSize = WindowSize,
            Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
            First = PagingParameters.First >= long.MaxValue ? null : (long)PagingParameters.First,
        };

        // Bad input fails before -WhatIf, the total count or -First 0 decide that nothing is sent.
        Run(query.Validate);
        if (ParameterSetName == OutFileSet)
        {
            if (!ShouldProcess(outPath, "Write the RingCX Cloud Call Detail CSV"))
            {
                return;
            }

            Run(() =>
            {
                var client = new CasperClient(CreateConnection(baseUri!), credentials!, CreateLog());
                client.SaveCsv(query, outPath!, Force.IsPresent, CancellationToken);
                if (PassThru.IsPresent)
                {
                    WriteFileItem(outPath!);
                }
            }, OutFile);
            return;
        }

        if (PagingParameters.IncludeTotalCount)
        {
            // RingCX does not say how many rows a report has before it is read.
            WriteObject(PagingParameters.NewTotalCount(0, 0.0));
        }

        if (query.First == 0)
        {
            return;
        }

        Run(() =>
        {
            var client = new CasperClient(CreateConnection(baseUri!), credentials!, CreateLog());
            foreach (var record in client.GetCallDetails(query, CancellationToken))
            {
                if (checkpoint?.Take(record.Uii, record.EnqueueTime) != false)
                {
                    record.Source = source;
                    WriteObject(record);
                }
            }
        }, string.Join(",", AccountId));
    }
}
