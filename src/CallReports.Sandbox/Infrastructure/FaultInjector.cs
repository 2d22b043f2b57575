using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace CallReports.Sandbox;

/// <summary>The list of active <see cref="FaultRule"/>s (thread-safe) and the middleware that applies them.</summary>
public sealed class FaultInjector
{
    /// <summary>HttpContext.Items key set when a rule aborted the connection.</summary>
    internal const string AbortedItem = "CallReports.Sandbox.Aborted";

    /// <summary>Called for a request this injector is about to cut, before the connection is reset.</summary>
    internal Action<HttpContext>? OnAbort { get; set; }

    private const int CutGraceMs = 1500;

    private readonly object gate = new();
    private readonly List<Entry> rules = new();

    /// <summary>Adds a rule; rules are tried in the order they were added, the first match wins.</summary>
    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (gate)
        {
            rules.Add(new Entry(rule, rule.Times));
        }
    }

    /// <summary>Removes every rule.</summary>
    public void Clear()
    {
        lock (gate)
        {
            rules.Clear();
        }
    }

    /// <summary>Finds the rule for a request and uses up one of its <see cref="FaultRule.Times"/>.</summary>
    internal FaultRule? Take(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        lock (gate)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var entry = rules[i];
                if (!path.StartsWith(entry.Rule.PathPrefix, StringComparison.OrdinalIgnoreCase) ||
                    (entry.Rule.Method is { } method && !string.Equals(method, context.Request.Method, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                if (entry.Remaining is { } remaining)
                {
                    if (remaining <= 1)
                    {
                        rules.RemoveAt(i);
                    }
                    else
                    {
                        entry.Remaining = remaining - 1;
                    }
                }

                return entry.Rule;
            }
        }

        return null;
    }

    /// <summary>Applies the matching rule, if any, around the rest of the pipeline.</summary>
    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var rule = Take(context);
        if (rule is null)
        {
            await next(context);
            return;
        }

        if (rule.LatencyMs > 0)
        {
            try
            {
                await Task.Delay(rule.LatencyMs, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (rule.StatusCode is { } status)
        {
            context.Response.StatusCode = status;
            if (rule.RetryAfterSeconds is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            context.Response.ContentType = "application/json";
            var code = status switch
            {
                401 => "UNAUTHORIZED",
                400 or 422 => "VALIDATE_FAILED",
                _ => "UNKNOWN",
            };
            await context.Response.WriteAsync(JsonSerializer.Serialize(new { errors = new[] { new { code, message = $"Injected fault: HTTP {status}." } } }), context.RequestAborted);
            return;
        }

        if (rule.ResetAfterBytes is null && rule.TruncateAfterBytes is null)
        {
            await next(context);
            return;
        }

        // Capture the real answer, then send only part of it and cut the connection.
        var original = context.Response.Body;
        using var captured = new MemoryStream();
        context.Response.Body = captured;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        var body = captured.ToArray();
        int cut;
        if (rule.TruncateAfterBytes is { } truncate)
        {
            cut = Math.Clamp(truncate, 0, body.Length);
            context.Response.ContentLength = body.Length;
        }
        else
        {
            cut = Math.Clamp(rule.ResetAfterBytes!.Value, 0, body.Length);
            context.Response.ContentLength = null;
        }

        try
        {
            await context.Response.StartAsync(context.RequestAborted);
            await original.WriteAsync(body.AsMemory(0, cut), context.RequestAborted);
            await original.FlushAsync(context.RequestAborted);

            // Give the client time to read the headers and the bytes before the connection is torn down:
            // an abort resets the connection, and a reset drops whatever the client has not read yet, which
            // would turn the cut body into a connection failure before the headers (and the client retries).
            await Task.Delay(CutGraceMs, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away first.
        }
        catch (IOException)
        {
            // Likewise.
        }

        // Kestrel signals RequestAborted asynchronously after Abort(); count it before the client can see the
        // reset, so a test that asserts right after its request failed finds it counted.
        context.Items[AbortedItem] = true;
        OnAbort?.Invoke(context);
        context.Abort();
    }

    private sealed class Entry
    {
        public Entry(FaultRule rule, int? remaining)
        {
            Rule = rule;
            Remaining = remaining;
        }

        public FaultRule Rule { get; }

        public int? Remaining { get; set; }
    }
}
