using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary><c>GET /api/campaigns/{campaignId}/awards</c>: the final award list, JSON or (<c>?format=csv</c>) CSV.</summary>
public sealed class AwardListApi(Authenticator auth, CampaignStore campaigns, AwardListStore awardList)
{
    /// <summary>Reads the list; organisers only.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string campaignId)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        if (caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("The award list is for organisers.");
        }

        var campaign = Ids.LooksValid(campaignId) ? await campaigns.FindAsync(campaignId, ct) : null;
        if (campaign is null)
        {
            return Problems.NotFound($"There is no campaign '{campaignId}'.");
        }

        var format = http.Request.Query["format"].ToString();
        var entries = await awardList.ListAsync(campaignId, ct);
        return format switch
        {
            "" or "json" => Results.Json(entries, AwardsJson.Options),
            "csv" => Results.File(
                AwardListCsv.Write(entries, campaign.Provinces.ToDictionary(p => p.Code, p => p.Name, StringComparer.Ordinal)),
                "text/csv; charset=utf-8",
                $"danh-sach-khen-thuong-{campaign.Id}.csv"),
            _ => Problems.Field("format", "Use format=json (default) or format=csv."),
        };
    }
}
