using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Microsoft.DurableTask;

namespace Awards.Workflow.Activities;

// Activities run at least once. Each is idempotent: state changes are keyed by the workflow
// step (NominationStore.ApplyAsync), mail by an idempotency key (Mailer.SendOnceAsync), and
// links are derived from the step's inputs so a second run makes the same link.
// Each exposes RunAsync(input) so the Functions app's [ActivityTrigger] adapters call the same code.

/// <summary>Reads the award's stage chain and checks the dossier against the checklist.</summary>
public sealed class PrepareReview(NominationStore nominations, CampaignStore campaigns) : TaskActivity<NominationWorkflowInput, ReviewPlan>
{
    /// <inheritdoc/>
    public override Task<ReviewPlan> RunAsync(TaskActivityContext context, NominationWorkflowInput input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<ReviewPlan> RunAsync(NominationWorkflowInput input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(PrepareReview), input.NominationId);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.GetVersionAsync(input.CampaignId, input.CampaignVersion, default);
        var award = campaign.FindAward(n.AwardCode) ?? throw new InvalidOperationException($"Award '{n.AwardCode}' is not in campaign {campaign.Id} v{campaign.Version}.");
        var documents = await nominations.ListDocumentsAsync(n.Id, default);
        var missing = DossierChecklist.Missing(campaign, n.Kind, documents);
        return new ReviewPlan([.. campaign.ChainOf(award)], [.. missing.Select(m => m.Type)]);
    }
}

/// <summary>
/// Opens a stage round for one nomination: records it, then makes sure each of the stage's
/// approvers has one email and one link for the proposal's wave at this stage. The first
/// nomination of the wave to arrive queues the message; the others find it queued.
/// Approvers come from the campaign's newest configuration, so changes apply to stages not yet opened.
/// </summary>
public sealed class OpenStage(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, ReviewLinks links, PublicLinks urls, Mailer mailer) : TaskActivity<OpenStageInput, StageOpened>
{
    /// <inheritdoc/>
    public override Task<StageOpened> RunAsync(TaskActivityContext context, OpenStageInput input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<StageOpened> RunAsync(OpenStageInput input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(OpenStage), input.NominationId, stage: input.Stage);
        var current = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        AwardsTelemetry.Tag(proposalId: current.ProposalId);
        var latest = await campaigns.FindAsync(current.CampaignId, default) ?? throw new KeyNotFoundException(current.CampaignId);
        var pinned = await campaigns.GetVersionAsync(current.CampaignId, input.CampaignVersion, default);
        var stage = latest.FindStage(input.Stage) ?? pinned.FindStage(input.Stage) ?? throw new InvalidOperationException($"Stage '{input.Stage}' is not configured.");
        var approvers = latest.ApproversFor(stage, current.ProvinceCode);
        if (approvers.Count == 0)
        {
            throw new InvalidOperationException($"Stage '{stage.Code}' has no approver for province '{current.ProvinceCode}'.");
        }

        // The stage's clock: working days from the opening; after a return it resumes where it paused.
        var calendar = WorkingCalendar.For(latest);
        DateTimeOffset dueAt;
        int used;
        if (current.Round == input.Round && current.CurrentStage == input.Stage && current.DueAt is { } stored)
        {
            // This step ran before (activities run at least once): keep what it decided.
            (dueAt, used) = (stored, current.StageDaysUsed);
        }
        else
        {
            used = 0;
            if (await nominations.FindClaimAsync(current.Id, input.Stage, input.Round - 1, default) is { Outcome: DecisionOutcome.Return } returned
                && current.CurrentStage == input.Stage && current.StageOpenedAt is { } previousOpening)
            {
                used = current.StageDaysUsed + calendar.WorkingDaysUsed(previousOpening, returned.DecidedAt);
            }

            var remaining = stage.DeadlineWorkingDays - used;
            dueAt = remaining > 0 ? calendar.DueAt(input.OpenedAt, remaining) : input.OpenedAt;
        }

        var step = string.Create(CultureInfo.InvariantCulture, $"open|{input.Stage}|{input.Round}");
        var (n, _) = await nominations.ApplyAsync(
            input.NominationId,
            x => x with { Status = NominationStatus.InReview, CurrentStage = input.Stage, Round = input.Round, StageOpenedAt = input.OpenedAt, StageDaysUsed = used, DueAt = dueAt },
            new AuditEntry(input.OpenedAt, "system", AuditActions.StageOpened, input.Stage, null,
                string.Create(CultureInfo.InvariantCulture, $"round {input.Round}; wave {current.Wave}; due {VietnameseText.FormatInstant(dueAt)} ({stage.DeadlineWorkingDays - used} working days left); approvers (campaign v{latest.Version}): {string.Join(", ", approvers.Select(a => a.Email))}")
                + string.Concat(calendar.Warnings(input.OpenedAt, dueAt).Select(w => "; " + w))),
            step,
            default);

        var proposal = await proposals.FindAsync(n.ProposalId, default) ?? throw new KeyNotFoundException(n.ProposalId);

        // Links work until the deadline plus a margin: escalation may bring a late decision.
        var expiresAt = dueAt.AddHours(latest.LinkLifetimeHours);
        foreach (var approver in approvers)
        {
            var token = links.Issue(new ReviewLinkClaims(n.CampaignId, n.ProposalId, input.Stage, n.Wave, approver.Email, expiresAt));
            var mail = MailTemplates.ReviewRequest(approver, proposal, latest, stage, urls.Review(token), dueAt);
            await mailer.SendOnceAsync(string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{input.Stage}|wave {n.Wave}|{approver.Email}"), mail, default);
        }

        return new StageOpened(approvers.Count, dueAt, WorkingCalendar.ReminderInstants(input.OpenedAt, dueAt, stage.RemindAt), expiresAt);
    }
}

/// <summary>Tells the nominator of a return or reject, with the written reason.</summary>
public sealed class TellNominator(NominationStore nominations, CampaignStore campaigns, PublicLinks urls, Mailer mailer) : TaskActivity<NominatorNotice, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, NominatorNotice input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(NominatorNotice input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(TellNominator), input.NominationId, stage: input.Decision.Stage, decision: input.Decision.Outcome);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.GetVersionAsync(n.CampaignId, input.CampaignVersion, default);
        var d = input.Decision;
        var stage = campaign.FindStage(d.Stage) ?? throw new InvalidOperationException($"Stage '{d.Stage}' is not configured.");
        var mail = d.Outcome == DecisionOutcome.Reject
            ? MailTemplates.Rejected(n, stage, d.Reason ?? string.Empty, urls.Nomination(n.Id))
            : MailTemplates.Returned(n, stage, d.Reason ?? string.Empty, urls.Nomination(n.Id));
        await mailer.SendOnceAsync(string.Create(CultureInfo.InvariantCulture, $"{n.Id}|notice|{d.Stage}|{d.Round}"), mail, default);
        return true;
    }
}

/// <summary>Sends a dossier that still lacks required documents back to the nominator.</summary>
public sealed class ReturnIncompleteDossier(NominationStore nominations, CampaignStore campaigns, PublicLinks urls, Mailer mailer) : TaskActivity<IncompleteDossier, bool>
{
    /// <summary>The pseudo-stage name used in the history for the completeness check.</summary>
    public const string DossierCheck = "dossier-check";

    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, IncompleteDossier input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(IncompleteDossier input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(ReturnIncompleteDossier), input.NominationId, stage: DossierCheck);
        var current = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.GetVersionAsync(current.CampaignId, input.CampaignVersion, default);
        var labels = campaign.Documents.Where(d => input.MissingDocuments.Contains(d.Type)).Select(d => $"{d.LabelVi} ({d.LabelEn})");
        var reason = "Hồ sơ còn thiếu / Missing documents: " + string.Join("; ", labels);
        var step = string.Create(CultureInfo.InvariantCulture, $"incomplete|{input.At.UtcTicks}");
        var (n, _) = await nominations.ApplyAsync(
            input.NominationId,
            x => x with { Status = NominationStatus.Returned, LastReason = reason },
            new AuditEntry(input.At, "system", AuditActions.Returned, DossierCheck, reason),
            step,
            default);
        var stage = new StageDefinition { Code = DossierCheck, NameVi = "Kiểm tra hồ sơ", NameEn = "dossier check" };
        await mailer.SendOnceAsync($"{n.Id}|{step}", MailTemplates.Returned(n, stage, reason, urls.Nomination(n.Id)), default);
        return true;
    }
}

/// <summary>Adds the approved nominee to the campaign's award list and tells the nominator.</summary>
public sealed class AddToAwardList(NominationStore nominations, CampaignStore campaigns, AwardListStore awardList, NomineeIndex nominees, PublicLinks urls, Mailer mailer) : TaskActivity<AwardInput, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, AwardInput input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(AwardInput input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(AddToAwardList), input.NominationId);
        var current = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.GetVersionAsync(current.CampaignId, input.CampaignVersion, default);
        var award = campaign.FindAward(current.AwardCode) ?? throw new InvalidOperationException($"Award '{current.AwardCode}' is not configured.");

        // The list entry first (an idempotent upsert), then the status: a nomination never
        // shows "awarded" without being on the list.
        var entry = new AwardListEntry
        {
            CampaignId = current.CampaignId,
            AwardCode = award.Code,
            AwardName = award.NameVi,
            AwardingBody = award.AwardingBody,
            NominationId = current.Id,
            Kind = current.Kind,
            NomineeName = current.NomineeName,
            DateOfBirth = current.DateOfBirth,
            Position = current.Position,
            UnitName = current.UnitName,
            ProvinceCode = current.ProvinceCode,
            AwardedAt = input.AwardedAt,
        };
        await awardList.AddAsync(entry, default);

        // Later campaigns must find this award when the same person is nominated again (Law 06/2022).
        await nominees.IndexAwardAsync(entry, default);
        var (n, _) = await nominations.ApplyAsync(
            input.NominationId,
            x => x with { Status = NominationStatus.Awarded },
            new AuditEntry(input.AwardedAt, "system", AuditActions.Awarded, current.CurrentStage, null, award.NameVi),
            "awarded",
            default);
        await mailer.SendOnceAsync($"{n.Id}|awarded", MailTemplates.Awarded(n, award, urls.Nomination(n.Id)), default);
        return true;
    }
}

/// <summary>
/// Reminds a stage's approvers (the same link again) as the deadline nears. One reminder per
/// proposal, stage, wave and alarm, however many of the proposal's nominees still wait.
/// </summary>
public sealed class RemindApprovers(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, ReviewLinks links, PublicLinks urls, Mailer mailer) : TaskActivity<StageAlarm, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, StageAlarm input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(StageAlarm input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(RemindApprovers), input.NominationId, stage: input.Stage);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.FindAsync(n.CampaignId, default) ?? throw new KeyNotFoundException(n.CampaignId);
        var stage = campaign.FindStage(input.Stage) ?? throw new InvalidOperationException($"Stage '{input.Stage}' is not configured.");
        var proposal = await proposals.FindAsync(n.ProposalId, default) ?? throw new KeyNotFoundException(n.ProposalId);
        await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(input.At, "system", AuditActions.Reminded, input.Stage, null,
            string.Create(CultureInfo.InvariantCulture, $"reminder {input.Number}; due {VietnameseText.FormatInstant(input.Opened.DueAt)}")),
            string.Create(CultureInfo.InvariantCulture, $"remind|{input.Stage}|{input.Round}|{input.Number}"), default);
        foreach (var approver in campaign.ApproversFor(stage, n.ProvinceCode))
        {
            var token = links.Issue(new ReviewLinkClaims(n.CampaignId, n.ProposalId, input.Stage, n.Wave, approver.Email, input.Opened.LinkExpiresAt));
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{input.Stage}|wave {n.Wave}|{approver.Email}|reminder {input.Number}"),
                MailTemplates.Reminder(approver, proposal, campaign, stage, urls.Review(token), input.Opened.DueAt), default);
        }

        return true;
    }
}

/// <summary>
/// The deadline passed with no decision: the stage's escalation contact and the organiser are
/// told. Nothing is approved or rejected automatically; the approvers' links keep working.
/// </summary>
public sealed class EscalateStage(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, Mailer mailer) : TaskActivity<StageAlarm, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, StageAlarm input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(StageAlarm input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(EscalateStage), input.NominationId, stage: input.Stage);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.FindAsync(n.CampaignId, default) ?? throw new KeyNotFoundException(n.CampaignId);
        var stage = campaign.FindStage(input.Stage) ?? throw new InvalidOperationException($"Stage '{input.Stage}' is not configured.");
        var proposal = await proposals.FindAsync(n.ProposalId, default) ?? throw new KeyNotFoundException(n.ProposalId);
        var approvers = campaign.ApproversFor(stage, n.ProvinceCode);
        var told = new List<Approver>();
        if (stage.EscalationContact is { } contact)
        {
            told.Add(contact);
        }

        if (campaign.OrganiserEmail is { } organiser)
        {
            told.Add(new Approver(organiser, "Ban tổ chức / Organisers"));
        }

        await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(input.At, "system", AuditActions.Escalated, input.Stage, null,
            $"due {VietnameseText.FormatInstant(input.Opened.DueAt)} passed; told {string.Join(", ", told.Select(t => t.Email))}"),
            string.Create(CultureInfo.InvariantCulture, $"escalate|{input.Stage}|{input.Round}"), default);
        foreach (var person in told)
        {
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{input.Stage}|wave {n.Wave}|{person.Email}|escalation"),
                MailTemplates.Escalation(person, proposal, campaign, stage, approvers, input.Opened.DueAt), default);
        }

        return true;
    }
}

/// <summary>After a decision at a stage with several approvers: the others are told who decided; their links no longer decide this nominee.</summary>
public sealed class TellOtherApprovers(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, Mailer mailer) : TaskActivity<NominatorNotice, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, NominatorNotice input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(NominatorNotice input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(TellOtherApprovers), input.NominationId, stage: input.Decision.Stage, decision: input.Decision.Outcome);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.FindAsync(n.CampaignId, default) ?? throw new KeyNotFoundException(n.CampaignId);
        var d = input.Decision;
        var stage = campaign.FindStage(d.Stage) ?? throw new InvalidOperationException($"Stage '{d.Stage}' is not configured.");
        var proposal = await proposals.FindAsync(n.ProposalId, default) ?? throw new KeyNotFoundException(n.ProposalId);
        foreach (var other in campaign.ApproversFor(stage, n.ProvinceCode).Where(a => !string.Equals(a.Email, d.ApproverEmail, StringComparison.OrdinalIgnoreCase)))
        {
            // One message per proposal, wave and decider, not one per nominee.
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{d.Stage}|wave {d.Wave}|{other.Email}|decided by {d.ApproverEmail}"),
                MailTemplates.DecidedByAnother(other, proposal, stage, d), default);
        }

        return true;
    }
}

/// <summary>Ends a withdrawn or cancelled nomination: approvers of the open stage and the nominator are told; the links no longer decide it.</summary>
public sealed class CloseNomination(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, PublicLinks urls, Mailer mailer) : TaskActivity<Closing, bool>
{
    /// <inheritdoc/>
    public override Task<bool> RunAsync(TaskActivityContext context, Closing input) => RunAsync(input);

    /// <summary>Runs the step.</summary>
    public async Task<bool> RunAsync(Closing input)
    {
        using var span = AwardsTelemetry.StartStep(nameof(CloseNomination), input.NominationId, stage: input.Stage, decision: input.Outcome);
        var n = await nominations.FindAsync(input.NominationId, default) ?? throw new KeyNotFoundException(input.NominationId);
        var campaign = await campaigns.FindAsync(n.CampaignId, default) ?? throw new KeyNotFoundException(n.CampaignId);
        var proposal = await proposals.FindAsync(n.ProposalId, default) ?? throw new KeyNotFoundException(n.ProposalId);
        var key = string.Create(CultureInfo.InvariantCulture, $"{n.Id}|closed|{input.Outcome}");
        if (input.Stage is not null && campaign.FindStage(input.Stage) is { } stage)
        {
            foreach (var approver in campaign.ApproversFor(stage, n.ProvinceCode))
            {
                await mailer.SendOnceAsync($"{key}|{approver.Email}", MailTemplates.Closed(approver.Email, approver.Name, approver.Language, n, proposal, input.Outcome, input.Reason), default);
            }
        }

        await mailer.SendOnceAsync($"{key}|nominator", MailTemplates.Closed(n.NominatorEmail, n.UnitName, null, n, proposal, input.Outcome, input.Reason, urls.Nomination(n.Id)), default);
        return true;
    }
}
