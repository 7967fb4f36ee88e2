using System.Globalization;
using Awards.Domain;
using Awards.Storage;
using Awards.Workflow.Activities;

namespace Awards.Outputs;

/// <summary>An awardee of a decision with their list entry as it stands now (null if the entry is gone).</summary>
/// <param name="Place">Their place in the decision's annex (1, 2, …: collectives, then individuals).</param>
/// <param name="Member">The awardee as the decision lists them.</param>
/// <param name="Entry">Their award list entry: position, date of birth, verification code, revocation.</param>
public sealed record PrintedMember(int Place, DecisionMember Member, AwardListEntry? Entry)
{
    /// <summary>True while the award stands (an entry that is gone does not).</summary>
    public bool Stands => Entry is { Stands: true };
}

/// <summary>Everything a decision's document and its certificates print.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Campaign">Its campaign (the current configuration: the body's wording as configured now).</param>
/// <param name="Award">The award it confers, if the campaign still has it.</param>
/// <param name="Body">The awarding body's wording (its register, heading, grounds, articles, certificate).</param>
/// <param name="Members">The awardees in the annex's order.</param>
public sealed record DecisionPrint(AwardDecision Decision, Campaign Campaign, AwardDefinition? Award, AwardingBodyDefinition Body, IReadOnlyList<PrintedMember> Members)
{
    /// <summary>The award's name as printed (<c>Bằng khen của …</c>).</summary>
    public string AwardName => Award?.NameVi ?? $"Bằng khen của {Body.Name}";

    /// <summary>A configured text with its places filled: {campaign}, {award}, {body}, {collectives}, {individuals}.</summary>
    public string Fill(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text
            .Replace("{campaign}", Campaign.Name, StringComparison.Ordinal)
            .Replace("{award}", AwardName, StringComparison.Ordinal)
            .Replace("{body}", Body.Name, StringComparison.Ordinal)
            .Replace("{collectives}", Decision.Collectives.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{individuals}", Decision.Individuals.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The register number printed on an awardee's certificate: the decision's number and their place in it, e.g. <c>125/QĐ-MTTW-007</c>.</summary>
    public string RegisterNumber(PrintedMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var digits = Math.Max(3, Decision.Members.Count.ToString(CultureInfo.InvariantCulture).Length);
        return $"{Decision.Number}-{member.Place.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0')}";
    }

    /// <summary>The decision's place and date as Decree 30/2020 writes them: <c>Hà Nội, ngày 05 tháng 12 năm 2019</c>.</summary>
    public string PlaceAndDate => string.Create(CultureInfo.InvariantCulture, $"{Body.Place}, ngày {Decision.Date.Day:D2} tháng {Decision.Date.Month:D2} năm {Decision.Date.Year}");

    /// <summary>A file name part made of the decision's number (<c>/</c> is no file name's).</summary>
    public string NumberForFileName => Decision.Number.Replace('/', '-');
}

/// <summary>
/// Reads what a decision's PDFs print: the decision (completed if its issue stopped short), the
/// campaign's wording for its body, and each awardee's list entry as it stands now — so a
/// revoked award is marked in the annex and has no certificate.
/// </summary>
public sealed class DecisionPrints(AwardDecisions decisions, CampaignStore campaigns, AwardListStore awardList, PublicLinks links)
{
    /// <summary>The decision's print, or null when there is no such decision.</summary>
    public async Task<DecisionPrint?> LoadAsync(string decisionId, CancellationToken ct)
    {
        if (!DecisionStore.TryParseId(decisionId, out _, out _, out _) || await decisions.FindAsync(decisionId, ct) is not { } decision)
        {
            return null;
        }

        var campaign = await campaigns.FindAsync(decision.CampaignId, ct)
            ?? throw new InvalidOperationException($"The campaign {decision.CampaignId} of decision {decision.Id} is gone.");
        var award = campaign.FindAward(decision.AwardCode);
        var body = (award is null ? null : campaign.BodyOf(award))
            ?? campaign.AwardingBodies.FirstOrDefault(b => b.Code == decision.RegisterCode)
            ?? new AwardingBodyDefinition
            {
                // The campaign no longer configures the body: print with what the decision itself says.
                Name = decision.AwardingBody,
                Code = decision.RegisterCode,
                NumberFormat = "{number}",
                SignerTitle = decision.SignerTitle,
                CertificateHeading = $"{decision.SignerTitle} {decision.AwardingBody.ToUpper(VietnameseText.Culture)}",
            };
        var members = new PrintedMember[decision.Members.Count];
        await Parallel.ForAsync(0, members.Length, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var m = decision.Members[i];
            members[i] = new PrintedMember(i + 1, m, await awardList.FindAsync(AwardDecisions.Like(decision, m), token));
        });
        return new DecisionPrint(decision, campaign, award, body, members);
    }

    /// <summary>Where a certificate's code is checked: <c>{Awards:PublicBaseUrl}verify/{code}</c>.</summary>
    public Uri VerifyUrl(string code) => links.Verify(code);
}
