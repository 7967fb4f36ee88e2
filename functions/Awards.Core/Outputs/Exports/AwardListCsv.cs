using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Awards.Domain;

namespace Awards.Outputs.Exports;

/// <summary>
/// The award list as CSV for machines: UTF-8 with a BOM (so spreadsheet programs detect the
/// encoding and diacritics survive), comma-separated, RFC 4180 quoting, CRLF line ends. Written
/// row by row to the response as the rows are read: nothing but the row being written is held.
/// </summary>
public static class AwardListCsv
{
    // Flushed to the client every this many bytes: small enough that memory stays flat, large
    // enough that the flushes cost nothing next to the reading.
    private const int FlushBytes = 64 * 1024;

    /// <summary>Column headers.</summary>
    public static IReadOnlyList<string> Headers => AwardListExport.Headers;

    /// <summary>Writes every list of the export (bodies in order, collectives then individuals), BOM first, to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(AwardListExport export, PipeWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Encoding.UTF8.Preamble);
        var line = new StringBuilder(512);
        WriteRow(output, line, Headers);
        var number = 0;
        var pending = 0L;
        foreach (var body in export.Bodies)
        {
            foreach (var kind in export.Kinds)
            {
                await foreach (var entry in export.Read(body, kind, ct))
                {
                    pending += WriteRow(output, line, AwardListExport.Cells(entry, ++number, export.ProvinceName));
                    if (pending >= FlushBytes)
                    {
                        await output.FlushAsync(ct);
                        pending = 0;
                    }
                }
            }
        }

        await output.FlushAsync(ct);
    }

    /// <summary>The file for a list held in memory (tests, small lists), BOM first.</summary>
    public static byte[] Write(IReadOnlyList<AwardListEntry> entries, IReadOnlyDictionary<string, string> provinceNames)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(provinceNames);
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(Encoding.UTF8.Preamble);
        var line = new StringBuilder();
        WriteRow(buffer, line, Headers);
        var number = 0;
        foreach (var e in entries)
        {
            WriteRow(buffer, line, AwardListExport.Cells(e, ++number, code => provinceNames.TryGetValue(code, out var p) ? p : code));
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A cell as a spreadsheet program must read it: one that it would take for a formula — starting
    /// with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return, even when it reads as a
    /// number such as <c>-2+3</c> — gets an apostrophe in front (OWASP's advice against CSV injection),
    /// so it shows as the text it is; our own cells (numbers, dates) never start so.
    /// </summary>
    public static string Neutralise(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
    }

    private static int WriteRow(IBufferWriter<byte> output, StringBuilder line, IReadOnlyList<string> cells)
    {
        line.Clear();
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var cell = Neutralise(cells[i]);
            if (cell.AsSpan().IndexOfAny([',', '"', '\r', '\n']) >= 0)
            {
                line.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(cell);
            }
        }

        line.Append("\r\n");

        // Through one encoder over the builder's chunks, so a letter outside the BMP split across two chunks stays whole.
        var encoder = Encoding.UTF8.GetEncoder();
        var written = 0L;
        foreach (var chunk in line.GetChunks())
        {
            encoder.Convert(chunk.Span, output, flush: false, out var bytes, out _);
            written += bytes;
        }

        encoder.Convert(ReadOnlySpan<char>.Empty, output, flush: true, out var last, out _);
        return (int)(written + last);
    }
}
