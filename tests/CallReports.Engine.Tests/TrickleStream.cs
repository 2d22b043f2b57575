using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace CallReports.Engine.Tests;

/// <summary>Hands out at most <c>chunk</c> bytes per read, asynchronously, like a slow network.</summary>
internal sealed class TrickleStream : Stream
{
    private readonly byte[] data;
    private readonly int chunk;
    private int position;

    public TrickleStream(byte[] data, int chunk)
    {
        this.data = data;
        this.chunk = chunk;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, chunk), data.Length - position);
        Array.Copy(data, position, buffer, offset, n);
        position += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var n = Math.Min(Math.Min(buffer.Length, chunk), data.Length - position);
        data.AsMemory(position, n).CopyTo(buffer);
        position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
