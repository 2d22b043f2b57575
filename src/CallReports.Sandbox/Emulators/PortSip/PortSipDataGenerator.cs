using System;
using System.Collections.Generic;
using System.Globalization;

namespace CallReports.Sandbox.Emulators.PortSip;

/// <summary>Deterministic synthetic CDRs: the same seed and size always give the same records.</summary>
internal static class PortSipDataGenerator
{
    /// <summary>The first call starts here; the next ones follow every ~7 minutes.</summary>
    public static readonly DateTimeOffset FirstStart = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private const long FirstId = 878156644691742720;

    private static readonly string[] Directions = { "INBOUND_CALL", "OUTBOUND_CALL", "EXTENSION_CALL", "INBOUND_OUTBOUND_CALL" };

    private static readonly string[] AnsweredEndReasons =
    {
        "CALLER_DISCONNECTED", "CALLEE_DISCONNECTED", "CALLER_DISCONNECT", "BLIND_TRANSFER_COMPLETED", "CONSULT_TRANSFER_COMPLETED", "REPLACED", "REFERRED",
    };

    private static readonly string[] Names =
    {
        "Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov", "Ken Thompson", "Margaret Hamilton", "Donald Knuth", "Frances Allen", "Niklaus Wirth",
    };

    public static List<PortSipCdrRecord> Generate(int seed, int count, string domain)
    {
        var random = new Random(seed);
        var records = new List<PortSipCdrRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var start = FirstStart.AddMinutes(7 * i).AddSeconds(random.Next(0, 300));
            var record = Create(random, FirstId + (i * 1_000_003L) + random.Next(0, 1000), start, domain, i);

            // Every third call has two legs (a transfer): the second leg shares the first's session.
            if (i % 3 == 2)
            {
                record.SessionId = records[i - 1].SessionId;
            }

            records.Add(record);
        }

        return records;
    }

    /// <summary>A record for a given id and start, with random other fields.</summary>
    public static PortSipCdrRecord Create(Random random, long id, DateTimeOffset start, string domain, long sequence)
    {
        var digits = (sequence % 4) switch
        {
            0 => 0,
            1 => 6,
            2 => 3,
            _ => 1,
        };
        var fraction = digits == 0 ? 0 : random.Next(0, (int)Math.Pow(10, digits));
        start = Truncate(start).AddTicks(digits == 0 ? 0 : fraction * (TimeSpan.TicksPerSecond / (long)Math.Pow(10, digits)));

        var direction = Directions[random.Next(Directions.Length)];
        var answered = random.NextDouble() < 0.7;
        var callerExt = (101 + random.Next(0, 40)).ToString(CultureInfo.InvariantCulture);
        var calleeExt = (101 + random.Next(0, 40)).ToString(CultureInfo.InvariantCulture);
        var external = "+1415555" + random.Next(0, 10000).ToString("D4", CultureInfo.InvariantCulture);
        var (caller, callee) = direction switch
        {
            "INBOUND_CALL" => (external, calleeExt),
            "OUTBOUND_CALL" => (callerExt, external),
            "EXTENSION_CALL" => (callerExt, calleeExt),
            _ => (external, "+1650555" + random.Next(0, 10000).ToString("D4", CultureInfo.InvariantCulture)),
        };
        bool IsExtension(string n) => !n.StartsWith('+');
        var rang = start.AddSeconds(random.Next(0, 3)).AddMilliseconds(random.Next(0, 1000));
        var duration = answered ? random.Next(1, 900) : 0;
        DateTimeOffset? answeredAt = answered ? rang.AddSeconds(random.Next(2, 20)).AddMilliseconds(random.Next(0, 1000)) : null;
        var ended = answeredAt is { } a ? a.AddSeconds(duration) : rang.AddSeconds(random.Next(5, 40));
        var record = new PortSipCdrRecord
        {
            Id = id.ToString(CultureInfo.InvariantCulture),
            SessionId = "S" + id.ToString(CultureInfo.InvariantCulture),
            Sequence = sequence,
            FractionDigits = digits,
            Caller = caller,
            CallerDomain = IsExtension(caller) ? domain : "trunk.sandbox.test",
            CallerDisplayName = IsExtension(caller) ? Names[random.Next(Names.Length)] : string.Empty,
            Callee = callee,
            CalleeDomain = IsExtension(callee) ? domain : "trunk.sandbox.test",
            CalleeDisplayName = IsExtension(callee) ? Names[random.Next(Names.Length)] : string.Empty,
            StartedAt = start,
            RangAt = Round(rang, digits),
            AnsweredAt = answeredAt is { } at ? Round(at, digits) : null,
            EndedAt = Round(ended, digits),
            CallId = random.Next().ToString("x8", CultureInfo.InvariantCulture) + "-" + random.Next().ToString("x8", CultureInfo.InvariantCulture) + "@" + domain,
            Direction = direction,
            EndReason = answered ? AnsweredEndReasons[random.Next(AnsweredEndReasons.Length)] : (random.Next(3) == 0 ? string.Empty : "CANCELLED"),
            RerouteReason = random.Next(6) switch
            {
                0 => "TRANSFER",
                1 => "OVERFLOW",
                _ => string.Empty,
            },
            StatusCode = answered ? 0 : (random.Next(2) == 0 ? 486 : 487),
            Destination = callee,
            OutboundCallerId = direction == "OUTBOUND_CALL" ? "+14155550100" : string.Empty,
            DidCid = direction == "INBOUND_CALL" ? "+14155550100" : string.Empty,
            Trunk = direction == "EXTENSION_CALL" ? string.Empty : "sandbox-trunk-1",
            Duration = duration,
            ServiceNumber = string.Empty,
            UserData = random.Next(10) == 0 ? "crm:" + random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture) : string.Empty,
            BilledAccount = IsExtension(caller) ? caller : string.Empty,
        };
        record.Cost = direction is "OUTBOUND_CALL" or "INBOUND_OUTBOUND_CALL" ? Math.Round(Math.Ceiling(duration / 60.0) * 0.02, 2) : 0;
        return record;
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>Drops the digits the wire will not show, so parsed values equal the stored ones.</summary>
    private static DateTimeOffset Round(DateTimeOffset value, int digits)
    {
        var unit = digits == 0 ? TimeSpan.TicksPerSecond : TimeSpan.TicksPerSecond / (long)Math.Pow(10, digits);
        return new DateTimeOffset(value.UtcTicks - (value.UtcTicks % unit), TimeSpan.Zero);
    }
}
