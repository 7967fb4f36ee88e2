using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Awards.Security;
using Awards.Web.Pages;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// POST /signin does the same work whatever the address — the timing must not tell who is
/// registered. Asserted by structure (the storage requests the handler makes), not by timing;
/// the timing itself is measured in bench/ (<c>Awards.Bench signin</c>).
/// </summary>
public sealed partial class SignInTests
{
    [TestMethod]
    public async Task Asking_for_a_link_makes_the_same_storage_requests_for_a_registered_and_an_unknown_address_and_only_the_registered_one_gets_mail()
    {
        using var s = await Scenario.StartAsync("signinsame");
        var unknown = "unknown." + s.Campaign.Id + "@example.vn";

        // The handler as both hosts run it, in this process, on the runner's tables: every HTTP
        // request it makes to storage is recorded (HttpClient's activities, under one trace per call).
        await using var services = TestHost.SharedServices();
        var pages = services.GetRequiredService<SignInPages>();
        var registered = await StorageRequestsOfAsync(() => AskInProcessAsync(pages, services, s.NominatorEmail));
        var stranger = await StorageRequestsOfAsync(() => AskInProcessAsync(pages, services, unknown));

        CollectionAssert.AreEqual(registered, stranger, $"registered: {string.Join(", ", registered)}; unknown: {string.Join(", ", stranger)}");
        CollectionAssert.AreEqual(new[] { "POST awardsSignIn" }, registered, "one write, and no look-up of keys, slots or mail in the request");

        // The runner's mail sender handles both requests (it shares the tables): a link for the
        // registered address only. Wait for the mail, then for both requests to be gone from the queue.
        var link = SignInLink(await Scenario.Mail.WaitForAsync(s.NominatorEmail));
        Assert.AreEqual(TestHost.Runner.BaseUrl.Authority, link.Authority);
        var queue = new TableClient(TestHost.Storage, "awardsSignIn");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await QueuedForAsync(queue, s.NominatorEmail, unknown) > 0)
        {
            Assert.IsLessThan(deadline, DateTime.UtcNow, "the sender did not handle the queued requests");
            await Task.Delay(100);
        }

        var outbox = new TableClient(TestHost.Storage, "awardsMailOutbox");
        var toStranger = 0;
        await foreach (var _ in outbox.QueryAsync<TableEntity>($"To eq '{unknown}'", select: ["RowKey"]))
        {
            toStranger++;
        }

        Assert.AreEqual(0, toStranger, "nothing was queued for the unknown address");
    }

    private static async Task<string> AskInProcessAsync(SignInPages pages, IServiceProvider services, string email)
    {
        var body = Encoding.UTF8.GetBytes("email=" + Uri.EscapeDataString(email));
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Method = "POST";
        http.Request.Path = "/signin";
        http.Request.ContentType = "application/x-www-form-urlencoded";
        http.Request.ContentLength = body.Length;
        http.Request.Body = new MemoryStream(body);
        http.Response.Body = new MemoryStream();
        await (await pages.RequestLinkAsync(http)).ExecuteAsync(http);
        Assert.AreEqual(200, http.Response.StatusCode);
        return Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
    }

    /// <summary>"METHOD table" of every HTTP request <paramref name="act"/> sends, in order.</summary>
    private static async Task<List<string>> StorageRequestsOfAsync(Func<Task<string>> act)
    {
        using var source = new ActivitySource("Awards.IntegrationTests.SignIn");
        var seen = new ConcurrentQueue<(DateTime Start, string Request)>();
        var trace = default(ActivityTraceId);
        using var listener = new ActivityListener
        {
            ShouldListenTo = a => a.Name == source.Name || a.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                // Only this call's requests: other tests run alongside in this process.
                if (a.Source.Name == "System.Net.Http" && a.TraceId == trace && a.GetTagItem("url.full") is string url)
                {
                    // The last path segment names the table (entity keys, if any, cut off).
                    seen.Enqueue((a.StartTimeUtc, $"{a.GetTagItem("http.request.method")} {new Uri(url).Segments[^1].Split('(')[0].TrimEnd('/')}"));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var parent = source.StartActivity("ask") ?? throw new InvalidOperationException("No activity: the listener did not sample.");
        trace = parent.TraceId;
        await act();
        return [.. seen.OrderBy(r => r.Start).Select(r => r.Request)];
    }

    private static async Task<int> QueuedForAsync(TableClient queue, params string[] emails)
    {
        var count = 0;
        await foreach (var row in queue.QueryAsync<TableEntity>($"PartitionKey eq '{SignInRequests.Partition}'"))
        {
            count += emails.Contains(row.GetString("Email")) ? 1 : 0;
        }

        return count;
    }
}
