using System.IO.Compression;
using System.Text;

namespace Awards.Documents;

/// <summary>
/// Walks a whole PDF as it streams past, so that every byte is accounted for: the header, indirect
/// objects (<c>N G obj … endobj</c>; a stream's data by its /Length, direct or held in another
/// object, before or after it), cross-reference tables and their trailers, cross-reference
/// streams, <c>startxref</c> with <c>%%EOF</c>, whitespace and comments — incremental updates
/// included. Anything else between them (a program inserted between two objects, say) is refused.
/// </summary>
/// <remarks>
/// At the end every cross-reference entry must point at the object it names: a table's or a
/// cross-reference stream's entry at the <c>N G obj</c> it lists, an entry of type 2 at an object
/// of an object stream that holds that object number. Each <c>startxref</c>, /Prev and /XRefStm
/// must point at a cross-reference section. Object streams and cross-reference streams are
/// decompressed (FlateDecode, with PNG predictors for the latter) from a buffer of at most 8 MiB
/// each, at most 256 MiB of output in all (a decompression bomb is refused, not expanded), and the
/// objects inside object streams are read like the others. Of any other Flate-compressed stream
/// the first 16 KiB are kept and their start inflated: a stream whose content is a program is
/// refused (a raw one is covered by the inspector's scan of every byte). Names are compared
/// after resolving <c>#xx</c> escapes; JavaScript, launch actions, attached files, rich media and
/// XFA forms are refused wherever they are named. Memory: a token, a stack of open brackets, and
/// 16–32 bytes per object and per cross-reference entry (at most 300,000 of each).
/// </remarks>
internal sealed class PdfStructure : StructureReader, IPdfTokenSink
{
    private const int MaxObjects = 300_000;
    private const int MaxBufferedStream = 8 * 1024 * 1024;
    private const long MaxDecoded = 64L * 1024 * 1024;
    private const long MaxDecodedInAll = 256L * 1024 * 1024;
    private const int MaxCrossReferenceBytes = 8 * 1024 * 1024;
    private const int MaxLengthObjects = 200_000;
    private const int MaxSections = 10_000;
    private const int CompressedStartSize = 16 * 1024;

    private const string Advice = "Save or export the document as PDF again (or print it to PDF) and upload the new file.";
    private const string AdviceVi = "Hãy lưu hoặc xuất lại tài liệu ra PDF (hoặc in ra PDF) rồi tải lên tệp mới.";

    private static readonly Wording Words = new("PDF", "tệp PDF", Advice, AdviceVi);

    private readonly PdfLexer lexer;
    private readonly PdfValue value = new();
    private readonly List<ObjectAt> objects = [];
    private readonly List<Entry> entries = [];
    private readonly HashSet<long> sections = [];
    private readonly List<(long Offset, string What)> pointers = [];
    private readonly Dictionary<long, long> lengths = [];
    private readonly Dictionary<long, (long Measured, int Object)> pendingLengths = [];
    private readonly Dictionary<long, long[]> objectStreams = [];
    private Top top = Top.Idle;
    private long headerStart;
    private long number;
    private long generation;
    private long sectionNumber;
    private long sectionCount;
    private long sectionIndex;
    private long entryOffset;
    private long entryGeneration;
    private long? lengthKey;
    private long decoded;
    private MemoryStream? data;
    private byte[]? compressedStart;
    private int compressedStartLength;
    private bool inspectStart;
    private bool ended;
    private bool afterStartXref;
    private bool encrypted;
    private string? unreadObjectStream;

    /// <summary>Creates the reader.</summary>
    public PdfStructure() => lexer = new PdfLexer(this);

    private enum Top
    {
        Idle,
        Generation,
        Obj,
        Body,
        Stream,
        EndStream,
        EndObj,
        SectionStart,
        SectionCount,
        EntryOffset,
        EntryGeneration,
        EntryType,
        Trailer,
        StartXref,
    }

    /// <inheritdoc/>
    public void Token(in PdfToken token)
    {
        if (token.Kind == PdfTokenKind.Comment)
        {
            ended |= top == Top.Idle && afterStartXref && token.Text.StartsWith("%%EOF"u8);
            return;
        }

        switch (top)
        {
            case Top.Idle:
                (ended, afterStartXref) = (false, false);
                headerStart = token.Start;
                if (token.Kind == PdfTokenKind.Integer)
                {
                    (number, top) = (token.Integer, Top.Generation);
                }
                else if (token.Is("xref"u8))
                {
                    if (!Section(token.Start))
                    {
                        return;
                    }

                    top = Top.SectionStart;
                    sectionCount = -1;
                }
                else if (token.Is("startxref"u8))
                {
                    top = Top.StartXref;
                }
                else
                {
                    Stray(token);
                }

                break;
            case Top.Generation when token.Kind == PdfTokenKind.Integer:
                (generation, top) = (token.Integer, Top.Obj);
                break;
            case Top.Obj when token.Is("obj"u8):
                if (number is < 1 or > 8_388_607 || generation is < 0 or > 65_535)
                {
                    Damaged($"the object at byte {N(headerStart)} has an impossible number ({number} {generation})", $"đối tượng tại byte {N(headerStart)} có số hiệu không thể có ({number} {generation})");
                    return;
                }

                if (objects.Count == MaxObjects)
                {
                    TooMany();
                    return;
                }

                objects.Add(new ObjectAt(headerStart, (int)number, (int)generation));
                value.Reset();
                top = Top.Body;
                break;
            case Top.Body:
                Body(token);
                break;
            case Top.EndStream when token.Is("endstream"u8):
                top = Top.EndObj;
                break;
            case Top.EndStream:
                Damaged($"the stream of object {number} does not end where its /Length says (byte {N(token.Start)})", $"luồng dữ liệu của đối tượng {number} không kết thúc ở vị trí mà /Length cho biết (byte {N(token.Start)})");
                break;
            case Top.EndObj when token.Is("endobj"u8):
                top = Top.Idle;
                break;
            case Top.EndObj:
                Damaged($"object {number} is not closed with 'endobj' (byte {N(token.Start)})", $"đối tượng {number} không được đóng bằng 'endobj' (byte {N(token.Start)})");
                break;
            case Top.SectionStart when token.Is("trailer"u8) && sectionCount >= 0:
                value.Reset();
                top = Top.Trailer;
                break;
            case Top.SectionStart when token.Kind == PdfTokenKind.Integer:
                (sectionNumber, top) = (token.Integer, Top.SectionCount);
                break;
            case Top.SectionCount when token.Kind == PdfTokenKind.Integer && token.Integer >= 0:
                (sectionCount, sectionIndex) = (token.Integer, 0);
                top = token.Integer == 0 ? Top.SectionStart : Top.EntryOffset;
                break;
            case Top.EntryOffset when token.Kind == PdfTokenKind.Integer:
                (entryOffset, top) = (token.Integer, Top.EntryGeneration);
                break;
            case Top.EntryGeneration when token.Kind == PdfTokenKind.Integer:
                (entryGeneration, top) = (token.Integer, Top.EntryType);
                break;
            case Top.EntryType when token.Is("n"u8) || token.Is("f"u8):
                if (token.Is("n"u8) && !AddEntry(new Entry(sectionNumber + sectionIndex, 1, entryOffset, entryGeneration)))
                {
                    return;
                }

                top = ++sectionIndex < sectionCount ? Top.EntryOffset : Top.SectionStart;
                break;
            case Top.SectionStart or Top.SectionCount or Top.EntryOffset or Top.EntryGeneration or Top.EntryType:
                Damaged($"its cross-reference table is malformed at byte {N(token.Start)}", $"bảng tham chiếu chéo bị sai cấu trúc tại byte {N(token.Start)}");
                break;
            case Top.Trailer:
                Trailer(token);
                break;
            case Top.StartXref when token.Kind == PdfTokenKind.Integer:
                if (Pointer(token.Integer, "startxref"))
                {
                    (top, afterStartXref) = (Top.Idle, true);
                }

                break;
            default:
                // "N G" not followed by "obj", "startxref" without a number, a token inside a stream's place.
                Stray(token);
                break;
        }
    }

    /// <inheritdoc/>
    public void StreamData(ReadOnlySpan<byte> bytes)
    {
        if (inspectStart && compressedStartLength < CompressedStartSize)
        {
            var n = Math.Min(bytes.Length, CompressedStartSize - compressedStartLength);
            bytes[..n].CopyTo((compressedStart ??= new byte[CompressedStartSize]).AsSpan(compressedStartLength));
            compressedStartLength += n;
        }

        if (data is null)
        {
            return;
        }

        if (data.Length + bytes.Length > MaxBufferedStream)
        {
            Damaged($"object {number} is a cross-reference or object stream larger than {MaxBufferedStream / 1024 / 1024} MiB, more than any document needs", $"đối tượng {number} là luồng tham chiếu chéo hoặc luồng đối tượng lớn hơn {MaxBufferedStream / 1024 / 1024} MiB, vượt quá mức một tài liệu cần");
            return;
        }

        data.Write(bytes);
    }

    /// <inheritdoc/>
    public void StreamEnd(long length)
    {
        top = Top.EndStream;
        if (lengthKey is { } key)
        {
            pendingLengths[key] = (length, (int)number);
        }

        if (inspectStart)
        {
            ProgramInStream();
        }

        if (data is not null)
        {
            var buffered = data;
            data = null;
            using (buffered)
            {
                if (value.Type == "XRef")
                {
                    CrossReferenceStream(buffered);
                }
                else
                {
                    ObjectStream(buffered);
                }
            }
        }
    }

    /// <inheritdoc/>
    public void Stray(long offset, ReadOnlySpan<byte> rest, string english, string vietnamese)
    {
        lexer.Stop();
        FailStray(rest, kind =>
        {
            var (en, vi) = LooksLike(kind);
            return Damaged(Words, $"at byte {N(offset)} there is {english}{en}", $"tại byte {N(offset)} có {vietnamese}{vi}");
        });
    }

    /// <inheritdoc/>
    protected override void Read(ReadOnlySpan<byte> chunk)
    {
        lexer.Push(chunk);
        Position += chunk.Length;
    }

    /// <inheritdoc/>
    protected override StructureFault? End()
    {
        lexer.Finish();
        if (Failed)
        {
            return Finish();
        }

        if (lexer.Unfinished || top != Top.Idle || !ended)
        {
            return new StructureFault(
                $"This file is a damaged or incomplete PDF: it does not end with a cross-reference pointer and end-of-file marker (startxref … %%EOF) after complete objects. {Advice}",
                $"Tệp này là tệp PDF bị hỏng hoặc không đầy đủ: tệp không kết thúc bằng con trỏ tham chiếu chéo và dấu kết thúc tệp (startxref … %%EOF) sau các đối tượng hoàn chỉnh. {AdviceVi}");
        }

        return CrossReferences();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            data?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static long Key(long objectNumber, long generationNumber) => (objectNumber << 16) | (generationNumber & 0xFFFF);

    private void Damaged(string english, string vietnamese)
    {
        lexer.Stop();
        Fail(Damaged(Words, english, vietnamese));
    }

    private void TooMany()
    {
        lexer.Stop();
        Fail(new StructureFault(
            $"This PDF has more objects, cross-reference entries or updates than this check reads ({MaxObjects} objects or entries, {MaxSections} cross-reference sections). Reduce it (e.g. print it to a new PDF, or split it) and upload it again.",
            $"Tệp PDF này có nhiều đối tượng, mục tham chiếu chéo hoặc lần cập nhật hơn mức kiểm tra này đọc được ({MaxObjects} đối tượng hoặc mục, {MaxSections} phần tham chiếu chéo). Hãy làm gọn tệp (ví dụ in ra PDF mới, hoặc tách tệp) rồi tải lên lại."));
    }

    private void Stray(in PdfToken token)
    {
        var at = token.Kind is PdfTokenKind.Integer && top is Top.Generation or Top.Obj ? headerStart : token.Start;
        Stray(at, token.Raw, "data that belongs to no PDF object", "dữ liệu không thuộc đối tượng PDF nào");
    }

    /// <summary>Notes a cross-reference section at <paramref name="at"/>; false (refused) past the most a file may have.</summary>
    private bool Section(long at)
    {
        if (sections.Count == MaxSections)
        {
            TooMany();
            return false;
        }

        sections.Add(at);
        return true;
    }

    /// <summary>Notes where a startxref, /Prev or /XRefStm points, to check at the end.</summary>
    private bool Pointer(long offset, string what)
    {
        if (pointers.Count == 3 * MaxSections)
        {
            TooMany();
            return false;
        }

        pointers.Add((offset, what));
        return true;
    }

    /// <summary>The /Prev and /XRefStm of the trailer or cross-reference stream just read.</summary>
    private bool Pointers() =>
        (!value.Numbers.TryGetValue("Prev", out var previous) || Pointer(previous, "/Prev"))
        && (!value.Numbers.TryGetValue("XRefStm", out var stream) || Pointer(stream, "/XRefStm"));

    private bool AddEntry(Entry entry)
    {
        if (entries.Count == MaxObjects)
        {
            TooMany();
            return false;
        }

        entries.Add(entry);
        return true;
    }

    /// <summary>Refuses active content named in a value just read, if any.</summary>
    private bool Active((PdfValue.ActiveContent Kind, string Written)? found, string where, string whereVi)
    {
        if (found is not { } active)
        {
            return false;
        }

        var (what, whatVi) = active.Kind switch
        {
            PdfValue.ActiveContent.Script => ("JavaScript, which a PDF reader may run when the file is opened", "mã JavaScript, có thể tự chạy khi mở tệp"),
            PdfValue.ActiveContent.Launch => ("an action that starts another program", "một lệnh khởi chạy chương trình khác"),
            PdfValue.ActiveContent.Attachment => ("a file attached inside it, which could be a program", "một tệp đính kèm bên trong, có thể là một chương trình"),
            PdfValue.ActiveContent.Media => ("embedded rich media (Flash or video with its own scripts)", "nội dung đa phương tiện nhúng (Flash hoặc video có mã lệnh riêng)"),
            _ => ("an XFA form, which can carry scripts", "một biểu mẫu XFA, có thể chứa mã lệnh"),
        };
        lexer.Stop();
        Fail(new StructureFault(
            $"This PDF contains {what} ({active.Written} in {where}). PDFs with scripts, actions that start programs, or attachments are not accepted: print the document to a new PDF (that keeps the pages and drops the rest) and upload that; send other files as documents of their own.",
            $"Tệp PDF này chứa {whatVi} ({active.Written} trong {whereVi}). Không nhận tệp PDF có mã lệnh, lệnh khởi chạy chương trình hoặc tệp đính kèm: hãy in tài liệu ra một tệp PDF mới (giữ nguyên các trang, bỏ phần còn lại) rồi tải lên tệp đó; các tệp khác hãy gửi thành tài liệu riêng."));
        return true;
    }

    private void Body(in PdfToken token)
    {
        var outcome = value.Take(token);
        if (Active(value.Active, $"object {number}", $"đối tượng {number}"))
        {
            return;
        }

        if (outcome == PdfValue.Outcome.Error)
        {
            Damaged($"object {number} (byte {N(headerStart)}) is malformed: {value.Problem}", $"đối tượng {number} (byte {N(headerStart)}) sai cấu trúc: {value.Problem}");
            return;
        }

        if (outcome != PdfValue.Outcome.NotPart)
        {
            return;
        }

        if (!value.Close())
        {
            Damaged($"object {number} (byte {N(headerStart)}) is malformed: {value.Problem}", $"đối tượng {number} (byte {N(headerStart)}) sai cấu trúc: {value.Problem}");
        }
        else if (token.Is("endobj"u8))
        {
            EndObject();
            top = Top.Idle;
        }
        else if (token.Is("stream"u8) && value.IsDictionary)
        {
            BeginStream();
        }
        else
        {
            Damaged($"object {number} (byte {N(headerStart)}) is not closed with 'endobj'", $"đối tượng {number} (byte {N(headerStart)}) không được đóng bằng 'endobj'");
        }
    }

    /// <summary>An object without a stream ended: a number kept in its own object may be a stream's length.</summary>
    private void EndObject()
    {
        if (value.Integer is not { } integer)
        {
            return;
        }

        var key = Key(number, generation);
        if (pendingLengths.Remove(key, out var pending))
        {
            // The stream ran to "endstream"; its /Length may leave out the end of line before it.
            var extra = pending.Measured - integer;
            if (extra is < 0 or > 2)
            {
                Damaged($"the stream of object {pending.Object} has {pending.Measured} bytes, but its /Length (object {number}) says {integer}", $"luồng dữ liệu của đối tượng {pending.Object} có {pending.Measured} byte, nhưng /Length (đối tượng {number}) ghi {integer}");
            }
        }
        else if (lengths.Count < MaxLengthObjects)
        {
            lengths[key] = integer;
        }
    }

    private void BeginStream()
    {
        lengthKey = null;
        long? length = value.Length;
        if (value.LengthReference is { } reference)
        {
            var key = Key(reference.Object, reference.Generation);
            if (lengths.TryGetValue(key, out var known))
            {
                length = known;
            }
            else
            {
                // Defined later in the file: read to "endstream" and check the number when it comes.
                lengthKey = key;
            }
        }
        else if (length is not >= 0)
        {
            Damaged($"the stream of object {number} has no valid /Length", $"luồng dữ liệu của đối tượng {number} không có /Length hợp lệ");
            return;
        }

        if (value.Type is "XRef" or "ObjStm")
        {
            data = new MemoryStream();
        }

        // A raw stream's bytes pass the inspector's program scan as they are; a compressed one is
        // looked at once its start is inflated (object and cross-reference streams are read whole).
        inspectStart = data is null && value.Filters is ["FlateDecode" or "Fl"];
        compressedStartLength = 0;

        if (value.Type == "XRef")
        {
            encrypted |= value.Encrypt;
            if (!Section(objects[^1].Start) || !Pointers())
            {
                return;
            }
        }

        top = Top.Stream;
        lexer.BeginStream(lengthKey is null ? length : null);
    }

    private void Trailer(in PdfToken token)
    {
        var outcome = value.Take(token);
        if (Active(value.Active, "the trailer", "phần trailer"))
        {
            return;
        }

        if (outcome == PdfValue.Outcome.Closed && value.IsDictionary)
        {
            encrypted |= value.Encrypt;
            if (Pointers())
            {
                top = Top.Idle;
            }

        }
        else if (outcome is PdfValue.Outcome.Error or PdfValue.Outcome.NotPart || !value.IsDictionary)
        {
            Damaged($"the trailer at byte {N(token.Start)} is not a dictionary", $"phần trailer tại byte {N(token.Start)} không phải là từ điển");
        }
    }

    /// <summary>The decompressed bytes of a buffered stream, or null with the fault recorded.</summary>
    private Stream? Decode(MemoryStream buffered, string what, string whatVi)
    {
        buffered.Position = 0;
        var filters = value.Filters;
        if (filters.Count == 0)
        {
            return buffered;
        }

        if (filters is ["FlateDecode" or "Fl"])
        {
            return new ZLibStream(buffered, CompressionMode.Decompress, leaveOpen: true);
        }

        Unreadable(what, whatVi, $"it is compressed with /{string.Join(" /", filters)}, which this check does not read", $"được nén bằng /{string.Join(" /", filters)}, mà bước kiểm tra này không đọc được");
        return null;
    }

    private void Unreadable(string what, string whatVi, string english, string vietnamese) =>
        Damaged($"{what} {number} cannot be read: {english}", $"không đọc được {whatVi} {number}: {vietnamese}");

    /// <summary>Refuses a compressed stream whose content starts with a program (an executable carried inside the PDF).</summary>
    private void ProgramInStream()
    {
        var start = new byte[Executables.Lookahead];
        var got = 0;
        try
        {
            using var inflate = new ZLibStream(new MemoryStream(compressedStart!, 0, compressedStartLength), CompressionMode.Decompress);
            int read;
            while (got < start.Length && (read = inflate.Read(start, got, start.Length - got)) > 0)
            {
                got += read;
            }
        }
        catch (InvalidDataException)
        {
            // A damaged page or image stream is the reader's to show or skip; only a program here is refused.
        }

        if (Executables.At(start.AsSpan(0, got), strict: true) is { } program)
        {
            lexer.Stop();
            Fail(new StructureFault(
                $"This PDF has a program hidden inside it ({program.English}, compressed in the stream of object {number}); files that carry programs are not accepted. Make the document again from its source (save, export or scan it anew) and upload the new file.",
                $"Tệp PDF này có một chương trình ẩn bên trong ({program.Vietnamese}, được nén trong luồng dữ liệu của đối tượng {number}); không nhận tệp chứa chương trình. Hãy tạo lại tài liệu từ bản gốc (lưu, xuất hoặc quét lại) rồi tải lên tệp mới."));
        }
    }

    /// <summary>Reads a cross-reference stream's entries (after undoing a PNG predictor).</summary>
    private void CrossReferenceStream(MemoryStream buffered)
    {
        const string What = "the cross-reference stream", WhatVi = "luồng tham chiếu chéo";
        var widths = value.Widths;
        if (widths.Count != 3 || widths.Any(w => w is < 0 or > 8) || !value.Numbers.TryGetValue("Size", out var size))
        {
            Unreadable(What, WhatVi, "its /W or /Size is missing or wrong", "/W hoặc /Size bị thiếu hoặc sai");
            return;
        }

        var index = value.Index.Count > 0 ? value.Index : [0, size];
        var width = (int)widths.Sum();
        byte[] decoded;
        try
        {
            using var stream = Decode(buffered, What, WhatVi);
            if (stream is null)
            {
                return;
            }

            decoded = Unpredict(ReadAll(stream));
        }
        catch (InvalidDataException)
        {
            if (!Expanded())
            {
                Unreadable(What, WhatVi, "its compressed data is damaged", "dữ liệu nén bị hỏng");
            }

            return;
        }
        catch (NotSupportedException)
        {
            Unreadable(What, WhatVi, "it uses a predictor this check does not read", "dùng bộ dự đoán (predictor) mà bước kiểm tra này không đọc được");
            return;
        }

        var at = 0;
        for (var s = 0; s + 1 < index.Count; s += 2)
        {
            for (long i = 0; i < index[s + 1]; i++)
            {
                if (at + width > decoded.Length)
                {
                    Unreadable(What, WhatVi, "it holds fewer entries than its /Index lists", "chứa ít mục hơn số mục /Index liệt kê");
                    return;
                }

                var row = decoded.AsSpan(at, width);
                at += width;
                var type = widths[0] == 0 ? 1 : Field(row, 0, (int)widths[0]);
                var second = Field(row, (int)widths[0], (int)widths[1]);
                var third = Field(row, (int)(widths[0] + widths[1]), (int)widths[2]);
                if (type is 1 or 2 && !AddEntry(new Entry(index[s] + i, (int)type, second, third)))
                {
                    return;
                }
            }
        }
    }

    private static long Field(ReadOnlySpan<byte> row, int start, int width)
    {
        long v = 0;
        foreach (var b in row.Slice(start, width))
        {
            v = (v << 8) | b;
        }

        return v;
    }

    private byte[] ReadAll(Stream stream)
    {
        using var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (all.Length + read > MaxCrossReferenceBytes || (decoded += read) > MaxDecodedInAll)
            {
                throw new InvalidDataException("Too large once decompressed.");
            }

            all.Write(buffer, 0, read);
        }

        return all.ToArray();
    }

    /// <summary>Refuses a file whose compressed streams expand beyond any document's needs (a decompression bomb).</summary>
    private bool Expanded()
    {
        if (decoded <= MaxDecodedInAll)
        {
            return false;
        }

        Damaged(
            $"its cross-reference and object streams expand to more than {MaxDecodedInAll / 1024 / 1024} MiB once decompressed, far more than any document needs",
            $"các luồng tham chiếu chéo và luồng đối tượng khi giải nén vượt quá {MaxDecodedInAll / 1024 / 1024} MiB, nhiều hơn hẳn mức một tài liệu cần");
        return true;
    }

    /// <summary>Undoes a PNG predictor (/Predictor 10–15) row by row; no predictor leaves the bytes as they are.</summary>
    private byte[] Unpredict(byte[] bytes)
    {
        var predictor = value.DecodeParameters.GetValueOrDefault("Predictor", 1);
        if (predictor == 1)
        {
            return bytes;
        }

        if (predictor < 10)
        {
            throw new NotSupportedException();
        }

        var colors = value.DecodeParameters.GetValueOrDefault("Colors", 1);
        var bits = value.DecodeParameters.GetValueOrDefault("BitsPerComponent", 8);
        var columns = value.DecodeParameters.GetValueOrDefault("Columns", 1);
        var pixel = (int)Math.Max(1, colors * bits / 8);
        var rowLength = (int)((columns * colors * bits) + 7) / 8;
        if (rowLength is <= 0 or > 1 << 20)
        {
            throw new NotSupportedException();
        }

        var rows = bytes.Length / (rowLength + 1);
        var output = new byte[rows * rowLength];
        for (var r = 0; r < rows; r++)
        {
            var filter = bytes[r * (rowLength + 1)];
            var source = bytes.AsSpan((r * (rowLength + 1)) + 1, rowLength);
            var row = output.AsSpan(r * rowLength, rowLength);
            var above = r == 0 ? default : output.AsSpan((r - 1) * rowLength, rowLength);
            for (var i = 0; i < rowLength; i++)
            {
                int left = i >= pixel ? row[i - pixel] : 0, up = r > 0 ? above[i] : 0, corner = i >= pixel && r > 0 ? above[i - pixel] : 0;
                row[i] = (byte)(source[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, corner),
                    _ => throw new InvalidDataException("Unknown PNG filter."),
                });
            }
        }

        return output;

        static int Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
        }
    }

    /// <summary>Reads an object stream's objects like the file's own: offsets, brackets, values, names.</summary>
    private void ObjectStream(MemoryStream buffered)
    {
        const string What = "the object stream", WhatVi = "luồng đối tượng";
        if (!value.Numbers.TryGetValue("N", out var count) || !value.Numbers.TryGetValue("First", out var first) || count is < 0 or > MaxObjects || first < 0)
        {
            Unreadable(What, WhatVi, "its /N or /First is missing or wrong", "/N hoặc /First bị thiếu hoặc sai");
            return;
        }

        if (encrypted)
        {
            // Its content is encrypted; whether that is acceptable is decided at the end.
            unreadObjectStream ??= N(number);
            objectStreams[number] = [];
            return;
        }

        var contents = new ObjectStreamContents((int)count, first);
        try
        {
            using var stream = Decode(buffered, What, WhatVi);
            if (stream is null)
            {
                return;
            }

            if (value.DecodeParameters.GetValueOrDefault("Predictor", 1) != 1)
            {
                Unreadable(What, WhatVi, "it uses a predictor, which object streams do not", "dùng bộ dự đoán (predictor), điều mà luồng đối tượng không dùng");
                return;
            }

            var buffer = new byte[64 * 1024];
            long total = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0 && !contents.Done)
            {
                if ((total += read) > MaxDecoded || (decoded += read) > MaxDecodedInAll)
                {
                    throw new InvalidDataException("Too large once decompressed.");
                }

                contents.Push(buffer.AsSpan(0, read));
            }
        }
        catch (InvalidDataException)
        {
            if (Expanded())
            {
                return;
            }

            // An encrypted file's object streams look like damaged data until the trailer (at the end) says why.
            unreadObjectStream ??= N(number);
            objectStreams[number] = [];
            return;
        }

        var (numbers, problem, active) = contents.Finish();
        if (Active(active, $"object stream {number}", $"luồng đối tượng {number}"))
        {
            return;
        }

        if (problem is not null)
        {
            Damaged($"the object stream {number} is malformed: {problem}", $"luồng đối tượng {number} sai cấu trúc: {problem}");
            return;
        }

        objectStreams[number] = numbers;
    }

    /// <summary>Checks, at the end, that every cross-reference entry and pointer lands where it says.</summary>
    private StructureFault? CrossReferences()
    {
        if (unreadObjectStream is not null)
        {
            return encrypted
                ? new StructureFault(
                    $"This PDF is encrypted and keeps objects in compressed object streams (object {unreadObjectStream}), which cannot be checked without its password. Save or print an unprotected copy and upload that.",
                    $"Tệp PDF này được mã hóa và lưu các đối tượng trong luồng đối tượng nén (đối tượng {unreadObjectStream}), không thể kiểm tra khi không có mật khẩu. Hãy lưu hoặc in ra một bản không được bảo vệ rồi tải lên bản đó.")
                : Damaged(Words, $"its object stream {unreadObjectStream} cannot be decompressed", $"không giải nén được luồng đối tượng {unreadObjectStream}");
        }

        if (sections.Count == 0)
        {
            return Damaged(Words, "it has no cross-reference section", "tệp không có phần tham chiếu chéo");
        }

        var last = pointers.FindLastIndex(p => p.What == "startxref");
        for (var i = 0; i < pointers.Count; i++)
        {
            // A linearized file's first-page trailer may say "startxref 0"; the last startxref must point at a section.
            var (offset, what) = pointers[i];
            if (!sections.Contains(offset) && !(offset == 0 && what == "startxref" && i != last))
            {
                return Damaged(Words, $"its {what} points at byte {N(offset)}, where there is no cross-reference section", $"{what} trỏ tới byte {N(offset)}, nơi không có phần tham chiếu chéo");
            }
        }

        if (pendingLengths.Count > 0)
        {
            var (_, (measured, owner)) = pendingLengths.First();
            return Damaged(Words, $"the /Length of the stream of object {owner} ({measured} bytes) refers to an object that is not there", $"/Length của luồng dữ liệu thuộc đối tượng {owner} ({measured} byte) tham chiếu tới một đối tượng không tồn tại");
        }

        objects.Sort((a, b) => a.Start.CompareTo(b.Start));
        foreach (var entry in entries)
        {
            if (entry.Type == 1 && !ObjectAtOffset(entry))
            {
                return Damaged(
                    Words,
                    $"its cross-reference says object {entry.Number} is at byte {N(entry.Second)}, where there is no such object",
                    $"bảng tham chiếu chéo ghi đối tượng {entry.Number} nằm tại byte {N(entry.Second)}, nhưng ở đó không có đối tượng này");
            }

            if (entry.Type == 2 && (!objectStreams.TryGetValue(entry.Second, out var held) || (held.Length > 0 && (entry.Third >= held.Length || held[entry.Third] != entry.Number))))
            {
                return Damaged(
                    Words,
                    $"its cross-reference says object {entry.Number} is in object stream {entry.Second}, which does not hold it",
                    $"bảng tham chiếu chéo ghi đối tượng {entry.Number} nằm trong luồng đối tượng {entry.Second}, nhưng luồng đó không chứa nó");
            }
        }

        return null;
    }

    private bool ObjectAtOffset(Entry entry)
    {
        var lo = 0;
        var hi = objects.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var start = objects[mid].Start;
            if (start == entry.Second)
            {
                return objects[mid].Number == entry.Number && objects[mid].Generation == entry.Third;
            }

            (lo, hi) = start < entry.Second ? (mid + 1, hi) : (lo, mid - 1);
        }

        return false;
    }

    /// <summary>Where an indirect object starts (its number's first byte).</summary>
    private readonly record struct ObjectAt(long Start, int Number, int Generation);

    /// <summary>A cross-reference entry: type 1 (Second = offset, Third = generation) or 2 (Second = object stream, Third = index in it).</summary>
    private readonly record struct Entry(long Number, int Type, long Second, long Third);

    /// <summary>The content of one object stream: 2N integers (object number, offset), then N objects at First + offset.</summary>
    private sealed class ObjectStreamContents : IPdfTokenSink
    {
        private readonly PdfLexer lexer;
        private readonly PdfValue current = new();
        private readonly long[] numbers;
        private readonly long[] offsets;
        private readonly long first;
        private int header;
        private int index = -1;
        private long previousEnd;
        private string? problem;

        public ObjectStreamContents(int count, long first)
        {
            lexer = new PdfLexer(this);
            (numbers, offsets, this.first) = (new long[count], new long[count], first);
        }

        public bool Done => problem is not null || current.Active is not null;

        public void Push(ReadOnlySpan<byte> bytes) => lexer.Push(bytes);

        public (long[] Numbers, string? Problem, (PdfValue.ActiveContent Kind, string Written)? Active) Finish()
        {
            lexer.Finish();
            if (!Done && index >= 0 && !current.Close())
            {
                problem = current.Problem;
            }

            if (!Done && index != numbers.Length - 1 && numbers.Length > 0)
            {
                problem = $"it lists {numbers.Length} objects but holds {index + 1}";
            }

            return (numbers, problem, current.Active);
        }

        public void Token(in PdfToken token)
        {
            if (Done || token.Kind == PdfTokenKind.Comment)
            {
                return;
            }

            if (header < 2 * numbers.Length)
            {
                if (token.Kind != PdfTokenKind.Integer || token.End > first)
                {
                    problem = "its list of object numbers and offsets is malformed";
                    return;
                }

                (header % 2 == 0 ? numbers : offsets)[header / 2] = token.Integer;
                header++;
                previousEnd = token.End;
                return;
            }

            // The next object starts at the token where its offset lands.
            if (index + 1 < numbers.Length && token.Start >= first + offsets[index + 1])
            {
                if (previousEnd > first + offsets[index + 1] || (index >= 0 && !current.Close()))
                {
                    problem = current.Problem ?? $"object {numbers[index + 1]} does not start at its offset";
                    return;
                }

                index++;
                current.Reset();
            }

            if (index < 0)
            {
                problem = "data stands before its first object";
                return;
            }

            var outcome = current.Take(token);
            problem = outcome switch
            {
                PdfValue.Outcome.Error => current.Problem,
                PdfValue.Outcome.NotPart => $"the word '{Encoding.Latin1.GetString(token.Text)}' stands in object {numbers[index]}",
                _ => null,
            };
            previousEnd = token.End;
        }

        public void StreamData(ReadOnlySpan<byte> data)
        {
        }

        public void StreamEnd(long length)
        {
        }

        public void Stray(long offset, ReadOnlySpan<byte> rest, string english, string vietnamese) =>
            problem = $"at byte {offset} of its content there is {english}";
    }
}
