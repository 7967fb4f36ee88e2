using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using Awards.Domain;
using Awards.Hosting;
using Awards.LocalRunner;
using Awards.Testing;
using Awards.Workflow;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Trace;

namespace Awards.IntegrationTests;

/// <summary>
/// One nomination's walk through its first stage, with every span and log kept in memory: the
/// runner's HTTP pipeline, handlers and activities, in this process (the Durable Task SDK's
/// in-memory backend instead of the sidecar, real storage on the tests' Azurite, real mail to
/// the tests' SMTP server), so the exporter sees exactly what the code emits.
/// </summary>
[TestClass]
public sealed class TelemetryTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Spans_and_logs_of_one_nominations_walk_through_a_stage_carry_its_ids_stage_and_decision()
    {
        var spans = new Recorded<Activity>();
        var logs = new Recorded<LogRecord>();
        await using var host = await InProcessRunner.StartAsync(spans, logs, TestContext.CancellationToken);
        using var organiser = new AwardsClient(host.BaseUrl, host.OrganiserKey);

        var campaign = TestCampaigns.Create("otel");
        using (var created = await organiser.CreateCampaignAsync(campaign))
        {
            await AwardsClient.EnsureAsync(created);
        }

        using var nominator = organiser.As(await organiser.IssueNominatorKeyAsync(TestCampaigns.Address("nominator", campaign.Id), "Công an tỉnh Phú Yên", "PY"));
        var view = await nominator.CreateNominationAsync(new
        {
            campaignId = campaign.Id,
            awardCode = "bk-mttq",
            kind = "individual",
            nomineeName = "Trần Văn Đức",
            dateOfBirth = "1980-05-02",
            position = "Thượng tá, Trưởng Công an huyện",
            achievementSummary = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc.",
        });
        var id = view.Nomination.Id;
        var proposalId = view.Nomination.ProposalId;
        await nominator.UploadAllAsync(id, TestCampaigns.RequiredDocuments);
        using (var submitted = await nominator.SubmitAsync(id))
        {
            await AwardsClient.EnsureAsync(submitted);
        }

        // The provincial approver decides through the emailed link.
        var mail = await TestHost.Mail.WaitForAsync(TestCampaigns.ApproverOf(campaign, "provincial"));
        using (var anonymous = organiser.As(null))
        using (var decided = await ReviewForm.PostAsync(anonymous.Http, MailCatcher.ReviewLink(mail), [new("decision", "approve")]))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, decided.StatusCode);
        }

        await nominator.WaitForAsync(id, v => v.Nomination.CurrentStage == "ministry", "the ministry stage opened");
        var ministryOpened = await spans.WaitForAsync(s => s.DisplayName == "OpenStage" && Tag(s, AwardsTelemetry.Stage) == "ministry" && Tag(s, AwardsTelemetry.NominationId) == id);

        var ours = spans.Snapshot().Where(s => s.TraceId == ministryOpened.TraceId || Tag(s, AwardsTelemetry.NominationId) == id || Tag(s, AwardsTelemetry.ProposalId) == proposalId).ToList();
        foreach (var s in ours.OrderBy(s => s.StartTimeUtc))
        {
            TestContext.WriteLine($"{s.StartTimeUtc:HH:mm:ss.fff} {s.Source.Name,-22} {s.Kind,-8} {s.DisplayName,-45} {string.Join(" ", s.TagObjects.Where(t => t.Key.StartsWith("awards.", StringComparison.Ordinal)).Select(t => $"{t.Key}={t.Value}"))}");
        }

        // HTTP requests (ASP.NET Core spans): the ids their paths name, and what the handlers add.
        var create = Request(ours, "POST", "/api/nominations");
        Assert.AreEqual(id, Tag(create, AwardsTelemetry.NominationId), "the creating request learns the new id from the handler");
        Assert.AreEqual(proposalId, Tag(create, AwardsTelemetry.ProposalId));
        Assert.AreEqual(id, Tag(Request(ours, "POST", $"/api/nominations/{id}/submit"), AwardsTelemetry.NominationId));
        Assert.AreEqual(id, Tag(Request(ours, "PUT", $"/api/nominations/{id}/documents/{TestCampaigns.RequiredDocuments[0]}"), AwardsTelemetry.NominationId));
        var review = ours.Single(s => s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == "POST" && (Tag(s, "http.route") ?? string.Empty).StartsWith("/review/", StringComparison.Ordinal));
        Assert.AreEqual(proposalId, Tag(review, AwardsTelemetry.ProposalId), "the review link names the proposal");
        Assert.AreEqual("provincial", Tag(review, AwardsTelemetry.Stage));

        // The decision, a span under the review request.
        var decide = ours.Single(s => s.DisplayName == "Decide");
        Assert.AreEqual(review.SpanId, decide.ParentSpanId, "the decision is part of the review request");
        AssertTags(decide, id, proposalId, "provincial", "approve");

        // Workflow activities, one span each, with the nomination, its proposal and the stage.
        AssertTags(ours.Single(s => s.DisplayName == "PrepareReview"), id, null, null, null);
        AssertTags(ours.Single(s => s.DisplayName == "OpenStage" && Tag(s, AwardsTelemetry.Stage) == "provincial"), id, proposalId, "provincial", null);
        AssertTags(ministryOpened, id, proposalId, "ministry", null);
        Assert.IsTrue(ours.Where(s => s.Source.Name == AwardsTelemetry.SourceName).All(s => s.Status != ActivityStatusCode.Error), "no step failed");
        Assert.IsFalse(spans.Snapshot().Any(s => s.Kind == ActivityKind.Server && Tag(s, "url.path")?.StartsWith("/TaskHubSidecarService/", StringComparison.Ordinal) == true), "the Durable backend's gRPC calls are not request spans");

        // Logs written while serving the nomination's requests carry its id too.
        var tagged = logs.Snapshot().Where(l => l.Attributes?.Any(a => a.Key == AwardsTelemetry.NominationId && Equals(a.Value, id)) == true).ToList();
        TestContext.WriteLine($"{tagged.Count} log records carry {AwardsTelemetry.NominationId}={id}, e.g. \"{tagged.FirstOrDefault()?.FormattedMessage}\" ({tagged.FirstOrDefault()?.CategoryName})");
        Assert.IsTrue(tagged.Any(l => l.CategoryName?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true), "the request logs carry the nomination id");
    }

    [TestMethod]
    public async Task A_nominee_finding_its_proposals_review_request_already_queued_is_normal_operation_not_a_failed_span()
    {
        var spans = new Recorded<Activity>();
        var logs = new Recorded<LogRecord>();
        await using var host = await InProcessRunner.StartAsync(spans, logs, TestContext.CancellationToken);
        using var organiser = new AwardsClient(host.BaseUrl, host.OrganiserKey);
        var campaign = TestCampaigns.Create("otel-409");
        using (var created = await organiser.CreateCampaignAsync(campaign))
        {
            await AwardsClient.EnsureAsync(created);
        }

        // Three nominees of one proposal: the first to reach the stage queues the one review
        // request; the others find it queued (the outbox's expected conflict).
        using var nominator = organiser.As(await organiser.IssueNominatorKeyAsync(TestCampaigns.Address("nominator", campaign.Id), "Công an tỉnh Phú Yên", "PY"));
        string? proposalId = null;
        var ids = new List<string>();
        foreach (var (name, born) in new[] { ("Trần Văn Một", "1981-01-01"), ("Trần Văn Hai", "1982-02-02"), ("Trần Văn Ba", "1983-03-03") })
        {
            var view = await nominator.CreateNominationAsync(new { campaignId = campaign.Id, proposalId, awardCode = "bk-mttq", kind = "individual", nomineeName = name, dateOfBirth = born, position = "Đại úy", achievementSummary = "Có thành tích xuất sắc." });
            proposalId = view.Nomination.ProposalId;
            ids.Add(view.Nomination.Id);
            await nominator.UploadAllAsync(view.Nomination.Id, TestCampaigns.RequiredDocuments);
        }

        using (var submitted = await nominator.Http.PostAsync(new Uri($"api/proposals/{proposalId}/submit", UriKind.Relative), null))
        {
            await AwardsClient.EnsureAsync(submitted);
        }

        foreach (var id in ids)
        {
            await spans.WaitForAsync(s => s.DisplayName == "OpenStage" && Tag(s, AwardsTelemetry.NominationId) == id);
        }

        var failed = spans.Snapshot().Where(s => s.Source.Name == AwardsTelemetry.SourceName && s.Status == ActivityStatusCode.Error).Select(s => $"{s.DisplayName} {s.StatusDescription}").ToList();
        Assert.IsEmpty(failed, "no step span is an error");
        await TestHost.Mail.WaitForAsync(TestCampaigns.ApproverOf(campaign, "provincial"));
        Assert.HasCount(1, TestHost.Mail.To(TestCampaigns.ApproverOf(campaign, "provincial")), "one request for the proposal");
    }

    private static Activity Request(List<Activity> spans, string method, string path) =>
        spans.SingleOrDefault(s => s.Kind == ActivityKind.Server && Tag(s, "http.request.method") == method && Tag(s, "url.path") == path)
        ?? throw new AssertFailedException($"No {method} {path} request span among: {string.Join(", ", spans.Where(s => s.Kind == ActivityKind.Server).Select(s => Tag(s, "http.request.method") + " " + Tag(s, "url.path")))}");

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static void AssertTags(Activity span, string nominationId, string? proposalId, string? stage, string? decision)
    {
        Assert.AreEqual(nominationId, Tag(span, AwardsTelemetry.NominationId), $"{span.DisplayName}: nomination");
        Assert.AreEqual(proposalId, Tag(span, AwardsTelemetry.ProposalId), $"{span.DisplayName}: proposal");
        Assert.AreEqual(stage, Tag(span, AwardsTelemetry.Stage), $"{span.DisplayName}: stage");
        Assert.AreEqual(decision, Tag(span, AwardsTelemetry.Decision), $"{span.DisplayName}: decision");
    }

    /// <summary>What an exporter hands over, kept under a lock (exports come from several threads).</summary>
    private sealed class Recorded<T> : ICollection<T>
    {
        private readonly List<T> items = [];

        public int Count
        {
            get
            {
                lock (items)
                {
                    return items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public List<T> Snapshot()
        {
            lock (items)
            {
                return [.. items];
            }
        }

        public async Task<T> WaitForAsync(Func<T, bool> match)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                var found = Snapshot().FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The expected span was not exported within 30 s.");
                }

                await Task.Delay(100);
            }
        }

        public void Add(T item)
        {
            lock (items)
            {
                items.Add(item);
            }
        }

        public void Clear()
        {
            lock (items)
            {
                items.Clear();
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (items)
            {
                return items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>
    /// The runner's services, telemetry and routes (<see cref="RunnerRoutes"/>) on Kestrel in this
    /// process, with the in-memory Durable backend and tables of its own on the tests' Azurite.
    /// </summary>
    private sealed class InProcessRunner(WebApplication app, Uri baseUrl, string organiserKey) : IAsyncDisposable
    {
        public Uri BaseUrl { get; } = baseUrl;

        public string OrganiserKey { get; } = organiserKey;

        public static async Task<InProcessRunner> StartAsync(Recorded<Activity> spans, Recorded<LogRecord> logs, CancellationToken ct)
        {
            var port = MailCatcher.FreePort();
            var baseUrl = new Uri($"http://127.0.0.1:{port}/");
            var organiserKey = "otel-organiser-" + Guid.NewGuid().ToString("N");
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls(baseUrl.AbsoluteUri.TrimEnd('/'));
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = TestHost.Storage,
                // Tables and containers of its own: no other test's mail or rows in the way.
                ["Awards:Storage:NamePrefix"] = "otel" + new string([.. Enumerable.Range(0, 6).Select(_ => (char)('a' + RandomNumberGenerator.GetInt32(26)))]),
                ["Awards:PublicBaseUrl"] = baseUrl.AbsoluteUri,
                ["Awards:BootstrapOrganiserKey"] = organiserKey,
                ["Awards:Links:ActiveKeyId"] = "otel",
                ["Awards:Links:SigningKeys:otel"] = RunnerProcess.NewSigningKey(),
                ["Awards:Audit:ActiveKeyId"] = "otel",
                ["Awards:Audit:Keys:otel"] = RunnerProcess.NewSigningKey(),
                ["Awards:Mail:Smtp:Host"] = "127.0.0.1",
                ["Awards:Mail:Smtp:Port"] = TestHost.Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Awards:Mail:Smtp:Security"] = "None",
                ["Awards:Telemetry:ConsoleSpans"] = "None",
                ["Logging:LogLevel:Default"] = "Information",
            });

            // Logs go only to OpenTelemetry here (the in-memory exporter), not to the test's console.
            builder.Logging.ClearProviders();
            builder.Services.AddAwards(builder.Configuration);
            builder.Services.AddHostedService<MailDeliveryService>();
            builder.Services.AddOpenTelemetry()
                .WithAwardsHttpRequests()
                .WithTracing(t => t.AddInMemoryExporter(spans))
                .WithLogging(l => l.AddInMemoryExporter(logs));
            builder.Services.AddInMemoryDurableTask(r => r.AddAwardsWorkflow(), new InMemoryDurableTaskOptions { Port = MailCatcher.FreePort() });

            var app = builder.Build();
            app.MapAwardsRoutes();
            await app.StartAsync(ct);
            return new InProcessRunner(app, baseUrl, organiserKey);
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
