using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CallReports.Engine;
using CallReports.Engine.Files;
using Xunit;

namespace CallReports.Engine.Tests.Files;

/// <summary>The one file writer: nothing reaches the target until the body is complete.</summary>
public sealed class AtomicFileWriterTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("callreports-writer-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task Commit_replaces_an_existing_file_and_leaves_nothing_else()
    {
        var target = Path.Combine(folder, "report.csv");
        File.WriteAllText(target, "old");
        using (var writer = AtomicFileWriter.Create(target, overwrite: true, "Test"))
        {
            await writer.CopyFromAsync(new MemoryStream(Encoding.UTF8.GetBytes("new,content\n")), "a test body", 12, null, null, CancellationToken.None);
            Assert.Equal("old", File.ReadAllText(target));
            var info = writer.Commit();
            Assert.Equal(12, info.Length);
        }

        Assert.Equal("new,content\n", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(folder));
    }

    [Fact]
    public async Task A_body_that_breaks_off_leaves_the_old_file_and_no_temporary_file()
    {
        var target = Path.Combine(folder, "report.csv");
        File.WriteAllText(target, "old");
        var error = await Assert.ThrowsAsync<CallReportsException>(async () =>
        {
            using var writer = AtomicFileWriter.Create(target, overwrite: true, "Test");
            await writer.CopyFromAsync(new BreakingStream(5000), "a test body", null, null, null, CancellationToken.None);
            writer.Commit();
        });

        Assert.Equal("TestResponseInterrupted", error.ErrorId);
        Assert.Contains("left as it was", error.Message, StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(folder));
    }

    [Fact]
    public async Task A_body_shorter_than_announced_is_not_committed()
    {
        var target = Path.Combine(folder, "short.csv");
        var error = await Assert.ThrowsAsync<CallReportsException>(async () =>
        {
            using var writer = AtomicFileWriter.Create(target, overwrite: false, "Test");
            await writer.CopyFromAsync(new MemoryStream(new byte[10]), "a test body", 20, null, null, CancellationToken.None);
            writer.Commit();
        });

        Assert.Equal("TestResponseInterrupted", error.ErrorId);
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Fact]
    public void Without_overwrite_an_existing_target_is_refused_before_anything_is_written()
    {
        var target = Path.Combine(folder, "there.csv");
        File.WriteAllText(target, "old");
        var error = Assert.Throws<CallReportsException>(() => AtomicFileWriter.Create(target, overwrite: false, "Test"));
        Assert.Equal("TestOutFileExists", error.ErrorId);
        Assert.Equal(new[] { target }, Directory.GetFiles(folder));
    }

    [Fact]
    public void A_file_that_appears_while_writing_is_not_overwritten_without_overwrite()
    {
        var target = Path.Combine(folder, "race.csv");
        using var writer = AtomicFileWriter.Create(target, overwrite: false, "Test");
        File.WriteAllText(target, "someone else's");
        var error = Assert.Throws<CallReportsException>(() => writer.Commit());
        Assert.Equal("TestOutFileExists", error.ErrorId);
        writer.Dispose();
        Assert.Equal("someone else's", File.ReadAllText(target));
        Assert.Equal(new[] { target }, Directory.GetFiles(folder));
    }

    /// <summary>Gives some bytes, then fails as a reset connection does.</summary>
    private sealed class BreakingStream : Stream
    {
        private int left;

        public BreakingStream(int bytes) => left = bytes;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (left == 0)
            {
                throw new IOException("The connection was reset.");
            }

            var n = Math.Min(count, left);
            left -= n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
