using System.Text;
using System.Text.Json.Nodes;
using Awards.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Awards.UnitTests;

/// <summary>What both hosts answer when a handler throws, and how form bodies that do not parse are told apart.</summary>
[TestClass]
public sealed class RequestFailuresTests
{
    private static readonly RequestFailures Failures = new(NullLogger<RequestFailures>.Instance);

    [TestMethod]
    public async Task A_body_the_form_readers_cannot_parse_is_a_400_problem_naming_why()
    {
        var http = Request("multipart/form-data; boundary=x", "--x\r\nbroken");
        var error = await Assert.ThrowsExactlyAsync<InvalidDataException>(() => http.Request.ReadFormAsync());
        var (status, problem) = await AnswerAsync(http, error);
        Assert.AreEqual(400, status);
        Assert.AreEqual(400, problem["status"]!.GetValue<int>());
        StringAssert.StartsWith(problem["detail"]!.GetValue<string>(), "The body could not be read:");
        Assert.IsNotNull(problem["traceId"]);
    }

    [TestMethod]
    public async Task A_request_kestrel_refused_keeps_its_status()
    {
        var (status, problem) = await AnswerAsync(Request(null, string.Empty), new BadHttpRequestException("Request body too large.", 413));
        Assert.AreEqual(413, status);
        Assert.AreEqual("Request body too large.", problem["detail"]!.GetValue<string>());
    }

    [TestMethod]
    public async Task Anything_else_is_a_500_with_a_trace_id_and_nothing_of_the_exception()
    {
        foreach (var error in new Exception[] { new InvalidOperationException("connection string AccountKey=c2VjcmV0"), new InvalidDataException("Row awardsApiKeys/key holds no ApiKeyRecord.") })
        {
            var http = Request(null, string.Empty);
            http.TraceIdentifier = "0HN-trace-1";
            var (status, problem) = await AnswerAsync(http, error);
            Assert.AreEqual(500, status, error.GetType().Name);
            var text = problem.ToJsonString();
            Assert.DoesNotContain(error.Message, text);
            Assert.DoesNotContain(error.GetType().Name, text);
            Assert.AreEqual("0HN-trace-1", problem["traceId"]!.GetValue<string>());
            StringAssert.Contains(problem["detail"]!.GetValue<string>(), "0HN-trace-1", "the detail says what to quote");
        }
    }

    [TestMethod]
    public void A_client_that_left_gets_no_answer()
    {
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        var http = Request(null, string.Empty);
        http.RequestAborted = aborted.Token;
        Assert.IsNull(Failures.ProblemFor(http, new OperationCanceledException(aborted.Token)));
        Assert.IsNull(Failures.ProblemFor(http, new IOException("The client reset the request stream.")));
    }

    [TestMethod]
    public async Task Form_bodies_that_do_not_parse_become_a_400_or_nothing_to_read()
    {
        foreach (var (contentType, body) in new[]
        {
            ("multipart/form-data; boundary=x", "--x\r\nbroken"),
            ("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"),
            ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"),
            ("multipart/form-data; boundary=" + new string('b', 200), "--" + new string('b', 200) + "\r\n"),
            ("application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 2000).Select(i => $"f{i}=1"))),
        })
        {
            var error = await Assert.ThrowsExactlyAsync<BadHttpRequestException>(() => FormBody.ReadAsync(Request(contentType, body).Request, default), contentType);
            Assert.AreEqual(400, error.StatusCode);
            Assert.IsNull(await FormBody.TryReadAsync(Request(contentType, body).Request, default), contentType);
        }

        var good = await FormBody.ReadAsync(Request("application/x-www-form-urlencoded", "email=a%40b.vn&reason=%ZZ").Request, default);
        Assert.AreEqual("a@b.vn", good["email"].ToString());
        Assert.AreEqual("%ZZ", good["reason"].ToString(), "a bad percent escape is kept as text, not an error");
    }

    private static DefaultHttpContext Request(string? contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = "POST";
        http.Request.Path = "/signin";
        http.Request.ContentType = contentType;
        http.Request.ContentLength = bytes.Length;
        http.Request.Body = new MemoryStream(bytes);
        http.Response.Body = new MemoryStream();
        return http;
    }

    private static async Task<(int Status, JsonObject Problem)> AnswerAsync(DefaultHttpContext http, Exception error)
    {
        Assert.IsTrue(await Failures.TryHandleAsync(http, error, default));
        Assert.AreEqual(Problems.ContentType, http.Response.ContentType);
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, JsonNode.Parse(http.Response.Body)!.AsObject());
    }
}
