using System.Security;
using System.Threading;
using CallReports.Engine.Vendors.PortSip;

namespace CallReports;

/// <summary>
/// Base of the PortSIP cmdlets: the server and the one credential they share (a PSCredential with the
/// tenant domain, an access token, or a SecretManagement secret: <see cref="TokenSecretCmdlet"/>), resolved once in
/// BeginProcessing before any request, and the -IncludeTotalCount bookkeeping of the list cmdlets.
/// </summary>
public abstract class PortSipCmdlet : TokenSecretCmdlet
{
    private const int DefaultPort = 8887;

    private object? secret;
    private long totalCount = -1;
    private bool totalCountWritten;

    /// <summary>The PBX: host, host:port or URI. https and port 8887 when not given.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("ComputerName", "Uri")]
    public string Server { get; set; } = string.Empty;

    /// <summary>The tenant's SIP domain, sent with the sign-in. Omit for system-level users.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("Tenant")]
    public string? Domain { get; set; }

    /// <inheritdoc />
    protected override string ErrorPrefix => PortSipErrors.Prefix;

    /// <inheritdoc />
    protected override string CredentialChoices => "-Credential (user name and password), -AccessToken or -SecretName";

    /// <summary>Receives the server's total for -IncludeTotalCount (called from the engine's worker).</summary>
    internal Action<long> TotalCountSink => total => Interlocked.Exchange(ref totalCount, total);

    /// <summary>Resolves the credential, before any request; a cmdlet with checks of its own makes them first and then calls this.</summary>
    protected override void BeginProcessing()
    {
        secret = ResolveSecret();
        if (secret is SecureString && Domain is not null)
        {
            WriteWarning("-Domain is used only when signing in; it is ignored with an access token.");
        }
    }

    /// <summary>The parsed server, or a terminating error before any request.</summary>
    internal Uri ParseServer() => ParseServer(Server, "https", DefaultPort);

    /// <summary>A client for this PBX; nothing is sent until it is used.</summary>
    internal PortSipClient CreateClient(Uri baseUri, Engine.Diagnostics.OperationLog log) =>
        new(CreateConnection(baseUri), ResolveCredentials(), log);

    /// <summary>
    /// The body every PortSIP list-or-detail cmdlet shares: the detail of each id, or the list streamed page by
    /// page with -IncludeTotalCount written before the first record.
    /// </summary>
    /// <typeparam name="T">Record type.</typeparam>
    /// <param name="byId">Whether the ById parameter set was used.</param>
    /// <param name="details">Reads the details of the -Id values.</param>
    /// <param name="createQuery">Builds the list query from the cmdlet's parameters.</param>
    /// <param name="list">Reads the list for a query, reporting the server's total.</param>
    /// <param name="keep">Which records to write (a checkpoint leaves out calls returned before), and a chance to stamp them; null for all.</param>
    internal void WriteListOrDetails<T>(
        bool byId,
        Func<PortSipClient, IEnumerable<T>> details,
        Func<PortSipCdrQuery> createQuery,
        Func<PortSipClient, PortSipCdrQuery, Action<long>?, IEnumerable<T>> list,
        Func<T, bool>? keep = null)
    {
        var baseUri = ParseServer();
        Run(() =>
        {
            var client = CreateClient(baseUri, CreateLog());
            if (byId)
            {
                foreach (var record in details(client))
                {
                    if (keep is null || keep(record))
                    {
                        WriteObject(record);
                    }
                }

                return;
            }

            var query = createQuery();
            if (query.First == 0)
            {
                if (PagingParameters.IncludeTotalCount)
                {
                    // The total alone: one request for one record (the server counts the whole window), not written.
                    query.First = 1;
                    foreach (var unused in list(client, query, TotalCountSink))
                    {
                    }

                    FinishTotalCount(PagingParameters);
                }

                return;
            }

            foreach (var record in list(client, query, PagingParameters.IncludeTotalCount ? TotalCountSink : null))
            {
                WriteTotalCountIfKnown(PagingParameters);
                if (keep is null || keep(record))
                {
                    WriteObject(record);
                }
            }

            FinishTotalCount(PagingParameters);
        }, Server);
    }

    /// <summary>Writes the -IncludeTotalCount object once the server's total is known.</summary>
    /// <param name="paging">The cmdlet's paging parameters.</param>
    internal void WriteTotalCountIfKnown(PagingParameters paging)
    {
        var total = Interlocked.Read(ref totalCount);
        if (!totalCountWritten && total >= 0)
        {
            totalCountWritten = true;
            WriteObject(paging.NewTotalCount((ulong)total, 1.0));
        }
    }

    /// <summary>After a list: an unknown total (no record came back) is written as 0 with accuracy 0.</summary>
    /// <param name="paging">The cmdlet's paging parameters.</param>
    internal void FinishTotalCount(PagingParameters paging)
    {
        WriteTotalCountIfKnown(paging);
        if (paging.IncludeTotalCount && !totalCountWritten)
        {
            totalCountWritten = true;
            WriteObject(paging.NewTotalCount(0, 0.0));
        }
    }

    /// <summary>The list query shared by every PortSIP list cmdlet: options and -Skip/-First.</summary>
    internal PortSipCdrQuery CreateQuery(PagingParameters paging, string? filter, string? search, string? orderBy, int pageSize) => new()
    {
        Filter = filter,
        Search = search,
        OrderBy = orderBy,
        PageSize = pageSize,
        Skip = (long)Math.Min(paging.Skip, long.MaxValue),
        First = paging.First >= long.MaxValue ? null : (long)paging.First,
    };

    private PortSipCredentials ResolveCredentials() => secret switch
    {
        PSCredential credential => PortSipCredentials.FromPassword(credential.GetNetworkCredential(), Domain),
        SecureString token => PortSipCredentials.FromAccessToken(token),
        _ => throw new InvalidOperationException("Unreachable: the secret is resolved in BeginProcessing."),
    };
}
