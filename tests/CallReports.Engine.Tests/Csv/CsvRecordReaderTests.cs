using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CallReports.Engine.Csv;
using Xunit;

namespace CallReports.Engine.Tests.Csv;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public async Task Quoted_fields_keep_delimiters_quotes_and_line_breaks()
    {
        var rows = await ReadAsync("a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\r\n", ',');

        var row = Assert.Single(rows);
        Assert.Equal("1", row.Raw("a"));
        Assert.Equal("x, \"y\"\nz", row.Raw("b"));
        Assert.Equal("3", row.Raw("C"));
    }

    [Fact]
    public async Task A_BOM_and_an_unknown_column_do_not_matter()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("uii|extra|name\n'1|q|Zürich\n")).ToArray();

        var rows = await ReadAsync(bytes, '|');

        Assert.Equal("'1", Assert.Single(rows).Raw("uii"));
        Assert.Equal("Zürich", rows[0].Text("name"));
        Assert.Null(rows[0].Raw("missing"));
    }

    [Fact]
    public async Task A_body_cut_inside_a_record_is_an_error()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("a,b,c\n1,2,3\n4,5", ','));
    }

    [Fact]
    public async Task A_body_cut_inside_a_quoted_field_is_an_error()
    {
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync("a,b,c\n1,2,3\n4,5,\"six, sev", ','));
    }

    [Fact]
    public async Task A_last_record_without_a_line_break_is_complete_when_all_fields_are_there()
    {
        var rows = await ReadAsync("a\tb\n1\t2\n3\t4", '\t');
        Assert.Equal(new[] { "2", "4" }, rows.Select(r => r.Raw("b")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task A_large_body_cut_mid_record_is_an_error_however_it_arrives(int chunk)
    {
        // Far larger than the parser's buffer, so the cut is found only once the body has ended.
        var text = new StringBuilder("a,b,c\r\n");
        for (var i = 0; i < 20_000; i++)
        {
            text.Append(i).Append(",\"x, ").Append(i).Append("\",z\r\n");
        }

        var whole = Encoding.UTF8.GetBytes(text.ToString());
        Assert.Equal(20_000, (await ReadAsync(whole, ',', chunk)).Count);

        var cutInField = whole.AsSpan(0, whole.Length - 4).ToArray();
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(cutInField, ',', chunk));
        Assert.Contains("row 20000", error.Message);

        var cutInQuote = whole.AsSpan(0, whole.Length - 7).ToArray();
        await Assert.ThrowsAsync<InvalidDataException>(() => ReadAsync(cutInQuote, ',', chunk));
    }

    [Fact]
    public void Rows_read_by_position_match_rows_read_by_name()
    {
        var header = new CsvHeader(new[] { "\uFEFFuii", " name ", "n" });
        var row = new CsvRow(header, new[] { "'1", "  Zürich ", "12" }, 1);

        Assert.Equal(0, header.IndexOf("missing", "UII"));
        Assert.Equal(-1, header.IndexOf("missing"));
        Assert.Equal(row.Text("name"), row.Text(header.IndexOf("name")));
        Assert.Equal("Zürich", row.Text(1));
        Assert.Equal(12, row.Int32(2));
        Assert.Null(row.Text(-1));
        Assert.Null(row.Int64(7));
        var bad = Assert.Throws<InvalidDataException>(() => row.Int64(0));
        Assert.Contains("column uii", bad.Message);
    }

    private static Task<List<CsvRow>> ReadAsync(string text, char delimiter) => ReadAsync(Encoding.UTF8.GetBytes(text), delimiter);

    private static async Task<List<CsvRow>> ReadAsync(byte[] bytes, char delimiter, int chunk = 0)
    {
        using Stream stream = chunk > 0 ? new TrickleStream(bytes, chunk) : new MemoryStream(bytes);
        var rows = new List<CsvRow>();
        await foreach (var row in CsvRecordReader.ReadAsync(stream, delimiter, null, default))
        {
            rows.Add(row);
        }

        return rows;
    }
}
