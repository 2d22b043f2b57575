using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using CallReports.Engine;
using CallReports.Engine.Checkpoints;
using CallReports.Models;
using Xunit;

namespace CallReports.Engine.Tests.Checkpoints;

/// <summary>The checkpoint file: first run, later runs, remembered calls, mismatch, corruption and the lock.</summary>
public sealed class CallCheckpointTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("callreports-checkpoint-").FullName;

    private string File1 => Path.Combine(folder, "voxo.json");

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static CheckpointIdentity Identity(string scope = "tenant 37", string? zone = null) =>
        new("Voxo", "Get-VoxoCallReport", "https://api.voxo.co", scope, new[] { new System.Collections.Generic.KeyValuePair<string, string?>("TimeZone", zone) });

    [Fact]
    public void A_first_run_needs_a_start_and_later_runs_refuse_one()
    {
        using (var first = CallCheckpoint.Open(File1, Identity()))
        {
            var error = Assert.Throws<CallReportsException>(() => first.Range(null, T0.AddHours(1), TimeSpan.FromMinutes(30)));
            Assert.Equal(CallCheckpoint.StartRequired, error.ErrorId);
            Assert.Equal((T0, T0.AddHours(1)), first.Range(T0, T0.AddHours(1), TimeSpan.FromMinutes(30)));
            first.Commit();
        }

        using var second = CallCheckpoint.Open(File1, Identity());
        Assert.Equal(T0.AddHours(1), second.Mark);
        Assert.Equal(CallCheckpoint.StartConflict, Assert.Throws<CallReportsException>(() => second.Range(T0, T0.AddHours(2), TimeSpan.FromMinutes(30))).ErrorId);
        Assert.Equal((T0.AddMinutes(30), T0.AddHours(2)), second.Range(null, T0.AddHours(2), TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public void Calls_inside_the_overlap_are_remembered_once_and_forgotten_after_it()
    {
        var overlap = TimeSpan.FromMinutes(30);
        using (var run = CallCheckpoint.Open(File1, Identity()))
        {
            run.Range(T0, T0.AddHours(1), overlap);
            Assert.True(run.Take("early", T0.AddMinutes(10)));
            Assert.True(run.Take("late", T0.AddMinutes(50)));
            run.Commit();
        }

        using (var run = CallCheckpoint.Open(File1, Identity()))
        {
            Assert.Equal(1, run.RememberedCount);
            run.Range(null, T0.AddHours(2), overlap);
            Assert.False(run.Take("late", T0.AddMinutes(50)));
            Assert.True(run.Take("published-late", T0.AddMinutes(45)));
            Assert.True(run.Take("new", T0.AddMinutes(100)));
            run.Commit();
        }

        using var third = CallCheckpoint.Open(File1, Identity());
        Assert.Equal(1, third.RememberedCount);
        using var document = JsonDocument.Parse(File.ReadAllText(File1));
        Assert.Equal(1, document.RootElement.GetProperty("version").GetInt32());
        Assert.Equal("new", document.RootElement.GetProperty("calls")[0].GetProperty("id").GetString());
        Assert.Equal("2026-11-02T02:00:00.0000000+00:00", document.RootElement.GetProperty("mark").GetString());
    }

    [Fact]
    public void A_run_that_is_not_committed_leaves_the_file_as_it_was()
    {
        using (var run = CallCheckpoint.Open(File1, Identity()))
        {
            run.Range(T0, T0.AddHours(1), TimeSpan.Zero);
            run.Commit();
        }

        var before = File.ReadAllBytes(File1);
        using (var run = CallCheckpoint.Open(File1, Identity()))
        {
            run.Range(null, T0.AddHours(2), TimeSpan.Zero);
            run.Take("x", T0.AddHours(1.5));
        }

        Assert.Equal(before, File.ReadAllBytes(File1));
    }

    [Fact]
    public void Another_query_and_a_corrupt_file_are_refused_and_the_file_is_kept()
    {
        using (var run = CallCheckpoint.Open(File1, Identity()))
        {
            run.Range(T0, T0.AddHours(1), TimeSpan.Zero);
            run.Commit();
        }

        Assert.Equal(CallCheckpoint.Mismatch, Assert.Throws<CallReportsException>(() => CallCheckpoint.Open(File1, Identity("tenant 38"))).ErrorId);
        Assert.Equal(CallCheckpoint.Mismatch, Assert.Throws<CallReportsException>(() => CallCheckpoint.Open(File1, Identity(zone: "UTC"))).ErrorId);

        File.WriteAllText(File1, "{\"version\":1,\"vendor\":");
        var error = Assert.Throws<CallReportsException>(() => CallCheckpoint.Open(File1, Identity()));
        Assert.Equal(CallCheckpoint.Invalid, error.ErrorId);
        Assert.Equal(FailureKind.InvalidData, error.Kind);
        Assert.Equal("{\"version\":1,\"vendor\":", File.ReadAllText(File1));
    }

    [Fact]
    public void A_second_run_at_once_fails_fast_and_the_lock_goes_with_the_first()
    {
        var first = CallCheckpoint.Open(File1, Identity());
        var error = Assert.Throws<CallReportsException>(() => CallCheckpoint.Open(File1, Identity()));
        Assert.Equal(CallCheckpoint.InUse, error.ErrorId);
        Assert.Equal(FailureKind.ResourceBusy, error.Kind);
        first.Dispose();
        CallCheckpoint.Open(File1, Identity()).Dispose();
    }
}
