using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Web;
using Awards.Web.Api;

namespace Awards.Testing;

/// <summary>The HTTP API as a test (or a script) uses it: real HTTP against the runner.</summary>
public sealed class AwardsClient(Uri baseUrl, string? key) : IDisposable
{
    private readonly HttpClient http = Create(baseUrl, key);

    /// <summary>The underlying client (for raw requests).</summary>
    public HttpClient Http => http;

    /// <summary>Same server, another key.</summary>
    public AwardsClient As(string? otherKey) => new(baseUrl, otherKey);

    /// <summary>POST /api/campaigns.</summary>
    public Task<HttpResponseMessage> CreateCampaignAsync(Campaign campaign) =>
        http.PostAsJsonAsync("api/campaigns", campaign, AwardsJson.Options);

    /// <summary>POST /api/keys for a nominator (mail language "vi" or "en", or the default); returns the key.</summary>
    public async Task<string> IssueNominatorKeyAsync(string email, string unitName, string provinceCode, string? language = null)
    {
        using var response = await http.PostAsJsonAsync("api/keys", new { role = "nominator", email, unitName, provinceCode, language });
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
    }

    /// <summary>POST /api/nominations (raw response).</summary>
    public Task<HttpResponseMessage> PostNominationAsync(object body) => http.PostAsJsonAsync("api/nominations", body);

    /// <summary>POST /api/nominations; returns the new nomination's view.</summary>
    public async Task<NominationView> CreateNominationAsync(object body)
    {
        using var response = await PostNominationAsync(body);
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<NominationView>(AwardsJson.Options))!;
    }

    /// <summary>GET /api/nominations/{id}.</summary>
    public async Task<NominationView> GetNominationAsync(string id)
    {
        using var response = await http.GetAsync(new Uri($"api/nominations/{id}", UriKind.Relative));
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<NominationView>(AwardsJson.Options))!;
    }

    /// <summary>PUT a document with its file name in Content-Disposition (RFC 8187 for Vietnamese names).</summary>
    public async Task<HttpResponseMessage> UploadAsync(string id, string documentType, byte[] content, string fileName, string contentType = "application/pdf")
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        body.Headers.TryAddWithoutValidation("Content-Disposition", $"attachment; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
        return await http.PutAsync(new Uri($"api/nominations/{id}/documents/{documentType}", UriKind.Relative), body);
    }

    /// <summary>Uploads every document type given, failing on any error.</summary>
    public async Task UploadAllAsync(string id, params string[] documentTypes)
    {
        foreach (var type in documentTypes)
        {
            using var response = await UploadAsync(id, type, SamplePdf($"{type} of {id}"), $"{type} – Báo cáo.pdf");
            await EnsureAsync(response);
        }
    }

    /// <summary>POST /api/nominations/{id}/submit.</summary>
    public Task<HttpResponseMessage> SubmitAsync(string id) => http.PostAsync(new Uri($"api/nominations/{id}/submit", UriKind.Relative), null);

    /// <summary>POST /api/nominations/{id}/resubmit.</summary>
    public Task<HttpResponseMessage> ResubmitAsync(string id) => http.PostAsync(new Uri($"api/nominations/{id}/resubmit", UriKind.Relative), null);

    /// <summary>GET the award list as JSON.</summary>
    public async Task<List<AwardListEntry>> AwardListAsync(string campaignId) =>
        [.. (await AwardListsAsync(campaignId)).Bodies.SelectMany(b => b.Lists).SelectMany(l => l.Awards)];

    /// <summary>GET the award lists, grouped by awarding body and kind (<paramref name="query"/>: filters such as <c>kind=individual</c>).</summary>
    public async Task<Awards.Web.Api.AwardListsView> AwardListsAsync(string campaignId, string query = "")
    {
        using var response = await http.GetAsync(new Uri($"api/campaigns/{campaignId}/awards{(query.Length > 0 ? "?" + query : string.Empty)}", UriKind.Relative));
        await EnsureAsync(response);
        return (await response.Content.ReadFromJsonAsync<Awards.Web.Api.AwardListsView>(AwardsJson.Options))!;
    }

    /// <summary>GET the award list as CSV bytes.</summary>
    public async Task<byte[]> AwardListCsvAsync(string campaignId)
    {
        using var response = await http.GetAsync(new Uri($"api/campaigns/{campaignId}/awards?format=csv", UriKind.Relative));
        await EnsureAsync(response);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Waits until the nomination satisfies <paramref name="condition"/>.</summary>
    public async Task<NominationView> WaitForAsync(string id, Func<NominationView, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = await GetNominationAsync(id);
            if (condition(view))
            {
                return view;
            }

            if (DateTime.UtcNow > deadline)
            {
                var recent = string.Join("; ", view.History.TakeLast(6).Select(h => $"{h.At:HH:mm:ss} {h.Action} {h.Stage}"));
                throw new TimeoutException($"Nomination {id} did not reach '{what}'; it is {view.Nomination.Status} at {view.Nomination.CurrentStage} round {view.Nomination.Round}, due {view.Nomination.DueAt:O}; last history: {recent}.");
            }

            await Task.Delay(150);
        }
    }

    /// <summary>A small but real PDF (with its cross-reference table, as uploads are checked for) showing the given text.</summary>
    public static byte[] SamplePdf(string text) => SampleDocuments.Pdf(text);

    /// <summary>Throws with the problem document when the response is not a success.</summary>
    public static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Reads a problem document's detail.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("Not a problem document: " + text);
    }

    /// <inheritdoc/>
    public void Dispose() => http.Dispose();

    private static HttpClient Create(Uri baseUrl, string? key)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(240) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
