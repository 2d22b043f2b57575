using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using CallReports.Sandbox;
using CallReports.Sandbox.Emulators.Casper;
using CallReports.Sandbox.Emulators.Ozonetel;
using CallReports.Sandbox.Emulators.PortSip;
using CallReports.Sandbox.Emulators.Voxo;

namespace CallReports.Benchmarks;

/// <summary>
/// The bytes the benchmarks parse: CSV bodies written the way the Sandbox's emulators write them, and
/// JSON bodies fetched from a Sandbox over loopback, so the parsers see what they see in production
/// tests. Each body is built once per process.
/// </summary>
internal static class Bodies
{
    public const string CasperZone = "US/Arizona";

    private static readonly Lazy<Task<(byte[] PortSip, byte[] Voxo, byte[] Ozonetel)>> Fetched = new(FetchAsync);

    /// <summary>A Cloud Call Detail report of <paramref name="rows"/> calls a minute apart, 34 columns.</summary>
    public static byte[] CasperCsv(int rows)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Phoenix");
        var random = new Random(7);
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.FromHours(-7));
        var text = new StringBuilder(rows * 260);
        AppendLine(text, CasperCallRow.Header);
        for (var i = 0; i < rows; i++)
        {
            var row = CasperDataGenerator.Create(random, 5_000_000 + i, start.AddMinutes(i), CasperEmulator.BulkAccountId);
            AppendLine(text, row.Fields(zone));
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// A Yeastar extension-statistics style report (what <c>Invoke-YeastarReportDownload</c> reads):
    /// numbers, quoted names with commas, hh:mm:ss durations and PBX times.
    /// </summary>
    public static byte[] YeastarCsv(int rows)
    {
        var random = new Random(11);
        var start = new DateTime(2026, 11, 2, 8, 0, 0);
        static string Clock(int seconds) => TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var text = new StringBuilder(rows * 120);
        text.Append("Time,Extension Number,Extension Name,Answered Calls,No Answer Calls,Busy Calls,Failed Calls,Voicemail Calls,Total Calls,Total Holding Time,Total Talking Time\r\n");
        for (var i = 0; i < rows; i++)
        {
            var answered = random.Next(5, 60);
            var missed = random.Next(0, 9);
            text.Append(CultureInfo.InvariantCulture, $"{start.AddMinutes(i).ToString("dd/MM/yyyy hh:mm:ss tt", CultureInfo.InvariantCulture)},{1000 + (i % 500)},\"Agent {i % 500}, Sales\",{answered},{missed},1,0,2,{answered + missed + 3},{Clock(random.Next(0, 900))},{Clock(random.Next(600, 20000))}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A PortSIP <c>/api/cdrs</c> page of 100 records (v22.2 emulator).</summary>
    public static byte[] PortSipPage => Fetched.Value.GetAwaiter().GetResult().PortSip;

    /// <summary>A VOXO <c>/call-reports</c> array (one day of the bulk tenant).</summary>
    public static byte[] VoxoArray => Fetched.Value.GetAwaiter().GetResult().Voxo;

    /// <summary>An Ozonetel <c>fetchCDRDetails</c> day.</summary>
    public static byte[] OzonetelDay => Fetched.Value.GetAwaiter().GetResult().Ozonetel;

    private static async Task<(byte[], byte[], byte[])> FetchAsync()
    {
        await using var sandbox = await SandboxHost.StartAsync(new SandboxOptions { PortSipCdrCount = 200 });
        sandbox.Voxo.BulkCallsPerHour = 400;
        sandbox.Ozonetel.CallsPerDay = 2000;
        using var http = new HttpClient();

        var portsip = sandbox.PortSip.BaseUri.ToString();
        using var signIn = await http.PostAsJsonAsync(portsip + "api/auth/sign_in", new { username = PortSipEmulator.UserName, password = PortSipEmulator.Password, domain = PortSipEmulator.Domain });
        var portsipToken = (await signIn.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        using var page = new HttpRequestMessage(HttpMethod.Get, portsip + "api/cdrs?orderby=started_at%20asc&top=100&skip=0&count=true");
        page.Headers.Authorization = new("Bearer", portsipToken);
        var portsipBody = await Send(http, page);

        var voxo = sandbox.Voxo.BaseUri.ToString();
        using var auth = await http.PostAsJsonAsync(voxo + "authentication", new { strategy = "local", email = VoxoEmulator.PartnerEmail, password = VoxoEmulator.Password });
        var voxoToken = (await auth.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        using var calls = new HttpRequestMessage(HttpMethod.Get, voxo + "call-reports?tenantId=" + VoxoEmulator.BulkTenantId.ToString(CultureInfo.InvariantCulture) + "&start=2026-10-01%2000%3A00%3A00&end=2026-10-03%2000%3A00%3A00&timezone=America%2FChicago");
        calls.Headers.Authorization = new("Bearer", voxoToken);
        var voxoBody = await Send(http, calls);

        var day = OzonetelEmulator.TodayIst.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var details = new HttpRequestMessage(HttpMethod.Get, sandbox.Ozonetel.BaseUri + "ca_reports/fetchCDRDetails")
        {
            Content = JsonContent.Create(new { userName = OzonetelEmulator.UserName, fromDate = day + " 00:00:00", toDate = day + " 23:59:59" }),
        };
        details.Headers.Add("apiKey", OzonetelEmulator.ApiKey);
        var ozonetelBody = await Send(http, details);
        return (portsipBody, voxoBody, ozonetelBody);
    }

    private static async Task<byte[]> Send(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var body = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync();
        if (body.Length < 1000)
        {
            throw new InvalidOperationException(request.RequestUri + " returned too little to benchmark: " + Encoding.UTF8.GetString(body));
        }

        return body;
    }

    private static void AppendLine(StringBuilder text, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
