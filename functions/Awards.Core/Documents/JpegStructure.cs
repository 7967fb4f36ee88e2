namespace Awards.Documents;

/// <summary>
/// Walks a JPEG's markers from start of image (SOI) to end of image (EOI): every segment by its
/// length, the entropy-coded data after each start of scan (stuffed bytes and restart markers
/// allowed), at least one frame and one scan. Nothing may stand between segments. After EOI
/// only zero padding is allowed, or further complete JPEG images — the second images that
/// cameras and phones append (Multi-Picture Format, HDR gain maps), each walked the same way.
/// Anything else after EOI (a motion photo's video, an appended program) is refused.
/// </summary>
internal sealed class JpegStructure : StructureReader
{
    private const string Advice = "Open the photo and save or export it again as JPEG (a plain photo, not a motion photo), then upload the new file.";
    private const string AdviceVi = "Hãy mở ảnh rồi lưu hoặc xuất lại thành JPEG (ảnh thường, không phải ảnh động), sau đó tải lên tệp mới.";

    private static readonly Wording Words = new("JPEG image", "ảnh JPEG", Advice, AdviceVi);

    private State state = State.Start;
    private int lengthHigh;
    private byte marker;
    private int remaining;
    private bool frame;
    private bool scan;
    private long segmentStart;

    private enum State
    {
        Start,
        StartMarker,
        Marker,
        Code,
        LengthHigh,
        LengthLow,
        Segment,
        EntropyCoded,
        EntropyCodedMarker,
        End,
        EndMarker,
    }

    /// <inheritdoc/>
    protected override void Read(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty && !Failed)
        {
            if (state == State.Segment)
            {
                var n = Math.Min(remaining, chunk.Length);
                remaining -= n;
                chunk = chunk[n..];
                Position += n;
                if (remaining == 0)
                {
                    state = marker == 0xDA ? State.EntropyCoded : State.Marker;
                }

                continue;
            }

            if (state == State.EntropyCoded)
            {
                // Entropy-coded data runs until a 0xFF that is not a stuffed byte or a restart marker.
                var ff = chunk.IndexOf((byte)0xFF);
                var skip = ff < 0 ? chunk.Length : ff + 1;
                chunk = chunk[skip..];
                Position += skip;
                state = ff < 0 ? State.EntropyCoded : State.EntropyCodedMarker;
                continue;
            }

            var b = chunk[0];
            switch (state)
            {
                case State.Start or State.End when b == 0xFF:
                    state = state == State.Start ? State.StartMarker : State.EndMarker;
                    break;
                case State.StartMarker or State.EndMarker when b == 0xD8:
                    (state, frame, scan) = (State.Marker, false, false);
                    break;
                case State.End when b == 0:
                    // Zero padding after the end of the image, as some cameras and scanners write.
                    break;
                case State.Start or State.StartMarker:
                    Fail(Damaged(Words, "it does not begin with a start-of-image marker", "tệp không bắt đầu bằng dấu bắt đầu ảnh"));
                    return;
                case State.End or State.EndMarker:
                    var after = state == State.EndMarker ? Position - 1 : Position;
                    FailStray(chunk, kind =>
                    {
                        var (en, vi) = LooksLike(kind);
                        return new StructureFault(
                            $"This JPEG image has more data after its end-of-image marker, from byte {N(after)}{en}: a video (as in a motion photo) or something else was appended to the photo. {Advice}",
                            $"Ảnh JPEG này còn dữ liệu sau dấu kết thúc ảnh, từ byte {N(after)}{vi}: một đoạn video (như ở ảnh động) hoặc thứ khác đã được nối vào ảnh. {AdviceVi}");
                    });
                    return;
                case State.Marker when b != 0xFF:
                    var at = Position;
                    FailStray(chunk, kind =>
                    {
                        var (en, vi) = LooksLike(kind);
                        return Damaged(
                            Words,
                            $"at byte {N(at)} there are bytes that belong to no JPEG segment{en}; something was inserted into the image",
                            $"tại byte {N(at)} có dữ liệu không thuộc phân đoạn JPEG nào{vi}; đã có thứ gì đó được chèn vào ảnh");
                    });
                    return;
                case State.Marker:
                    (state, segmentStart) = (State.Code, Position);
                    break;
                case State.EntropyCodedMarker when b is 0x00 or (>= 0xD0 and <= 0xD7):
                    // A stuffed 0xFF in the data, or a restart marker: the scan goes on.
                    state = State.EntropyCoded;
                    break;
                case State.Code or State.EntropyCodedMarker:
                    segmentStart = state == State.EntropyCodedMarker ? Position - 1 : segmentStart;
                    Code(b);
                    break;
                case State.LengthHigh:
                    (lengthHigh, state) = (b, State.LengthLow);
                    break;
                default:
                    Length((lengthHigh << 8) | b);
                    break;
            }

            chunk = chunk[1..];
            Position++;
        }
    }

    /// <inheritdoc/>
    protected override StructureFault? End() => state is State.End or State.EndMarker
        ? null
        : new StructureFault(
            $"This file is an incomplete JPEG image: it ends at byte {N(Position)} before its end-of-image marker. {Advice}",
            $"Tệp này là ảnh JPEG không đầy đủ: tệp kết thúc ở byte {N(Position)} trước dấu kết thúc ảnh. {AdviceVi}");

    private static bool IsFrame(byte code) => code is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    private void Code(byte code)
    {
        marker = code;
        switch (code)
        {
            case 0xFF:
                // Fill bytes before a marker.
                state = State.Code;
                break;
            case 0xD9 when scan:
                state = State.End;
                break;
            case 0xD9:
                Fail(Damaged(Words, "it ends before any image data (no frame and scan)", "ảnh kết thúc trước khi có dữ liệu ảnh (không có khung và lượt quét)"));
                break;
            case 0x01 or (>= 0xD0 and <= 0xD7):
                state = State.Marker;
                break;
            case 0x00 or 0xD8:
                Fail(Damaged(Words, $"it has a misplaced marker (0xFF{code:X2}) at byte {N(segmentStart)}", $"có dấu (0xFF{code:X2}) sai vị trí tại byte {N(segmentStart)}"));
                break;
            case 0xDA when !frame:
                Fail(Damaged(Words, "its image data comes before the frame header", "dữ liệu ảnh đứng trước phần tiêu đề khung"));
                break;
            default:
                frame |= IsFrame(code);
                scan |= code == 0xDA;
                state = State.LengthHigh;
                break;
        }
    }

    private void Length(int length)
    {
        if (length < 2)
        {
            Fail(Damaged(Words, $"the segment at byte {N(segmentStart)} declares an impossible length ({length})", $"phân đoạn tại byte {N(segmentStart)} khai báo độ dài không thể có ({length})"));
            return;
        }

        remaining = length - 2;
        state = remaining > 0 ? State.Segment : marker == 0xDA ? State.EntropyCoded : State.Marker;
    }
}
