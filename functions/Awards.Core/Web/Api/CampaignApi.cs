using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary><c>POST /api/campaigns</c> and <c>GET /api/campaigns/{campaignId}</c>.</summary>
public sealed class CampaignApi(Authenticator auth, CampaignStore campaigns, TimeProvider time)
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

        var campaign = CampaignValidator.Normalize(body);
        if (caller.Email != Caller.BootstrapEmail && !campaign.IsOrganisedBy(caller.Email))
        {
            // Whoever creates a campaign organises it.
            campaign = campaign with { Organisers = [.. campaign.Organisers, caller.Email] };
        }

        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The campaign configuration is not valid; each entry under 'errors' names the field to fix.");
        }

        if (!await campaigns.CreateAsync(campaign, caller.Email, time.GetUtcNow(), ct))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "The campaign exists.", $"A campaign with id '{campaign.Id}' already exists; choose another id.");
        }

        return Results.Json(await campaigns.FindAsync(campaign.Id, ct), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
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

        if (await campaigns.FindAsync(campaignId, ct) is { } current && !caller.Organises(current))
        {
            return Problems.NotFound($"There is no campaign '{campaignId}' that you organise.");
        }

        if (body.Id != campaignId)
        {
            return Problems.Field("id", $"The body's id '{body.Id}' differs from the campaign in the URL '{campaignId}'; a campaign's id cannot change.");
        }

        var campaign = CampaignValidator.Normalize(body);
        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, "The campaign configuration is not valid; each entry under 'errors' names the field to fix.");
        }

        var stored = await campaigns.AddVersionAsync(campaign, caller.Email, time.GetUtcNow(), ct);
        return stored is null ? Problems.NotFound($"There is no campaign '{campaignId}'.") : Results.Json(stored, AwardsJson.Options);
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
}
