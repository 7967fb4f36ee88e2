using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>Debian's Chromium driven by Playwright (the package's own browser download cannot work offline).</summary>
internal static class Browser
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static IPlaywright? playwright;
    private static IBrowser? browser;

    /// <summary>A fresh page in its own context (no shared cookies between tests); <paramref name="javaScript"/> false for a browser that runs no script.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(bool javaScript = true)
    {
        await Gate.WaitAsync();
        try
        {
            playwright ??= await Playwright.CreateAsync();
            browser ??= await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = Environment.GetEnvironmentVariable("AWARDS_CHROMIUM") ?? "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
        }
        finally
        {
            Gate.Release();
        }

        var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "vi-VN", TimezoneId = "Asia/Ho_Chi_Minh", JavaScriptEnabled = javaScript });
        return (context, await context.NewPageAsync());
    }
}
