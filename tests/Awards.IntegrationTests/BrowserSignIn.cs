using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>Signing a browser in the way a person does: the address on /signin, the emailed link, the button.</summary>
internal static class BrowserSignIn
{
    /// <summary>
    /// Signs <paramref name="page"/>'s browser in as <paramref name="email"/> (the sign-in mail this request brings)
    /// and waits for where it lands: a unit's /signin/me, or an organiser's console.
    /// </summary>
    public static async Task SignInAsync(IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync(new Uri(TestHost.Runner.BaseUrl, "signin").AbsoluteUri);
        await page.Locator("#email").FillAsync(email);
        var earlier = Scenario.Mail.To(email).Count;
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.Locator("#sent").WaitForAsync();
        var link = SignInTests.SignInLink(await Scenario.Mail.WaitForAsync(email, SignInTests.HasSignInLink, "sign-in link", earlier));
        await page.GotoAsync(link.AbsoluteUri);
        await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
        await page.Locator("#unit, #new-campaign").First.WaitForAsync();
    }
}
