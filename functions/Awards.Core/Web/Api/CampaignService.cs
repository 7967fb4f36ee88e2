using Awards.Domain;
using Awards.Security;
using Awards.Storage;

namespace Awards.Web.Api;

/// <summary>Why a campaign was not created or changed.</summary>
public enum CampaignChangeRefusal
{
    /// <summary>It was done.</summary>
    None,

    /// <summary>The configuration is not valid: <see cref="CampaignChange.Errors"/> names each field (JSON paths).</summary>
    Invalid,

    /// <summary>A campaign with this id exists already.</summary>
    Exists,

    /// <summary>No campaign of this id that the caller organises.</summary>
    NotFound,

    /// <summary>The body names another campaign than the one being changed.</summary>
    IdChanged,

    /// <summary>Someone stored a version after the one the change was based on; nothing was stored.</summary>
    Stale,
}

/// <summary>What creating or changing a campaign came to.</summary>
/// <param name="Refusal">Why nothing was stored; <see cref="CampaignChangeRefusal.None"/> when it was.</param>
/// <param name="Campaign">The stored version.</param>
/// <param name="Errors">Field (JSON path) → messages, for <see cref="CampaignChangeRefusal.Invalid"/>.</param>
/// <param name="CurrentVersion">For <see cref="CampaignChangeRefusal.Stale"/>: the version that is current now.</param>
public sealed record CampaignChange(CampaignChangeRefusal Refusal, Campaign? Campaign, IReadOnlyDictionary<string, string[]> Errors, int CurrentVersion = 0)
{
    internal static CampaignChange Refused(CampaignChangeRefusal refusal, int current = 0) =>
        new(refusal, null, new Dictionary<string, string[]>(StringComparer.Ordinal), current);
}

/// <summary>
/// Creating a campaign and storing its next version: normalise, make the creator an organiser,
/// validate, store. The one implementation behind <c>POST</c>/<c>PUT /api/campaigns</c> and the
/// organisers' console (the new-campaign form, the settings form, the uploaded configuration).
/// </summary>
public sealed class CampaignService(CampaignStore campaigns, TimeProvider time)
{
    /// <summary>Creates a campaign from its configuration; the caller (an organiser) organises it.</summary>
    public async Task<CampaignChange> CreateAsync(Caller caller, Campaign body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        var campaign = CampaignValidator.Normalize(body);
        if (caller.Email != Caller.BootstrapEmail && !campaign.IsOrganisedBy(caller.Email))
        {
            // Whoever creates a campaign organises it.
            campaign = campaign with { Organisers = [.. campaign.Organisers, caller.Email] };
        }

        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            return new CampaignChange(CampaignChangeRefusal.Invalid, null, errors);
        }

        if (!await campaigns.CreateAsync(campaign, caller.Email, time.GetUtcNow(), ct))
        {
            return CampaignChange.Refused(CampaignChangeRefusal.Exists);
        }

        return new CampaignChange(CampaignChangeRefusal.None, await campaigns.FindAsync(campaign.Id, ct), new Dictionary<string, string[]>(StringComparer.Ordinal));
    }

    /// <summary>
    /// Stores the next version of <paramref name="campaignId"/>, which the caller must organise;
    /// with <paramref name="basedOn"/>, only while that version is still the current one.
    /// </summary>
    public async Task<CampaignChange> UpdateAsync(Caller caller, string campaignId, Campaign body, int? basedOn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        if (!Ids.LooksValid(campaignId) || await campaigns.FindAsync(campaignId, ct) is not { } current || !caller.Organises(current))
        {
            return CampaignChange.Refused(CampaignChangeRefusal.NotFound);
        }

        if (body.Id != campaignId)
        {
            return CampaignChange.Refused(CampaignChangeRefusal.IdChanged);
        }

        var campaign = CampaignValidator.Normalize(body);
        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            return new CampaignChange(CampaignChangeRefusal.Invalid, null, errors);
        }

        var (outcome, stored, now) = await campaigns.AddVersionAsync(campaign, caller.Email, time.GetUtcNow(), basedOn, ct);
        return outcome switch
        {
            CampaignUpdateOutcome.Stored => new CampaignChange(CampaignChangeRefusal.None, stored, new Dictionary<string, string[]>(StringComparer.Ordinal)),
            CampaignUpdateOutcome.Stale => CampaignChange.Refused(CampaignChangeRefusal.Stale, now),
            _ => CampaignChange.Refused(CampaignChangeRefusal.NotFound),
        };
    }
}
