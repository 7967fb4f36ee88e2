using System.Diagnostics;
using System.Text;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Awards.IntegrationTests;

/// <summary>
/// The real programs that open the product's files, as an organiser's machine would: LibreOffice
/// (Debian's libreoffice-calc-nogui) for spreadsheets, poppler-utils (pdftotext, pdffonts, pdfinfo,
/// pdftoppm) for PDFs, and ZXing to read a QR code off a rendered page.
/// </summary>
internal static class OutputTools
{
    /// <summary>A fresh folder for one test's files.</summary>
    public static string Folder() => Directory.CreateTempSubdirectory("awards-outputs-").FullName;

    /// <summary>
    /// A workbook (or a CSV) through LibreOffice to CSV, one text per sheet: what a person sees in
    /// each cell (a formula would show its result). A CSV is imported as UTF-8 (the import dialog
    /// that detects the BOM is skipped headless, so the filter names it) and saved as XLSX first.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SpreadsheetAsCsvAsync(byte[] file, string extension, CancellationToken ct)
    {
        var folder = Folder();
        var input = Path.Combine(folder, "in." + extension);
        await File.WriteAllBytesAsync(input, file, ct);
        var profile = "-env:UserInstallation=file://" + Path.Combine(folder, "profile");
        if (extension == "csv")
        {
            await RunAsync("libreoffice", ["--headless", profile, "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", Path.Combine(folder, "xlsx"), input], ct);
            input = Path.Combine(folder, "xlsx", "in.xlsx");
        }

        // The last option (-1) writes every sheet, each to a file of its own.
        await RunAsync("libreoffice", ["--headless", profile, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", Path.Combine(folder, "csv"), input], ct);
        var sheets = Directory.GetFiles(Path.Combine(folder, "csv"), "*.csv").Order(StringComparer.Ordinal).ToList();
        Assert.IsNotEmpty(sheets, "LibreOffice wrote no CSV");
        return [.. await Task.WhenAll(sheets.Select(f => File.ReadAllTextAsync(f, Encoding.UTF8, ct)))];
    }

    /// <summary>The text of a PDF as pdftotext reads it, page by page (form feeds between pages).</summary>
    public static async Task<string[]> PdfPagesAsync(byte[] pdf, CancellationToken ct)
    {
        var path = await SaveAsync(pdf, "pdf", ct);
        var text = await RunAsync("pdftotext", ["-enc", "UTF-8", path, "-"], ct);
        return text.TrimEnd('\f', '\n').Split('\f');
    }

    /// <summary>Every font of a PDF as pdffonts lists it: (name, embedded, subset, has a ToUnicode map).</summary>
    public static async Task<IReadOnlyList<(string Name, bool Embedded, bool Subset, bool Unicode)>> PdfFontsAsync(byte[] pdf, CancellationToken ct)
    {
        var path = await SaveAsync(pdf, "pdf", ct);
        var lines = (await RunAsync("pdffonts", [path], ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2);
        return [.. lines.Select(l =>
        {
            // name … type … encoding emb sub uni object ID: read the three yes/no columns from the right.
            var words = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (l, words[^5] == "yes", words[^4] == "yes", words[^3] == "yes");
        })];
    }

    /// <summary>
    /// The text of the QR code on a page: the page rendered by pdftoppm (grey, 150 dpi), then read
    /// by ZXing's QR reader as a scanner app would. Null when none is found.
    /// </summary>
    public static async Task<string?> QrCodeOnPageAsync(byte[] pdf, int page, CancellationToken ct)
    {
        var path = await SaveAsync(pdf, "pdf", ct);
        var prefix = Path.Combine(Path.GetDirectoryName(path)!, "page");
        await RunAsync("pdftoppm", ["-gray", "-r", "150", "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-singlefile", path, prefix], ct);
        var (width, height, pixels) = ReadPgm(await File.ReadAllBytesAsync(prefix + ".pgm", ct));
        var source = new PlanarYUVLuminanceSource(pixels, width, height, 0, 0, width, height, false);
        var hints = new Dictionary<DecodeHintType, object> { [DecodeHintType.TRY_HARDER] = true, [DecodeHintType.POSSIBLE_FORMATS] = new List<BarcodeFormat> { BarcodeFormat.QR_CODE } };
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)), hints)?.Text;
    }

    /// <summary>Runs a program to its end; fails the test if it fails; returns what it printed.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, StandardOutputEncoding = Encoding.UTF8 };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        Assert.AreEqual(0, process.ExitCode, $"{file} failed: {await error}");
        return await output;
    }

    private static async Task<string> SaveAsync(byte[] content, string extension, CancellationToken ct)
    {
        var path = Path.Combine(Folder(), "file." + extension);
        await File.WriteAllBytesAsync(path, content, ct);
        return path;
    }

    /// <summary>A binary PGM (P5, 8 bits): width, height and the grey bytes.</summary>
    private static (int Width, int Height, byte[] Pixels) ReadPgm(byte[] pgm)
    {
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)pgm[position]) || pgm[position] == '#')
            {
                if (pgm[position] == '#')
                {
                    while (pgm[position] != '\n')
                    {
                        position++;
                    }
                }

                position++;
            }

            var start = position;
            while (!char.IsWhiteSpace((char)pgm[position]))
            {
                position++;
            }

            return Encoding.ASCII.GetString(pgm, start, position - start);
        }

        Assert.AreEqual("P5", Token());
        var width = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.AreEqual("255", Token());
        position++;
        return (width, height, pgm[position..(position + (width * height))]);
    }
}
