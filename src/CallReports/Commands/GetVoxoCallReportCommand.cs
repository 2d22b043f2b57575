using System.Globalization;
using System.Security;
using CallReports.Engine.Checkpoints;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.Voxo;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets VOXO call detail records for any time range, for one tenant or partner-wide.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VoxoCallReport")]
[OutputType(typeof(VoxoCallRecord))]
public sealed class GetVoxoCallReportCommand : TokenSecretCmdlet, IDynamicParameters
{
    private const string DefaultServer = "https://api.voxo.co";

    private DateTime commandStart;
    private object? secret;
    private Uri? baseUri;
    private TimeZoneInfo? zone;
    private readonly CheckpointParameters checkpointing = new();

    /// <summary>The VOXO API. Default https://api.voxo.co.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Uri")]
    public string Server { get; set; } = DefaultServer;

    /// <summary>The account (tenantId). Omit both this and -BillingCode for every tenant of a partner.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(1, long.MaxValue)]
    [Alias("AccountId")]
    public long? TenantId { get; set; }

    /// <summary>The account's billing code (partner admins), instead of -TenantId.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? BillingCode { get; set; }

    /// <summary>Calls at or after this time. Default: 24 hours before -EndTime. A time without a zone is local time.</summary>
    [Parameter]
    [Alias("From", "Start")]
    public DateTime? StartTime { get; set; }

    /// <summary>Calls before this time (exclusive). Default: when the command started.</summary>
    [Parameter]
    [Alias("To", "End")]
    public DateTime? EndTime { get; set; }

    /// <summary>The zone VOXO reads and writes wall-clock times in (IANA or Windows id). Default: the tenant's zone, else America/Chicago.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? TimeZone { get; set; }

    /// <summary>Largest range per request; default 31 days (24 hours partner-wide).</summary>
    [Parameter]
    public TimeSpan? WindowSize { get; set; }

    /// <summary>VOXO writes a record when the call ends: a run reads again the two hours before its mark (-Overlap), for calls that were still going on.</summary>
    internal static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(2);

    /// <summary>A run with -Checkpoint ends five minutes before now (-Settle), so records still being written wait for the next run.</summary>
    internal static readonly TimeSpan DefaultSettle = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    protected override string ErrorPrefix => VoxoErrors.Prefix;

    /// <summary>-Checkpoint, -Overlap and -Settle.</summary>
    /// <returns>The parameters object.</returns>
    public object GetDynamicParameters() => checkpointing;

    /// <inheritdoc />
    protected override string CredentialChoices => "-Credential (email and password), -AccessToken or -SecretName";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        commandStart = DateTime.Now;
        baseUri = ParseServer(Server, "https", 443);
        zone = ResolveZone(TimeZone, "America/Chicago");
        secret = ResolveSecret();
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var scope = TenantId is { } tenant ? "tenant " + tenant.ToString(CultureInfo.InvariantCulture) : BillingCode is not null ? "billing code " + BillingCode : "partner";
        var checkpoint = OpenCheckpoint(checkpointing, new CheckpointIdentity(VoxoErrors.Prefix, MyInvocation.MyCommand.Name, baseUri!.GetLeftPart(UriPartial.Path).TrimEnd('/').ToLowerInvariant(), scope), StartTime is { } from ? WallClock.FromUser(from) : null, EndTime is { } to ? WallClock.FromUser(to) : null, DefaultOverlap, DefaultSettle, out var range);
        var end = checkpoint is null ? WallClock.FromUser(EndTime ?? commandStart) : range.End;
        var query = new VoxoCallReportQuery
        {
            StartTime = checkpoint is not null ? range.Start : StartTime is { } start ? WallClock.FromUser(start) : end.AddDays(-1),
            EndTime = end,
            TenantId = TenantId,
            BillingCode = BillingCode,
            TimeZone = zone,
            WindowSize = WindowSize,
        };
        var source = SourceOf(baseUri, TenantId is { } id ? "tenant " + id.ToString(CultureInfo.InvariantCulture) : BillingCode is not null ? "billing code " + BillingCode : "partner");
        var completed = false;
        try
        {
            Run(() =>
            {
                var client = new VoxoClient(CreateConnection(baseUri!), ResolveCredentials(), CreateLog());
                foreach (var record in client.GetCallReports(query, CancellationToken))
                {
                    if (checkpoint?.Take(record.Id, record.Time) != false)
                    {
                        record.Source = source;
                        WriteObject(record);
                    }
                }
            }, TenantId?.ToString(CultureInfo.InvariantCulture) ?? BillingCode ?? "partner");
            completed = true;
        }
        finally
        {
            FinishCheckpoint(checkpoint, completed);
        }
    }

    private VoxoCredentials ResolveCredentials() => secret switch
    {
        PSCredential credential => VoxoCredentials.FromPassword(credential.GetNetworkCredential()),
        SecureString token => VoxoCredentials.FromAccessToken(token),
        _ => throw new InvalidOperationException("Unreachable: the secret type was checked."),
    };
}
