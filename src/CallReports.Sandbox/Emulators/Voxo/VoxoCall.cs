using System;
using System.Globalization;
using System.Text.Json;

namespace CallReports.Sandbox.Emulators.Voxo;

/// <summary>One call the emulated VOXO holds; written as a <c>/call-reports</c> record in the requested zone.</summary>
public sealed class VoxoCall
{
    /// <summary>Record id (a UUID).</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString();

    /// <summary>The account.</summary>
    public long TenantId { get; set; }

    /// <summary>When the call started.</summary>
    public DateTimeOffset Instant { get; set; }

    /// <summary>The Asterisk host in the unique id.</summary>
    public string Host { get; set; } = "atl-ast2";

    /// <summary>The sequence after the epoch in the unique id.</summary>
    public long Sequence { get; set; }

    /// <summary>When set, written as <c>uniqueId</c> instead of host-epoch.sequence.</summary>
    public string? UniqueIdOverride { get; set; }

    /// <summary><c>callerIdNumber</c>.</summary>
    public string CallerIdNumber { get; set; } = "5555555555";

    /// <summary><c>callerIdName</c>.</summary>
    public string CallerIdName { get; set; } = "SANDBOX CALLER";

    /// <summary><c>dialedNum</c>.</summary>
    public string DialedNum { get; set; } = "5555555555";

    /// <summary><c>direction</c>.</summary>
    public string Direction { get; set; } = "IN";

    /// <summary><c>disposition</c>.</summary>
    public string Disposition { get; set; } = "ANSWERED";

    /// <summary><c>duration</c>, seconds.</summary>
    public int Duration { get; set; }

    /// <summary><c>afterAnswerDuration</c>, seconds.</summary>
    public int AfterAnswerDuration { get; set; }

    /// <summary><c>percentJitter</c>.</summary>
    public double PercentJitter { get; set; }

    /// <summary><c>packetLoss</c>.</summary>
    public double PacketLoss { get; set; }

    /// <summary><c>qos</c>.</summary>
    public int Qos { get; set; }

    /// <summary><c>mos</c>.</summary>
    public double Mos { get; set; }

    /// <summary><c>whoAnswered</c>.</summary>
    public string WhoAnswered { get; set; } = string.Empty;

    /// <summary><c>recorded</c> (0/1).</summary>
    public bool Recorded { get; set; }

    /// <summary><c>queueCall</c> (0/1).</summary>
    public bool QueueCall { get; set; }

    /// <summary><c>presented</c> (0/1).</summary>
    public bool Presented { get; set; }

    /// <summary>Whether the LERG fields (ocn … lecType) are filled; null on the wire otherwise.</summary>
    public bool HasLerg { get; set; }

    /// <summary><c>ocn</c>.</summary>
    public string Ocn { get; set; } = "8911";

    /// <summary><c>lata</c>.</summary>
    public string Lata { get; set; } = "826";

    /// <summary><c>city</c> and <c>rateCenter</c>.</summary>
    public string City { get; set; } = "KINGSTON";

    /// <summary><c>state</c>.</summary>
    public string State { get; set; } = "JM";

    /// <summary><c>lec</c>.</summary>
    public string Lec { get; set; } = "JAMAICA TELEPHONE CO.";

    /// <summary><c>local</c> (0/1) when LERG data is present.</summary>
    public bool Local { get; set; }

    /// <summary><c>callOutcome</c>.</summary>
    public string CallOutcome { get; set; } = string.Empty;

    /// <summary>The <c>uniqueId</c> as written.</summary>
    public string UniqueId => UniqueIdOverride ?? Host + "-" + Instant.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + Sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the record with <c>time</c> as <c>MM/dd/yy HH:mm:ss</c> in <paramref name="zone"/>.</summary>
    public void Write(Utf8JsonWriter writer, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("id", Id);
        writer.WriteString("time", TimeZoneInfo.ConvertTime(Instant, zone).ToString("MM/dd/yy HH:mm:ss", CultureInfo.InvariantCulture));
        writer.WriteString("callerIdNumber", CallerIdNumber);
        writer.WriteString("callerIdName", CallerIdName);
        writer.WriteString("dialedNum", DialedNum);
        writer.WriteString("direction", Direction);
        writer.WriteString("disposition", Disposition);
        writer.WriteNumber("duration", Duration);
        writer.WriteNumber("percentJitter", PercentJitter);
        writer.WriteNumber("packetLoss", PacketLoss);
        writer.WriteNumber("qos", Qos);
        writer.WriteString("uniqueId", UniqueId);
        writer.WriteString("prevUniqueId", string.Empty);
        writer.WriteString("whoAnswered", WhoAnswered);
        writer.WriteNumber("recorded", Recorded ? 1 : 0);
        writer.WriteNumber("queueCall", QueueCall ? 1 : 0);
        WriteLerg(writer, "ocn", Ocn);
        WriteLerg(writer, "ani", CallerIdNumber);
        WriteLerg(writer, "lata", Lata);
        WriteLerg(writer, "city", City);
        WriteLerg(writer, "rateCenter", City);
        WriteLerg(writer, "state", State);
        WriteLerg(writer, "jurisdiction", "INTERSTATE");
        if (HasLerg)
        {
            writer.WriteNumber("local", Local ? 1 : 0);
        }
        else
        {
            writer.WriteNull("local");
        }

        WriteLerg(writer, "lec", Lec);
        WriteLerg(writer, "lecType", "CLEC");
        writer.WriteNull("spid");
        writer.WriteNull("isTollFree");
        writer.WriteString("nextUniqueId", string.Empty);
        writer.WriteNull("isInternational");
        writer.WriteNumber("presented", Presented ? 1 : 0);
        writer.WriteNumber("mos", Mos);
        writer.WriteString("callOutcome", CallOutcome);
        writer.WriteNumber("afterAnswerDuration", AfterAnswerDuration);
        writer.WriteNull("outgoingCidNum");
        writer.WriteNull("billingId");
        writer.WriteNull("partnerId");
        writer.WriteNull("geolocation");
        writer.WriteEndObject();
    }

    private void WriteLerg(Utf8JsonWriter writer, string name, string value)
    {
        if (HasLerg)
        {
            writer.WriteString(name, value);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
