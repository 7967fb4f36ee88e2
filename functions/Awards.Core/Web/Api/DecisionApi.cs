using Awards.Domain;
using Awards.Outputs;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>An awardee of a decision as the API shows it: whether the award still stands, and its certificate's code.</summary>
/// <param name="NominationId">The nomination.</param>
/// <param name="Kind">Collective or individual.</param>
/// <param name="NomineeName">Name.</param>
/// <param name="UnitName">Nominating unit.</param>
/// <param name="VerificationCode">The code printed on the certificate.</param>
/// <param name="RevokedAt">When the award was revoked; null while it stands.</param>
/// <param name="RevocationReason">Why.</param>
public sealed record DecisionMemberView(string NominationId, NomineeKind Kind, string NomineeName, string UnitName, string? VerificationCode, DateTimeOffset? RevokedAt, string? RevocationReason);

/// <summary>A decision as the API shows it.</summary>
/// <param name="Decision">The decision (its awardees below, with their standing).</param>
/// <param name="Members">The awardees: collectives, then individuals.</param>
public sealed record DecisionView(AwardDecision Decision, IReadOnlyList<DecisionMemberView> Members);

/// <summary>Revoking an award: the written reason.</summary>
/// <param name="Reason">Why the award is revoked (required).</param>
public sealed record RevokeRequest(string? Reason);

/// <summary>
/// Award decisions and revocation (organisers): <c>POST /api/campaigns/{id}/decisions</c> issues one
/// (numbered in its awarding body's register), <c>GET …/decisions</c> lists them,
/// <c>GET …/decisions/preview?award=</c> says the number the next would get, <c>GET /api/decisions/{id}</c>
/// shows one with its awardees' standing, <c>POST /api/nominations/{id}/revoke</c> revokes an award.
/// </summary>
public sealed class DecisionApi(Authenticator auth, CampaignStore campaigns, AwardDecisions decisions, AwardRevocations revocations, AwardListStore awardList, VisibleNominations visible)
{
    private const int MaxBodyBytes = 512 * 1024;

    /// <summary>Issues a decision.</summary>
    public async Task<IResult> IssueAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, campaign, problem) = await OrganiserCampaignAsync(http, campaignId, ct);
        if (campaign is null)
        {
            return problem!;
        }

        var (body, bad) = await JsonBody.ReadAsync<IssueRequest>(http.Request, MaxBodyBytes, ct);
        if (body is null)
        {
            return bad!;
        }

        if (AwardDecisions.CheckRequest(body) is { } malformed)
        {
            return Refused(malformed);
        }

        var (decision, refusal) = await decisions.IssueAsync(campaign, body with { AwardCode = body.AwardCode ?? string.Empty }, caller!.Email, ct);
        return decision is null
            ? Refused(refusal!)
            : Results.Json(await ViewAsync(decision, ct), AwardsJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The decisions of a campaign.</summary>
    public async Task<IResult> ListAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (_, campaign, problem) = await OrganiserCampaignAsync(http, campaignId, ct);
        return campaign is null ? problem! : Results.Json(await decisions.ListAsync(campaign, ct), AwardsJson.Options);
    }

    /// <summary>The number the next decision for an award would get, and how many await one.</summary>
    public async Task<IResult> PreviewAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (_, campaign, problem) = await OrganiserCampaignAsync(http, campaignId, ct);
        if (campaign is null)
        {
            return problem!;
        }

        var (preview, refusal) = await decisions.PreviewAsync(campaign, http.Request.Query["award"].ToString(), ct);
        return preview is null ? Refused(refusal!) : Results.Json(preview, AwardsJson.Options);
    }

    /// <summary>One decision with its awardees' standing.</summary>
    public async Task<IResult> GetAsync(HttpContext http, string decisionId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (caller, denied) = await auth.AuthenticateAsync(http.Request, ct);
        if (caller is null)
        {
            return denied!;
        }

        if (caller.Role != Role.Organiser)
        {
            return Problems.Forbidden("Decisions are for organisers.");
        }

        var decision = DecisionStore.TryParseId(decisionId, out _, out _, out _) ? await decisions.FindAsync(decisionId, ct) : null;
        if (decision is not null && (await campaigns.FindAsync(decision.CampaignId, ct) is not { } ofDecision || !caller.Organises(ofDecision)))
        {
            decision = null;
        }

        return decision is null
            ? Problems.NotFound($"There is no decision '{decisionId}'.")
            : Results.Json(await ViewAsync(decision, ct), AwardsJson.Options);
    }

    /// <summary>Revokes the award of a nomination (organisers), with a written reason.</summary>
    public async Task<IResult> RevokeAsync(HttpContext http, string nominationId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var (nomination, caller, problem) = await visible.FindAsync(http, nominationId, ct);
        if (nomination is null)
        {
            return problem!;
        }

        if (caller!.Role != Role.Organiser)
        {
            return Problems.Forbidden("Only organisers revoke an award.");
        }

        var (body, bad) = await JsonBody.ReadAsync<RevokeRequest>(http.Request, 16 * 1024, ct);
        if (body is null)
        {
            return bad!;
        }

        // The same written-reason rule as cancellations and the console's revoke form.
        if (Workflow.NominationChanges.WrittenReasonOf(body.Reason) is not { } reason)
        {
            return Problems.Field("reason", $"Give the written reason for revoking the award (1–{WrittenReason.MaxLength} characters).");
        }

        var (after, refusal) = await revocations.RevokeAsync(nomination, reason, caller.Email, ct);
        return after is null ? Problems.Conflict(refusal!) : Results.Json(after, AwardsJson.Options);
    }

    private async Task<DecisionView> ViewAsync(AwardDecision decision, CancellationToken ct)
    {
        var members = new DecisionMemberView[decision.Members.Count];
        await Parallel.ForAsync(0, decision.Members.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var m = decision.Members[i];
            var entry = await awardList.FindAsync(AwardDecisions.Like(decision, m), token);
            members[i] = new DecisionMemberView(m.NominationId, m.Kind, m.NomineeName, m.UnitName, entry?.VerificationCode, entry?.RevokedAt, entry?.RevocationReason);
        });
        return new DecisionView(decision with { Members = [] }, members);
    }

    private Task<(Caller? Caller, Campaign? Campaign, IResult? Problem)> OrganiserCampaignAsync(HttpContext http, string campaignId, CancellationToken ct) =>
        auth.OrganisedCampaignAsync(campaigns, http.Request, campaignId, "Award decisions are issued by organisers.", ct);

    private static IResult Refused(IssueRefusal refusal) => refusal.Status switch
    {
        StatusCodes.Status400BadRequest when refusal.Field is { } field => Problems.Field(field, refusal.Detail),
        StatusCodes.Status409Conflict => Problems.Conflict(refusal.Detail),
        _ => Problems.Of(refusal.Status, "The decision was not issued.", refusal.Detail),
    };
}
