using System.Buffers.Binary;

namespace Awards.Documents;

/// <summary>A kind of file (a program, an archive, an image…), named for a refusal in both languages.</summary>
/// <param name="English">E.g. "a Linux program (ELF)".</param>
/// <param name="Vietnamese">E.g. "một chương trình Linux (ELF)".</param>
internal sealed record FileKind(string English, string Vietnamese);

/// <summary>
/// Recognises the headers of programs (Windows PE/MZ, Linux ELF, macOS Mach-O) — at the start of
/// a file, inside a part of one, or anywhere in a stream of bytes (<see cref="ExecutableScan"/>).
/// </summary>
internal static class Executables
{
    /// <summary>Bytes a strict check may look at past the start of a candidate (a PE header sits within the first KiB).</summary>
    public const int Lookahead = 1024;

    /// <summary>A Windows program.</summary>
    public static readonly FileKind Windows = new("a Windows program (MZ)", "một chương trình Windows (MZ)");

    /// <summary>A Linux program.</summary>
    public static readonly FileKind Linux = new("a Linux program (ELF)", "một chương trình Linux (ELF)");

    /// <summary>A macOS program.</summary>
    public static readonly FileKind MacOs = new("a macOS program", "một chương trình macOS");

    /// <summary>Where a program may start: the first bytes of each header, for <see cref="ExecutableScan"/>.</summary>
    internal static readonly byte[][] Markers =
    [
        [0x7F, (byte)'E', (byte)'L', (byte)'F'],
        [(byte)'M', (byte)'Z'],
        [0xCF, 0xFA, 0xED, 0xFE],
        [0xCE, 0xFA, 0xED, 0xFE],
        [0xFE, 0xED, 0xFA, 0xCF],
        [0xFE, 0xED, 0xFA, 0xCE],
        [0xCA, 0xFE, 0xBA, 0xBE],
    ];

    private static ReadOnlySpan<byte> DosStub => "This program cannot be run in DOS mode"u8;

    private static ReadOnlySpan<byte> Win32Stub => "This program must be run under Win32"u8;

    /// <summary>
    /// The kind of program <paramref name="bytes"/> starts with, or null. With
    /// <paramref name="strict"/> (bytes found inside other data, where a two-byte "MZ" happens by
    /// chance) the header must hold together: an ELF's class, byte order and version, a PE
    /// signature where the DOS header points or the DOS stub's message, a Mach-O CPU type.
    /// </summary>
    public static FileKind? At(ReadOnlySpan<byte> bytes, bool strict)
    {
        if (bytes.StartsWith(Markers[0]))
        {
            return !strict || IsElf(bytes) ? Linux : null;
        }

        if (bytes.StartsWith("MZ"u8))
        {
            return !strict || IsPe(bytes) ? Windows : null;
        }

        if (!strict)
        {
            return bytes.StartsWith(Markers[6]) || bytes.StartsWith(Markers[2]) ? MacOs : null;
        }

        return IsMachO(bytes) ? MacOs : null;
    }

    private static bool IsElf(ReadOnlySpan<byte> b)
    {
        if (b.Length < 18 || b[4] is not (1 or 2) || b[5] is not (1 or 2) || b[6] != 1)
        {
            return false;
        }

        var type = b[5] == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(b[16..]) : BinaryPrimitives.ReadUInt16BigEndian(b[16..]);
        return type is >= 1 and <= 4;
    }

    private static bool IsPe(ReadOnlySpan<byte> b)
    {
        if (b.Length < 0x40)
        {
            return false;
        }

        var header = BinaryPrimitives.ReadUInt32LittleEndian(b[0x3C..]);
        if (header is >= 0x40 and <= Lookahead - 4 && header + 4 <= b.Length && b[(int)header..].StartsWith("PE\0\0"u8))
        {
            return true;
        }

        var stub = b[..Math.Min(b.Length, 0x100)];
        return stub.IndexOf(DosStub) >= 0 || stub.IndexOf(Win32Stub) >= 0;
    }

    private static bool IsMachO(ReadOnlySpan<byte> b)
    {
        if (b.Length < 12)
        {
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32BigEndian(b);
        return magic switch
        {
            0xCFFAEDFE or 0xCEFAEDFE => KnownCpu(BinaryPrimitives.ReadUInt32LittleEndian(b[4..])),
            0xFEEDFACF or 0xFEEDFACE => KnownCpu(BinaryPrimitives.ReadUInt32BigEndian(b[4..])),

            // A universal binary: a few architectures, then the first one's CPU. (Java classes share
            // the magic but have a version there, which is never this small.)
            0xCAFEBABE => BinaryPrimitives.ReadUInt32BigEndian(b[4..]) is >= 1 and <= 16 && KnownCpu(BinaryPrimitives.ReadUInt32BigEndian(b[8..])),
            _ => false,
        };

        static bool KnownCpu(uint cpu) => cpu is 7 or 0x01000007 or 12 or 0x0100000C or 18 or 0x01000012;
    }
}

/// <summary>
/// Looks for a program header anywhere in a file as it streams past: an executable carried
/// inside a chunk, segment, stream or ZIP entry that the format's own structure accepts.
/// </summary>
internal sealed class ExecutableScan
{
    private readonly ChunkedSearch search = new(Executables.Lookahead, Executables.Markers);
    private readonly ChunkedSearch.Check check;

    /// <summary>Creates the scan.</summary>
    public ExecutableScan() => check = Found;

    /// <summary>Where the first program found starts, and its kind; null while none was found.</summary>
    public (long Offset, FileKind Kind)? Program { get; private set; }

    /// <summary>Scans the next bytes of the file.</summary>
    public void Append(ReadOnlySpan<byte> chunk)
    {
        if (Program is null)
        {
            search.Push(chunk, check);
        }
    }

    /// <summary>Scans what is left at the end of the file.</summary>
    public void Finish()
    {
        if (Program is null)
        {
            search.Flush(check);
        }
    }

    private bool Found(ReadOnlySpan<byte> from, long offset)
    {
        // A program at the very start is what the file is, and is named as such by the inspector.
        if (offset == 0 || Executables.At(from, strict: true) is not { } kind)
        {
            return false;
        }

        Program = (offset, kind);
        return true;
    }
}
