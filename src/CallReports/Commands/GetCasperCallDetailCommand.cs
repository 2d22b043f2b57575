using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Security;
using CallReports.Engine.Http;
using CallReports.Engine.Checkpoints;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Casper;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets the RingCentral Engage Voice (RingCX) Cloud Call Detail report as typed records.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "CasperCallDetail", DefaultParameterSetName = RecordsSet, SupportsPaging = true, SupportsShouldProcess = true)]
[OutputType(typeof(CasperCallDetail), ParameterSetName = new[] { RecordsSet })]
[OutputType(typeof(FileInfo), ParameterSetName = new[] { OutFileSet })]
public sealed class GetCasperCallDetailCommand : VendorCmdlet, IDynamicParameters
{
    private const string RecordsSet = "Records";
    private const string OutFileSet = "OutFile";
    private const string DefaultServer = "https://ringcx.ringcentral.com";

    private object? secret;
    private bool useJwt;
    private string? outPath;
    private DateTimeOffset start;
    private DateTimeOffset end;
    private TimeZoneInfo? zone;
    private Uri? baseUri;
    private Uri? ringCentralUri;
    private readonly CheckpointParameters checkpointing = new();

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

    /// <summary>A RingCX access token (<c>Authorization: Bearer</c>); it lives 5 minutes and is not renewed.</summary>
    [Parameter]
    public SecureString? AccessToken { get; set; }

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

    /// <summary>Engage user name and password for the deprecated direct login (<c>/api/auth/login/admin</c>). Needs -PlatformId.</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The Engage platform id for -Credential (from your RingCentral CSM).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PlatformId { get; set; }

    /// <summary>A SecretManagement secret: a SecureString API token (or RingCentral JWT with -ClientCredential), or a PSCredential for the Engage login with -PlatformId.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>SecretManagement vault of -SecretName; the default vault when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>RingCX fills its report in minutes after a call: a run reads again the hour before its mark (-Overlap).</summary>
    internal static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(1);

    /// <summary>A run with -Checkpoint ends fifteen minutes before now (-Settle).</summary>
    internal static readonly TimeSpan DefaultSettle = TimeSpan.FromMinutes(15);

    /// <inheritdoc />
    protected override string ErrorPrefix => "Casper";

    /// <summary>-Checkpoint, -Overlap and -Settle (not with -OutFile).</summary>
    /// <returns>The parameters object.</returns>
    public object GetDynamicParameters() => checkpointing;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        if (TimeZone is not null)
        {
            if (!ZoneResolver.TryResolve(TimeZone, out var resolved))
            {
                ThrowInvalidArgument("CasperUnknownTimeZone", $"'{TimeZone}' is not a time zone this machine knows. Use an IANA name such as America/Phoenix, an alias such as US/Arizona, or a Windows id such as 'US Mountain Standard Time'.", TimeZone);
            }

            zone = resolved;
        }

        if (checkpointing.Checkpoint is not null && (ParameterSetName == OutFileSet || PagingParameters.First != ulong.MaxValue || PagingParameters.Skip != 0))
        {
            ThrowInvalidArgument("CasperInvalidArgument", "-Checkpoint returns records: it does not take -OutFile, -First or -Skip (the run must read its whole range before the checkpoint moves on).");
        }

        if (StartTime is null && checkpointing.Checkpoint is null)
        {
            ThrowInvalidArgument("CasperStartTimeRequired", "Give -StartTime (or -Checkpoint, whose later runs start where the last one ended).");
        }

        start = StartTime is { } s ? WallClock.FromUser(s, zone) : DateTimeOffset.MinValue;
        end = EndTime is { } e ? WallClock.FromUser(e, zone) : DateTimeOffset.Now;
        if (StartTime is not null && end <= start)
        {
            ThrowInvalidArgument(
                "CasperInvalidTimeRange",
                string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", end.ToUniversalTime(), start.ToUniversalTime()),
                EndTime);
        }

        if (WindowSize < TimeSpan.FromMinutes(1))
        {
            ThrowInvalidArgument("CasperInvalidWindowSize", "-WindowSize must be at least one minute (RingCX report times have minute precision).", WindowSize);
        }

        var profile = ProfileGroupId is not null || ProfileId is not null || ProfileName is not null;
        var destination = DestinationGroupId is not null || DestinationId is not null || DestinationName is not null;
        if (profile && destination)
        {
            ThrowInvalidArgument("CasperConflictingSelection", "Select by profile (-ProfileGroupId/-ProfileId/-ProfileName) or by destination (-DestinationGroupId/-DestinationId/-DestinationName), not both: RingCX groups the report one way.");
        }

        var groupByGiven = MyInvocation.BoundParameters.ContainsKey(nameof(GroupBy));
        if (destination && !groupByGiven)
        {
            GroupBy = CasperGroupBy.Destination;
        }

        if ((profile && GroupBy == CasperGroupBy.Destination) || (destination && GroupBy == CasperGroupBy.Profile))
        {
            ThrowInvalidArgument("CasperConflictingSelection", $"-GroupBy {GroupBy} does not match the {(profile ? "profile" : "destination")} ids given.", GroupBy);
        }

        try
        {
            baseUri = ConnectionOptions.ParseServer(Server, "https", 443);
            ringCentralUri = RingCentralServer is null ? null : ConnectionOptions.ParseServer(RingCentralServer, "https", 443);
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument("CasperInvalidServer", ex.Message, Server);
        }

        ResolveSecret();

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
            new CheckpointIdentity("Casper", MyInvocation.MyCommand.Name, baseUri!.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant(), "accounts " + string.Join(",", AccountId), Filters()),
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
            GroupBy = GroupBy,
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

        if (ParameterSetName == OutFileSet)
        {
            if (!ShouldProcess(outPath, "Write the RingCX Cloud Call Detail CSV"))
            {
                return;
            }

            Run(() =>
            {
                var client = new CasperClient(CreateConnection(baseUri!), ResolveCredentials(), CreateLog());
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
            var client = new CasperClient(CreateConnection(baseUri!), ResolveCredentials(), CreateLog());
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

    private void ResolveSecret()
    {
        var given = (AccessToken is null ? 0 : 1) + (ApiToken is null ? 0 : 1) + (RingCentralJwt is null ? 0 : 1) + (Credential is null ? 0 : 1) + (SecretName is null ? 0 : 1);
        const string Choices = "-ApiToken, -AccessToken, -RingCentralJwt (with -ClientCredential), -Credential (with -PlatformId) or -SecretName";
        if (given != 1)
        {
            ThrowInvalidArgument(given == 0 ? "CasperCredentialMissing" : "CasperCredentialAmbiguous", "Give exactly one of " + Choices + ".");
        }

        if (Vault is not null && SecretName is null)
        {
            ThrowInvalidArgument("CasperVaultWithoutSecret", "-Vault is used with -SecretName.");
        }

        if (RingCentralJwt is not null && ClientCredential is null)
        {
            ThrowInvalidArgument("CasperClientCredentialMissing", "-RingCentralJwt needs -ClientCredential: the RingCentral app's client id as user name and client secret as password.");
        }

        if (ClientCredential is not null && RingCentralJwt is null && SecretName is null)
        {
            ThrowInvalidArgument("CasperJwtMissing", "-ClientCredential is used with -RingCentralJwt (or a -SecretName holding the JWT).");
        }

        if (Credential is not null && PlatformId is null)
        {
            ThrowInvalidArgument("CasperPlatformIdMissing", "-Credential signs in with the Engage login, which needs -PlatformId (ask your RingCentral CSM for it).");
        }

        if (SecretName is not null)
        {
            secret = GetSecret(SecretName, Vault);
            if (secret is PSCredential && PlatformId is null)
            {
                ThrowInvalidArgument("CasperPlatformIdMissing", $"Secret '{SecretName}' is a PSCredential, used for the Engage login, which needs -PlatformId.");
            }

            useJwt = secret is SecureString && ClientCredential is not null;
            return;
        }

        useJwt = RingCentralJwt is not null;
        secret = (object?)Credential ?? AccessToken ?? ApiToken ?? RingCentralJwt;
        if (AccessToken is not null)
        {
            secret = new AccessTokenMarker(AccessToken);
        }
    }

    private CasperCredentials ResolveCredentials() => secret switch
    {
        PSCredential credential => CasperCredentials.FromPassword(credential.GetNetworkCredential(), PlatformId!),
        AccessTokenMarker marker => CasperCredentials.FromAccessToken(marker.Token),
        SecureString jwt when useJwt => CasperCredentials.FromRingCentralJwt(jwt, ClientCredential!.GetNetworkCredential(), ringCentralUri),
        SecureString apiToken => CasperCredentials.FromApiToken(apiToken),
        _ => throw new InvalidOperationException("Unreachable: the secret type was checked."),
    };

    /// <summary>Tells a bearer access token apart from the other SecureString secrets.</summary>
    private sealed class AccessTokenMarker
    {
        public AccessTokenMarker(SecureString token) => Token = token;

        public SecureString Token { get; }
    }
}
