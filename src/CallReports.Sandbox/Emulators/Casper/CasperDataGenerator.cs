using System;
using System.Collections.Generic;
using System.Globalization;

namespace CallReports.Sandbox.Emulators.Casper;

/// <summary>The seed's three sample calls and deterministic synthetic calls with the report's quirks.</summary>
public static class CasperDataGenerator
{
    /// <summary>The first generated call is queued here; the next ones follow every ~41 minutes.</summary>
    public static readonly DateTimeOffset FirstGenerated = new(2026, 11, 2, 0, 3, 0, TimeSpan.Zero);

    /// <summary>The zone the vendor page's sample was written in (its request says <c>US/Arizona</c>).</summary>
    public const string SampleZone = "US/Arizona";

    /// <summary>The vendor page's three sample rows, verbatim.</summary>
    public static readonly string[] SampleLines =
    {
        "1111,DTE,'202004250912250132110000003150,2312866364,8889918278,,,,,,,,0,4/20/20 6:12 AM,4/20/20 6:12 AM,5,COMPLETE            ,No,2,CONNECTED,24,,4546,DTE,5854987200,19,4546,DTE,5854987282,ANSWER(5),,,,",
        "2222,IT TFN,'202004251035200132150000009531,6317967722,8774489485,,,,,,,,0,4/20/20 7:35 AM,4/20/20 7:35 AM,5,COMPLETE            ,No,2,CONNECTED,53,,4467,IT TFN,5127776541,48,4467,IT TFN,5127776551,ANSWER(4),,,,",
        "3333,DTE,'202004251101260132100000073341,2482069215,8889918238,,,,,,,,0,4/20/20 8:01 AM,4/20/20 8:01 AM,5,COMPLETE            ,No,2,CONNECTED,301,,4546,DTE,5854987200,296,4546,DTE,5854987234,ANSWER(4),,,,",
    };

    private static readonly string[] ProfileNames =
    {
        "DTE", "IT TFN", "Zürich, \"Main\" Line", "Support – Ünïcode", "Sales\nOverflow", "Billing", "Après-vente, Paris",
    };

    /// <summary>The three sample calls (account 13670001; Arizona is UTC-7 all year).</summary>
    public static List<CasperCallRow> Samples()
    {
        static DateTimeOffset Az(int hour, int minute) => new(2020, 4, 20, hour, minute, 0, TimeSpan.FromHours(-7));
        return new List<CasperCallRow>
        {
            Sample(1111, 111, "DTE", "202004250912250132110000003150", "2312866364", "8889918278", Az(6, 12), 24, 4546, "DTE", "5854987200", 19, "5854987282", "ANSWER(5)"),
            Sample(2222, 111, "IT TFN", "202004251035200132150000009531", "6317967722", "8774489485", Az(7, 35), 53, 4467, "IT TFN", "5127776541", 48, "5127776551", "ANSWER(4)"),
            Sample(3333, null, "DTE", "202004251101260132100000073341", "2482069215", "8889918238", Az(8, 1), 301, 4546, "DTE", "5854987200", 296, "5854987234", "ANSWER(4)"),
        };
    }

    /// <summary><paramref name="count"/> synthetic calls spread over accounts 13670001 and 15300001.</summary>
    public static List<CasperCallRow> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var rows = new List<CasperCallRow>(count);
        for (var i = 0; i < count; i++)
        {
            var enqueue = FirstGenerated.AddMinutes(41 * i + random.Next(0, 5));
            rows.Add(Create(random, i, enqueue, i % 5 == 4 ? CasperEmulator.SecondAccountId : CasperEmulator.AccountId));
        }

        return rows;
    }

    /// <summary>How many cloud profiles (and destinations) generated calls use per account.</summary>
    public static int ProfileCount => ProfileNames.Length;

    /// <summary>
    /// The cloud profile of a generated call: 7 profiles in groups 111 and 222 and the ungrouped (null) group.
    /// The second account has routing objects of its own (ids 10000 higher): RingCX ids are unique across
    /// accounts, and a client that looks up only the first account's profiles must miss the second's calls.
    /// </summary>
    public static (int? GroupId, int Id, string Name) Profile(long sequence, string account)
    {
        var index = (int)(sequence % ProfileNames.Length);
        var offset = IdOffset(account);
        // 1111 and 2222 are the sample page's DTE and IT TFN; 3333 is its ungrouped DTE, so the rest start at 5000.
        var id = index switch { 0 => 1111, 1 => 2222, _ => 5000 + index } + offset;
        int? group = index < 4 ? 111 + offset : (index < 6 ? 222 + offset : null);
        return (group, id, ProfileNames[index]);
    }

    /// <summary>The cloud destination a generated call was routed to first: 7 destinations in groups 10 and 20.</summary>
    public static (int GroupId, int Id, string Name) Destination(long sequence, string account)
    {
        var offset = IdOffset(account);
        var number = 4400 + (int)(sequence % 7);
        return ((number % 2 == 0 ? 10 : 20) + offset, number + offset, "Desk " + number.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>One synthetic call; the same inputs always give the same call.</summary>
    public static CasperCallRow Create(Random random, long sequence, DateTimeOffset enqueue, string account)
    {
        var profile = Profile(sequence, account);
        var queue = random.Next(0, 90);
        var connected = random.NextDouble() < 0.8;
        var target = Destination(sequence, account);
        var destination = target.Id;
        var twoAttempts = sequence % 6 == 0;
        var row = new CasperCallRow
        {
            AccountId = account,
            CloudProfileId = profile.Id,
            ProfileGroupId = profile.GroupId,
            ProfileName = profile.Name,
            Uii = enqueue.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + (1320000000000000L + sequence).ToString(CultureInfo.InvariantCulture),
            Ani = (2000000000L + random.Next(0, 999999999)).ToString(CultureInfo.InvariantCulture),
            Dnis = "888" + random.Next(1000000, 9999999).ToString(CultureInfo.InvariantCulture),
            MediaMarket = sequence % 9 == 0 ? "Phoenix, AZ" : string.Empty,
            Enqueue = enqueue,
            Dequeue = enqueue.AddSeconds(queue),
            QueueTime = queue,
            CallState = connected ? "COMPLETE" : "ABANDON",
            IsCellular = sequence % 3 == 0,
            DequeueAttempts = twoAttempts ? 2 : 1,
            CallResult = connected ? "CONNECTED" : "NO ANSWER",
            InboundDuration = queue + random.Next(5, 600),
            RecordingUrl = sequence % 4 == 0 ? "https://recordings.example.test/" + sequence.ToString(CultureInfo.InvariantCulture) + ".wav" : string.Empty,
            ConnectedId = connected ? destination : null,
            DestinationGroupId = target.GroupId,
            ConnectedName = connected ? target.Name + ", \"Tier 1\"" : string.Empty,
            ConnectedRoute = connected ? "58549" + destination.ToString(CultureInfo.InvariantCulture) + "0" : string.Empty,
            ConnectedDuration = connected ? random.Next(5, 500) : 0,
            Attempt1Id = destination,
            Attempt1Name = target.Name,
            Attempt1Route = "58549" + destination.ToString(CultureInfo.InvariantCulture) + "1",
            Attempt1Disp = connected && !twoAttempts ? "ANSWER(" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture) + ")" : "NOANSWER",
            TimeStyle = sequence % 10 == 7 ? 1 : (sequence % 10 == 8 ? 2 : 0),
        };
        if (twoAttempts)
        {
            row.Attempt2Id = destination + 1;
            row.Attempt2Name = "Desk " + (destination + 1).ToString(CultureInfo.InvariantCulture);
            row.Attempt2Route = "58549" + (destination + 1).ToString(CultureInfo.InvariantCulture) + "1";
            row.Attempt2Disp = connected ? "ANSWER(3)" : "BUSY";
        }

        return row;
    }

    private static int IdOffset(string account) => account == CasperEmulator.SecondAccountId ? 10000 : 0;

    private static CasperCallRow Sample(int profileId, int? group, string profile, string uii, string ani, string dnis, DateTimeOffset enqueue, int inbound, int connectedId, string connectedName, string connectedRoute, int connectedDuration, string attemptRoute, string disposition) => new()
    {
        AccountId = CasperEmulator.AccountId,
        CloudProfileId = profileId,
        ProfileGroupId = group,
        ProfileName = profile,
        Uii = uii,
        Ani = ani,
        Dnis = dnis,
        Enqueue = enqueue,
        Dequeue = enqueue.AddSeconds(5),
        QueueTime = 5,
        CallState = "COMPLETE",
        IsCellular = false,
        DequeueAttempts = 2,
        CallResult = "CONNECTED",
        InboundDuration = inbound,
        ConnectedId = connectedId,
        DestinationGroupId = 10,
        ConnectedName = connectedName,
        ConnectedRoute = connectedRoute,
        ConnectedDuration = connectedDuration,
        Attempt1Id = connectedId,
        Attempt1Name = connectedName,
        Attempt1Route = attemptRoute,
        Attempt1Disp = disposition,
    };
}
