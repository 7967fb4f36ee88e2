using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Awards.Security;
using Awards.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using MimeKit;

namespace Awards.IntegrationTests;

/// <summary>
/// Nominator sign-in by emailed link, in real Chromium against the runner, real SMTP and
/// Azurite: scanners cannot sign in, the cookie is HttpOnly and SameSite=Lax, it works with
/// the API and on another runner process, signing out ends the session on the server, and bad
/// links change nothing.
/// </summary>
[TestClass]
public sealed partial class SignInTests
{
    private const string Unit = "Công an tỉnh Phú Yên";

    [TestMethod]
    public async Task A_nominator_signs_in_from_the_emailed_link_in_a_browser_and_the_cookie_works_with_the_api_and_on_another_runner()
    {
        using var s = await Scenario.StartAsync("signin");
        var runner = TestHost.Runner;
        var (context, page) = await Browser.NewPageAsync();
        await using (context)
        {
            // Ask for a link.
            await page.GotoAsync(Url(runner, "signin"));
            await page.Locator("#email").FillAsync(s.NominatorEmail);
            await page.Locator("main button[type=submit]").ClickAsync();
            await page.Locator("#sent").WaitForAsync();
            var link = SignInLink(await Scenario.Mail.WaitForAsync(s.NominatorEmail));
            Assert.AreEqual(runner.BaseUrl.Authority, link.Authority, "the link points at Awards:PublicBaseUrl");

            // Mail scanners fetch the link with GET and HEAD, several times: nobody is signed in.
            using var raw = RawClient(runner);
            for (var i = 0; i < 3; i++)
            {
                using var get = await raw.GetAsync(link);
                Assert.AreEqual(HttpStatusCode.OK, get.StatusCode);
                Assert.IsFalse(get.Headers.Contains("Set-Cookie"), "GET must not sign in");
                Assert.AreEqual("no-store", get.Headers.CacheControl?.ToString());
                using var head = await raw.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));
                Assert.AreEqual(HttpStatusCode.OK, head.StatusCode);
                Assert.IsFalse(head.Headers.Contains("Set-Cookie"), "HEAD must not sign in");
            }

            // The person opens it: a page with a button, still not signed in.
            var opened = await page.GotoAsync(link.AbsoluteUri);
            Assert.AreEqual(200, opened!.Status);
            Assert.IsFalse((await opened.AllHeadersAsync()).ContainsKey("set-cookie"));
            Assert.IsEmpty(await context.CookiesAsync());
            Assert.AreEqual(401, (await context.APIRequest.GetAsync(Url(runner, "signin/me"))).Status);

            // The button signs in and shows who is signed in.
            await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
            // Wait for the page, then check where it is: a URL wait that starts after a fast navigation
            // has finished waits for a load state that never comes again (CI saw 30 s timeouts).
            await page.Locator("#unit").WaitForAsync();
            Assert.AreEqual("/signin/me", new Uri(page.Url).AbsolutePath);
            Assert.AreEqual(Unit, (await page.Locator("#unit").InnerTextAsync()).Trim());
            Assert.AreEqual("PY", (await page.Locator("#province").InnerTextAsync()).Trim());
            Assert.AreEqual(s.NominatorEmail, (await page.Locator("#email").InnerTextAsync()).Trim());

            var cookie = (await context.CookiesAsync()).Single(c => c.Name == SignInSessions.CookieName);
            Assert.IsTrue(cookie.HttpOnly, "the session cookie is HttpOnly");
            Assert.AreEqual(SameSiteAttribute.Lax, cookie.SameSite);
            Assert.IsFalse(cookie.Secure, "plain http here: Secure would make the browser drop it");
            Assert.AreEqual("/", cookie.Path);
            var expires = DateTimeOffset.FromUnixTimeSeconds((long)cookie.Expires);
            Assert.IsTrue(expires > DateTimeOffset.UtcNow.AddHours(7.5) && expires < DateTimeOffset.UtcNow.AddHours(8.5), $"expires {expires:O}");

            // With the cookie, the API works as with the unit's key.
            var listUrl = Url(runner, $"api/nominations?campaignId={s.Campaign.Id}");
            Assert.AreEqual(200, (await context.APIRequest.GetAsync(listUrl)).Status);
            var body = new { campaignId = s.Campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Phòng Cảnh sát giao thông", achievementSummary = "Thành tích xuất sắc." };

            // A state-changing request on the cookie must show it came from this site (CSRF):
            // Sec-Fetch-Site: same-origin, or else an Origin naming this site.
            var origin = runner.BaseUrl.GetLeftPart(UriPartial.Authority);
            foreach (var headers in new Dictionary<string, string>[]
            {
                new(),
                new() { ["Origin"] = "https://evil.example" },
                new() { ["Origin"] = "null" },
                new() { ["Origin"] = origin, ["Sec-Fetch-Site"] = "cross-site" },
                new() { ["Sec-Fetch-Site"] = "same-site" },
            })
            {
                var refused = await context.APIRequest.PostAsync(Url(runner, "api/nominations"), new() { DataObject = body, Headers = headers });
                Assert.AreEqual(403, refused.Status, $"{string.Join(", ", headers)}: {await refused.TextAsync()}");
            }

            var created = await context.APIRequest.PostAsync(Url(runner, "api/nominations"), new() { DataObject = body, Headers = new Dictionary<string, string> { ["Origin"] = origin } });
            Assert.AreEqual(201, created.Status, await created.TextAsync());
            var fetched = await context.APIRequest.PostAsync(Url(runner, "api/nominations"), new() { DataObject = body with { nomineeName = "Phòng Cảnh sát hình sự" }, Headers = new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin", ["Origin"] = "null" } });
            Assert.AreEqual(201, fetched.Status, await fetched.TextAsync());
            using (var listed = await s.Nominator.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative)))
            {
                StringAssert.Contains(await listed.Content.ReadAsStringAsync(), "Phòng Cảnh sát giao thông", "the unit's key sees what the session created: same caller");
            }

            // The used link is refused, by GET and by POST, and signs nobody in.
            using (var again = await raw.PostAsync(link, new FormUrlEncodedContent([])))
            {
                Assert.AreEqual(HttpStatusCode.Gone, again.StatusCode);
                Assert.IsFalse(again.Headers.Contains("Set-Cookie"));
                StringAssert.Contains(await again.Content.ReadAsStringAsync(), "đã được dùng");
            }

            Assert.AreEqual(410, (await page.GotoAsync(link.AbsoluteUri))!.Status);

            // Another runner process on the same storage accepts the cookie: one key ring in Blob storage.
            // Another instance behind the same public address: what it mails links to the site, not to itself.
            await using (var second = new RunnerProcess(TestHost.Storage, TestHost.Mail.Port, TestHost.NewTaskHub("signin2"), TestHost.SigningKey, TestHost.OrganiserKey)
                .WithSetting("Awards__PublicBaseUrl", TestHost.Runner.BaseUrl.AbsoluteUri))
            {
                await second.StartAsync();
                using var other = RawClient(second);
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative));
                request.Headers.Add("Cookie", $"{cookie.Name}={cookie.Value}");
                using var response = await other.SendAsync(request);
                Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, await response.Content.ReadAsStringAsync());
                StringAssert.Contains(await response.Content.ReadAsStringAsync(), "Phòng Cảnh sát giao thông");

                // Cookies are per host, not per port: the same browser is signed in there too.
                await page.GotoAsync(Url(second, "signin/me"));
                Assert.AreEqual(Unit, (await page.Locator("#unit").InnerTextAsync()).Trim());
            }

            // Signing out clears the cookie.
            await page.GotoAsync(Url(runner, "signin/me"));
            await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng xuất", Exact = true }).ClickAsync();
            await page.Locator("input#email").WaitForAsync();
            Assert.AreEqual("/signin", new Uri(page.Url).AbsolutePath);
            Assert.IsFalse((await context.CookiesAsync()).Any(c => c.Name == SignInSessions.CookieName));
            var after = await page.GotoAsync(Url(runner, "signin/me"));
            Assert.AreEqual(401, after!.Status);
            Assert.AreEqual(1, await page.Locator("a#signin[href='/signin']").CountAsync(), "the 401 page links to the sign-in form");

            // Signing out ended the session on the server: the cookie's value, replayed (a stolen copy), is refused at once.
            var replayed = $"{cookie.Name}={cookie.Value}";
            Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, replayed));
            Assert.AreEqual(HttpStatusCode.Unauthorized, await CreateProposalAsync(raw, replayed, s.Campaign.Id));
        }
    }

    [TestMethod]
    public async Task Expired_tampered_foreign_and_review_links_are_refused_and_change_nothing()
    {
        using var s = await Scenario.StartAsync("signinbad");
        using var raw = RawClient(TestHost.Runner);

        // Expired: signed with the runner's own key, for the right address, but past its expiry.
        var (expired, expiredClaims) = Links().Issue(s.NominatorEmail, DateTimeOffset.UtcNow.AddMinutes(-1));
        using (var page = await raw.GetAsync(SignInUrl(expired)))
        {
            Assert.AreEqual(HttpStatusCode.Gone, page.StatusCode);
            StringAssert.Contains(await page.Content.ReadAsStringAsync(), "hết hạn");
        }

        using (var post = await raw.PostAsync(SignInUrl(expired), new FormUrlEncodedContent([])))
        {
            Assert.AreEqual(HttpStatusCode.Gone, post.StatusCode);
            Assert.IsFalse(post.Headers.Contains("Set-Cookie"));
            StringAssert.Contains(await post.Content.ReadAsStringAsync(), "hết hạn");
        }

        Assert.IsFalse(await IsClaimedAsync(expiredClaims), "an expired link claims nothing");

        // Tampered: one character of a valid link changed. The valid link still works afterwards.
        var (valid, validClaims) = Links().Issue(s.NominatorEmail);
        var flipped = valid[..^3] + (valid[^3] == 'A' ? 'B' : 'A') + valid[^2..];
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Post })
        {
            using var refused = await raw.SendAsync(new HttpRequestMessage(method, SignInUrl(flipped)) { Content = method == HttpMethod.Post ? new FormUrlEncodedContent([]) : null });
            Assert.AreEqual(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.IsFalse(refused.Headers.Contains("Set-Cookie"));
            StringAssert.Contains(await refused.Content.ReadAsStringAsync(), "không hợp lệ");
        }

        Assert.IsFalse(await IsClaimedAsync(validClaims), "a tampered copy claims nothing");

        // A token signed with the same key as an approval link is not a sign-in link, even with a sign-in link's claims.
        var review = new TokenSigner(Options.Create(SigningOptions()))
            .Issue(new SignInLinkClaims(s.NominatorEmail, "n0nce", DateTimeOffset.UtcNow.AddMinutes(5)), purpose: null);
        using (var refused = await raw.PostAsync(SignInUrl(review), new FormUrlEncodedContent([])))
        {
            Assert.AreEqual(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.IsFalse(refused.Headers.Contains("Set-Cookie"));
        }

        // A correctly signed link for an address that holds no key.
        var (stranger, _) = Links().Issue("nobody." + s.Campaign.Id + "@example.vn");
        using (var refused = await raw.PostAsync(SignInUrl(stranger), new FormUrlEncodedContent([])))
        {
            Assert.AreEqual(HttpStatusCode.Gone, refused.StatusCode);
            Assert.IsFalse(refused.Headers.Contains("Set-Cookie"));
        }

        // A POST from another site (login CSRF) is refused and does not use the link.
        foreach (var (name, value) in new[] { ("Origin", "https://evil.example"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var crossSite = new HttpRequestMessage(HttpMethod.Post, SignInUrl(valid)) { Content = new FormUrlEncodedContent([]) };
            crossSite.Headers.Add(name, value);
            using var refused = await raw.SendAsync(crossSite);
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode, name);
            Assert.IsFalse(refused.Headers.Contains("Set-Cookie"));
        }

        Assert.IsFalse(await IsClaimedAsync(validClaims));

        // The untouched link works, exactly once even when posted five times at once.
        var posts = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await raw.PostAsync(SignInUrl(valid), new FormUrlEncodedContent([]));
            return (response.StatusCode, Cookie: response.Headers.Contains("Set-Cookie"));
        }));
        Assert.AreEqual(1, posts.Count(p => p.StatusCode == HttpStatusCode.SeeOther && p.Cookie), string.Join(", ", posts));
        Assert.AreEqual(4, posts.Count(p => p.StatusCode == HttpStatusCode.Gone && !p.Cookie), string.Join(", ", posts));
        Assert.IsTrue(await IsClaimedAsync(validClaims));
    }

    [TestMethod]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail_and_each_address_gets_at_most_five_links_in_fifteen_minutes()
    {
        using var s = await Scenario.StartAsync("signinrate");
        var unknown = "unknown." + s.Campaign.Id + "@example.vn";
        using var raw = RawClient(TestHost.Runner);

        var registered = await AskAsync(raw, s.NominatorEmail);
        var stranger = await AskAsync(raw, unknown);
        Assert.AreEqual(HttpStatusCode.OK, registered.Status);
        Assert.AreEqual(registered, stranger, "the answer must not tell whether the address is registered");
        await Scenario.Mail.WaitForAsync(s.NominatorEmail);

        // Four more are sent; after that, the same answer and no mail.
        for (var i = 0; i < 6; i++)
        {
            Assert.AreEqual(registered, await AskAsync(raw, s.NominatorEmail));
        }

        await Scenario.Mail.WaitForAsync(s.NominatorEmail, SignInStore.MaxLinksPerWindow);

        // Once every request has been handled and nothing for the address waits in the outbox, no more can come.
        await using (var services = TestHost.SharedServices())
        {
            var storage = services.GetRequiredService<Awards.Storage.AwardsStorage>();
            var drained = DateTime.UtcNow.AddSeconds(60);
            while (await AnyAsync(storage.SignIn.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{SignInRequests.Partition}' and Email eq '{s.NominatorEmail}'"))
                || await AnyAsync(storage.MailOutbox.QueryAsync<Azure.Data.Tables.TableEntity>($"PartitionKey eq '{Awards.Mail.MailDelivery.PendingPartition}' and To eq '{s.NominatorEmail}'")))
            {
                Assert.IsLessThan(drained, DateTime.UtcNow, "the sign-in requests and their mail are handled");
                await Task.Delay(200);
            }
        }

        Assert.HasCount(SignInStore.MaxLinksPerWindow, Scenario.Mail.To(s.NominatorEmail));
        Assert.IsEmpty(Scenario.Mail.To(unknown));

        // Bad input is refused before anything happens.
        Assert.AreEqual(HttpStatusCode.BadRequest, (await AskAsync(raw, "not an address")).Status);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await AskAsync(raw, new string('a', 250) + "@example.vn")).Status);
    }

    [TestMethod]
    public async Task A_request_left_claimed_by_a_handler_that_died_still_gets_its_one_link_and_spends_no_second_slot()
    {
        using var s = await Scenario.StartAsync("signin-dead");
        await using var services = TestHost.SharedServices();
        var table = services.GetRequiredService<Awards.Storage.AwardsStorage>().SignIn;
        var limits = services.GetRequiredService<SignInStore>();

        // What a sender that died mid-request leaves: the request claimed longer ago than the
        // claim's lease, and the address's sending slot it had taken; no mail queued yet.
        var askedAt = DateTimeOffset.UtcNow - SignInRequests.ClaimLease - TimeSpan.FromSeconds(10);
        var requestId = askedAt.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-dead" + s.Campaign.Id[..6];
        Assert.IsTrue(await limits.TryTakeSendSlotAsync(s.NominatorEmail, askedAt, null, requestId, default));
        await table.AddEntityAsync(new TableEntity(SignInRequests.Partition, requestId)
        {
            ["Email"] = s.NominatorEmail,
            ["At"] = askedAt,
            ["ClaimedAt"] = askedAt.AddSeconds(1),
        });

        // The running sender takes it over: the link arrives, and the request leaves the queue.
        var link = SignInLink(await Scenario.Mail.WaitForAsync(s.NominatorEmail));
        Assert.AreEqual(TestHost.Runner.BaseUrl.Authority, link.Authority);
        await Eventually.UntilAsync(
            async () => (await table.GetEntityIfExistsAsync<TableEntity>(SignInRequests.Partition, requestId)).HasValue,
            queued => !queued,
            TimeSpan.FromSeconds(60),
            _ => "the request is deleted once handled");

        Assert.HasCount(1, Scenario.Mail.To(s.NominatorEmail), "one link for the one request");

        // One slot of five is spent: four more requests may still be sent a link, the fifth not.
        for (var i = 1; i < SignInStore.MaxLinksPerWindow; i++)
        {
            Assert.IsTrue(await limits.TryTakeSendSlotAsync(s.NominatorEmail, DateTimeOffset.UtcNow, null, $"other-{i}", default), $"slot {i + 1} is free");
        }

        Assert.IsFalse(await limits.TryTakeSendSlotAsync(s.NominatorEmail, DateTimeOffset.UtcNow, null, "one-too-many", default), "the request's slot was not spent a second time, nor another one");
    }

    private static async Task<bool> AnyAsync<T>(IAsyncEnumerable<T> rows)
    {
        await foreach (var _ in rows)
        {
            return true;
        }

        return false;
    }

    [TestMethod]
    public async Task Api_keys_keep_working_and_a_bad_cookie_is_not_a_sign_in()
    {
        using var s = await Scenario.StartAsync("signinkeys");
        var list = new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative);
        using (var response = await s.Nominator.Http.GetAsync(list))
        {
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        }

        // A key in the header wins over any cookie, and needs no Origin to change things.
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/nominations", UriKind.Relative)))
        {
            request.Headers.Add("Cookie", SignInSessions.CookieName + "=garbage");
            request.Content = JsonContent.Create(new { campaignId = s.Campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Đội Cảnh sát cơ động", achievementSummary = "Thành tích xuất sắc." });
            using var response = await s.Nominator.Http.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        using var raw = RawClient(TestHost.Runner);
        using (var request = new HttpRequestMessage(HttpMethod.Get, list))
        {
            request.Headers.Add("Cookie", SignInSessions.CookieName + "=garbage");
            using var response = await raw.SendAsync(request);
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.AreEqual("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    private static async Task<(HttpStatusCode Status, string Body)> AskAsync(HttpClient raw, string email)
    {
        using var response = await raw.PostAsync(new Uri("signin", UriKind.Relative), new FormUrlEncodedContent([new("email", email)]));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<bool> IsClaimedAsync(SignInLinkClaims claims)
    {
        var table = new TableClient(TestHost.Storage, "awardsSignIn");
        return (await table.GetEntityIfExistsAsync<TableEntity>("link-" + claims.Nonce, "used")).HasValue;
    }

    private static HttpClient RawClient(RunnerProcess runner) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = runner.BaseUrl };

    private static string Url(RunnerProcess runner, string path) => new Uri(runner.BaseUrl, path).AbsoluteUri;

    private static Uri SignInUrl(string token) => new(TestHost.Runner.BaseUrl, "signin/" + token);

    private static LinkSigningOptions SigningOptions() => new() { ActiveKeyId = "test", SigningKeys = { ["test"] = TestHost.SigningKey } };

    internal static SignInLinks Links() => new(new TokenSigner(Options.Create(SigningOptions())), TimeProvider.System);

    /// <summary>The sign-in link in a sign-in message.</summary>
    internal static bool HasSignInLink(MimeMessage message) => SignInLinkPattern().IsMatch(message.TextBody ?? string.Empty);

    internal static Uri SignInLink(MimeMessage message) =>
        new(SignInLinkPattern().Match(message.TextBody ?? string.Empty) is { Success: true } m ? m.Value : throw new InvalidOperationException("No sign-in link in: " + message.TextBody));

    [GeneratedRegex(@"https?://\S+/signin/[A-Za-z0-9._~%-]+")]
    private static partial Regex SignInLinkPattern();
}
