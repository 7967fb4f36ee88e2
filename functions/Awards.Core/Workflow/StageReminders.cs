using System.Globalization;
using Awards.Domain;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow.Activities;

namespace Awards.Workflow;

/// <summary>Why an organiser's "remind again" was not sent.</summary>
public enum RemindRefusal
{
    /// <summary>No such nomination in the campaign.</summary>
    NotFound,

    /// <summary>The stage round is no longer open: decided, returned, withdrawn, moved on.</summary>
    NotOpen,

    /// <summary>The stage is open but its review link has expired: a reminder would carry a dead link.</summary>
    LinkExpired,
}

/// <summary>The answer to a "remind again": who was reminded, or why nobody was.</summary>
/// <param name="Reminded">The approvers mailed (empty when refused).</param>
/// <param name="Refusal">Why nothing was sent, or null.</param>
public sealed record RemindOutcome(IReadOnlyList<Approver> Reminded, RemindRefusal? Refusal);

/// <summary>
/// Reminding a stage's approvers: the one way a reminder mail is made — the same review link as
/// the stage's request (bound to proposal, stage, wave and approver, valid until the deadline plus
/// the campaign's link lifetime) in <see cref="MailTemplates.Reminder"/>. The workflow's reminder
/// (<see cref="RemindApprovers"/>) and an organiser's "remind again" on the dashboard both send it.
/// </summary>
public sealed class StageReminders(NominationStore nominations, CampaignStore campaigns, ProposalStore proposals, ReviewLinks links, PublicLinks urls, Mailer mailer, TimeProvider time)
{
    /// <summary>When a stage round's review links stop working: its deadline plus the campaign's link lifetime (escalation may still bring a late decision).</summary>
    public static DateTimeOffset LinkExpiresAt(DateTimeOffset dueAt, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return dueAt.AddHours(campaign.LinkLifetimeHours);
    }

    /// <summary>
    /// Queues the reminder to each approver of the stage for the nomination's province, once per
    /// <paramref name="occasion"/> (part of each mail's idempotency key: the workflow's reminder
    /// number, or the instant of an organiser's request). Returns the approvers.
    /// </summary>
    public static async Task<IReadOnlyList<Approver>> SendAsync(
        ReviewLinks links, PublicLinks urls, Mailer mailer, Nomination n, Campaign campaign, StageDefinition stage, Proposal proposal, DateTimeOffset dueAt, DateTimeOffset linkExpiresAt, string occasion, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(mailer);
        ArgumentNullException.ThrowIfNull(n);
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(stage);
        var approvers = campaign.ApproversFor(stage, n.ProvinceCode);
        foreach (var approver in approvers)
        {
            var token = links.Issue(new ReviewLinkClaims(n.CampaignId, n.ProposalId, stage.Code, n.Wave, approver.Email, linkExpiresAt));
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.ProposalId}|{stage.Code}|wave {n.Wave}|{approver.Email}|{occasion}"),
                MailTemplates.Reminder(approver, proposal, campaign, stage, urls.Review(token), dueAt), ct);
        }

        return approvers;
    }

    /// <summary>
    /// An organiser reminds the approvers of an open stage again (the dashboard's button for an
    /// overdue stage): refused unless the nomination still waits at <paramref name="stage"/> in
    /// <paramref name="round"/> undecided and its link still works; otherwise the reminder is
    /// recorded in the nomination's audit (by the organiser) and mailed with the round's own link.
    /// </summary>
    public async Task<RemindOutcome> RemindAgainAsync(string campaignId, string nominationId, string stage, int round, string by, CancellationToken ct)
    {
        var n = await nominations.FindAsync(nominationId, ct);
        if (n is null || n.CampaignId != campaignId)
        {
            return new([], RemindRefusal.NotFound);
        }

        if (n.Status != NominationStatus.InReview || n.CurrentStage != stage || n.Round != round || n.DueAt is not { } due
            || await nominations.FindClaimAsync(n.Id, stage, round, ct) is not null)
        {
            return new([], RemindRefusal.NotOpen);
        }

        // The round keeps the configuration it opened under: its approvers, its link lifetime.
        var campaign = await campaigns.ForRoundAsync(n, 0, ct);
        if (campaign.FindStage(stage) is not { } definition)
        {
            return new([], RemindRefusal.NotOpen);
        }

        var now = time.GetUtcNow();
        var expires = LinkExpiresAt(due, campaign);
        if (expires <= now)
        {
            return new([], RemindRefusal.LinkExpired);
        }

        var occasion = string.Create(CultureInfo.InvariantCulture, $"reminder again {now.UtcTicks}");
        var approvers = campaign.ApproversFor(definition, n.ProvinceCode);
        await nominations.ApplyAsync(n.Id, x => x, new AuditEntry(now, by, AuditActions.Reminded, stage, null,
            $"reminded again by an organiser; due {VietnameseText.FormatInstant(due)}; to {string.Join(", ", approvers.Select(a => a.Email))}"),
            string.Create(CultureInfo.InvariantCulture, $"remind-again|{stage}|{round}|{now.UtcTicks}"), ct);
        var proposal = await proposals.GetAsync(n.ProposalId, ct);
        return new(await SendAsync(links, urls, mailer, n, campaign, definition, proposal, due, expires, occasion, ct), null);
    }
}
