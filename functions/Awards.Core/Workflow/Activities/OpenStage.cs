using System.Globalization;
using Awards.Domain;
using Awards.Hosting;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow.Review;

namespace Awards.Workflow.Activities;

/// <summary>
/// Opens a stage round for one nomination: records it under the campaign's newest configuration
/// (which the round then keeps for everything in it), then makes sure each of the stage's
/// approvers has one email and one link for the proposal's wave at this stage — the first
/// nomination of the wave to arrive queues it, the others find it queued. A nomination that
/// arrives after an approver already acted on the wave sends them a follow-up request.
/// </summary>
public sealed class OpenStage(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, ReviewLinks links, PublicLinks urls, Mailer mailer, AlarmIndex alarms) : WorkflowStep<OpenStageInput, StageOpened>
{
    /// <inheritdoc/>
    protected override async Task<StageOpened> ExecuteAsync(OpenStageInput input)
    {
        AwardsTelemetry.Tag(stage: input.Stage);
        var current = await nominations.GetAsync(input.NominationId, default);
        AwardsTelemetry.Tag(proposalId: current.ProposalId);
        var step = string.Create(CultureInfo.InvariantCulture, $"open|{input.Stage}|{input.Round}");
        var ranBefore = current.Round == input.Round && current.CurrentStage == input.Stage && current.DueAt is not null && current.StageOpenedAt is not null;
        var campaign = ranBefore && current.StageCampaignVersion > 0
            ? await campaigns.GetVersionAsync(current.CampaignId, current.StageCampaignVersion, default)
            : await campaigns.FindAsync(current.CampaignId, default) ?? throw new KeyNotFoundException($"Campaign '{current.CampaignId}' does not exist.");
        var stage = campaign.FindStage(input.Stage)
            ?? (await campaigns.GetVersionAsync(current.CampaignId, input.CampaignVersion, default)).FindStage(input.Stage)
            ?? throw new InvalidOperationException($"Stage '{input.Stage}' is not configured.");
        var approvers = campaign.ApproversFor(stage, current.ProvinceCode);
        if (approvers.Count == 0)
        {
            throw new InvalidOperationException($"Stage '{stage.Code}' has no approver for province '{current.ProvinceCode}' in campaign {campaign.Id} v{campaign.Version}.");
        }

        var n = current;
        var calendar = WorkingCalendar.For(campaign);
        if (!ranBefore)
        {
            // The stage's clock: working days from the opening; after a return it resumes where it paused.
            var used = 0;
            if (await nominations.FindClaimAsync(current.Id, input.Stage, input.Round - 1, default) is { Outcome: DecisionOutcome.Return } returned
                && current.CurrentStage == input.Stage && current.StageOpenedAt is { } previousOpening)
            {
                used = current.StageDaysUsed + calendar.WorkingDaysUsed(previousOpening, returned.DecidedAt);
            }

            var remaining = stage.DeadlineWorkingDays - used;
            var dueAt = remaining > 0 ? calendar.DueAt(input.OpenedAt, remaining) : input.OpenedAt;

            // The stage the nomination leaves (approved there) took this many working days, its returns' pauses left out.
            var stageDays = current.StageDays;
            if (current.CurrentStage is { } previous && previous != input.Stage && current.StageOpenedAt is { } openedBefore
                && await nominations.FindClaimAsync(current.Id, previous, input.Round - 1, default) is { } left)
            {
                stageDays = new Dictionary<string, int>(current.StageDays, StringComparer.Ordinal) { [previous] = current.StageDaysUsed + calendar.WorkingDaysUsed(openedBefore, left.DecidedAt) };
            }

            // Applied once per stage round: a second run (with another clock) gets the first run's row back.
            (n, _) = await nominations.ApplyAsync(
                input.NominationId,
                x => x with
                {
                    Status = NominationStatus.InReview,
                    CurrentStage = input.Stage,
                    Round = input.Round,
                    StageOpenedAt = input.OpenedAt,
                    StageDaysUsed = used,
                    DueAt = dueAt,
                    StageCampaignVersion = campaign.Version,
                    StageDays = stageDays,
                },
                new AuditEntry(input.OpenedAt, "system", AuditActions.StageOpened, input.Stage, null,
                    string.Create(CultureInfo.InvariantCulture, $"round {input.Round}; wave {current.Wave}; due {VietnameseText.FormatInstant(dueAt)} ({stage.DeadlineWorkingDays - used} working days left); approvers (campaign v{campaign.Version}): {string.Join(", ", approvers.Select(a => a.Email))}")
                    + string.Concat(calendar.Warnings(input.OpenedAt, dueAt).Select(w => "; " + w))),
                step,
                default);
        }

        // Everything below follows what the round recorded, however often this step runs.
        var openedAt = n.StageOpenedAt ?? input.OpenedAt;
        var due = n.DueAt ?? input.OpenedAt;
        var proposal = await proposals.GetAsync(n.ProposalId, default);

        // Links work until the deadline plus a margin: escalation may bring a late decision.
        var expiresAt = StageReminders.LinkExpiresAt(due, campaign);
        foreach (var approver in approvers)
        {
            var token = links.Issue(new ReviewLinkClaims(n.CampaignId, n.ProposalId, input.Stage, n.Wave, approver.Email, expiresAt));
            var mail = MailTemplates.ReviewRequest(approver, proposal, campaign, stage, urls.Review(token), due);
            await mailer.SendOnceAsync(string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{input.Stage}|wave {n.Wave}|{approver.Email}"), mail, default);
        }

        // Read after this nomination's arrival was written: an approver whose decision POST marked
        // its act before reading what waits either saw this nomination waiting, or is told here.
        var acts = await proposals.ListActsAsync(n.ProposalId, input.Stage, n.Wave, default);
        if (acts.Count > 0)
        {
            var deciders = new StageApprovers(campaign, stage, n.ProvinceCode, await proposals.ListDelegationsAsync(n.ProposalId, input.Stage, n.Wave, default));
            foreach (var act in acts)
            {
                if (deciders.MayDecide(act.ApproverEmail) && deciders.Find(act.ApproverEmail) is { } approver)
                {
                    var token = links.Issue(new ReviewLinkClaims(n.CampaignId, n.ProposalId, input.Stage, n.Wave, approver.Email, expiresAt));
                    await mailer.SendOnceAsync(
                        FollowUpKey(n.ProposalId, act),
                        MailTemplates.FollowUpRequest(approver, proposal, campaign, stage, urls.Review(token), due),
                        default);
                    await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(openedAt, "system", AuditActions.FollowUpRequested, input.Stage, null,
                        $"{approver.Email} had acted on this proposal before this nomination reached the stage; a follow-up request went out"),
                        string.Create(CultureInfo.InvariantCulture, $"follow-up|{input.Stage}|{input.Round}|{act.ApproverEmail.ToLowerInvariant()}"), default);
                }
            }
        }

        var decided = await nominations.FindClaimAsync(n.Id, input.Stage, input.Round, default);
        var remindAt = WorkingCalendar.ReminderInstants(openedAt, due, stage.RemindAt);
        if (input.IndexAlarms && decided is null)
        {
            // The round's alarms go to the due-time index (the workflow holds no timer); from the
            // round's recorded times, so running this step again writes the same rows.
            await alarms.ScheduleAsync(n.Id, input.Stage, input.Round, [.. remindAt.Select((at, i) => (i + 1, at)), (0, due)], default);
        }

        return new StageOpened(approvers.Count, due, remindAt, expiresAt, campaign.Version, decided);
    }

    /// <summary>The one follow-up request per approver's act, whichever nomination (or the act itself) sends it.</summary>
    public static string FollowUpKey(string proposalId, ReviewAct act)
    {
        ArgumentNullException.ThrowIfNull(act);
        return string.Create(CultureInfo.InvariantCulture, $"{proposalId}|{act.Stage}|wave {act.Wave}|{act.ApproverEmail.ToLowerInvariant()}|follow-up {act.ActId}");
    }
}
