using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Awards.Domain;
using Awards.Security;
using Awards.Testing;

namespace Awards.IntegrationTests;

/// <summary>
/// No request a client can send gets a server error: malformed bodies, headers and route values
/// are answered with 4xx — a problem document from the API, the page (or a problem document)
/// from the review and sign-in pages — on every route the runner maps.
/// </summary>
[TestClass]
public sealed partial class MalformedInputTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task A_malformed_multipart_body_on_each_form_endpoint_is_a_400_and_signs_in_or_decides_nothing()
    {
        using var s = await Scenario.StartAsync("badform");
        var world = await WorldAsync(s);
        var targets = new[] { "/signin", "/signin/" + world.SignInToken, "/review/" + world.ReviewToken, "/review/" + world.ReviewToken + "/delegate" };
        // A client that stops sending mid-body and waits: Kestrel gives up on the body after its
        // minimum data rate's grace period (5 s) and the read fails as a cut-off body would.
        const string Part = "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nthi-dua@example.vn";
        var stalled = new CorpusItem("multipart, the body stops arriving before its Content-Length", [("Content-Type", "multipart/form-data; boundary=x")], Encoding.UTF8.GetBytes(Part), ContentLength: Part.Length + 500);
        var answers = await Task.WhenAll(targets.SelectMany(target => Corpus()
            .Where(c => c.Name.StartsWith("multipart", StringComparison.Ordinal))
            .Append(stalled)
            .Select(async item => (Target: target, Item: item, Answer: await SendAsync(item, "POST", target, auth: [])))));
        foreach (var (target, item, answer) in answers)
        {
            var what = $"{item.Name} → POST {Shorten(target)}: {answer.Status} {answer.ContentType} {Shorten(answer.Text)}";
            Assert.IsFalse(answer.Headers.ContainsKey("set-cookie"), what + " must not sign in");
            if (item.CutOff)
            {
                // Half-closed by the client: Kestrel drops the connection, there is nobody to answer.
                Assert.IsTrue(answer.Status is 0 or (>= 400 and < 500), what);
                continue;
            }

            Assert.IsTrue(answer.Status is 400 or 408, what);
            Assert.IsTrue(IsProblem(answer) || IsPage(answer), what);
        }

        // Nothing happened: the sign-in link still signs in once, the review link still decides.
        using var raw = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = TestHost.Runner.BaseUrl };
        using (var signIn = await raw.PostAsync(new Uri("signin/" + world.SignInToken, UriKind.Relative), new FormUrlEncodedContent([])))
        {
            Assert.AreEqual(System.Net.HttpStatusCode.SeeOther, signIn.StatusCode);
        }

        using var decided = await s.DecideAsync(world.ReviewLink, "approve");
        Assert.AreEqual(System.Net.HttpStatusCode.SeeOther, decided.StatusCode, await decided.Content.ReadAsStringAsync());
    }

    [TestMethod]
    public async Task Malformed_input_to_every_route_of_the_runner_never_gets_a_server_error()
    {
        using var s = await Scenario.StartAsync("corpus");
        var world = await WorldAsync(s);
        var routes = RunnerRouteTable.Read();
        Assert.IsGreaterThan(30, routes.Count, "the runner's route table was read");

        var requests = new List<(string Route, string Method, string Target, CorpusItem Item, (string, string)[] Auth)>();
        var organiser = new[] { ("Authorization", "Bearer " + TestHost.OrganiserKey) };
        var nominator = new[] { ("Authorization", "Bearer " + world.NominatorKey) };
        foreach (var (method, pattern) in routes)
        {
            var route = $"{method} {pattern}";
            var target = Fill(pattern, (name, _) => world.Value(pattern, name));

            // Bodies and headers, as an organiser and as the unit (so each handler gets as far as reading the body).
            foreach (var item in Corpus())
            {
                if (item.ReplacesAuthorization)
                {
                    requests.Add((route, method, target, item, []));
                    continue;
                }

                requests.Add((route, method, target, item, organiser));
                requests.Add((route, method, target, item, nominator));
            }

            // Route values that are too long or odd, one parameter at a time.
            foreach (var name in Parameters(pattern))
            {
                foreach (var odd in OddRouteValues)
                {
                    var oddTarget = Fill(pattern, (n, _) => n == name ? odd : world.Value(pattern, n));
                    requests.Add((route, method, oddTarget, new CorpusItem($"{{{name}}} = {Shorten(odd)}", [], null), organiser));
                }
            }
        }

        var failures = new ConcurrentBag<string>();
        var counts = new ConcurrentDictionary<int, int>();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(requests.Select(async r =>
        {
            await gate.WaitAsync();
            try
            {
                var answer = await SendAsync(r.Item, r.Method, r.Target, r.Auth);
                counts.AddOrUpdate(answer.Status, 1, (_, n) => n + 1);
                var what = $"{r.Route} ← {r.Item.Name}{(r.Auth.Length == 0 ? string.Empty : r.Auth[0].Item2.Contains(TestHost.OrganiserKey, StringComparison.Ordinal) ? " (organiser)" : " (unit)")}";
                if (answer.Status == 0 && r.Item.CutOff)
                {
                    // The client stopped sending mid-body (half-closed): a handler that never reads the
                    // body is done before noticing, and Kestrel drops the connection without an answer.
                    return;
                }

                if (answer.Status is 0 or >= 500)
                {
                    failures.Add($"{what}: {(answer.Status == 0 ? "no answer" : answer.Status)} {Shorten(answer.Text)}");
                }
                else if (answer.Status >= 400 && r.Method != "HEAD" && !IsProblem(answer) && !(IsPageRoute(r.Route) && IsPage(answer)))
                {
                    failures.Add($"{what}: {answer.Status} with '{answer.ContentType}', not a problem document");
                }
            }
            finally
            {
                gate.Release();
            }
        }));

        TestContext.WriteLine($"{requests.Count} requests to {routes.Count} routes; answers by status: {string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Key}×{c.Value}"))}");
        foreach (var failure in failures.Order(StringComparer.Ordinal))
        {
            TestContext.WriteLine(failure);
        }

        Assert.IsEmpty(failures, $"{failures.Count} of {requests.Count} requests:\n" + string.Join("\n", failures.Order(StringComparer.Ordinal).Take(60)));
        Assert.IsFalse(TestHost.Runner.Output.Contains("InvalidDataException", StringComparison.Ordinal), "no parser failure went unmapped");
    }

    /// <summary>One malformed request: its name, headers, body, and how it is sent.</summary>
    private sealed record CorpusItem(string Name, (string Name, string Value)[] Headers, byte[]? Body, bool CutOff = false, long? ContentLength = null, bool ReplacesAuthorization = false);

    private static readonly string[] OddRouteValues =
    [
        new string('a', 3000),

        // (Not %00: Kestrel refuses a NUL in the path itself, with a bare 400, before any route or handler sees it.)
        "..%2F..%2Fawards",
        "%F0%9F%98%80",
        "%27%22%3Cscript%3E",
        "%FF%FE",
        "T%E1%BB%9D-tr%C3%ACnh",
        "a.b.c",
        "-",
    ];

    private static IEnumerable<CorpusItem> Corpus()
    {
        static (string, string)[] Type(string contentType) => [("Content-Type", contentType)];
        static byte[] B(string text) => Encoding.UTF8.GetBytes(text);
        const string Part = "--x\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nthi-dua@example.vn";

        yield return new("multipart, a broken part", Type("multipart/form-data; boundary=x"), B("--x\r\nbroken"));
        yield return new("multipart, no boundary", Type("multipart/form-data"), B(Part + "\r\n--x--\r\n"));
        yield return new("multipart, a part cut off", Type("multipart/form-data; boundary=x"), B(Part));
        yield return new("multipart, the body cut off before its Content-Length", Type("multipart/form-data; boundary=x"), B(Part), CutOff: true, ContentLength: Part.Length + 500);
        yield return new("multipart, a huge boundary", Type("multipart/form-data; boundary=" + new string('b', 4000)), B("--" + new string('b', 4000) + "\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx\r\n--" + new string('b', 4000) + "--\r\n"));
        yield return new("multipart, a file part whose Content-Disposition does not parse", Type("multipart/form-data; boundary=x"), B("--x\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''%E0%A4%A; filename=\"a\r\nContent-Type: ;;\r\n\r\ndata\r\n--x--\r\n"));
        yield return new("JSON that is not JSON", Type("application/json"), B("this is not JSON"));
        yield return new("truncated JSON", Type("application/json"), B("{\"campaignId\": \"x\", \"title\": \"Tờ tr"));
        yield return new("JSON of the wrong shape (an array)", Type("application/json"), B("[1, 2, 3]"));
        yield return new("JSON of the wrong shape (wrong kinds)", Type("application/json"), B("{\"campaignId\": {\"a\": 1}, \"role\": [true], \"email\": 7, \"blockIds\": \"x\", \"size\": \"big\", \"reason\": {}, \"justifications\": [1]}"));
        yield return new("JSON null", Type("application/json"), B("null"));
        yield return new("deeply nested JSON", Type("application/json"), B(new string('[', 100_000) + new string(']', 100_000)));
        yield return new("JSON with bytes that are not UTF-8", Type("application/json; charset=utf-8"), [.. B("{\"title\": \""), 0xFF, 0xFE, 0xC3, .. B("\"}")]);
        yield return new("10 MB of JSON", Type("application/json"), B("{\"title\": \"" + new string('a', 10 * 1024 * 1024) + "\"}"));
        yield return new("JSON body cut off before an absurd Content-Length", Type("application/json"), B("{\"title\": \"x\""), CutOff: true, ContentLength: 99_999_999_999_999);
        yield return new("url-encoded form with bad percent escapes", Type("application/x-www-form-urlencoded"), B("email=%ZZ%&name=%E0%A4%A&decision=%&reason=%FF%FE&account=%%&language=%C3"));
        yield return new("url-encoded form with too many fields", Type("application/x-www-form-urlencoded"), B(string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=1"))));
        yield return new("a Content-Type that does not parse", Type(";;;===/"), B("x"));
        yield return new("a multipart Content-Type with an unterminated quote", Type("multipart/form-data; boundary=\"unterminated"), B("--unterminated\r\n"));
        yield return new("a Content-Disposition that does not parse", [("Content-Type", "application/pdf"), ("Content-Disposition", "attachment; filename*=UTF-8''%E0%A4%A; filename=\"a")], SampleDocuments.Pdf("x"));
        yield return new("an Authorization header of 10 KB", [("Authorization", "Bearer " + new string('A', 10 * 1024)), ("Content-Type", "application/json")], B("{}"), ReplacesAuthorization: true);
        yield return new("an Authorization header that is not Bearer", [("Authorization", "Basic %%%"), ("Content-Type", "application/json")], B("{}"), ReplacesAuthorization: true);
        yield return new("a cookie of garbage", [("Cookie", SignInSessions.CookieName + "=" + new string('x', 3000) + "; " + SignInSessions.CookieName + "=zz%%; =;;; a"), ("Origin", TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority)), ("Content-Type", "application/json")], B("{}"), ReplacesAuthorization: true);
        yield return new("a well-formed session cookie that is not ours", [("Cookie", SignInSessions.CookieName + "=CfDJ8" + new string('Q', 400)), ("Origin", TestHost.Runner.BaseUrl.GetLeftPart(UriPartial.Authority))], null, ReplacesAuthorization: true);
    }

    private static Task<RawHttp.Answer> SendAsync(CorpusItem item, string method, string target, (string, string)[] auth) =>
        RawHttp.SendAsync(TestHost.Runner.BaseUrl, method, target, [.. auth, .. item.Headers], item.Body, item.CutOff, item.ContentLength);

    private static bool IsProblem(RawHttp.Answer answer) =>
        answer.ContentType.StartsWith("application/problem+json", StringComparison.Ordinal) && JsonNode.Parse(answer.Text)?["status"]?.GetValue<int>() == answer.Status;

    private static bool IsPage(RawHttp.Answer answer) =>
        answer.ContentType.StartsWith("text/html", StringComparison.Ordinal) && answer.Text.StartsWith("<!DOCTYPE html>", StringComparison.Ordinal);

    // The approver's pages, the sign-in pages, the unit's workspace and the runner's own dev pages answer people with HTML.
    private static bool IsPageRoute(string route) =>
        route.Split(' ')[1] is var path && (path.StartsWith("/review", StringComparison.Ordinal) || path.StartsWith("/signin", StringComparison.Ordinal) || path == "/signout" || path.StartsWith("/unit", StringComparison.Ordinal) || path.StartsWith("/organise", StringComparison.Ordinal) || path.StartsWith("/verify", StringComparison.Ordinal) || path == "/" || path.StartsWith("/dev/", StringComparison.Ordinal));

    private static IEnumerable<string> Parameters(string pattern) => RouteParameter().Matches(pattern).Select(m => m.Groups["name"].Value);

    private static string Fill(string pattern, Func<string, string, string> value) =>
        (pattern.StartsWith('/') ? string.Empty : "/") + RouteParameter().Replace(pattern, m => value(m.Groups["name"].Value, pattern));

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();

    /// <summary>Real values for every route parameter, so that each handler reads the body instead of stopping at a 404.</summary>
    private sealed record World(string NominationId, string ProposalId, string SubmittedId, string SessionId, Uri ReviewLink, string SignInToken, string NominatorKey, string SpareKeyId, string CampaignId)
    {
        public string ReviewToken => ReviewLink.Segments[^1];

        public string Value(string pattern, string name) => name switch
        {
            "campaignId" => CampaignId,
            "id" when pattern.Contains("/proposals/", StringComparison.Ordinal) => ProposalId,
            "id" => NominationId,
            "nominationId" => NominationId,
            "documentType" when pattern.Contains("/proposals/", StringComparison.Ordinal) => "proposal-letter",
            "documentType" => "evidence",
            "version" => "1",
            "sessionId" => SessionId,
            "token" when pattern.Contains("review", StringComparison.Ordinal) => ReviewToken,
            "token" => SignInToken,
            "ownerId" => SubmittedId,
            "keyId" => SpareKeyId,
            "file" => "nothing.eml",
            "name" when pattern.Contains("templates", StringComparison.Ordinal) => "danh-sach-de-nghi.csv",
            "name" => "site.css",
            "decisionId" => "MTTW-2026-1",
            "code" => "0000-0000-0000-0000",
            _ => throw new AssertFailedException($"The corpus test has no value for {{{name}}} in {pattern}: add one to World.Value."),
        };
    }

    private static async Task<World> WorldAsync(Scenario s)
    {
        // A draft nominee with one version of a document and an open upload session (its proposal stays a draft: submitting it is refused).
        var draft = (await s.Nominator.CreateNominationAsync(new { campaignId = s.Campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Công an huyện Sơn Hòa" })).Nomination;
        await s.Nominator.UploadAllAsync(draft.Id, "evidence");
        var pdf = SampleDocuments.Pdf("upload session");
        using var opened = await s.Nominator.Http.PostAsJsonAsync(
            $"api/nominations/{draft.Id}/documents/evidence/sessions",
            new { fileName = "Minh chứng.pdf", contentType = "application/pdf", size = pdf.Length, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)) });
        await AwardsClient.EnsureAsync(opened);
        var sessionId = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["sessionId"]!.GetValue<string>();

        // A submitted nominee of another proposal, for a real review link.
        const string Submitted = "Công an huyện Sông Hinh";
        var submittedId = await s.SubmitNewAsync(NomineeKind.Collective, Submitted);
        var reviewLink = await s.ReviewLinkAsync("provincial", Submitted);

        // A key of its own for {keyId}: revoking it must not take the unit's key used for the bodies.
        using var spare = await s.Organiser.Http.PostAsJsonAsync("api/keys", new { role = "nominator", email = TestCampaigns.Address("spare", s.Campaign.Id), unitName = "Công an tỉnh Thái Bình", provinceCode = "TB" });
        await AwardsClient.EnsureAsync(spare);
        var spareId = (await spare.Content.ReadFromJsonAsync<JsonObject>())!["id"]?.GetValue<string>() ?? "0123456789abcdef";

        var nominatorKey = s.Nominator.Http.DefaultRequestHeaders.Authorization!.Parameter!;
        return new World(draft.Id, draft.ProposalId, submittedId, sessionId, reviewLink, SignInTests.Links().Issue(s.NominatorEmail).Token, nominatorKey, spareId, s.Campaign.Id);
    }
}
