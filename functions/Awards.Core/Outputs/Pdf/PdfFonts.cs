using System.Collections.Concurrent;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Awards.Outputs.Pdf;

/// <summary>
/// The one font of the product's PDFs: DejaVu Sans (regular and bold), shipped inside the
/// assembly (<c>Outputs/Fonts</c>), so every Vietnamese letter has its glyph and a PDF made in
/// Azure looks like one made locally whatever fonts the host has. Italic is PDFsharp's simulated
/// slant of the regular face (one file less to ship). Text is written with Unicode (Identity-H)
/// encoding and a ToUnicode map, so text extractors read the letters back exactly.
/// </summary>
/// <remarks>
/// The font files are embedded whole (about 380 KB a face, compressed, per PDF), not as subsets:
/// PDFsharp 6.2.4's subsetter keeps a composite glyph's components one level deep only, and
/// DejaVu draws most letters with two marks (ễ, ắ, ở, ặ …) as composites of composites, so a
/// subset shows "Nguyễn" as "Nguyen" on screen and on paper while its text still extracts right.
/// </remarks>
public sealed class PdfFonts : IFontResolver
{
    /// <summary>The family name the product's PDF code asks for.</summary>
    public const string Family = "Awards Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly Lock Gate = new();
    private static readonly ConcurrentDictionary<string, byte[]> Faces = new(StringComparer.Ordinal);
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode, PdfFontEmbedding.EmbedCompleteFontFile);
    private static bool registered;

    /// <summary>
    /// Installs the resolver in PDFsharp's global settings once per process (PDFsharp allows one
    /// resolver); the product's PDF writers call it before they make a font.
    /// </summary>
    public static void EnsureRegistered()
    {
        if (Volatile.Read(ref registered))
        {
            return;
        }

        lock (Gate)
        {
            if (!registered)
            {
                GlobalFontSettings.FontResolver ??= new PdfFonts();
                Volatile.Write(ref registered, true);
            }
        }
    }

    /// <summary>A font of the product's family, Unicode-encoded and embedded whole.</summary>
    public static XFont Font(double size, bool bold = false, bool italic = false)
    {
        EnsureRegistered();
        var style = (bold, italic) switch
        {
            (true, true) => XFontStyleEx.BoldItalic,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            _ => XFontStyleEx.Regular,
        };
        return new XFont(Family, size, style, Unicode);
    }

    /// <inheritdoc/>
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        // Every family resolves to DejaVu Sans: a PDF never falls back to a host font.
        return new FontResolverInfo(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);
    }

    /// <inheritdoc/>
    public byte[]? GetFont(string faceName) => Faces.GetOrAdd(faceName, static name =>
    {
        using var stream = typeof(PdfFonts).Assembly.GetManifestResourceStream($"Awards.Fonts.{name}.ttf")
            ?? throw new InvalidOperationException($"The font {name}.ttf is not embedded in Awards.Core.");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    });
}
