using System.Net;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>The site's own pages: the home page, the language switch every page carries, its stylesheet under a strict policy.</summary>
[TestClass]
public sealed class SitePagesTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_home_page_says_what_the_service_is_and_leads_units_to_sign_in_in_either_language()
    {
        await PageChecks.RunAsync(TestContext, async page =>
        {
            var response = await page.GotoAsync(TestHost.Runner.BaseUrl.AbsoluteUri);
            Assert.AreEqual(200, response!.Status);
            await PageChecks.AssertAccessibleAsync(page, "home page");
            await PageChecks.AssertEnglishSwitchAsync(page, "home page");

            // The choice is remembered: the next page comes in English too, and the link leads to signing in.
            await page.Locator("main a#signin").ClickAsync();
            await page.Locator("input#email").WaitForAsync();
            StringAssert.EndsWith(page.Url, "/signin");
            Assert.AreEqual("en", await page.Locator("html").GetAttributeAsync("lang"));
            Assert.AreEqual("The email address registered with the organisers", (await page.Locator("label[for=email]").InnerTextAsync()).Trim());
            await PageChecks.AssertAccessibleAsync(page, "sign-in page (English)");
            await PageChecks.BackToVietnameseAsync(page);
            await PageChecks.AssertEnglishSwitchAsync(page, "sign-in page");
        });
    }

    [TestMethod]
    public async Task The_home_page_works_by_keyboard_alone_from_the_skip_link_to_signing_in()
    {
        await PageChecks.RunAsync(TestContext, async page =>
        {
            await page.GotoAsync(TestHost.Runner.BaseUrl.AbsoluteUri);
            await page.Keyboard.PressAsync("Tab");
            Assert.AreEqual("skip", await page.EvaluateAsync<string>("() => document.activeElement.className"), "the first Tab reaches the skip link");
            for (var i = 0; i < 10 && await page.EvaluateAsync<string>("() => document.activeElement.id") != "signin"; i++)
            {
                await page.Keyboard.PressAsync("Tab");
            }

            Assert.AreEqual("signin", await page.EvaluateAsync<string>("() => document.activeElement.id"), "Tab reaches the sign-in link");
            var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
            Assert.AreNotEqual("none", outline, "the focused link shows its focus");
            await page.Keyboard.PressAsync("Enter");
            await page.Locator("input#email").WaitForAsync();
            StringAssert.EndsWith(page.Url, "/signin");
        });
    }

    [TestMethod]
    public async Task The_language_switch_goes_back_only_to_this_sites_pages_and_pages_carry_a_strict_policy()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        foreach (var (back, expected) in new[] { ("/signin", "/signin"), ("//evil.example/x", "/"), ("https://evil.example/", "/"), ("/\\evil", "/") })
        {
            using var switched = await http.PostAsync(new Uri("language", UriKind.Relative), new FormUrlEncodedContent([new("lang", "en"), new("return", back)]));
            Assert.AreEqual(HttpStatusCode.SeeOther, switched.StatusCode);
            Assert.AreEqual(expected, switched.Headers.Location!.OriginalString, $"return={back}");
            StringAssert.Contains(string.Join(";", switched.Headers.GetValues("Set-Cookie")), "awards_lang=en");
        }

        using (var bad = await http.PostAsync(new Uri("language", UriKind.Relative), new FormUrlEncodedContent([new("lang", "fr")])))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.AreEqual("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        }

        using var home = await http.GetAsync(new Uri("/", UriKind.Relative));
        var csp = string.Join(";", home.Headers.GetValues("Content-Security-Policy"));
        StringAssert.Contains(csp, "script-src 'self'");
        StringAssert.Contains(csp, "style-src 'self'");
        Assert.IsFalse(csp.Contains("unsafe-inline", StringComparison.Ordinal), "no inline script or style is allowed");
        var html = await home.Content.ReadAsStringAsync();
        var stylesheet = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/assets/site\\.css\\?v=[0-9a-f]+)\"").Groups[1].Value;
        Assert.IsFalse(string.IsNullOrEmpty(stylesheet), "the page links the site's own stylesheet");
        using var css = await http.GetAsync(new Uri(stylesheet, UriKind.Relative));
        Assert.AreEqual("text/css", css.Content.Headers.ContentType!.MediaType);
        StringAssert.Contains(css.Headers.CacheControl!.ToString(), "immutable");
        using var missing = await http.GetAsync(new Uri("/assets/nothing.js", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [TestMethod]
    public async Task The_runners_local_outbox_page_says_where_mail_goes_and_is_accessible()
    {
        await PageChecks.RunAsync(TestContext, async page =>
        {
            var response = await page.GotoAsync(new Uri(TestHost.Runner.BaseUrl, "dev/outbox").AbsoluteUri);
            Assert.AreEqual(200, response!.Status);
            StringAssert.Contains(await page.Locator("main").InnerTextAsync(), "Thư đang được gửi qua SMTP", "the tests' runner sends by SMTP");
            await PageChecks.AssertAccessibleAsync(page, "local outbox");
            await PageChecks.AssertEnglishSwitchAsync(page, "local outbox");
        });
    }
}
