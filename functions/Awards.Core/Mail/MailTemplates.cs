using Awards.Domain;
using Awards.Web.Pages;
using Awards.Web.Resources;

namespace Awards.Mail;

/// <summary>
/// The product's messages. Each is a <see cref="MailDraft"/> that writes itself in the language it
/// is rendered in, every text from <c>Web/Resources/MailTexts.resx</c> (Vietnamese) or
/// <c>MailTexts.en.resx</c> (English); the <see cref="Mailer"/> sends each recipient the one in
/// their language. Links come from <see cref="Workflow.Activities.PublicLinks"/>.
/// </summary>
public static class MailTemplates
{
    /// <summary>To an approver: a proposal's nominees await your decision at a stage (one message per proposal, stage and wave).</summary>
    public static MailDraft ReviewRequest(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset dueAt) =>
        new(approver.Email, approver.Language, language => new MailContent(
            approver.Name,
            Subject(MailTexts.ReviewRequestSubject, Stage(stage, language), ProposalName(proposal), proposal.UnitName),
            [
                Texts.Format(MailTexts.Greeting, approver.Name),
                Texts.Format(proposal.Title is null ? MailTexts.ReviewRequestBody : MailTexts.ReviewRequestBodyTitled, proposal.UnitName, CampaignName(campaign, language), Stage(stage, language), proposal.Title),
                Texts.Format(MailTexts.Due, VietnameseText.FormatInstant(dueAt)),
            ],
            new MailLink(link, MailTexts.ReviewLink)));

    /// <summary>
    /// To an approver who already acted on a proposal's stage: more of its nominees reached the
    /// stage since, and wait for a decision (the page shows exactly those still waiting).
    /// </summary>
    public static MailDraft FollowUpRequest(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset dueAt) =>
        new(approver.Email, approver.Language, language => new MailContent(
            approver.Name,
            Subject(MailTexts.FollowUpSubject, Stage(stage, language), ProposalName(proposal), proposal.UnitName),
            [
                Texts.Format(MailTexts.Greeting, approver.Name),
                Texts.Format(MailTexts.FollowUpBody, proposal.UnitName, CampaignName(campaign, language), Stage(stage, language)),
                Texts.Format(MailTexts.Due, VietnameseText.FormatInstant(dueAt)),
            ],
            new MailLink(link, MailTexts.ReviewLink)));

    /// <summary>
    /// To the organiser: a nomination's workflow stopped at a step that kept failing and waits for
    /// them to retry it. Organisers work through the API, so the link is the nomination's API resource.
    /// </summary>
    public static MailDraft NeedsAttention(string organiserEmail, Nomination n, WorkflowAttention attention, Uri nominationInApi) =>
        new(organiserEmail, null, language => new MailContent(
            MailTexts.Organisers,
            Subject(MailTexts.NeedsAttentionSubject, n.NomineeName),
            [
                Texts.Format(MailTexts.NeedsAttentionBody, n.NomineeName, n.UnitName, attention.Step, VietnameseText.FormatInstant(attention.Since), attention.Error),
                Texts.Format(MailTexts.NeedsAttentionRetry, n.Id),
            ],
            new MailLink(nominationInApi, MailTexts.NominationInApiLink)));

    /// <summary>To a colleague an approver delegated to: the proposal awaits their decision, with a link of their own.</summary>
    public static MailDraft DelegatedReview(Delegation delegation, string fromName, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link) =>
        new(delegation.ToEmail, delegation.ToLanguage, language => new MailContent(
            delegation.ToName,
            Subject(MailTexts.DelegatedSubject, Stage(stage, language), ProposalName(proposal)),
            [
                Texts.Format(MailTexts.Greeting, delegation.ToName),
                Texts.Format(MailTexts.DelegatedBody, fromName, delegation.FromEmail, Stage(stage, language), proposal.UnitName, CampaignName(campaign, language)),
                .. delegation.Note is { } note ? [Texts.Format(MailTexts.DelegatedNote, note)] : Array.Empty<string>(),
            ],
            new MailLink(link, MailTexts.ReviewLink)));

    /// <summary>To an approver: a reminder as the stage's deadline nears, with the same link.</summary>
    public static MailDraft Reminder(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset dueAt) =>
        new(approver.Email, approver.Language, language => new MailContent(
            approver.Name,
            Subject(MailTexts.ReminderSubject, Stage(stage, language), VietnameseText.FormatInstant(dueAt), ProposalName(proposal)),
            [
                Texts.Format(MailTexts.Greeting, approver.Name),
                Texts.Format(MailTexts.ReminderBody, proposal.UnitName, CampaignName(campaign, language), Stage(stage, language), VietnameseText.FormatInstant(dueAt)),
            ],
            new MailLink(link, MailTexts.ReviewLink)));

    /// <summary>To the escalation contact and the organiser: a stage's deadline passed without a decision.</summary>
    public static MailDraft Escalation(Approver person, Proposal proposal, Campaign campaign, StageDefinition stage, IReadOnlyList<Approver> approvers, DateTimeOffset dueAt) =>
        new(person.Email, person.Language, language => new MailContent(
            person.Name,
            Subject(MailTexts.EscalationSubject, Stage(stage, language), ProposalName(proposal), proposal.UnitName),
            [
                Texts.Format(MailTexts.Greeting, person.Name),
                Texts.Format(MailTexts.EscalationBody, Stage(stage, language), proposal.UnitName, CampaignName(campaign, language), VietnameseText.FormatInstant(dueAt)),
                Texts.Format(MailTexts.EscalationApprovers, string.Join(", ", approvers.Select(a => Texts.Format(MailTexts.NameAndAddress, a.Name, a.Email)))),
            ]));

    /// <summary>To another approver of the stage: someone else decided, this link no longer decides those nominees.</summary>
    public static MailDraft DecidedByAnother(Approver approver, Proposal proposal, StageDefinition stage, StageDecision decision) =>
        new(approver.Email, approver.Language, language => new MailContent(
            approver.Name,
            Subject(MailTexts.DecidedSubject, Stage(stage, language), ProposalName(proposal)),
            [
                Texts.Format(MailTexts.Greeting, approver.Name),
                Texts.Format(MailTexts.DecidedBody, decision.ApproverName, decision.ApproverEmail, ProposalName(proposal), proposal.UnitName, Stage(stage, language), VietnameseText.FormatInstant(decision.DecidedAt)),
            ]));

    /// <summary>
    /// A nomination was withdrawn or cancelled: approvers of the open stage and the nominator are
    /// told (the nominator with a link to the nomination's page).
    /// </summary>
    public static MailDraft Closed(string toEmail, string toName, Language? language, Nomination n, Proposal proposal, DecisionOutcome outcome, string? reason, Uri? nominationPage = null) =>
        new(toEmail, language, _ => new MailContent(
            toName,
            Subject(outcome == DecisionOutcome.Withdraw ? MailTexts.WithdrawnSubject : MailTexts.CancelledSubject, n.NomineeName),
            [
                outcome == DecisionOutcome.Withdraw
                    ? Texts.Format(MailTexts.WithdrawnBody, proposal.UnitName, n.NomineeName)
                    : Texts.Format(MailTexts.CancelledBody, n.NomineeName),
                .. string.IsNullOrWhiteSpace(reason) ? Array.Empty<string>() : [Texts.Format(MailTexts.Reason, reason)],
                MailTexts.ClosedLinks,
            ],
            nominationPage is null ? null : new MailLink(nominationPage, MailTexts.NominationLink)));

    /// <summary>To the nominator: returned for supplement, with the reason and a link to the nomination's page.</summary>
    public static MailDraft Returned(Nomination n, StageDefinition stage, string reason, Uri nominationPage) =>
        new(n.NominatorEmail, null, language => new MailContent(
            n.UnitName,
            Subject(MailTexts.ReturnedSubject, n.NomineeName),
            [
                Texts.Format(MailTexts.ReturnedBody, n.NomineeName, Stage(stage, language)),
                Texts.Format(MailTexts.Reason, reason),
                MailTexts.ReturnedNext,
            ],
            new MailLink(nominationPage, MailTexts.NominationLink)));

    /// <summary>To the nominator: rejected as not qualified, with the reason and a link to the nomination's page.</summary>
    public static MailDraft Rejected(Nomination n, StageDefinition stage, string reason, Uri nominationPage) =>
        new(n.NominatorEmail, null, language => new MailContent(
            n.UnitName,
            Subject(MailTexts.RejectedSubject, n.NomineeName),
            [
                Texts.Format(MailTexts.RejectedBody, n.NomineeName, Stage(stage, language)),
                Texts.Format(MailTexts.Reason, reason),
            ],
            new MailLink(nominationPage, MailTexts.NominationLink)));

    /// <summary>To the nominator: approved by every stage and on the award list, with a link to the nomination's page.</summary>
    public static MailDraft Awarded(Nomination n, AwardDefinition award, Uri nominationPage) =>
        new(n.NominatorEmail, null, language => new MailContent(
            n.UnitName,
            Subject(MailTexts.AwardedSubject, n.NomineeName),
            [
                Texts.Format(
                    n.Kind == NomineeKind.Collective ? MailTexts.AwardedCollective : MailTexts.AwardedIndividual,
                    n.NomineeName,
                    n.UnitName,
                    language == Language.En ? award.NameEn : award.NameVi,
                    award.AwardingBody),
            ],
            new MailLink(nominationPage, MailTexts.NominationLink)));

    /// <summary>To a nominating unit: an award decision confers the award on nominees it proposed (one message per decision and unit).</summary>
    public static MailDraft DecisionIssued(string nominatorEmail, string unitName, AwardDecision decision, AwardDefinition award, IReadOnlyList<string> awardees, Uri workspace) =>
        new(nominatorEmail, null, language => new MailContent(
            unitName,
            Subject(MailTexts.DecisionIssuedSubject, decision.Number),
            [
                Texts.Format(MailTexts.DecisionIssuedBody, decision.AwardingBody, decision.Number, VietnameseText.FormatDate(decision.Date), language == Language.En ? award.NameEn : award.NameVi),
                .. awardees.Select(a => Texts.Format(MailTexts.DecisionIssuedAwardee, a)),
            ],
            new MailLink(workspace, MailTexts.WorkspaceLink)));

    /// <summary>To an approver whose campaign asks decisions to be confirmed: the one-time code for the decision they just sent.</summary>
    public static MailDraft DecisionCode(Approver approver, Proposal proposal, StageDefinition stage, string code, DateTimeOffset expiresAt, bool delegation) =>
        new(approver.Email, approver.Language, language => new MailContent(
            approver.Name,
            Subject(MailTexts.CodeSubject, code, Stage(stage, language), ProposalName(proposal)),
            [
                Texts.Format(MailTexts.Greeting, approver.Name),
                Texts.Format(delegation ? MailTexts.CodeForDelegation : MailTexts.CodeForDecision, Stage(stage, language), proposal.UnitName, code),
                Texts.Format(MailTexts.CodeUse, VietnameseText.FormatInstant(expiresAt)),
                MailTexts.CodeWarning,
            ]));

    /// <summary>To a nominator who asked to sign in: a link that works once, for a few minutes.</summary>
    public static MailDraft SignInLink(string email, string name, Uri link, DateTimeOffset expiresAt) =>
        new(email, null, _ => new MailContent(
            name,
            Subject(MailTexts.SignInSubject),
            [
                MailTexts.SignInAsked,
                Texts.Format(MailTexts.SignInValidity, VietnameseText.FormatInstant(expiresAt)),
            ],
            new MailLink(link, MailTexts.SignInLink)));

    // "[Khen thưởng] …" / "[Awards] …": every subject carries the product's tag, which mail rules filter on.
    private static string Subject(string format, params object?[] values) => Texts.Format(MailTexts.SubjectLine, Texts.Format(format, values));

    // Names configured in both languages are data: the campaign picks them, the resource files do not.
    private static string Stage(StageDefinition stage, Language language) => language == Language.En ? stage.NameEn : stage.NameVi;

    private static string CampaignName(Campaign campaign, Language language) => language == Language.En ? campaign.NameEn ?? campaign.Name : campaign.Name;

    private static string ProposalName(Proposal proposal) => proposal.Title ?? proposal.Id;
}
