using Awards.Domain;

namespace Awards.Workflow.Review;

/// <summary>
/// Who decides a stage round of one proposal: the approvers its campaign version names for the
/// stage and province, and the colleagues they handed the decision to. The one place that says
/// whose link may decide, who counts at an allOf stage, and who a link's approver is.
/// </summary>
public sealed class StageApprovers
{
    // A chain of hand-overs longer than this is not followed (each hop is a person acting).
    private const int MaxHops = 10;

    private readonly IReadOnlyList<Approver> configured;
    private readonly IReadOnlyList<Delegation> delegations;

    /// <summary>The approvers of <paramref name="stage"/> for <paramref name="provinceCode"/> in <paramref name="campaign"/>, with the wave's delegations.</summary>
    public StageApprovers(Campaign campaign, StageDefinition stage, string provinceCode, IReadOnlyList<Delegation> delegations)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        Campaign = campaign;
        Stage = stage;
        configured = campaign.ApproversFor(stage, provinceCode);
        this.delegations = delegations;
    }

    /// <summary>The campaign version these approvers come from.</summary>
    public Campaign Campaign { get; }

    /// <summary>The stage.</summary>
    public StageDefinition Stage { get; }

    /// <summary>The configured approvers.</summary>
    public IReadOnlyList<Approver> Configured => configured;

    /// <summary>True when <paramref name="email"/> handed the decision to someone else (their link no longer decides).</summary>
    public Delegation? HandedOverBy(string email) =>
        delegations.FirstOrDefault(d => string.Equals(d.FromEmail, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The person behind a link: a configured approver, or a colleague someone handed the decision
    /// to (named as the delegator named them); null when the address has no part in this round.
    /// </summary>
    public Approver? Find(string email)
    {
        if (configured.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase)) is { } approver)
        {
            return approver;
        }

        return delegations.FirstOrDefault(d => string.Equals(d.ToEmail, email, StringComparison.OrdinalIgnoreCase) && Reaches(d.ToEmail)) is { } handed
            ? new Approver(email, handed.ToName, handed.ToLanguage)
            : null;
    }

    /// <summary>True when a link issued to <paramref name="email"/> may decide this round now.</summary>
    public bool MayDecide(string email) => HandedOverBy(email) is null && Find(email) is not null;

    /// <summary>Who decides in place of a configured approver: the last colleague in their chain of hand-overs, or themselves (lower case).</summary>
    public string ActingFor(string approverEmail)
    {
        var current = approverEmail.ToLowerInvariant();
        for (var hops = 0; hops < MaxHops && HandedOverBy(current) is { } next; hops++)
        {
            current = next.ToEmail.ToLowerInvariant();
        }

        return current;
    }

    /// <summary>At an allOf stage: everyone whose approval the round needs, each configured approver or whoever acts for them (lower case).</summary>
    public IReadOnlySet<string> Everyone() => configured.Select(a => ActingFor(a.Email)).ToHashSet(StringComparer.Ordinal);

    // A delegate takes part only at the end of a chain of hand-overs that starts from a configured approver.
    private bool Reaches(string email) => configured.Any(a => string.Equals(ActingFor(a.Email), email, StringComparison.OrdinalIgnoreCase));
}
