using System.IO;
using System.Net;
using System.Text;
using CallReports.Engine.Csv;
using CallReports.Engine.Json;

namespace CallReports.Engine.Startup;

/// <summary>
/// Prepares, on a thread-pool thread, the machinery every first request needs, while PowerShell is still busy
/// importing the module, binding parameters and running the script around the first command. A runbook is a fresh
/// process per job: without this, the first command builds the HTTP client factory and its dependency-injection
/// container, the Polly pipeline, the redaction pattern and the CSV and JSON readers on its own thread before its
/// first request goes out (measured with dotnet-trace: about 100 ms of the first record's time; docs/performance.md).
/// Nothing here touches the network, a file or a user's setting; it only runs the same code over a few bytes in
/// memory, once per process, and a failure is ignored (the real call then does the work itself, as before).
/// </summary>
public static class Warmup
{
    private static int started;

    /// <summary>Starts the warm-up in the background, the first time only; returns at once.</summary>
    public static void Begin()
    {
        if (Interlocked.Exchange(ref started, 1) != 0)
        {
            return;
        }

        _ = Task.Run(RunAsync);
    }

    private static async Task RunAsync()
    {
        try
        {
            await HttpPipeline.WarmAsync().ConfigureAwait(false);
            _ = Redactor.Redact("access_token=warm-up");
            await ReadCsvAsync().ConfigureAwait(false);
            await ReadJsonAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Only a head start: whatever failed here is done again, and reported, by the command that needs it.
        }
    }

    private static async Task ReadCsvAsync()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("a,b\r\n1,\"2\"\r\n"));
        await foreach (var row in CsvRecordReader.ReadAsync(body, ',', null, CancellationToken.None).ConfigureAwait(false))
        {
            _ = row.Text("b");
        }
    }

    private static async Task ReadJsonAsync()
    {
        using var body = new MemoryStream(Encoding.UTF8.GetBytes("{\"count\":1,\"items\":[{\"a\":\"1\",\"b\":2}]}"));
        await foreach (var item in JsonItemReader.ReadAsync(body, "items", null, CancellationToken.None).ConfigureAwait(false))
        {
            _ = item.GetProperty("b").GetInt32();
        }
    }
}
