namespace Awards.Documents;

/// <summary>What a PDF token is.</summary>
internal enum PdfTokenKind
{
    /// <summary>An integer, e.g. an object number.</summary>
    Integer,

    /// <summary>A number with a decimal point.</summary>
    Real,

    /// <summary>A name; <see cref="PdfToken.Text"/> holds it decoded (<c>#xx</c> escapes resolved), without the slash.</summary>
    Name,

    /// <summary>A literal or hexadecimal string (its content is not kept).</summary>
    String,

    /// <summary>A bare word: true, false, null, R, obj, endobj, stream, endstream, xref, trailer, startxref, n, f — or anything else.</summary>
    Keyword,

    /// <summary>&lt;&lt;</summary>
    DictOpen,

    /// <summary>&gt;&gt;</summary>
    DictClose,

    /// <summary>[</summary>
    ArrayOpen,

    /// <summary>]</summary>
    ArrayClose,

    /// <summary>A comment; <see cref="PdfToken.Text"/> holds its first bytes, the percent sign included.</summary>
    Comment,
}

/// <summary>One token, valid only during the call that receives it.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Start">Offset of its first byte.</param>
/// <param name="End">Offset just past its last byte.</param>
/// <param name="Integer">The value of an <see cref="PdfTokenKind.Integer"/>.</param>
/// <param name="Text">Decoded name, keyword or comment start.</param>
/// <param name="Raw">The token as written (a name with its escapes).</param>
internal readonly ref struct PdfToken(PdfTokenKind Kind, long Start, long End, long Integer, ReadOnlySpan<byte> Text, ReadOnlySpan<byte> Raw)
{
    public PdfTokenKind Kind { get; } = Kind;

    public long Start { get; } = Start;

    public long End { get; } = End;

    public long Integer { get; } = Integer;

    public ReadOnlySpan<byte> Text { get; } = Text;

    public ReadOnlySpan<byte> Raw { get; } = Raw;

    /// <summary>True for the keyword <paramref name="word"/>.</summary>
    public bool Is(ReadOnlySpan<byte> word) => Kind == PdfTokenKind.Keyword && Text.SequenceEqual(word);
}

/// <summary>What a <see cref="PdfLexer"/> reports to.</summary>
internal interface IPdfTokenSink
{
    /// <summary>The next token.</summary>
    void Token(in PdfToken token);

    /// <summary>Bytes of a stream's data, in order (after <see cref="PdfLexer.BeginStream"/>).</summary>
    void StreamData(ReadOnlySpan<byte> data);

    /// <summary>The stream's data ended after <paramref name="length"/> bytes; the next token should be <c>endstream</c>.</summary>
    void StreamEnd(long length);

    /// <summary>Bytes from <paramref name="offset"/> on are no PDF syntax; <paramref name="rest"/> are the first of them.</summary>
    void Stray(long offset, ReadOnlySpan<byte> rest, string english, string vietnamese);
}

/// <summary>
/// Splits PDF bytes into tokens as they stream past, keeping at most one token (255 bytes) and
/// a few counters: string contents and stream data are passed over, not kept. After the
/// <c>stream</c> keyword its reader calls <see cref="BeginStream"/> with the length from the
/// dictionary, or null when that length is not known yet (an indirect /Length defined later in
/// the file); then the data runs to the first <c>endstream</c>.
/// </summary>
internal sealed class PdfLexer(IPdfTokenSink sink)
{
    private const int MaxToken = 255;

    private readonly byte[] token = new byte[MaxToken];
    private readonly byte[] decoded = new byte[MaxToken];
    private readonly byte[] held = new byte[16];
    private State state = State.Space;
    private int tokenLength;
    private long tokenStart;
    private int depth;
    private bool escaped;
    private long remaining;
    private long streamLength;
    private int heldLength;

    private enum State
    {
        Space,
        Regular,
        Name,
        Comment,
        Literal,
        Hex,
        LessThan,
        GreaterThan,
        StreamEol,
        StreamCr,
        StreamData,
        StreamScan,
        Stopped,
    }

    /// <summary>Offset of the next byte.</summary>
    public long Position { get; private set; }

    /// <summary>True while inside a string, a comment's first bytes or a stream, where the input may not end.</summary>
    public bool Unfinished => state is State.Literal or State.Hex or State.LessThan or State.GreaterThan or State.StreamEol or State.StreamCr or State.StreamData or State.StreamScan;

    private static ReadOnlySpan<byte> EndStream => "endstream"u8;

    /// <summary>Starts a stream's data after the keyword just reported: <paramref name="length"/> bytes, or up to <c>endstream</c> when null.</summary>
    public void BeginStream(long? length)
    {
        state = State.StreamEol;
        remaining = length ?? -1;
        streamLength = 0;
        heldLength = 0;
    }

    /// <summary>Reads nothing more (the reader found a fault).</summary>
    public void Stop() => state = State.Stopped;

    /// <summary>Feeds the next bytes.</summary>
    public void Push(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length && state != State.Stopped)
        {
            switch (state)
            {
                case State.StreamData:
                    {
                        var n = (int)Math.Min(remaining, data.Length - i);
                        sink.StreamData(data.Slice(i, n));
                        (i, remaining, streamLength, Position) = (i + n, remaining - n, streamLength + n, Position + n);
                        if (remaining == 0)
                        {
                            state = State.Space;
                            sink.StreamEnd(streamLength);
                        }

                        continue;
                    }

                case State.StreamScan:
                    i += Scan(data[i..]);
                    continue;
                case State.Comment:
                    {
                        var rest = data[i..];
                        var eol = rest.IndexOfAny((byte)'\r', (byte)'\n');
                        var body = eol < 0 ? rest : rest[..eol];
                        if (body.IndexOf((byte)0) is var nul and >= 0)
                        {
                            // Text comments never hold a NUL; a program hidden in a "comment" does within its first bytes.
                            Stray(tokenStart, token.AsSpan(0, tokenLength), "a comment that holds binary data", "một chú thích chứa dữ liệu nhị phân");
                            return;
                        }

                        var keep = Math.Min(body.Length, 16 - tokenLength);
                        if (keep > 0)
                        {
                            body[..keep].CopyTo(token.AsSpan(tokenLength));
                            tokenLength += keep;
                        }

                        i += body.Length;
                        Position += body.Length;
                        if (eol >= 0)
                        {
                            EmitComment();
                        }

                        continue;
                    }
            }

            var b = data[i];
            if (!Byte(b, data[i..]))
            {
                // The byte ended a token and must be read again in the state that token left.
                continue;
            }

            i++;
            Position++;
        }
    }

    /// <summary>Ends the input: reports a token cut off by the end, and says whether the input ended where it may.</summary>
    public void Finish()
    {
        switch (state)
        {
            case State.Regular:
            case State.Name:
                Emit();
                state = State.Space;
                break;
            case State.Comment:
                EmitComment();
                break;
        }
    }

    private static bool IsWhite(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte b) => b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']' or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    /// <summary>Handles one byte outside streams and comment bodies; false when it must be read again.</summary>
    private bool Byte(byte b, ReadOnlySpan<byte> rest)
    {
        switch (state)
        {
            case State.Space:
                Start(b, rest);
                return true;
            case State.Regular:
            case State.Name:
                if (IsWhite(b) || IsDelimiter(b))
                {
                    Emit();
                    if (state is State.Regular or State.Name)
                    {
                        state = State.Space;
                    }

                    return false;
                }

                if (tokenLength == MaxToken)
                {
                    Stray(tokenStart, token, "a word longer than PDF allows", "một từ dài hơn mức PDF cho phép");
                    return true;
                }

                token[tokenLength++] = b;
                return true;
            case State.Literal:
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == '\\')
                {
                    escaped = true;
                }
                else if (b == '(')
                {
                    depth++;
                }
                else if (b == ')' && --depth == 0)
                {
                    state = State.Space;
                    sink.Token(new PdfToken(PdfTokenKind.String, tokenStart, Position + 1, 0, default, default));
                }

                return true;
            case State.Hex:
                if (b == '>')
                {
                    state = State.Space;
                    sink.Token(new PdfToken(PdfTokenKind.String, tokenStart, Position + 1, 0, default, default));
                }
                else if (Hex(b) < 0 && !IsWhite(b))
                {
                    Stray(Position, rest, "a character that is not allowed in a hexadecimal string", "một ký tự không được phép trong chuỗi thập lục phân");
                }

                return true;
            case State.LessThan:
                if (b == '<')
                {
                    state = State.Space;
                    sink.Token(new PdfToken(PdfTokenKind.DictOpen, tokenStart, Position + 1, 0, default, default));
                    return true;
                }

                state = State.Hex;
                return false;
            case State.GreaterThan:
                if (b == '>')
                {
                    state = State.Space;
                    sink.Token(new PdfToken(PdfTokenKind.DictClose, tokenStart, Position + 1, 0, default, default));
                }
                else
                {
                    Stray(tokenStart, rest, "a lone '>'", "một dấu '>' đứng riêng");
                }

                return true;
            case State.StreamEol:
                if (b == '\n')
                {
                    state = remaining < 0 ? State.StreamScan : State.StreamData;
                    EndIfEmpty();
                }
                else if (b == '\r')
                {
                    state = State.StreamCr;
                }
                else
                {
                    Stray(Position, rest, "stream data that does not start on a new line", "dữ liệu luồng không bắt đầu ở dòng mới");
                }

                return true;
            case State.StreamCr:
                // CR LF ends the keyword's line; after a lone CR this byte is already the data's first.
                state = remaining < 0 ? State.StreamScan : State.StreamData;
                EndIfEmpty();
                return b == '\n';
            default:
                return true;
        }
    }

    private void EndIfEmpty()
    {
        if (state == State.StreamData && remaining == 0)
        {
            state = State.Space;
            sink.StreamEnd(0);
        }
    }

    private void Start(byte b, ReadOnlySpan<byte> rest)
    {
        tokenStart = Position;
        tokenLength = 0;
        switch (b)
        {
            case var _ when IsWhite(b):
                break;
            case (byte)'%':
                state = State.Comment;
                token[tokenLength++] = b;
                break;
            case (byte)'/':
                state = State.Name;
                break;
            case (byte)'(':
                (state, depth, escaped) = (State.Literal, 1, false);
                break;
            case (byte)'<':
                state = State.LessThan;
                break;
            case (byte)'>':
                state = State.GreaterThan;
                break;
            case (byte)'[':
                sink.Token(new PdfToken(PdfTokenKind.ArrayOpen, Position, Position + 1, 0, default, default));
                break;
            case (byte)']':
                sink.Token(new PdfToken(PdfTokenKind.ArrayClose, Position, Position + 1, 0, default, default));
                break;
            case (byte)')' or (byte)'{' or (byte)'}':
                Stray(Position, rest, $"a stray '{(char)b}'", $"một dấu '{(char)b}' đứng riêng");
                break;
            default:
                state = State.Regular;
                token[tokenLength++] = b;
                break;
        }
    }

    private void Emit()
    {
        var raw = token.AsSpan(0, tokenLength);
        if (state == State.Name)
        {
            sink.Token(new PdfToken(PdfTokenKind.Name, tokenStart, Position, 0, Decode(raw), raw));
            return;
        }

        var (kind, value) = Number(raw);
        sink.Token(new PdfToken(kind, tokenStart, Position, value, raw, raw));
    }

    private void EmitComment()
    {
        state = State.Space;
        sink.Token(new PdfToken(PdfTokenKind.Comment, tokenStart, Position, 0, token.AsSpan(0, tokenLength), token.AsSpan(0, tokenLength)));
    }

    /// <summary>A name with its #xx escapes resolved (a '#' not followed by two hex digits stays as written).</summary>
    private ReadOnlySpan<byte> Decode(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'#') < 0)
        {
            return raw;
        }

        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '#' && i + 2 < raw.Length && Hex(raw[i + 1]) is var high and >= 0 && Hex(raw[i + 2]) is var low and >= 0)
            {
                decoded[n++] = (byte)((high << 4) | low);
                i += 2;
            }
            else
            {
                decoded[n++] = raw[i];
            }
        }

        return decoded.AsSpan(0, n);
    }

    /// <summary>An integer (optional sign, digits), a real (one decimal point), or a keyword.</summary>
    private static (PdfTokenKind Kind, long Value) Number(ReadOnlySpan<byte> raw)
    {
        var digits = raw is [(byte)'+' or (byte)'-', ..] ? raw[1..] : raw;
        if (digits.IsEmpty)
        {
            return (PdfTokenKind.Keyword, 0);
        }

        long value = 0;
        var dots = 0;
        foreach (var c in digits)
        {
            if (c == '.')
            {
                dots++;
            }
            else if (c is < (byte)'0' or > (byte)'9')
            {
                return (PdfTokenKind.Keyword, 0);
            }
            else if (dots == 0 && value < long.MaxValue / 10)
            {
                value = (value * 10) + (c - '0');
            }
        }

        return dots switch
        {
            0 => (PdfTokenKind.Integer, raw[0] == '-' ? -value : value),
            1 when digits.Length > 1 => (PdfTokenKind.Real, 0),
            _ => (PdfTokenKind.Keyword, 0),
        };
    }

    private void Stray(long offset, ReadOnlySpan<byte> rest, string english, string vietnamese)
    {
        state = State.Stopped;
        sink.Stray(offset, rest, english, vietnamese);
    }

    /// <summary>
    /// Passes stream data on until "endstream". The last bytes, which may be the start of that
    /// keyword, are held back until the next bytes show whether they are.
    /// </summary>
    /// <returns>How many bytes of <paramref name="data"/> were used; the rest is read as tokens.</returns>
    private int Scan(ReadOnlySpan<byte> data)
    {
        while (heldLength > 0)
        {
            var need = EndStream.Length - heldLength;
            var n = Math.Min(need, data.Length);
            if (data[..n].SequenceEqual(EndStream.Slice(heldLength, n)))
            {
                if (n < need)
                {
                    data[..n].CopyTo(held.AsSpan(heldLength));
                    (heldLength, Position) = (heldLength + n, Position + n);
                    return n;
                }

                // The keyword began among the held bytes: it is the next token.
                tokenStart = Position - heldLength;
                heldLength = 0;
                EndStream.CopyTo(token);
                (tokenLength, state, Position) = (EndStream.Length, State.Regular, Position + n);
                sink.StreamEnd(streamLength);
                return n;
            }

            // Not the keyword: the first held byte is data, and a later one may still start the keyword ("endstre" + "endstream").
            var k = 1;
            while (k < heldLength && !EndStream.StartsWith(held.AsSpan(k, heldLength - k)))
            {
                k++;
            }

            Release(held.AsSpan(0, k));
            held.AsSpan(k, heldLength - k).CopyTo(held);
            heldLength -= k;
        }

        var found = data.IndexOf(EndStream);
        if (found >= 0)
        {
            Release(data[..found]);
            Position += found;
            state = State.Space;
            sink.StreamEnd(streamLength);
            return found;
        }

        var hold = Partial(data);
        Release(data[..^hold]);
        data[^hold..].CopyTo(held);
        (heldLength, Position) = (hold, Position + data.Length);
        return data.Length;
    }

    /// <summary>How many of the last bytes of <paramref name="data"/> are a proper start of "endstream".</summary>
    private static int Partial(ReadOnlySpan<byte> data)
    {
        for (var n = Math.Min(data.Length, EndStream.Length - 1); n > 0; n--)
        {
            if (EndStream.StartsWith(data[^n..]))
            {
                return n;
            }
        }

        return 0;
    }

    private void Release(ReadOnlySpan<byte> data)
    {
        if (!data.IsEmpty)
        {
            sink.StreamData(data);
            streamLength += data.Length;
        }
    }
}
