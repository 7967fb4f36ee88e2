using Awards.Domain;
using Awards.Storage;

namespace Awards.Outputs;

/// <summary>
/// Revocation (thu hồi, Law 06/2022): an organiser revokes an award with a written reason. The
/// award leaves every list and export (unless they ask for revoked ones), its decision shows it
/// revoked, its certificate's verify page says revoked and when; the dossier and the audit stay.
/// </summary>
public sealed class AwardRevocations(NominationStore nominations, CampaignStore campaigns, AwardListStore awardList, TimeProvider time)
{
    /// <summary>Revokes the award of a nomination; null when done, else why not (nothing changed).</summary>
    public async Task<(Nomination? Nomination, string? Refusal)> RevokeAsync(Nomination nomination, string reason, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nomination);
        if (nomination.Status == NominationStatus.Revoked)
        {
            return (null, "The award was revoked already.");
        }

        if (nomination.Status != NominationStatus.Awarded)
        {
            return (null, "Only an awarded nomination's award can be revoked.");
        }

        var campaign = await campaigns.GetVersionAsync(nomination.CampaignId, nomination.CampaignVersion, ct);
        var award = campaign.FindAward(nomination.AwardCode) ?? throw new InvalidOperationException($"Award '{nomination.AwardCode}' is not configured.");
        var like = new AwardListEntry
        {
            CampaignId = nomination.CampaignId,
            AwardCode = award.Code,
            AwardName = award.NameVi,
            AwardingBody = award.AwardingBody,
            NominationId = nomination.Id,
            Kind = nomination.Kind,
            NomineeName = nomination.NomineeName,
            UnitName = nomination.UnitName,
            ProvinceCode = nomination.ProvinceCode,
        };
        var now = time.GetUtcNow();

        // The list entry first (what every list, export and verify page reads), then the status and its audit row.
        var entry = await awardList.UpdateAsync(like, e => e.RevokedAt is null ? e with { RevokedAt = now, RevokedBy = by, RevocationReason = reason } : e, ct);
        var (after, _) = await nominations.ApplyAsync(
            nomination.Id,
            x => x with { Status = NominationStatus.Revoked, LastReason = reason },
            new AuditEntry(entry?.RevokedAt ?? now, by, AuditActions.Revoked, null, reason, entry?.DecisionNumber is { } number ? $"decision {number}" : null),
            "revoked",
            ct);
        return (after, null);
    }
}
