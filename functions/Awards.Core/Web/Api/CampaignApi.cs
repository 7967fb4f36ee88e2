using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary><c>POST /api/campaigns</c> and <c>GET /api/campaigns/{campaignId}</c>.</summary>
public sealed class CampaignApi(Authenticator auth, CampaignStore campaigns, CampaignService service)
{
    /// <summary>Largest campaign configuration accepted (63 provinces with their approvers fit easily).</summary>
    public const int MaxConfigurationBytes = 1024 * 1024;

    /// <summary>Creates a campaign from its configuration; organisers only.</summary>
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        if (caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("Only organisers create campaigns.");
        }

        var (body, problem) = await JsonBody.ReadAsync<Campaign>(http.Request, MaxConfigurationBytes, ct);
        if (body is null)
        {
            return problem!;
        }

        var change = await service.CreateAsync(caller, body, ct);
        return change.Refusal switch
        {
            CampaignChangeRefusal.None => Results.Json(change.Campaign, AwardsJson.Options, statusCode: StatusCodes.Status201Created),
            CampaignChangeRefusal.Exists => Problems.Of(StatusCodes.Status409Conflict, "The campaign exists.", $"A campaign with id '{body.Id}' already exists; choose another id."),
            _ => Invalid(change),
        };
    }

    /// <summary>
    /// <c>PUT /api/campaigns/{campaignId}</c>: a new version of a live campaign's configuration
    /// (approvers, checklist, …). Organisers only; the id cannot change.
    /// </summary>
    public async Task<IResult> UpdateAsync(HttpContext http, string campaignId)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        if (caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("Only organisers change campaigns.");
        }

        var (body, problem) = await JsonBody.ReadAsync<Campaign>(http.Request, MaxConfigurationBytes, ct);
        if (body is null)
        {
            return problem!;
        }

        var change = await service.UpdateAsync(caller, campaignId, body, basedOn: null, ct);
        return change.Refusal switch
        {
            CampaignChangeRefusal.None => Results.Json(change.Campaign, AwardsJson.Options),
            CampaignChangeRefusal.NotFound => Problems.NotFound($"There is no campaign '{campaignId}' that you organise."),
            CampaignChangeRefusal.IdChanged => Problems.Field("id", $"The body's id '{body.Id}' differs from the campaign in the URL '{campaignId}'; a campaign's id cannot change."),
            _ => Invalid(change),
        };
    }

    /// <summary>Reads a campaign. Nominators see it without the approvers' addresses.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string campaignId)
    {
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        var campaign = Ids.LooksValid(campaignId) ? await campaigns.FindAsync(campaignId, ct) : null;
        if (campaign is null)
        {
            return Problems.NotFound($"There is no campaign '{campaignId}'.");
        }

        if (caller.Role == Role.Organiser && !caller.Organises(campaign))
        {
            return Problems.NotFound($"There is no campaign '{campaignId}' that you organise.");
        }

        if (caller.Role != Role.Organiser)
        {
            campaign = campaign with { Stages = [.. campaign.Stages.Select(s => s with { Approvers = [], ApproversByProvince = [] })] };
        }

        return Results.Json(campaign, AwardsJson.Options);
    }

    private static IResult Invalid(CampaignChange change) =>
        Problems.Validation(change.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), "The campaign configuration is not valid; each entry under 'errors' names the field to fix.");
}
