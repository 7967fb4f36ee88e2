using System.Text.RegularExpressions;
using System.Xml.Linq;
using Awards.Testing;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// What every page must pass, checked in the browser: no serious or critical accessibility
/// violation (axe), and an English switch that turns every text of the page's resource files into
/// its English — and, for a page test, a screenshot kept when it fails.
/// </summary>
internal static partial class PageChecks
{
    private static readonly Lazy<IReadOnlyList<(string Vi, string En)>> Texts = new(LoadTexts);

    /// <summary>
    /// Runs a browser test with a fresh page (<paramref name="javaScript"/> false: in a browser that
    /// runs no script); when it fails, a full-page screenshot is kept with the test's results.
    /// </summary>
    public static async Task RunAsync(TestContext test, Func<IPage, Task> body, bool javaScript = true)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(body);
        var (context, page) = await Browser.NewPageAsync(javaScript);
        try
        {
            await body(page);
        }
        catch
        {
            var folder = test.TestResultsDirectory ?? Path.GetTempPath();
            Directory.CreateDirectory(folder);
            var file = Path.Combine(folder, $"{test.TestName}-{DateTime.UtcNow:HHmmssfff}.png");
            await page.ScreenshotAsync(new() { Path = file, FullPage = true });
            test.AddResultFile(file);
            throw;
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>No serious or critical axe violation on the page as it is now.</summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        var results = await page.RunAxe();
        var bad = results.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Impact} {v.Id}: {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}")
            .ToList();
        Assert.IsEmpty(bad, $"{what} ({page.Url}) has accessibility violations:\n{string.Join("\n", bad)}");
    }

    /// <summary>
    /// Presses the page's language switch and checks that every text from the resource files the
    /// Vietnamese page showed (a whole text of the page, or a format filled with data) is gone and
    /// its English is there; the switch is remembered (the page comes back in English). Leaves the page in English.
    /// </summary>
    public static async Task AssertEnglishSwitchAsync(IPage page, string what)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.AreEqual("vi", await page.Locator("html").GetAttributeAsync("lang"), $"{what} starts in Vietnamese");
        var vietnamese = await TextsOnPageAsync(page);
        // A Vietnamese text may stand in several resource files with different English (a heading
        // here, a status there): any of its English texts will do.
        var shown = Texts.Value.Where(t => t.Vi != t.En && vietnamese.Any(n => Matches(t.Vi, n)))
            .GroupBy(t => t.Vi, StringComparer.Ordinal)
            .Select(g => (Vi: g.Key, En: g.Select(t => t.En).Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
        Assert.IsNotEmpty(shown, $"{what}: no text of the resource files found on the page");

        await page.Locator("form.language button").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement?.lang === 'en'");
        var english = await TextsOnPageAsync(page);
        var missing = shown.Where(t => !t.En.Any(en => english.Any(n => Matches(en, n)))).Select(t => $"\"{string.Join("\" or \"", t.En)}\"").ToList();
        var left = shown.Where(t => english.Any(n => Matches(t.Vi, n)) && !Texts.Value.Any(x => x.En == t.Vi)).Select(t => $"\"{t.Vi}\"").ToList();
        Assert.IsEmpty(missing, $"{what} in English lacks: {string.Join(", ", missing)}");
        Assert.IsEmpty(left, $"{what} in English still shows: {string.Join(", ", left)}");
    }

    /// <summary>Switches the page back to Vietnamese (the switch is remembered per browser).</summary>
    public static async Task BackToVietnameseAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator("form.language button").ClickAsync();
        await page.WaitForFunctionAsync("() => document.documentElement?.lang === 'vi'");
    }

    // The texts a person sees: each element's own text (its text nodes joined), the page's title,
    // and the accessible names given by attributes.
    private static async Task<IReadOnlyList<string>> TextsOnPageAsync(IPage page) =>
        (await page.EvaluateAsync<string[]>("""
            () => {
              const texts = [document.title];
              for (const el of document.querySelectorAll('body *')) {
                const style = getComputedStyle(el);
                if (style.display === 'none' || style.visibility === 'hidden') continue;
                const own = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join(' ').replace(/\s+/g, ' ').trim();
                if (own) texts.push(own);
                for (const a of ['title', 'aria-label', 'placeholder', 'alt']) if (el.getAttribute(a)) texts.push(el.getAttribute(a).trim());
              }
              return texts;
            }
            """)).Select(t => t.Trim()).Where(t => t.Length > 0).ToList();

    // A text of the resource files as it shows on a page: itself, or its format with data in the places.
    private static bool Matches(string resource, string shownText)
    {
        var pattern = "^" + string.Join("(.+?)", Placeholder().Split(resource).Select(f => Regex.Escape(f.Trim()))) + "$";
        return resource.Trim() == shownText || (Placeholder().IsMatch(resource) && Regex.IsMatch(shownText, pattern, RegexOptions.Singleline));
    }

    private static IReadOnlyList<(string Vi, string En)> LoadTexts()
    {
        var folder = Path.Combine(RepositoryPaths.Root, "functions", "Awards.Core", "Web", "Resources");
        var texts = new List<(string, string)>();
        foreach (var neutral in Directory.GetFiles(folder, "*Texts.resx"))
        {
            // Mail's texts never show on a page; a page's "Lý do: …" need not be translated as mail's is.
            if (Path.GetFileName(neutral) == "MailTexts.resx")
            {
                continue;
            }

            var english = ReadResx(Path.ChangeExtension(neutral, ".en.resx"));
            foreach (var (key, vi) in ReadResx(neutral))
            {
                texts.Add((vi, english.TryGetValue(key, out var en) ? en : throw new AssertFailedException($"{Path.GetFileName(neutral)}: '{key}' has no English.")));
            }
        }

        return texts;
    }

    private static Dictionary<string, string> ReadResx(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}
