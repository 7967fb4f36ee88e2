using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Awards.Domain;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Awards.Outputs.Exports;

/// <summary>
/// The award lists as an XLSX workbook, the file organisers open: one sheet per awarding body,
/// two title lines, a frozen header row, column widths, one table with a kind column (collectives
/// first) and a counts row. Every cell taken from a nomination is an inline string in a text-formatted
/// column — never a formula, never a number — so nothing a nominee's name holds can run.
/// </summary>
/// <remarks>
/// Streamed with bounded memory: each sheet is written with <see cref="OpenXmlWriter"/> (the SDK's
/// SAX writer) straight into its ZIP entry, and the package is a <see cref="ZipArchive"/> in
/// <see cref="ZipArchiveMode.Create"/> (entries compressed as written, sizes in data descriptors)
/// over a non-seekable <see cref="SpoolStream"/> drained to the response every 64 KiB. Not
/// <c>SpreadsheetDocument</c>: System.IO.Packaging opens a seekable stream read-write, in ZIP
/// update mode, which keeps every part in memory until the package closes (measured on .NET 10:
/// 50 MiB written into a part, nothing reached the file, 65 MiB of managed memory held); only a
/// write-only package streams its parts, and the package model adds nothing the five fixed parts need.
/// /// </remarks>
public static class AwardListXlsx
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const int DrainBytes = 64 * 1024;

    // Cell styles of styles.xml, by index.
    private const uint StyleTitle = 1, StyleHeader = 2, StyleText = 3, StyleNumber = 4, StyleTotal = 5;

    private static readonly double[] Widths = [6, 30, 28, 10, 30, 11, 24, 30, 14, 22, 13, 15, 13, 12];
    private static readonly string[] Columns = [.. Enumerable.Range(0, AwardListExport.Headers.Count).Select(i => ((char)('A' + i)).ToString())];

    /// <summary>The media type of an XLSX file.</summary>
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Writes the workbook to <paramref name="output"/> as the lists are read.</summary>
    public static async Task WriteAsync(AwardListExport export, Stream output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(output);
        using var spool = new SpoolStream();
        var sheets = SheetNames(export);
        using (var zip = new ZipArchive(spool, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8))
        {
            WriteText(zip, "[Content_Types].xml", ContentTypes(sheets.Count));
            WriteText(zip, "_rels/.rels", $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{Relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            WriteText(zip, "xl/workbook.xml", Workbook(sheets));
            WriteText(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships(sheets.Count));
            WriteText(zip, "xl/styles.xml", Styles);
            await spool.DrainToAsync(output, ct);

            for (var i = 0; i < sheets.Count; i++)
            {
                var entry = zip.CreateEntry($"xl/worksheets/sheet{i + 1}.xml", CompressionLevel.Fastest);
                await using var stream = entry.Open();
                using var writer = OpenXmlWriter.Create(stream);
                await WriteSheetAsync(writer, export, export.Bodies.Count > 0 ? export.Bodies[i] : null, spool, output, ct);
                writer.Close();
            }
        }

        await spool.DrainToAsync(output, ct);
        await output.FlushAsync(ct);
    }

    private static async Task WriteSheetAsync(OpenXmlWriter writer, AwardListExport export, string? body, SpoolStream spool, Stream output, CancellationToken ct)
    {
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet(), [], [new("", Main), new("r", Relationships)]);
        writer.WriteElement(new SheetViews(new SheetView(
            new Pane { VerticalSplit = 3, TopLeftCell = "A4", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
            new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A4", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A4" } })
        { WorkbookViewId = 0 }));
        writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 15 });
        writer.WriteElement(new DocumentFormat.OpenXml.Spreadsheet.Columns(Widths.Select((w, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = w, CustomWidth = true, Style = i == 0 ? StyleNumber : StyleText })));
        writer.WriteStartElement(new SheetData());

        var row = 0;
        var title = $"DANH SÁCH KHEN THƯỞNG – {export.Campaign.Name}";
        WriteRow(writer, ++row, [(title, StyleTitle)]);
        var subtitle = $"Cơ quan khen thưởng: {body ?? "—"}. Ngày lập: {VietnameseText.FormatDate(export.Date)}{(export.Filter.IncludeRevoked ? ". Gồm cả khen thưởng đã thu hồi (cột \"Thu hồi ngày\")." : ".")}";
        WriteRow(writer, ++row, [(subtitle, 0)]);
        WriteRow(writer, ++row, [.. AwardListExport.Headers.Select(h => (h, StyleHeader))]);

        var counts = new Dictionary<NomineeKind, int>();
        var number = 0;
        if (body is not null)
        {
            foreach (var kind in export.Kinds)
            {
                counts[kind] = 0;
                await foreach (var entry in export.Read(body, kind, ct))
                {
                    counts[kind]++;
                    var cells = AwardListExport.Cells(entry, ++number, export.ProvinceName);
                    WriteEntry(writer, ++row, cells);
                    if (spool.Pending >= DrainBytes)
                    {
                        await spool.DrainToAsync(output, ct);
                    }
                }
            }
        }

        var lastTableRow = row;
        var summary = string.Join(", ", counts.Select(c => $"{c.Value.ToString("N0", VietnameseText.Culture)} {(c.Key == NomineeKind.Collective ? "tập thể" : "cá nhân")}"));
        WriteRow(writer, ++row, [("Tổng số", StyleTotal), ($"{number.ToString("N0", VietnameseText.Culture)} ({(summary.Length > 0 ? summary : "không có")})", StyleTotal)]);
        writer.WriteEndElement(); // sheetData

        if (lastTableRow > 3)
        {
            writer.WriteElement(new AutoFilter { Reference = $"A3:{Columns[^1]}{lastTableRow}" });
        }

        writer.WriteElement(new PageMargins { Left = 0.5, Right = 0.5, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
        writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape });
        writer.WriteEndElement(); // worksheet
    }

    // Elements stand for their names only: the writer takes the tag from them, so one instance serves every cell.
    private static readonly Row RowTag = new();
    private static readonly Cell CellTag = new();
    private static readonly InlineString InlineTag = new();
    private static readonly Text TextTag = new();
    private static readonly CellValue ValueTag = new();
    private static readonly OpenXmlAttribute Preserve = new("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve");

    private static void WriteEntry(OpenXmlWriter writer, int row, string[] cells)
    {
        var r = row.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(RowTag, [new OpenXmlAttribute("r", null!, r)]);

        // STT, our own counter, is the one number; everything else is text.
        writer.WriteStartElement(CellTag, [new OpenXmlAttribute("r", null!, "A" + r), new OpenXmlAttribute("s", null!, StyleNumber.ToString(CultureInfo.InvariantCulture))]);
        writer.WriteStartElement(ValueTag);
        writer.WriteString(cells[0]);
        writer.WriteEndElement();
        writer.WriteEndElement();
        for (var i = 1; i < cells.Length; i++)
        {
            WriteTextCell(writer, Columns[i] + r, cells[i], StyleText);
        }

        writer.WriteEndElement();
    }

    private static void WriteRow(OpenXmlWriter writer, int row, (string Text, uint Style)[] cells)
    {
        var r = row.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(RowTag, [new OpenXmlAttribute("r", null!, r)]);
        for (var i = 0; i < cells.Length; i++)
        {
            WriteTextCell(writer, Columns[i] + r, cells[i].Text, cells[i].Style);
        }

        writer.WriteEndElement();
    }

    private static void WriteTextCell(OpenXmlWriter writer, string reference, string text, uint style)
    {
        var attributes = style == 0
            ? new[] { new OpenXmlAttribute("r", null!, reference), new OpenXmlAttribute("t", null!, "inlineStr") }
            : [new OpenXmlAttribute("r", null!, reference), new OpenXmlAttribute("s", null!, style.ToString(CultureInfo.InvariantCulture)), new OpenXmlAttribute("t", null!, "inlineStr")];
        writer.WriteStartElement(CellTag, attributes);
        writer.WriteStartElement(InlineTag);
        writer.WriteStartElement(TextTag, [Preserve]);
        writer.WriteString(XmlSafe(text));
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    /// <summary>Text an XML file can hold: control characters XML 1.0 forbids become U+FFFD (nothing we store should hold one).</summary>
    private static string XmlSafe(string text)
    {
        foreach (var ch in text)
        {
            if (!XmlConvert.IsXmlChar(ch) && !char.IsSurrogate(ch))
            {
                return string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD'));
            }
        }

        return text;
    }

    /// <summary>Sheet names: the body's name, or its register code when the name is longer than a sheet name may be; unique, without the characters names may not hold.</summary>
    private static List<string> SheetNames(AwardListExport export)
    {
        var names = new List<string>();
        foreach (var body in export.Bodies.DefaultIfEmpty("Danh sách"))
        {
            var candidate = body.Length <= 31 ? body : export.Campaign.AwardingBodies.FirstOrDefault(b => VietnameseText.SameFolded(b.Name, body))?.Code ?? body[..31];
            candidate = new string([.. candidate.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]).Trim('\'');
            candidate = candidate.Length == 0 ? "Danh sách" : candidate;
            var name = candidate;
            for (var n = 2; names.Contains(name, StringComparer.OrdinalIgnoreCase); n++)
            {
                var suffix = $" ({n})";
                name = (candidate.Length + suffix.Length > 31 ? candidate[..(31 - suffix.Length)] : candidate) + suffix;
            }

            names.Add(name);
        }

        return names;
    }

    private static void WriteText(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    private static string ContentTypes(int sheets) =>
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"""
        + """<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"""
        + """<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"""
        + """<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"""
        + string.Concat(Enumerable.Range(1, sheets).Select(i => $"""<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"""))
        + "</Types>";

    private static string Workbook(IReadOnlyList<string> sheets) =>
        $"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{Main}" xmlns:r="{Relationships}"><sheets>"""
        + string.Concat(sheets.Select((name, i) => $"""<sheet name="{System.Security.SecurityElement.Escape(name)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>"""))
        + "</sheets></workbook>";

    private static string WorkbookRelationships(int sheets) =>
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
        + string.Concat(Enumerable.Range(1, sheets).Select(i => $"""<Relationship Id="rId{i}" Type="{Relationships}/worksheet" Target="worksheets/sheet{i}.xml"/>"""))
        + $"""<Relationship Id="rId{sheets + 1}" Type="{Relationships}/styles" Target="styles.xml"/></Relationships>""";

    // 0 default, 1 title (bold 14), 2 header (bold, filled, bordered, wrapped), 3 text (format "@", bordered, wrapped),
    // 4 number (bordered), 5 total (bold, bordered).
    private const string Styles =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"""
        + """<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>"""
        + """<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>"""
        + """<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>"""
        + """<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"""
        + """<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"""
        + """<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>"""
        + """<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="center" wrapText="1"/></xf>"""
        + """<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>"""
        + """<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top"/></xf>"""
        + """<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/></cellXfs>"""
        + """<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>""";
}
