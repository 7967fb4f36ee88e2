using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Awards.Documents;

/// <summary>
/// Walks a PNG chunk by chunk: the signature, then chunks of length, type, data and CRC-32.
/// Every CRC must match; the image header (IHDR) comes first, the palette (PLTE) before the image
/// data, the image data (IDAT) in one run, and the end chunk (IEND) last with nothing after it.
/// Critical chunks other than those four are refused (viewers must refuse them too); ancillary
/// chunks (text, colour profile, physical size…) pass, their content is covered by the
/// inspector's program scan.
/// </summary>
internal sealed class PngStructure : StructureReader
{
    private const string Advice = "Open the image and save or export it again as PNG, then upload the new file.";
    private const string AdviceVi = "Hãy mở ảnh rồi lưu hoặc xuất lại thành PNG, sau đó tải lên tệp mới.";

    private static readonly Wording Words = new("PNG image", "ảnh PNG", Advice, AdviceVi);

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] buffer = new byte[8];
    private readonly byte[] header = new byte[13];
    private readonly Crc32 crc = new();
    private State state = State.Signature;
    private int filled;
    private long chunkStart;
    private uint remaining;
    private string type = string.Empty;
    private int chunks;
    private byte colourType;
    private bool palette;
    private bool imageData;
    private bool imageDataEnded;

    private enum State
    {
        Signature,
        Header,
        Data,
        Crc,
        End,
    }

    /// <inheritdoc/>
    protected override void Read(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty && !Failed)
        {
            switch (state)
            {
                case State.Signature:
                    if (Fill(ref chunk, 8))
                    {
                        state = State.Header;
                        filled = 0;
                        chunkStart = Position;
                    }

                    break;
                case State.Header:
                    if (Fill(ref chunk, 8))
                    {
                        StartChunk(chunk);
                    }

                    break;
                case State.Data:
                    var n = (int)Math.Min(remaining, (uint)chunk.Length);
                    crc.Append(chunk[..n]);
                    if (type == "IHDR")
                    {
                        chunk[..n].CopyTo(header.AsSpan(13 - (int)remaining));
                    }

                    remaining -= (uint)n;
                    Position += n;
                    chunk = chunk[n..];
                    if (remaining == 0)
                    {
                        (state, filled) = (State.Crc, 0);
                    }

                    break;
                case State.Crc:
                    if (Fill(ref chunk, 4))
                    {
                        EndChunk();
                    }

                    break;
                default:
                    FailStray(chunk, kind =>
                    {
                        var (en, vi) = LooksLike(kind);
                        return new StructureFault(
                            $"This PNG image has more data after its end chunk (IEND), from byte {N(Position)}{en}: something was appended to the image. {Advice}",
                            $"Ảnh PNG này còn dữ liệu sau phần kết thúc (IEND), từ byte {N(Position)}{vi}: đã có thứ gì đó được nối thêm vào ảnh. {AdviceVi}");
                    });
                    return;
            }
        }
    }

    /// <inheritdoc/>
    protected override StructureFault? End() => state == State.End
        ? null
        : new StructureFault(
            $"This file is a damaged or incomplete PNG image: it ends at byte {N(Position)} before its end chunk (IEND). {Advice}",
            $"Tệp này là ảnh PNG bị hỏng hoặc không đầy đủ: tệp kết thúc ở byte {N(Position)} trước phần kết thúc (IEND). {AdviceVi}");

    /// <summary>Copies bytes into the buffer until it holds <paramref name="size"/>; true when it does.</summary>
    private bool Fill(ref ReadOnlySpan<byte> chunk, int size)
    {
        var n = Math.Min(size - filled, chunk.Length);
        chunk[..n].CopyTo(buffer.AsSpan(filled));
        filled += n;
        Position += n;
        chunk = chunk[n..];
        if (filled < size)
        {
            return false;
        }

        if (state == State.Signature && !buffer.AsSpan(0, 8).SequenceEqual(Signature))
        {
            Fail(Damaged(Words, "its first 8 bytes are not the PNG signature", "8 byte đầu không phải chữ ký PNG"));
        }

        return !Failed;
    }

    private void StartChunk(ReadOnlySpan<byte> rest)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(buffer);
        var typeBytes = buffer.AsSpan(4, 4);
        foreach (var b in typeBytes)
        {
            if (!char.IsAsciiLetter((char)b))
            {
                // Not a chunk: what was read as a chunk header is the start of something else.
                var at = chunkStart;
                var seen = buffer[..8];
                FailStray(seen, kind =>
                {
                    var (en, vi) = LooksLike(kind);
                    return Damaged(
                        Words,
                        $"at byte {N(at)} there are bytes that belong to no PNG chunk{en}",
                        $"tại byte {N(at)} có dữ liệu không thuộc phần (chunk) PNG nào{vi}");
                });
                Append(rest);
                return;
            }
        }

        type = Encoding.ASCII.GetString(typeBytes);
        var critical = char.IsAsciiLetterUpper(type[0]);
        if (length > int.MaxValue)
        {
            Fail(Damaged(Words, $"the chunk '{type}' at byte {N(chunkStart)} declares an impossible length ({length} bytes)", $"phần '{type}' tại byte {N(chunkStart)} khai báo độ dài không thể có ({length} byte)"));
        }
        else if (chunks == 0 && type != "IHDR")
        {
            Fail(Damaged(Words, $"its first chunk is '{type}', not the image header (IHDR)", $"phần đầu tiên là '{type}', không phải phần tiêu đề ảnh (IHDR)"));
        }
        else if (chunks > 0 && type == "IHDR")
        {
            Fail(Damaged(Words, $"it has a second image header (IHDR) at byte {N(chunkStart)}", $"có phần tiêu đề ảnh (IHDR) thứ hai tại byte {N(chunkStart)}"));
        }
        else if (critical && type is not ("IHDR" or "PLTE" or "IDAT" or "IEND"))
        {
            Fail(Damaged(
                Words,
                $"it has a critical chunk '{type}' at byte {N(chunkStart)} that the PNG standard does not define (viewers must refuse such a file)",
                $"có phần bắt buộc '{type}' tại byte {N(chunkStart)} mà chuẩn PNG không định nghĩa (trình xem ảnh phải từ chối tệp như vậy)"));
        }
        else if ((type == "IHDR" && length != 13) || (type == "IEND" && length != 0))
        {
            Fail(Damaged(Words, $"its '{type}' chunk has the wrong length ({length} bytes)", $"phần '{type}' có độ dài sai ({length} byte)"));
        }
        else if (type == "IDAT" && imageDataEnded)
        {
            Fail(Damaged(Words, $"its image data (IDAT) is split by other chunks (again at byte {N(chunkStart)})", $"dữ liệu ảnh (IDAT) bị chia cắt bởi các phần khác (lại xuất hiện tại byte {N(chunkStart)})"));
        }
        else if (type == "PLTE" && (palette || imageData || colourType is 0 or 4))
        {
            Fail(Damaged(Words, $"it has a palette (PLTE) where none may be (byte {N(chunkStart)})", $"có bảng màu (PLTE) ở vị trí không được phép (byte {N(chunkStart)})"));
        }
        else if (type == "IEND" && !imageData)
        {
            Fail(Damaged(Words, "it has no image data (IDAT)", "không có dữ liệu ảnh (IDAT)"));
        }
        else if (type == "IEND" && colourType == 3 && !palette)
        {
            Fail(Damaged(Words, "it uses a palette but has none (PLTE)", "dùng bảng màu nhưng không có bảng màu (PLTE)"));
        }

        if (Failed)
        {
            return;
        }

        imageDataEnded |= imageData && type != "IDAT";
        imageData |= type == "IDAT";
        palette |= type == "PLTE";
        crc.Reset();
        crc.Append(typeBytes);
        remaining = length;
        (state, filled) = length == 0 ? (State.Crc, 0) : (State.Data, 0);
    }

    private void EndChunk()
    {
        var expected = crc.GetCurrentHashAsUInt32();
        if (BinaryPrimitives.ReadUInt32BigEndian(buffer) != expected)
        {
            Fail(Damaged(
                Words,
                $"the checksum (CRC) of its '{type}' chunk at byte {N(chunkStart)} does not match the chunk's content",
                $"mã kiểm tra (CRC) của phần '{type}' tại byte {N(chunkStart)} không khớp với nội dung của phần đó"));
            return;
        }

        if (type == "IHDR" && !SoundHeader(header))
        {
            Fail(Damaged(Words, "its image header (IHDR) describes an impossible image", "phần tiêu đề ảnh (IHDR) mô tả một ảnh không thể có"));
            return;
        }

        chunks++;
        (state, filled, chunkStart) = (type == "IEND" ? State.End : State.Header, 0, Position);
    }

    /// <summary>Width and height from 1 to 2^31-1, a colour type with a bit depth it allows, the only defined methods.</summary>
    private bool SoundHeader(byte[] ihdr)
    {
        var width = BinaryPrimitives.ReadUInt32BigEndian(ihdr);
        var height = BinaryPrimitives.ReadUInt32BigEndian(ihdr.AsSpan(4));
        var depth = ihdr[8];
        colourType = ihdr[9];
        var depthFits = colourType switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => depth is 8 or 16,
            _ => false,
        };
        return width is > 0 and <= int.MaxValue && height is > 0 and <= int.MaxValue && depthFits && ihdr[10] == 0 && ihdr[11] == 0 && ihdr[12] <= 1;
    }
}
