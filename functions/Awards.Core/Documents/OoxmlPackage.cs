using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Format = Awards.Domain.DocumentFormat;

namespace Awards.Documents;

/// <summary>
/// Walks a ZIP archive entry by entry as it streams past — local header, data (to the size the
/// header gives, or to the data descriptor that follows it, as LibreOffice and Java write them),
/// then the central directory, which must list exactly those entries at those offsets with the
/// same names, methods, checksums and sizes, then the end records and nothing after them. Bytes
/// before the first entry or between entries are refused (ZIP polyglots). Then it judges the
/// package as Office Open XML: <c>[Content_Types].xml</c> and <c>_rels/.rels</c> name the main
/// part, whose content type must be a Word document's or an Excel workbook's; macros
/// (<c>vbaProject.bin</c>, macro-enabled or VBA content types and relationships), OLE and
/// ActiveX objects, templates loaded from the internet and parts that are programs are refused.
/// </summary>
/// <remarks>
/// One pass, bounded memory: per entry its name and a few numbers (at most 20,000 entries), the
/// first 4 KiB of each entry's compressed data (to see what the part starts with), and the
/// content types and relationship parts (XML, at most 2 MiB compressed each and 64 MiB
/// decompressed in all), read when their entry ends. Nested packages (a workbook embedded in a document for a chart) are not opened.
/// </remarks>
internal sealed class OoxmlPackage : StructureReader
{
    private const int MaxEntries = 20_000;
    private const int MaxXmlPart = 2 * 1024 * 1024;
    private const long MaxXmlInAll = 64L * 1024 * 1024;
    private const int HeadBytes = 4096;
    private const uint LocalSignature = 0x04034b50, CentralSignature = 0x02014b50, EndSignature = 0x06054b50,
        Zip64EndSignature = 0x06064b50, Zip64LocatorSignature = 0x07064b50, DescriptorSignature = 0x08074b50;

    private const string Advice = "Open it in Word or Excel, save it again and upload the new file.";
    private const string AdviceVi = "Hãy mở tệp bằng Word hoặc Excel, lưu lại rồi tải lên tệp mới.";

    private static readonly Wording Words = new("Office document (ZIP)", "tài liệu Office (ZIP)", Advice, AdviceVi);

    private const string WordMain = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
    private const string ExcelMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

    // Data descriptors: (length, with its signature, 64-bit sizes); the signed forms first, as writers use them.
    private static readonly (int Length, bool Signed, bool Wide)[] Descriptors = [(16, true, false), (24, true, true), (12, false, false), (20, false, true)];

    private static readonly FileKind UnknownPackage = new("an Office Open XML package of an unknown kind", "một gói Office Open XML không rõ loại");

    private static ReadOnlySpan<byte> CompoundFile => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private readonly List<Local> locals = [];
    private readonly Dictionary<long, int> byOffset = [];
    private readonly Dictionary<string, string> defaults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> overrides = new(StringComparer.OrdinalIgnoreCase);
    private readonly byte[] tail = new byte[32];
    private readonly MemoryStream head = new();
    private byte[] buffer = new byte[64];
    private byte[] fixedCentral = [];
    private State state = State.Signature;
    private int filled;
    private int need = 4;
    private long recordStart;
    private Local? entry;
    private long dataStart;
    private long remaining;
    private int tailLength;
    private MemoryStream? part;
    private int centrals;
    private long centralStart = -1;
    private long centralSize;
    private long zip64Entries = -1;
    private string? mainPart;
    private bool contentTypes;
    private bool relationships;
    private long xmlRead;

    private enum State
    {
        Signature,
        Local,
        LocalNames,
        Data,
        DataToDescriptor,
        Central,
        CentralNames,
        Zip64End,
        Zip64Locator,
        End,
        Comment,
        Done,
    }

    /// <summary>What the package is, once <see cref="StructureReader.Finish"/> found it sound: a DOCX or XLSX, or what else it looks like.</summary>
    public (Format? Format, FileKind LooksLike) Kind { get; private set; } = (null, new("a damaged or incomplete ZIP archive", "một tệp nén ZIP bị hỏng hoặc không đầy đủ"));

    /// <inheritdoc/>
    protected override void Read(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty && !Failed)
        {
            switch (state)
            {
                case State.Data:
                    {
                        var n = (int)Math.Min(remaining, chunk.Length);
                        Keep(chunk[..n]);
                        (remaining, Position) = (remaining - n, Position + n);
                        chunk = chunk[n..];
                        if (remaining == 0)
                        {
                            EndEntry(entry!.Compressed);
                        }

                        break;
                    }

                case State.DataToDescriptor:
                    chunk = chunk[ToDescriptor(chunk)..];
                    break;
                case State.Comment:
                    {
                        var n = (int)Math.Min(remaining, chunk.Length);
                        (remaining, Position) = (remaining - n, Position + n);
                        chunk = chunk[n..];
                        state = remaining == 0 ? State.Done : State.Comment;
                        break;
                    }

                case State.Done:
                    FailStray(chunk, kind =>
                    {
                        var (en, vi) = LooksLike(kind);
                        return Damaged(Words, $"after the end of the archive, from byte {N(Position)}, there is more data{en}", $"sau phần kết thúc của kho nén, từ byte {N(Position)}, còn dữ liệu khác{vi}");
                    });
                    return;
                default:
                    var take = Math.Min(need - filled, chunk.Length);
                    chunk[..take].CopyTo(buffer.AsSpan(filled));
                    (filled, Position) = (filled + take, Position + take);
                    chunk = chunk[take..];
                    if (filled == need)
                    {
                        Record(chunk);
                    }

                    break;
            }
        }
    }

    /// <inheritdoc/>
    protected override StructureFault? End()
    {
        if (state != State.Done)
        {
            return Damaged(Words, $"it ends at byte {N(Position)} before the end of its central directory", $"tệp kết thúc ở byte {N(Position)} trước khi hết danh mục trung tâm");
        }

        if (centrals != locals.Count)
        {
            return Damaged(Words, $"its central directory lists {centrals} entries, but it holds {locals.Count}", $"danh mục trung tâm liệt kê {centrals} mục, nhưng tệp chứa {locals.Count} mục");
        }

        Kind = Judge(out var fault);
        return fault;
    }

    private static StructureFault Macro(string evidence) => new(
        $"This document contains macros ({evidence}), which run code when it is opened; documents with macros are not accepted. Save it as a plain Word document (.docx) or Excel workbook (.xlsx), without macros, and upload that.",
        $"Tài liệu này chứa macro ({evidence}), là mã lệnh chạy khi mở tệp; không nhận tài liệu có macro. Hãy lưu lại thành tài liệu Word (.docx) hoặc bảng tính Excel (.xlsx) thông thường, không có macro, rồi tải lên tệp đó.");

    private static StructureFault EmbeddedObject(string evidence) => new(
        $"This document contains an embedded or linked object ({evidence}); such objects can carry or start programs and are not accepted. Remove it or replace it with a picture, save the document again and upload it.",
        $"Tài liệu này chứa một đối tượng nhúng hoặc liên kết ({evidence}); các đối tượng như vậy có thể chứa hoặc khởi chạy chương trình nên không được nhận. Hãy xóa hoặc thay nó bằng hình ảnh, lưu lại tài liệu rồi tải lên.");

    private static bool IsXmlPart(string name) => name == "[Content_Types].xml" || name.EndsWith(".rels", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The ZIP64 sizes and offset from an extra field (-1 where absent: a malformed field then
    /// leaves the entry without a size, or unlike its central record, and it is refused for that).
    /// </summary>
    private static void Extra(ReadOnlySpan<byte> extra, int fields, out long first, out long second, out long third)
    {
        (first, second, third) = (-1, -1, -1);
        while (extra.Length >= 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            var size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            if (4 + size > extra.Length)
            {
                return;
            }

            if (id == 1)
            {
                var data = extra.Slice(4, size);
                long[] values = [-1, -1, -1];
                for (var i = 0; i < Math.Min(fields, size / 8); i++)
                {
                    values[i] = (long)BinaryPrimitives.ReadUInt64LittleEndian(data[(i * 8)..]);
                }

                (first, second, third) = (values[0], values[1], values[2]);
            }

            extra = extra[(4 + size)..];
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            head.Dispose();
            part?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A fixed or variable part of a header is complete in <see cref="buffer"/>.</summary>
    private void Record(ReadOnlySpan<byte> rest)
    {
        var b = buffer.AsSpan(0, need);
        switch (state)
        {
            case State.Signature:
                Signature(BinaryPrimitives.ReadUInt32LittleEndian(b), rest);
                return;
            case State.Local:
                {
                    var flags = BinaryPrimitives.ReadUInt16LittleEndian(b[2..]);
                    var method = BinaryPrimitives.ReadUInt16LittleEndian(b[4..]);
                    entry = new Local
                    {
                        Offset = recordStart,
                        Flags = flags,
                        Method = method,
                        Crc = BinaryPrimitives.ReadUInt32LittleEndian(b[10..]),
                        Compressed = BinaryPrimitives.ReadUInt32LittleEndian(b[14..]),
                        Uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(b[18..]),
                    };
                    var names = BinaryPrimitives.ReadUInt16LittleEndian(b[22..]) + BinaryPrimitives.ReadUInt16LittleEndian(b[24..]);
                    entry.NameLength = BinaryPrimitives.ReadUInt16LittleEndian(b[22..]);
                    if ((flags & 1) != 0)
                    {
                        Fail(new StructureFault(
                            "This document is protected with a password, so its content cannot be checked. Save a copy without a password and upload that.",
                            "Tài liệu này được bảo vệ bằng mật khẩu nên không thể kiểm tra nội dung. Hãy lưu một bản không có mật khẩu rồi tải lên bản đó."));
                        return;
                    }

                    if (method is not (0 or 8))
                    {
                        Fail(Damaged(Words, $"the entry at byte {N(recordStart)} uses a compression method ({method}) that Office does not use", $"mục tại byte {N(recordStart)} dùng phương pháp nén ({method}) mà Office không dùng"));
                        return;
                    }

                    Expect(State.LocalNames, names);
                    return;
                }

            case State.LocalNames:
                LocalNames(b);
                return;
            case State.Central:
                fixedCentral = b.ToArray();
                Expect(State.CentralNames, BinaryPrimitives.ReadUInt16LittleEndian(b[24..]) + BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) + BinaryPrimitives.ReadUInt16LittleEndian(b[28..]));
                return;
            case State.CentralNames:
                CentralNames(b);
                return;
            case State.Zip64End:
                {
                    var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(b);
                    if (size is < 44 or > 4096)
                    {
                        Fail(Damaged(Words, "its ZIP64 end record has an impossible size", "bản ghi kết thúc ZIP64 có kích thước không thể có"));
                        return;
                    }

                    if (filled == 8)
                    {
                        Expect(State.Zip64End, 8 + (int)size);
                        b.CopyTo(buffer);
                        filled = 8;
                        return;
                    }

                    zip64Entries = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[28..]);
                    Expect(State.Signature, 4);
                    return;
                }

            case State.Zip64Locator:
                Expect(State.Signature, 4);
                return;
            case State.End:
                EndRecord(b);
                return;
        }
    }

    private void Expect(State next, int size)
    {
        (state, need, filled) = (next, size, 0);
        if (buffer.Length < size)
        {
            Array.Resize(ref buffer, Math.Max(size, buffer.Length * 2));
        }

        if (size == 0)
        {
            // Nothing to read (an entry with no name or extra): act at once.
            Record([]);
        }
    }

    private void Signature(uint signature, ReadOnlySpan<byte> rest)
    {
        recordStart = Position - 4;
        switch (signature)
        {
            case LocalSignature when centralStart < 0:
                if (locals.Count == MaxEntries)
                {
                    Fail(Damaged(Words, $"it has more than {MaxEntries} entries", $"tệp có hơn {MaxEntries} mục"));
                    return;
                }

                Expect(State.Local, 26);
                return;
            case CentralSignature when locals.Count > 0 && centrals < locals.Count:
                centralStart = centralStart < 0 ? recordStart : centralStart;
                Expect(State.Central, 42);
                return;
            case Zip64EndSignature when centralStart >= 0 || locals.Count == 0:
                centralSize = centralStart < 0 ? 0 : recordStart - centralStart;
                Expect(State.Zip64End, 8);
                return;
            case Zip64LocatorSignature when zip64Entries >= 0:
                Expect(State.Zip64Locator, 16);
                return;
            case EndSignature when centralStart >= 0 || locals.Count == 0:
                centralSize = zip64Entries >= 0 ? centralSize : centralStart < 0 ? 0 : recordStart - centralStart;
                Expect(State.End, 18);
                return;
        }

        var at = recordStart;
        var seen = buffer[..4];
        FailStray(seen, kind =>
        {
            var (en, vi) = LooksLike(kind);
            return at == 0
                ? Damaged(Words, $"it does not start with an entry{en}", $"tệp không bắt đầu bằng một mục{vi}")
                : Damaged(Words, $"at byte {N(at)} there are bytes that belong to no entry of the archive{en}; something was inserted into the file", $"tại byte {N(at)} có dữ liệu không thuộc mục nào của kho nén{vi}; đã có thứ gì đó được chèn vào tệp");
        });
        Append(rest);
    }

    private void LocalNames(ReadOnlySpan<byte> b)
    {
        var e = entry!;
        e.Name = Encoding.UTF8.GetString(b[..e.NameLength]);
        if (e.Compressed == 0xFFFFFFFF || e.Uncompressed == 0xFFFFFFFF)
        {
            Extra(b[e.NameLength..], 2, out var uncompressed, out var compressed, out _);
            (e.Uncompressed, e.Compressed) = (uncompressed, compressed);
        }

        if (NameFault(e.Name) is { } fault)
        {
            Fail(fault);
            return;
        }

        byOffset[e.Offset] = locals.Count;
        locals.Add(e);
        dataStart = Position;
        head.SetLength(0);
        part = IsXmlPart(e.Name) ? new MemoryStream() : null;
        tailLength = 0;
        if ((e.Flags & 8) != 0)
        {
            state = State.DataToDescriptor;
        }
        else if (e.Compressed < 0)
        {
            Fail(Damaged(Words, $"the entry '{e.Name}' has no size", $"mục '{e.Name}' không có kích thước"));
        }
        else if (e.Compressed == 0)
        {
            EndEntry(0);
        }
        else
        {
            (state, remaining) = (State.Data, e.Compressed);
        }
    }

    /// <summary>Parts whose name alone says they are macros or embedded objects.</summary>
    private static StructureFault? NameFault(string name)
    {
        var file = name[(name.LastIndexOf('/') + 1)..];
        if (file.Equals("vbaProject.bin", StringComparison.OrdinalIgnoreCase) || file.Equals("vbaData.xml", StringComparison.OrdinalIgnoreCase) || file.Equals("vbaProjectSignature.bin", StringComparison.OrdinalIgnoreCase))
        {
            return Macro($"the part '{name}'");
        }

        if (file.StartsWith("oleObject", StringComparison.OrdinalIgnoreCase) || name.Contains("/activeX/", StringComparison.OrdinalIgnoreCase))
        {
            return EmbeddedObject($"the part '{name}'");
        }

        return null;
    }

    /// <summary>Keeps the start of every entry's data, and the whole of the XML parts read at the end of the entry.</summary>
    private void Keep(ReadOnlySpan<byte> data)
    {
        if (head.Length < HeadBytes)
        {
            head.Write(data[..(int)Math.Min(data.Length, HeadBytes - head.Length)]);
        }

        if (part is null)
        {
            return;
        }

        if (part.Length + data.Length > MaxXmlPart)
        {
            Fail(Damaged(Words, $"its part '{entry!.Name}' is larger than any such part needs to be", $"phần '{entry!.Name}' lớn hơn mức cần thiết của loại phần này"));
            return;
        }

        part.Write(data);
    }

    /// <summary>
    /// Passes an entry's data until its data descriptor: a signature of the next header (or of the
    /// central directory) preceded by a descriptor whose compressed size is exactly the bytes since
    /// the data began. Looks back over the last bytes of the previous chunk for a signature that
    /// straddles the two.
    /// </summary>
    /// <returns>How many bytes of <paramref name="chunk"/> belong to the entry's data.</returns>
    private int ToDescriptor(ReadOnlySpan<byte> chunk)
    {
        ReadOnlySpan<uint> signatures = [LocalSignature, CentralSignature];
        Span<byte> seam = stackalloc byte[8];
        for (var k = Math.Min(3, tailLength); k >= 1; k--)
        {
            if (chunk.Length < 4 - k)
            {
                continue;
            }

            tail.AsSpan(tailLength - k, k).CopyTo(seam);
            chunk[..(4 - k)].CopyTo(seam[k..]);
            var signature = BinaryPrimitives.ReadUInt32LittleEndian(seam);
            if (signatures.Contains(signature) && Descriptor(Position - k, chunk))
            {
                // The signature began in bytes already passed: start the header with them.
                BinaryPrimitives.WriteUInt32LittleEndian(buffer, signature);
                (state, need, filled, recordStart) = (State.Signature, 4, k, Position - k);
                return 0;
            }
        }

        for (var from = 0; ;)
        {
            var local = chunk[from..].IndexOf("PK\x03\x04"u8);
            var central = chunk[from..].IndexOf("PK\x01\x02"u8);
            var found = local < 0 ? central : central < 0 ? local : Math.Min(local, central);
            if (found < 0)
            {
                break;
            }

            var at = from + found;
            if (Descriptor(Position + at, chunk))
            {
                Position += at;
                (state, need, filled) = (State.Signature, 4, 0);
                return at;
            }

            from = at + 1;
        }

        Keep(chunk);
        var keep = Math.Min(chunk.Length, tail.Length);
        if (tailLength + keep > tail.Length)
        {
            var shift = tailLength + keep - tail.Length;
            tail.AsSpan(shift, tailLength - shift).CopyTo(tail);
            tailLength -= shift;
        }

        chunk[^keep..].CopyTo(tail.AsSpan(tailLength));
        tailLength += keep;
        Position += chunk.Length;
        return chunk.Length;
    }

    /// <summary>Whether a data descriptor ends at <paramref name="end"/> (absolute), closing the entry there if so.</summary>
    private bool Descriptor(long end, ReadOnlySpan<byte> chunk)
    {
        Span<byte> d = stackalloc byte[24];
        foreach (var (length, signed, wide) in Descriptors)
        {
            var start = end - length;
            if (start < dataStart || !Back(chunk, end, d[..length]))
            {
                continue;
            }

            var fields = signed ? d[4..length] : d[..length];
            if (signed && BinaryPrimitives.ReadUInt32LittleEndian(d) != DescriptorSignature)
            {
                continue;
            }

            var compressed = wide ? (long)BinaryPrimitives.ReadUInt64LittleEndian(fields[4..]) : BinaryPrimitives.ReadUInt32LittleEndian(fields[4..]);
            if (compressed != start - dataStart)
            {
                continue;
            }

            var e = entry!;
            e.Crc = BinaryPrimitives.ReadUInt32LittleEndian(fields);
            e.Uncompressed = wide ? (long)BinaryPrimitives.ReadUInt64LittleEndian(fields[12..]) : BinaryPrimitives.ReadUInt32LittleEndian(fields[8..]);
            e.Compressed = compressed;
            var dataInChunk = (int)Math.Max(0, start - Position);
            Keep(chunk[..dataInChunk]);
            head.SetLength(Math.Min(head.Length, compressed));
            part?.SetLength(Math.Min(part.Length, compressed));
            EndEntry(compressed);
            return !Failed;
        }

        return false;
    }

    /// <summary>Copies the bytes just before <paramref name="end"/> (absolute) from the chunk and the kept tail of earlier ones; false when they were not kept.</summary>
    private bool Back(ReadOnlySpan<byte> chunk, long end, Span<byte> into)
    {
        var start = end - into.Length;
        for (var i = 0; i < into.Length; i++)
        {
            var at = start + i;
            if (at < Position - tailLength)
            {
                return false;
            }

            into[i] = at < Position ? tail[tailLength - (int)(Position - at)] : chunk[(int)(at - Position)];
        }

        return true;
    }

    /// <summary>An entry's data ended: look at what its part starts with, and read the XML parts.</summary>
    private void EndEntry(long compressed)
    {
        var e = entry!;
        e.Compressed = compressed;
        (state, need, filled) = (State.Signature, 4, 0);
        var start = Start(e, head);
        if (start is null)
        {
            Fail(Damaged(Words, $"the part '{e.Name}' cannot be decompressed", $"không giải nén được phần '{e.Name}'"));
            return;
        }

        if (Executables.At(start, strict: true) is { } program)
        {
            Fail(new StructureFault(
                $"This document has a program inside it ({program.English} in the part '{e.Name}'); it is not accepted. Remove the object that holds it, save the document again and upload it.",
                $"Tài liệu này có một chương trình bên trong ({program.Vietnamese} trong phần '{e.Name}'); không được nhận. Hãy xóa đối tượng chứa nó, lưu lại tài liệu rồi tải lên."));
            return;
        }

        if (start.AsSpan().StartsWith(CompoundFile))
        {
            Fail(EmbeddedObject($"an OLE object in the part '{e.Name}'"));
            return;
        }

        if (part is not null)
        {
            using var xml = part;
            part = null;
            XmlPart(e, xml);
        }
    }

    /// <summary>The first KiB of a part's content, or null when its start does not decompress.</summary>
    private static byte[]? Start(Local e, MemoryStream compressed)
    {
        if (e.Method == 0)
        {
            return compressed.ToArray();
        }

        try
        {
            compressed.Position = 0;
            using var inflate = new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);
            var start = new byte[(int)Math.Clamp(e.Uncompressed, 0, 1024)];
            var got = 0;
            int read;
            while (got < start.Length && (read = inflate.Read(start, got, start.Length - got)) > 0)
            {
                got += read;
            }

            return start[..got];
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static XmlReader Xml(Stream stream) => XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });

    /// <summary>Reads [Content_Types].xml or a relationship part.</summary>
    private void XmlPart(Local e, MemoryStream compressed)
    {
        compressed.Position = 0;
        using Stream inflated = e.Method == 0 ? compressed : new DeflateStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        using var content = new Budgeted(inflated, this);
        try
        {
            using var reader = Xml(content);
            var isTypes = e.Name == "[Content_Types].xml";
            contentTypes |= isTypes;
            relationships |= e.Name == "_rels/.rels";
            while (reader.Read() && !Failed)
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }

                if (isTypes)
                {
                    ContentType(reader);
                }
                else if (reader.LocalName == "Relationship")
                {
                    Relationship(e.Name, reader);
                }
            }
        }
        catch (Exception x) when (x is XmlException or InvalidDataException)
        {
            Fail(Damaged(Words, $"its part '{e.Name}' is not readable XML", $"phần '{e.Name}' không phải XML đọc được"));
        }
    }

    private void ContentType(XmlReader reader)
    {
        var type = reader.GetAttribute("ContentType") ?? string.Empty;
        var where = reader.LocalName switch
        {
            "Default" => reader.GetAttribute("Extension"),
            "Override" => reader.GetAttribute("PartName"),
            _ => null,
        };
        if (where is null)
        {
            return;
        }

        var types = reader.LocalName == "Default" ? defaults : overrides;
        if (types.Count == MaxEntries)
        {
            Fail(Damaged(Words, "its [Content_Types].xml lists more types than the package could hold", "[Content_Types].xml liệt kê nhiều loại hơn số phần mà gói có thể chứa"));
            return;
        }

        types[where.TrimStart('/')] = type;
        if (type.Contains("macroEnabled", StringComparison.OrdinalIgnoreCase) || type.Contains("vbaProject", StringComparison.OrdinalIgnoreCase) || type.Contains("ms-office.vba", StringComparison.OrdinalIgnoreCase))
        {
            Fail(Macro($"the content type '{type}' in [Content_Types].xml"));
        }
        else if (type.Contains(".oleObject", StringComparison.OrdinalIgnoreCase) || type.Contains("activeX", StringComparison.OrdinalIgnoreCase))
        {
            Fail(EmbeddedObject($"the content type '{type}' in [Content_Types].xml"));
        }
    }

    private void Relationship(string partName, XmlReader reader)
    {
        var type = reader.GetAttribute("Type") ?? string.Empty;
        var target = reader.GetAttribute("Target") ?? string.Empty;
        var external = string.Equals(reader.GetAttribute("TargetMode"), "External", StringComparison.OrdinalIgnoreCase);
        var kind = type[(type.LastIndexOf('/') + 1)..];
        if (kind.Equals("vbaProject", StringComparison.OrdinalIgnoreCase))
        {
            Fail(Macro($"a relationship to '{target}' in '{partName}'"));
        }
        else if (kind.Equals("oleObject", StringComparison.OrdinalIgnoreCase) || kind.StartsWith("activeXControl", StringComparison.OrdinalIgnoreCase))
        {
            Fail(EmbeddedObject($"a relationship of type {kind} to '{target}' in '{partName}'"));
        }
        else if (kind.Equals("attachedTemplate", StringComparison.OrdinalIgnoreCase) && external
            && (target.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || target.StartsWith(@"\\", StringComparison.Ordinal) || target.StartsWith("//", StringComparison.Ordinal)))
        {
            Fail(new StructureFault(
                $"This document loads its template from the network ('{target}'), a known way to bring macros in when it is opened; it is not accepted. In Word, detach the template (Developer → Document Template → Normal), save the document again and upload it.",
                $"Tài liệu này tải mẫu (template) từ mạng ('{target}'), một cách đã biết để đưa macro vào khi mở tệp; không được nhận. Trong Word, hãy bỏ liên kết mẫu (Developer → Document Template → Normal), lưu lại tài liệu rồi tải lên."));
        }
        else if (partName == "_rels/.rels" && kind == "officeDocument" && !external)
        {
            mainPart = target.TrimStart('/');
        }
    }

    private void CentralNames(ReadOnlySpan<byte> b)
    {
        var f = fixedCentral.AsSpan();
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(f[24..]), extraLength = BinaryPrimitives.ReadUInt16LittleEndian(f[26..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(f[16..]), uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(f[20..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(f[38..]);
        if (compressed == 0xFFFFFFFF || uncompressed == 0xFFFFFFFF || offset == 0xFFFFFFFF)
        {
            // ZIP64: the extra field holds, in this order, those of the three that did not fit.
            Extra(b.Slice(nameLength, extraLength), 3, out var a, out var c, out var d);
            var values = new Queue<long>([a, c, d]);
            uncompressed = uncompressed == 0xFFFFFFFF ? values.Dequeue() : uncompressed;
            compressed = compressed == 0xFFFFFFFF ? values.Dequeue() : compressed;
            offset = offset == 0xFFFFFFFF ? values.Dequeue() : offset;
        }

        var name = Encoding.UTF8.GetString(b[..nameLength]);
        var matches = byOffset.Remove(offset, out var index)
            && locals[index] is var local
            && local.Name == name
            && local.Method == BinaryPrimitives.ReadUInt16LittleEndian(f[6..])
            && local.Crc == BinaryPrimitives.ReadUInt32LittleEndian(f[12..])
            && local.Compressed == compressed
            && local.Uncompressed == uncompressed;
        if (!matches)
        {
            Fail(Damaged(Words, $"its central directory does not match the entry '{name}' it lists (offset, sizes or checksum differ)", $"danh mục trung tâm không khớp với mục '{name}' mà nó liệt kê (vị trí, kích thước hoặc mã kiểm tra khác nhau)"));
            return;
        }

        centrals++;
        Expect(State.Signature, 4);
    }

    private void EndRecord(ReadOnlySpan<byte> b)
    {
        long total = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
        long size = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]);
        var comment = BinaryPrimitives.ReadUInt16LittleEndian(b[16..]);
        var zip64 = zip64Entries >= 0;
        var sound = BinaryPrimitives.ReadUInt16LittleEndian(b) == 0
            && (total == centrals || (zip64 && total == 0xFFFF && zip64Entries == centrals))
            && (size == centralSize || (zip64 && size == 0xFFFFFFFF))
            && (offset == Math.Max(0, centralStart) || (zip64 && offset == 0xFFFFFFFF));
        if (!sound)
        {
            Fail(Damaged(Words, "its end record does not match its central directory", "bản ghi kết thúc không khớp với danh mục trung tâm"));
            return;
        }

        (state, remaining) = comment == 0 ? (State.Done, 0L) : (State.Comment, comment);
    }

    /// <summary>The package's kind from its content types and main part, or a fault.</summary>
    private (Format? Format, FileKind LooksLike) Judge(out StructureFault? fault)
    {
        fault = null;
        if (locals.Count == 0)
        {
            return (null, new("an empty ZIP archive", "một tệp nén ZIP rỗng"));
        }

        if (!contentTypes)
        {
            var names = locals.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
            return names.Contains("mimetype") && names.Contains("content.xml")
                ? (null, new("an OpenDocument file (ODT/ODS); save it as PDF or DOCX", "một tệp OpenDocument (ODT/ODS); hãy lưu thành PDF hoặc DOCX"))
                : (null, new("a ZIP archive", "một tệp nén ZIP"));
        }

        if (!relationships || mainPart is null)
        {
            return (null, UnknownPackage);
        }

        if (!locals.Any(l => l.Name.Equals(mainPart, StringComparison.OrdinalIgnoreCase)))
        {
            fault = Damaged(Words, $"its main part '{mainPart}' is missing", $"thiếu phần chính '{mainPart}'");
            return (null, new("a damaged Office document", "một tài liệu Office bị hỏng"));
        }

        var extension = Path.GetExtension(mainPart).TrimStart('.');
        var type = overrides.GetValueOrDefault(mainPart) ?? defaults.GetValueOrDefault(extension) ?? string.Empty;
        return type switch
        {
            WordMain => (Format.Docx, new("a Word document (DOCX)", "một tài liệu Word (DOCX)")),
            ExcelMain => (Format.Xlsx, new("an Excel workbook (XLSX)", "một bảng tính Excel (XLSX)")),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml" => (null, new("a PowerPoint presentation (PPTX)", "một bản trình chiếu PowerPoint (PPTX)")),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml" => (null, new("a Word template (DOTX); save it as a document (DOCX)", "một mẫu Word (DOTX); hãy lưu thành tài liệu (DOCX)")),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml" => (null, new("an Excel template (XLTX); save it as a workbook (XLSX)", "một mẫu Excel (XLTX); hãy lưu thành bảng tính (XLSX)")),
            _ => (null, UnknownPackage),
        };
    }

    /// <summary>
    /// Reads a decompressing stream while the package's XML budget lasts: a small compressed part
    /// may expand a thousandfold (a decompression bomb), and no package needs more XML than that
    /// in its content types and relationships.
    /// </summary>
    private sealed class Budgeted(Stream inner, OoxmlPackage package) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            if ((package.xmlRead += read) > MaxXmlInAll)
            {
                throw new InvalidDataException("The package's XML expands too far.");
            }

            return read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>One entry as its local header and data (or data descriptor) gave it.</summary>
    private sealed class Local
    {
        public long Offset { get; init; }

        public ushort Flags { get; init; }

        public ushort Method { get; init; }

        public uint Crc { get; set; }

        public long Compressed { get; set; }

        public long Uncompressed { get; set; }

        public int NameLength { get; set; }

        public string Name { get; set; } = string.Empty;
    }
}
