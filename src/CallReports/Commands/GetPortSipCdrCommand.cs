using System;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Threading;
using CallReports.Engine.Http;
using CallReports.Engine.Time;
using CallReports.Engine.Vendors.PortSip;
using CallReports.Models;

namespace CallReports.Commands;

/// <summary>
/// <para type="synopsis">Gets call detail records from a PortSIP PBX.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "PortSipCdr", DefaultParameterSetName = ListSet, SupportsPaging = true)]
[OutputType(typeof(PortSipCdr))]
public sealed class GetPortSipCdrCommand : VendorCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";
    private const int DefaultPort = 8887;

    private long totalCount = -1;
    private bool totalCountWritten;
    private DateTime commandStart;
    private object? secret;

    /// <summary>The PBX: host, host:port or URI. https and port 8887 when not given.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("ComputerName", "Uri")]
    public string Server { get; set; } = string.Empty;

    /// <summary>User name and password of a tenant Admin or QueueManager (no two-factor authentication).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The tenant's SIP domain, sent with the sign-in. Omit for system-level users.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Tenant")]
    public string? Domain { get; set; }

    /// <summary>An access token issued elsewhere, instead of signing in.</summary>
    [Parameter]
    public SecureString? AccessToken { get; set; }

    /// <summary>Name of a SecretManagement secret holding a PSCredential (sign in) or a SecureString (access token).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SecretName { get; set; }

    /// <summary>SecretManagement vault of <see cref="SecretName"/>; the default vault when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Vault { get; set; }

    /// <summary>Calls that started at or after this time. A time without a zone is local time.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Alias("From")]
    public DateTime? StartTime { get; set; }

    /// <summary>Calls that started before this time (exclusive). Default: when the command started.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [Alias("To")]
    public DateTime? EndTime { get; set; }

    /// <summary>An OData filter in PortSIP's syntax, ANDed with the time window, e.g. "caller eq '101'".</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Free-text search; the PBX decides which fields match.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    public string? Search { get; set; }

    /// <summary>Sort order in PortSIP's syntax. Default "started_at asc", which keeps paging stable.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PortSipOrderByCompleter))]
    public string OrderBy { get; set; } = "started_at asc";

    /// <summary>Records per request, 1–100.</summary>
    [Parameter(ParameterSetName = ListSet)]
    [ValidateRange(1, PortSipCdrQuery.MaximumPageSize)]
    public int PageSize { get; set; } = PortSipCdrQuery.MaximumPageSize;

    /// <summary>CDR ids; returns the detail record of each, with Cost and BilledAccount.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("CdrId")]
    public string[] Id { get; set; } = Array.Empty<string>();

    /// <inheritdoc />
    protected override string ErrorPrefix => "PortSip";

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        commandStart = DateTime.Now;
        if (ParameterSetName == ListSet && StartTime is { } start && EndTime is { } end && ToInstant(end) <= ToInstant(start))
        {
            ThrowInvalidArgument(
                "PortSipInvalidTimeRange",
                string.Format(CultureInfo.InvariantCulture, "-EndTime ({0:u}) must be after -StartTime ({1:u}).", ToInstant(end).ToUniversalTime(), ToInstant(start).ToUniversalTime()),
                EndTime);
        }

        secret = ResolveCredentialOrToken(Credential, AccessToken, SecretName, Vault, "-Credential (user name and password), -AccessToken or -SecretName");
        if (secret is SecureString && Domain is not null)
        {
            WriteWarning("-Domain is used only when signing in; it is ignored with an access token.");
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        Uri baseUri;
        try
        {
            baseUri = ConnectionOptions.ParseServer(Server, "https", DefaultPort);
        }
        catch (ArgumentException ex)
        {
            ThrowInvalidArgument("PortSipInvalidServer", ex.Message, Server);
            return;
        }

        Run(() =>
        {
            var log = CreateLog();
            var client = new PortSipClient(CreateConnection(baseUri), ResolveCredentials(), log);
            if (ParameterSetName == ByIdSet)
            {
                foreach (var record in client.GetCdrDetails(Id, CancellationToken))
                {
                    WriteObject(record);
                }

                return;
            }

            var query = new PortSipCdrQuery
            {
                StartTime = StartTime is { } s ? ToInstant(s) : null,
                EndTime = ToInstant(EndTime ?? commandStart),
                Filter = Filter,
                Search = Search,
                OrderBy = OrderBy,
                PageSize = PageSize,
                Skip = (long)Math.Min(PagingParameters.Skip, long.MaxValue),
                First = PagingParameters.First >= long.MaxValue ? null : (long)PagingParameters.First,
            };
            Action<long>? onTotal = PagingParameters.IncludeTotalCount ? total => Interlocked.Exchange(ref totalCount, total) : null;
            if (query.First == 0)
            {
                WriteTotalCountIfKnown();
                return;
            }

            foreach (var record in client.GetCdrs(query, onTotal, CancellationToken))
            {
                WriteTotalCountIfKnown();
                WriteObject(record);
            }

            WriteTotalCountIfKnown();
            if (PagingParameters.IncludeTotalCount && !totalCountWritten)
            {
                WriteObject(PagingParameters.NewTotalCount(0, 0.0));
            }
        }, Server);
    }

    /// <summary>A DateTime without a zone is read as the local time of the machine running the command.</summary>
    private static DateTimeOffset ToInstant(DateTime value) => WallClock.FromUser(value);

    private void WriteTotalCountIfKnown()
    {
        var total = Interlocked.Read(ref totalCount);
        if (!totalCountWritten && total >= 0)
        {
            totalCountWritten = true;
            WriteObject(PagingParameters.NewTotalCount((ulong)total, 1.0));
        }
    }

    private PortSipCredentials ResolveCredentials()
    {
        return secret switch
        {
            PSCredential credential => PortSipCredentials.FromPassword(credential.GetNetworkCredential(), Domain),
            SecureString token => PortSipCredentials.FromAccessToken(token),
            _ => throw new InvalidOperationException("Unreachable: the secret type was checked."),
        };
    }
}
