using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine.Auth;
using CallReports.Engine.Diagnostics;
using CallReports.Engine.Http;
using CallReports.Models;

namespace CallReports.Engine.Vendors.PortSip;

/// <summary>
/// PortSIP's part of authentication on the <see cref="AuthorizedSender"/>: a bearer token from
/// <see cref="PortSipSignIn"/>, a 401 read as a refused token (refreshed or signed in again once), and the PBX's
/// documented limit of 5,000 REST requests a minute per IP held for every attempt.
/// </summary>
internal sealed class PortSipSession : VendorAuthentication
{
    /// <summary>PortSIP's documented REST limit per IP from v16.2 (v16.0–16.1: 1,000; a 429 is waited out and retried).</summary>
    private const int RequestsPerMinute = 5000;

    private readonly ConnectionOptions connection;
    private readonly PortSipCredentials credentials;
    private readonly PortSipSignIn signIn;
    private readonly AuthorizedSender sender;

    public PortSipSession(ConnectionOptions connection, PortSipCredentials credentials, OperationLog log)
        : base(PortSipErrors.Prefix)
    {
        this.connection = connection;
        this.credentials = credentials;
        signIn = new PortSipSignIn(connection, credentials, log);
        sender = new AuthorizedSender(connection, this, log);
        Pacing = new RequestPacing(
            RequestRateLimiter.For(connection.ServerDisplay, RequestsPerMinute, TimeSpan.FromMinutes(1)),
            wait => log.Verbose($"Waiting {wait.TotalSeconds:0.0} s to stay under PortSIP's {RequestsPerMinute} requests a minute."));
    }

    /// <inheritdoc />
    public override bool CanRenew => credentials.AccessToken is null;

    /// <inheritdoc />
    public override RequestPacing? Pacing { get; }

    /// <summary>Sends a request with the bearer token, renewing the token once on a 401.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string relativeUri, string what, CancellationToken cancellationToken, Func<HttpContent>? content = null) =>
        sender.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(method, new Uri(connection.BaseUri, relativeUri)) { Content = content?.Invoke() };
                request.Headers.Accept.ParseAdd("application/json");
                return request;
            },
            what,
            cancellationToken);

    /// <inheritdoc />
    public override Task<string> GetTokenAsync(string? rejected, CancellationToken cancellationToken) => signIn.GetTokenAsync(rejected, cancellationToken);

    /// <inheritdoc />
    public override void Authorize(HttpRequestMessage request, string token) =>
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

    /// <inheritdoc />
    public override async Task<CallReportsException> RejectionAsync(HttpResponseMessage response, string what, bool afterRenewal, CancellationToken cancellationToken)
    {
        var failure = await PortSipErrors.FromResponseAsync(response, what, cancellationToken).ConfigureAwait(false);
        return new CallReportsException(
            failure.ErrorId,
            FailureKind.Authentication,
            CanRenew
                ? failure.Message + " A fresh sign-in was also rejected; check that the account may read CDRs (tenant Admin or QueueManager)."
                : failure.Message + " The access token was rejected; issue a new one, or sign in with -Credential so the token can be renewed.",
            terminating: true) { StatusCode = 401, VendorCode = failure.VendorCode, Target = what };
    }
}
