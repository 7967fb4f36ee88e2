using System.Net;
using System.Text.Json.Nodes;
using Awards.Hosting;
using Awards.Storage;
using Awards.Web.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Awards.IntegrationTests;

/// <summary><c>GET /api/health</c>: 200 with the version when storage answers, 503 with a problem document when it does not.</summary>
[TestClass]
public sealed class HealthTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Health_answers_anonymously_with_the_version_and_both_storage_checks_passed()
    {
        using var http = new HttpClient { BaseAddress = TestHost.Runner.BaseUrl };
        using var response = await http.GetAsync(new Uri("api/health", UriKind.Relative), TestContext.CancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.CancellationToken))!;
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.ToJsonString());
        Assert.AreEqual("healthy", (string?)body["status"]);
        Assert.AreEqual(AwardsTelemetry.Version, (string?)body["version"], "the runner reports the build's informational version");
        Assert.AreEqual("ok", (string?)body["checks"]!["tables"]);
        Assert.AreEqual("ok", (string?)body["checks"]!["blobs"]);
        Assert.AreEqual("no-store", response.Headers.CacheControl?.ToString());
    }

    [TestMethod]
    public async Task Health_is_503_with_a_problem_document_when_storage_does_not_answer()
    {
        // Nothing listens on this port: both checks fail fast or time out, and the answer says which.
        var dead = Awards.Testing.MailCatcher.FreePort();
        var storage = new AwardsStorage(
            Options.Create(new StorageOptions()),
            Options.Create(new StorageConnectionOptions { ConnectionString = Awards.LocalRunner.Azurite.ConnectionString(dead, dead, dead) }));
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        await (await new HealthApi(storage).GetAsync(http)).ExecuteAsync(http);

        Assert.AreEqual(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.AreEqual("application/problem+json", http.Response.ContentType?.Split(';')[0]);
        http.Response.Body.Position = 0;
        var problem = JsonNode.Parse(http.Response.Body)!;
        TestContext.WriteLine(problem.ToJsonString());
        StringAssert.Contains((string?)problem["detail"], "tables:");
        StringAssert.Contains((string?)problem["detail"], "blobs:");
        Assert.AreEqual(AwardsTelemetry.Version, (string?)problem["version"]);
    }
}
