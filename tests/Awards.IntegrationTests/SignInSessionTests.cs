using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Awards.Security;
using Awards.Testing;
using Microsoft.Playwright;

namespace Awards.IntegrationTests;

/// <summary>
/// Sessions live on the server as well as in the cookie: signing out, "sign out everywhere" and
/// an organiser revoking a key end them at once, also for a copy of the cookie replayed later.
/// </summary>
public sealed partial class SignInTests
{
    [TestMethod]
    public async Task A_cookie_replayed_after_signing_out_is_refused()
    {
        using var s = await Scenario.StartAsync("signoutreplay");
        using var raw = RawClient(TestHost.Runner);
        var cookie = await SignInAsync(raw, s.NominatorEmail);
        Assert.AreEqual(HttpStatusCode.OK, await MeAsync(raw, cookie));
        Assert.AreEqual(HttpStatusCode.Created, await CreateProposalAsync(raw, cookie, s.Campaign.Id));

        using (var signOut = new HttpRequestMessage(HttpMethod.Post, new Uri("signout", UriKind.Relative)))
        {
            signOut.Headers.Add("Cookie", cookie);
            using var response = await raw.SendAsync(signOut);
            Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
            StringAssert.Contains(string.Join("\n", response.Headers.GetValues("Set-Cookie")), SignInSessions.CookieName + "=;", "the browser's copy is cleared");
        }

        // A copy kept by someone else (a stolen cookie) no longer works, at once.
        Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, cookie));
        Assert.AreEqual(HttpStatusCode.Unauthorized, await CreateProposalAsync(raw, cookie, s.Campaign.Id));

        // Signing out again with the dead cookie is harmless, and the unit's key is unaffected.
        using (var again = new HttpRequestMessage(HttpMethod.Post, new Uri("signout", UriKind.Relative)))
        {
            again.Headers.Add("Cookie", cookie);
            using var response = await raw.SendAsync(again);
            Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode);
        }

        using var list = await s.Nominator.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, list.StatusCode);
    }

    [TestMethod]
    public async Task Signing_out_everywhere_in_the_browser_ends_the_units_other_sessions_and_the_api_does_the_same()
    {
        using var s = await Scenario.StartAsync("signouteverywhere");
        using var raw = RawClient(TestHost.Runner);
        var other = await SignInAsync(raw, s.NominatorEmail);
        var (context, page) = await Browser.NewPageAsync();
        await using (context)
        {
            await page.GotoAsync(SignInUrl(Links().Issue(s.NominatorEmail).Token).AbsoluteUri);
            await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng nhập", Exact = true }).ClickAsync();
            await page.Locator("#unit").WaitForAsync();
            Assert.AreEqual(HttpStatusCode.OK, await MeAsync(raw, other), "two sessions of one unit side by side");

            await page.Locator("main").GetByRole(AriaRole.Button, new() { Name = "Đăng xuất khỏi mọi nơi", Exact = true }).ClickAsync();
            await page.Locator("input#email").WaitForAsync();
            Assert.AreEqual("/signin", new Uri(page.Url).AbsolutePath);
            Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, other), "the other session ended too");
            Assert.AreEqual(401, (await page.GotoAsync(Url(TestHost.Runner, "signin/me")))!.Status);
        }

        // The same through the API, with the unit's key: every session of the address ends.
        var third = await SignInAsync(raw, s.NominatorEmail);
        var fourth = await SignInAsync(raw, s.NominatorEmail);
        using (var ended = await s.Nominator.Http.DeleteAsync(new Uri("api/sessions", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, ended.StatusCode, await ended.Content.ReadAsStringAsync());
            Assert.AreEqual(2, (await ended.Content.ReadFromJsonAsync<JsonObject>())!["sessionsEnded"]!.GetValue<int>());
        }

        Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, third));
        Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, fourth));
        using var stillWorks = await s.Nominator.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative));
        Assert.AreEqual(HttpStatusCode.OK, stillWorks.StatusCode, "ending sessions does not revoke the key");

        // A nominator cannot end someone else's sessions; an organiser can, by address.
        var stranger = TestCampaigns.Address("stranger", s.Campaign.Id);
        await s.Organiser.IssueNominatorKeyAsync(stranger, "UB MTTQ tỉnh Thái Bình", "TB");
        var strangers = await SignInAsync(raw, stranger);
        using (var refused = await s.Nominator.Http.DeleteAsync(new Uri($"api/sessions?email={Uri.EscapeDataString(stranger)}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.AreEqual(HttpStatusCode.OK, await MeAsync(raw, strangers));
        using (var ended = await s.Organiser.Http.DeleteAsync(new Uri($"api/sessions?email={Uri.EscapeDataString(stranger.ToUpperInvariant())}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, ended.StatusCode, await ended.Content.ReadAsStringAsync());
            Assert.AreEqual(1, (await ended.Content.ReadFromJsonAsync<JsonObject>())!["sessionsEnded"]!.GetValue<int>());
        }

        Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, strangers));
    }

    [TestMethod]
    public async Task An_organiser_finds_a_key_by_its_id_and_revoking_it_ends_its_bearer_use_and_its_sessions()
    {
        using var s = await Scenario.StartAsync("revokekey");
        var holder = TestCampaigns.Address("revoked", s.Campaign.Id);
        string key, id;
        using (var issued = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { role = "nominator", email = holder, unitName = "Công an tỉnh Thái Bình", provinceCode = "TB" }))
        {
            Assert.AreEqual(HttpStatusCode.Created, issued.StatusCode);
            var body = (await issued.Content.ReadFromJsonAsync<JsonObject>())!;
            key = body["key"]!.GetValue<string>();
            id = body["id"]!.GetValue<string>();
        }

        // The list names the key by its id, without the secret.
        using (var listed = await s.Organiser.Http.GetAsync(new Uri($"api/keys?email={Uri.EscapeDataString(holder)}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, listed.StatusCode);
            var text = await listed.Content.ReadAsStringAsync();
            Assert.DoesNotContain(key, text, "the list never shows a key");
            var entry = JsonNode.Parse(text)!.AsArray().Single()!;
            Assert.AreEqual(id, entry["id"]!.GetValue<string>());
            Assert.AreEqual("Công an tỉnh Thái Bình", entry["unitName"]!.GetValue<string>());
            Assert.IsNull(entry["revokedAt"]);
        }

        using var holderClient = s.Organiser.As(key);
        using var raw = RawClient(TestHost.Runner);
        var session = await SignInAsync(raw, holder);
        Assert.AreEqual(HttpStatusCode.OK, await MeAsync(raw, session));

        // Only organisers revoke.
        using (var refused = await s.Nominator.Http.PostAsync(new Uri($"api/keys/{id}/revoke", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        using (var unknown = await s.Organiser.Http.PostAsync(new Uri("api/keys/0123456789abcdef/revoke", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        using (var revoked = await s.Organiser.Http.PostAsync(new Uri($"api/keys/{id}/revoke", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.OK, revoked.StatusCode, await revoked.Content.ReadAsStringAsync());
            var body = (await revoked.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.IsNotNull(body["key"]!["revokedAt"]);
            Assert.AreEqual(1, body["sessionsEnded"]!.GetValue<int>());
        }

        // At once: the key and the session made with it are refused; the scenario's own unit is untouched.
        using (var bearer = await holderClient.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, bearer.StatusCode);
            StringAssert.Contains(await bearer.Content.ReadAsStringAsync(), "revoked");
        }

        Assert.AreEqual(HttpStatusCode.Unauthorized, await MeAsync(raw, session));
        Assert.AreEqual(HttpStatusCode.Unauthorized, await CreateProposalAsync(raw, session, s.Campaign.Id));
        using (var own = await s.Nominator.Http.GetAsync(new Uri($"api/nominations?campaignId={s.Campaign.Id}", UriKind.Relative)))
        {
            Assert.AreEqual(HttpStatusCode.OK, own.StatusCode);
        }

        // A revoked key signs nobody in, and revoking twice changes nothing.
        using (var link = await raw.GetAsync(SignInUrl(Links().Issue(holder).Token)))
        {
            Assert.AreEqual(HttpStatusCode.Gone, link.StatusCode);
        }

        using (var again = await s.Organiser.Http.PostAsync(new Uri($"api/keys/{id}/revoke", UriKind.Relative), null))
        {
            Assert.AreEqual(HttpStatusCode.OK, again.StatusCode);
            Assert.AreEqual(0, (await again.Content.ReadFromJsonAsync<JsonObject>())!["sessionsEnded"]!.GetValue<int>());
        }

        using (var listed = await s.Organiser.Http.GetAsync(new Uri($"api/keys?email={Uri.EscapeDataString(holder)}", UriKind.Relative)))
        {
            Assert.IsNotNull(JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray().Single()!["revokedAt"]);
        }
    }

    /// <summary>Signs in as <paramref name="email"/> through a fresh link; returns the <c>Cookie</c> header value.</summary>
    private static async Task<string> SignInAsync(HttpClient raw, string email)
    {
        using var response = await raw.PostAsync(SignInUrl(Links().Issue(email).Token), new FormUrlEncodedContent([]));
        Assert.AreEqual(HttpStatusCode.SeeOther, response.StatusCode, await response.Content.ReadAsStringAsync());
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(SignInSessions.CookieName + "=", StringComparison.Ordinal)).Split(';')[0];
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient raw, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("signin/me", UriKind.Relative));
        request.Headers.Add("Cookie", cookie);
        using var response = await raw.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> CreateProposalAsync(HttpClient raw, string cookie, string campaignId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/proposals", UriKind.Relative))
        {
            Content = JsonContent.Create(new { campaignId, title = "Tờ trình số 7/TTr-CAT" }),
        };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Add("Origin", TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority));
        using var response = await raw.SendAsync(request);
        return response.StatusCode;
    }
}
