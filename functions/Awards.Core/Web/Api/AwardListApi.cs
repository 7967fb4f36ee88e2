using System.Text.Json;
using Awards.Domain;
using Awards.Outputs.Exports;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>
/// <c>GET /api/campaigns/{id}/awards</c> (organisers): the award lists, grouped as they are read
/// out — by awarding body, then collectives and individuals, each in Vietnamese order with its
/// count, each body with its total, and the campaign's total. Filters: <c>award</c>, <c>kind</c>
/// (<c>collective</c>/<c>individual</c>), <c>province</c>, <c>unit</c>; revoked awards are left out
/// unless <c>includeRevoked=true</c>. <c>format=csv</c>, <c>xlsx</c> or <c>pdf</c> gives the same
/// rows as a file (<see cref="AwardListCsv"/>, <see cref="AwardListXlsx"/>, <see cref="AwardListPdf"/>).
/// Every format is written while the rows are read, so the list's size does not grow the memory used.
/// </summary>
public sealed class AwardListApi(Authenticator auth, CampaignStore campaigns, AwardListStore awardList, TimeProvider time)
{
    private const int MaxFilterLength = 300;

    /// <summary>The award lists of a campaign.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (_, campaign, refused) = await auth.OrganisedCampaignAsync(campaigns, http.Request, campaignId, "The award list is for organisers.", ct);
        if (campaign is null)
        {
            return refused!;
        }

        var (filter, problem) = ReadFilter(http.Request.Query, campaign);
        if (filter is null)
        {
            return problem!;
        }

        var bodies = AwardingBodiesOf(campaign, filter);
        var export = new AwardListExport(campaign, bodies, filter, awardList, VietnamTime.Today(time));
        var format = http.Request.Query["format"].ToString();
        return format switch
        {
            "" or "json" => new GroupedJson(campaign, bodies, filter, awardList),
            "csv" => new StreamedFile("text/csv; charset=utf-8", export.FileName("csv"), (r, token) => AwardListCsv.WriteAsync(export, r.BodyWriter, token)),
            "xlsx" => new StreamedFile(AwardListXlsx.ContentType, export.FileName("xlsx"), (r, token) => AwardListXlsx.WriteAsync(export, r.Body, token)),
            "pdf" => new StreamedFile("application/pdf", export.FileName("pdf"), (r, token) => AwardListPdf.WriteAsync(export, r.Body, token)),
            _ => Problems.Field("format", "Use format=json (default), csv, xlsx or pdf."),
        };
    }

    /// <summary>The awarding bodies of a campaign's awards, in the order the campaign first names them (only the filtered award's, when one is asked for).</summary>
    public static IReadOnlyList<string> AwardingBodiesOf(Campaign campaign, AwardFilter filter)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(filter);
        return [.. campaign.Awards.Where(a => filter.AwardCode is null || a.Code == filter.AwardCode).Select(a => a.AwardingBody).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Reads the list filters of a query; a filter that names nothing of the campaign is a 400 naming the field.</summary>
    public static (AwardFilter? Filter, IResult? Problem) ReadFilter(IQueryCollection query, Campaign campaign)
    {
        var (filter, field, detail) = ParseFilter(query, campaign);
        return filter is null ? (null, Problems.Field(field!, detail!)) : (filter, null);
    }

    /// <summary>
    /// The list filters of a query (<c>award</c>, <c>kind</c>, <c>province</c>, <c>unit</c>,
    /// <c>includeRevoked</c>), or the field that names nothing of the campaign and what to do (in
    /// English): the one reading for the API and the console's awards page.
    /// </summary>
    public static (AwardFilter? Filter, string? Field, string? Detail) ParseFilter(IQueryCollection query, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(campaign);
        string? Value(string name) => query[name].ToString() is { Length: > 0 } v ? VietnameseText.Normalize(v) : null;
        var award = Value("award");
        var kind = Value("kind");
        var province = Value("province");
        var unit = Value("unit");
        var revoked = Value("includeRevoked");
        if (new[] { award, kind, province, unit, revoked }.Any(v => v?.Length > MaxFilterLength))
        {
            return (null, "award", $"A filter has at most {MaxFilterLength} characters.");
        }

        if (award is not null && campaign.FindAward(award) is null)
        {
            return (null, "award", $"The campaign has no award '{award}'; use one of: {string.Join(", ", campaign.Awards.Select(a => a.Code))}.");
        }

        NomineeKind? kindValue = kind switch
        {
            null => null,
            "collective" => NomineeKind.Collective,
            "individual" => NomineeKind.Individual,
            _ => (NomineeKind?)(-1),
        };
        if (kindValue is (NomineeKind)(-1))
        {
            return (null, "kind", "Use kind=collective or kind=individual.");
        }

        if (province is not null && campaign.Provinces.All(p => p.Code != province))
        {
            return (null, "province", $"The campaign has no province '{province}'; use a province code: {string.Join(", ", campaign.Provinces.Select(p => p.Code))}.");
        }

        if (revoked is not (null or "true" or "false"))
        {
            return (null, "includeRevoked", "Use includeRevoked=true to keep revoked awards (marked), or leave it out.");
        }

        return (new AwardFilter(award, kindValue, province, unit, revoked == "true"), null, null);
    }

    /// <summary>The grouped lists as JSON, written row by row as they are read.</summary>
    private sealed class GroupedJson(Campaign campaign, IReadOnlyList<string> bodies, AwardFilter filter, AwardListStore awardList) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var ct = httpContext.RequestAborted;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            // Over the response's pipe: the serializer's flushes only hand bytes to the pipe, and the
            // pipe is flushed to the client asynchronously every few hundred rows.
            var pipe = httpContext.Response.BodyWriter;
            await using var json = new Utf8JsonWriter(pipe, new JsonWriterOptions { Encoder = AwardsJson.Options.Encoder });
            json.WriteStartObject();
            json.WriteString("campaignId", campaign.Id);
            json.WriteString("campaignName", campaign.Name);
            json.WriteStartArray("bodies");
            var total = 0;
            foreach (var body in bodies)
            {
                json.WriteStartObject();
                json.WriteString("awardingBody", body);
                json.WriteStartArray("lists");
                var bodyTotal = 0;
                foreach (var kind in new[] { NomineeKind.Collective, NomineeKind.Individual })
                {
                    if (filter.Kind is { } only && only != kind)
                    {
                        continue;
                    }

                    json.WriteStartObject();
                    json.WriteString("kind", kind == NomineeKind.Collective ? "collective" : "individual");
                    json.WriteStartArray("awards");
                    var count = 0;
                    await foreach (var entry in awardList.ReadAsync(campaign.Id, body, kind, filter, ct))
                    {
                        JsonSerializer.Serialize(json, entry, AwardsJson.Options);
                        if (++count % 500 == 0)
                        {
                            await json.FlushAsync(ct);
                            await pipe.FlushAsync(ct);
                        }
                    }

                    json.WriteEndArray();
                    json.WriteNumber("count", count);
                    json.WriteEndObject();
                    bodyTotal += count;
                }

                json.WriteEndArray();
                json.WriteNumber("total", bodyTotal);
                json.WriteEndObject();
                total += bodyTotal;
            }

            json.WriteEndArray();
            json.WriteNumber("total", total);
            json.WriteEndObject();
            await json.FlushAsync(ct);
            await pipe.FlushAsync(ct);
        }
    }
}

/// <summary>The award lists of a campaign as <c>GET /api/campaigns/{id}/awards</c> answers them.</summary>
/// <param name="CampaignId">The campaign.</param>
/// <param name="CampaignName">Its name.</param>
/// <param name="Bodies">One entry per awarding body.</param>
/// <param name="Total">Awards on all the lists.</param>
public sealed record AwardListsView(string CampaignId, string CampaignName, IReadOnlyList<AwardBodyView> Bodies, int Total);

/// <summary>One awarding body's lists.</summary>
/// <param name="AwardingBody">The body.</param>
/// <param name="Lists">Its collectives' list, then its individuals'.</param>
/// <param name="Total">Awards on its lists.</param>
public sealed record AwardBodyView(string AwardingBody, IReadOnlyList<AwardKindView> Lists, int Total);

/// <summary>One list: a body's awards to one kind of nominee, in Vietnamese order.</summary>
/// <param name="Kind">Collective or individual.</param>
/// <param name="Awards">The awards.</param>
/// <param name="Count">How many.</param>
public sealed record AwardKindView(NomineeKind Kind, IReadOnlyList<AwardListEntry> Awards, int Count);
