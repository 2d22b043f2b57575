using System.IO;
using System.Linq;
using System.Net.WebSockets;
using System.Text;

namespace CallReports.Engine.Vendors.Yeastar;

/// <summary>
/// The documented asynchronous mode: subscribe to event 30027 ("Call Report Download Result") on
/// <c>/openapi/v1.0/subscribe</c> first, so the event cannot be missed, then request with <c>is_async=1</c>
/// (answered <c>2 PROCESSING</c>) and wait for the event, sending <c>heartbeat</c> well inside the PBX's
/// 60-second idle limit. No polling endpoint exists for such jobs.
/// </summary>
internal static class YeastarAsyncWaiter
{
    /// <summary>How often a heartbeat is sent (the PBX drops a socket idle for 60 s).</summary>
    internal static TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(45);

    public static async Task<(string File, string Link)> RequestAsync(YeastarSession session, string path, IReadOnlyList<KeyValuePair<string, string>> parameters, string what, OperationLog log, CancellationToken cancellationToken)
    {
        var connection = session.Connection;
        var token = await session.GetTokenAsync(null, cancellationToken).ConfigureAwait(false);
        var http = YeastarSession.WithToken(new Uri(connection.BaseUri, YeastarSession.AuthPath + "subscribe"), token);
        var uri = new UriBuilder(http) { Scheme = http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws" }.Uri;
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("User-Agent", HttpPipeline.UserAgent);
#if NET6_0_OR_GREATER
        if (connection.SkipCertificateCheck)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
#endif
        log.Verbose("WebSocket " + Redactor.DescribeUri(uri) + " — event subscription for " + what);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(connection.Timeout);
        try
        {
            await socket.ConnectAsync(uri, deadline.Token).ConfigureAwait(false);
            await SendAsync(socket, "{\"topic_list\":[30027]}", deadline.Token).ConfigureAwait(false);

            // The request goes out once the PBX confirmed the subscription, so the event cannot come first;
            // a PBX that sends no confirmation is given a few seconds.
            var receiving = ReceiveAsync(socket, deadline.Token);
            var confirmation = Task.Delay(TimeSpan.FromSeconds(3), deadline.Token);
            while (true)
            {
                if (await Task.WhenAny(receiving, confirmation).ConfigureAwait(false) == confirmation)
                {
                    log.Verbose("The PBX did not confirm the event subscription; requesting the report anyway.");
                    break;
                }

                var reply = await receiving.ConfigureAwait(false)
                    ?? throw new CallReportsException(YeastarErrors.SubscriptionClosed, FailureKind.Connection, $"The PBX closed the event subscription for {what} at once.", terminating: true) { Target = what };
                receiving = ReceiveAsync(socket, deadline.Token);
                if (SubscriptionAnswer(reply) is { } code)
                {
                    if (code != 0)
                    {
                        throw new CallReportsException(YeastarErrors.SubscriptionFailed, FailureKind.Connection, $"The PBX refused the event subscription for {what} (errcode {code}).", terminating: true) { Target = what };
                    }

                    break;
                }
            }

            var request = parameters.Append(new KeyValuePair<string, string>("is_async", "1")).ToList();
            using (var accepted = await session.GetJsonAsync(path, request, what, cancellationToken, processingIsSuccess: true).ConfigureAwait(false))
            {
                if (YeastarErrors.ErrorCode(accepted.RootElement) == 0 && YeastarRecordMapper.Text(accepted.RootElement, "download_resource_url") is { } ready)
                {
                    // Some firmware answers a small report at once even in async mode.
                    return (YeastarRecordMapper.Text(accepted.RootElement, "file") ?? "(unnamed)", ready);
                }
            }

            log.Verbose(what + ": the PBX is building the report (2 PROCESSING); waiting for event 30027.");
            while (true)
            {
                var heartbeat = Task.Delay(HeartbeatInterval, deadline.Token);
                var done = await Task.WhenAny(receiving, heartbeat).ConfigureAwait(false);
                if (done == heartbeat)
                {
                    await heartbeat.ConfigureAwait(false);
                    await SendAsync(socket, "heartbeat", deadline.Token).ConfigureAwait(false);
                    continue;
                }

                var message = await receiving.ConfigureAwait(false)
                    ?? throw new CallReportsException(YeastarErrors.SubscriptionClosed, FailureKind.Connection, $"The PBX closed the event subscription before {what} was ready.", terminating: true) { Target = what };
                if (TryReadResult(message, out var file, out var link, out var failure))
                {
                    if (failure is not null)
                    {
                        throw new CallReportsException(YeastarErrors.AsyncReportFailed, FailureKind.Unknown, $"The PBX could not build {what}: {failure}", terminating: true) { Target = what };
                    }

                    return (file!, link!);
                }

                receiving = ReceiveAsync(socket, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CallReportsException(YeastarErrors.Timeout, FailureKind.Timeout, string.Format(CultureInfo.InvariantCulture, "Event 30027 for {0} did not arrive within {1:0} s. Raise -TimeoutSec.", what, connection.Timeout.TotalSeconds), terminating: true) { Target = what };
        }
        catch (WebSocketException ex)
        {
            throw new CallReportsException(YeastarErrors.SubscriptionFailed, FailureKind.Connection, $"The event subscription for {what} failed: {Redactor.Redact(ex.Message)}", terminating: true, inner: ex) { Target = what };
        }
        finally
        {
            if (socket.State == WebSocketState.Open)
            {
                try
                {
                    using var closing = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, closing.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
                {
                    log.Debug("Closing the event subscription failed: " + ex.Message);
                }
            }
        }
    }

    /// <summary>Reads a 30027 event (<c>msg</c> as an object or as a JSON string); false for anything else (heartbeat replies, other events).</summary>
    internal static bool TryReadResult(string message, out string? file, out string? link, out string? failure)
    {
        file = link = failure = null;
        try
        {
            using var document = JsonDocument.Parse(message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || YeastarRecordMapper.Text(root, "type") != "30027" || !root.TryGetProperty("msg", out var msg))
            {
                return false;
            }

            using var inner = msg.ValueKind == JsonValueKind.String ? JsonDocument.Parse(msg.GetString() ?? "{}") : null;
            var body = inner?.RootElement ?? msg;
            if (!string.Equals(YeastarRecordMapper.Text(body, "result"), "success", StringComparison.OrdinalIgnoreCase))
            {
                failure = YeastarRecordMapper.Text(body, "error") ?? YeastarRecordMapper.Text(body, "result") ?? "no result";
                return true;
            }

            file = YeastarRecordMapper.Text(body, "file") ?? "(unnamed)";
            link = YeastarRecordMapper.Text(body, "download_resource_url");
            if (link is null)
            {
                failure = "the event has no download_resource_url";
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static int? SubscriptionAnswer(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("errcode", out _)
                ? YeastarErrors.ErrorCode(document.RootElement)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(new ArraySegment<byte>(Encoding.UTF8.GetBytes(text)), WebSocketMessageType.Text, true, cancellationToken);

    private static async Task<string?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), cancellationToken).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(text.ToArray());
            }
        }
    }
}
