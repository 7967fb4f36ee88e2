using Awards.Domain;
using Awards.Security;

namespace Awards.Web.Api;

/// <summary>
/// What a nominee's details must be, checked once for every way a nominee arrives: one by one
/// (<c>POST /api/nominations</c>) or as a row of a proposal's nominee list.
/// </summary>
public static class NomineeRules
{
    /// <summary>Longest nominee name.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest position.</summary>
    public const int MaxPositionLength = 200;

    /// <summary>Longest achievement summary (the full report is a document).</summary>
    public const int MaxSummaryLength = 4000;

    /// <summary>Field → messages; empty when the nominee may be created.</summary>
    public static Dictionary<string, string[]> Check(Campaign campaign, CreateNominationRequest body, Caller caller, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var name = VietnameseText.Normalize(body.NomineeName);
        var position = VietnameseText.Normalize(body.Position);
        var summary = VietnameseText.Normalize(body.AchievementSummary);
        if (campaign.FindAward(body.AwardCode ?? string.Empty) is null)
        {
            errors["awardCode"] = [$"The campaign has no award '{body.AwardCode}'. It has: {string.Join(", ", campaign.Awards.Select(a => a.Code))}."];
        }

        if (body.Kind is null)
        {
            errors["kind"] = ["Say whether the nominee is a \"collective\" or an \"individual\"."];
        }

        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors["nomineeName"] = [$"Give the nominee's name (1–{MaxNameLength} characters)."];
        }

        if (body.Kind == NomineeKind.Individual)
        {
            var today = DateOnly.FromDateTime(VietnamTime.ToLocal(now).DateTime);
            if (body.DateOfBirth is not { } dob || dob.Year < 1900 || dob >= today)
            {
                errors["dateOfBirth"] = ["Give an individual's date of birth as yyyy-MM-dd, in the past."];
            }
        }
        else if (body.DateOfBirth is not null)
        {
            errors["dateOfBirth"] = ["A collective has no date of birth."];
        }

        if (position?.Length > MaxPositionLength)
        {
            errors["position"] = [$"At most {MaxPositionLength} characters."];
        }

        if (summary?.Length > MaxSummaryLength)
        {
            errors["achievementSummary"] = [$"At most {MaxSummaryLength} characters; put the full report in the achievement-report document."];
        }

        if (!campaign.Provinces.Any(p => p.Code == caller.ProvinceCode))
        {
            errors["campaignId"] = [$"Your unit's province '{caller.ProvinceCode}' does not take part in this campaign."];
        }

        return errors;
    }

    /// <summary>The new draft nomination for a checked request.</summary>
    public static Nomination Create(Campaign campaign, Proposal proposal, CreateNominationRequest body, Caller caller, DateTimeOffset now) => new()
    {
        Id = Ids.New("nom"),
        CampaignId = campaign.Id,
        AwardCode = body.AwardCode!,
        ProposalId = proposal.Id,
        Kind = body.Kind!.Value,
        NomineeName = VietnameseText.Normalize(body.NomineeName)!,
        DateOfBirth = body.DateOfBirth,
        Position = VietnameseText.Normalize(body.Position),
        AchievementSummary = VietnameseText.Normalize(body.AchievementSummary),
        UnitName = proposal.UnitName,
        ProvinceCode = proposal.ProvinceCode,
        NominatorEmail = caller.Email,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
