using System.Globalization;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Microsoft.DurableTask.Client;

namespace Awards.Workflow;

/// <summary>Why a resubmission, withdrawal or cancellation was refused; nothing was changed.</summary>
public enum ChangeRefusalKind
{
    /// <summary>Only a nomination returned for supplement can be resubmitted.</summary>
    NotReturned,

    /// <summary>The dossier still lacks required documents (<see cref="ChangeRefusal.Incomplete"/> names them).</summary>
    Incomplete,

    /// <summary>No written reason was given, or one longer than <see cref="WrittenReason.MaxLength"/>.</summary>
    ReasonRequired,

    /// <summary>The nomination changed between reading it and writing the change.</summary>
    ChangedMeanwhile,

    /// <summary>An approver decided the open stage first (<see cref="ChangeRefusal.Decision"/>).</summary>
    DecidedMeanwhile,

    /// <summary>Between two stages, or its review just starting: it can be tried again in a moment.</summary>
    NotSettled,

    /// <summary>Already decided or ended.</summary>
    Final,
}

/// <summary>A refused change: what kind, and what to do about it in English (the API's problem detail).</summary>
/// <param name="Kind">Why.</param>
/// <param name="Detail">What to do about it, in English.</param>
/// <param name="Incomplete">For <see cref="ChangeRefusalKind.Incomplete"/>: what is missing.</param>
/// <param name="Decision">For <see cref="ChangeRefusalKind.DecidedMeanwhile"/>: the decision that won.</param>
public sealed record ChangeRefusal(ChangeRefusalKind Kind, string Detail, SubmitRefusal? Incomplete = null, StageDecision? Decision = null);

/// <summary>The nomination after a change, or why the change was refused.</summary>
/// <param name="Nomination">The nomination as it is now, when the change was made (or found made).</param>
/// <param name="Refusal">Why not, otherwise.</param>
public sealed record ChangeResult(Nomination? Nomination, ChangeRefusal? Refusal);

/// <summary>
/// What a nominating unit (or an organiser) does to one nomination once it exists: resubmit it
/// after a return, withdraw it, cancel it. The rules live here once, for the API
/// (<c>/api/nominations/{id}/…</c>) and the nominee page (<c>/unit/nominations/{id}/…</c>) alike;
/// the caller has already found the nomination and checked who may act.
/// </summary>
public sealed class NominationChanges(
    CampaignStore campaigns,
    NominationStore nominations,
    ProposalStore proposals,
    Submissions submissions,
    EventDelivery delivery,
    TimeProvider time)
{
    /// <summary>
    /// Resubmits a nomination returned for supplement, its dossier checked against the campaign
    /// version it was submitted under. A resubmission whose event was not delivered (the process
    /// died in between) may be sent again: what it left undelivered is raised now.
    /// </summary>
    public async Task<ChangeResult> ResubmitAsync(Nomination nomination, string by, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nomination);
        if (nomination.Status == NominationStatus.InReview && await delivery.RedeliverNowAsync(client, nomination.Id, ct) > 0)
        {
            return new ChangeResult(nomination, null);
        }

        if (nomination.Status != NominationStatus.Returned)
        {
            return Refuse(ChangeRefusalKind.NotReturned, $"Only a nomination returned for supplement can be resubmitted; this one is {Describe(nomination.Status)}.");
        }

        var proposal = (await proposals.FindAsync(nomination.ProposalId, ct))!;
        var pinned = await campaigns.GetVersionAsync(nomination.CampaignId, nomination.CampaignVersion, ct);
        if (await submissions.CheckDossierAsync(pinned, proposal, [nomination], ct) is { } incomplete)
        {
            return new ChangeResult(null, new ChangeRefusal(ChangeRefusalKind.Incomplete, incomplete.Detail, Incomplete: incomplete));
        }

        await submissions.ResubmitAsync(proposal, [nomination], by, client, ct);
        return new ChangeResult((await nominations.FindAsync(nomination.Id, ct))!, null);
    }

    /// <summary>
    /// Ends a nomination not yet decided, with a written reason: <see cref="DecisionOutcome.Withdraw"/>
    /// (the nominating unit) or <see cref="DecisionOutcome.Cancel"/> (an organiser). A draft or a
    /// returned nomination ends at once (a returned one's workflow is told); one in review closes
    /// its open round through the same claim an approver's decision takes, so only one of the two wins.
    /// </summary>
    public async Task<ChangeResult> CloseAsync(Nomination nomination, Caller caller, DecisionOutcome outcome, string? reason, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nomination);
        ArgumentNullException.ThrowIfNull(caller);
        if (WrittenReasonOf(reason) is not { } written)
        {
            return Refuse(ChangeRefusalKind.ReasonRequired, $"Give a written reason (1–{WrittenReason.MaxLength} characters).");
        }

        var now = time.GetUtcNow();
        var (status, action) = outcome == DecisionOutcome.Withdraw ? (NominationStatus.Withdrawn, AuditActions.Withdrawn) : (NominationStatus.Cancelled, AuditActions.Cancelled);
        switch (nomination.Status)
        {
            case NominationStatus.Draft or NominationStatus.Returned:
                var was = nomination.Status;
                var returnedAt = nomination;
                try
                {
                    Nomination Close(Nomination n) => n.Status == was && n.Round == returnedAt.Round ? n with { Status = status, LastReason = written } : throw new NominationStateException("The nomination changed meanwhile; look at it again.");
                    var audit = new AuditEntry(now, caller.Email, action, nomination.CurrentStage, written);
                    var step = string.Create(CultureInfo.InvariantCulture, $"close|{nomination.Round}");

                    // A returned nomination's workflow waits for a resubmission: it is told the nomination ends instead.
                    var (closed, _) = was == NominationStatus.Returned
                        ? await delivery.ApplyAndRaiseAsync(client, nomination.Id, Close, audit, step,
                            new Resubmission(nomination.Round, caller.Email, now, outcome, written, nomination.Round == 0 ? nomination.DossierReturns : 0), ct)
                        : await nominations.ApplyAsync(nomination.Id, Close, audit, step, ct);
                    return new ChangeResult(closed, null);
                }
                catch (NominationStateException e)
                {
                    return Refuse(ChangeRefusalKind.ChangedMeanwhile, e.Message);
                }

            case NominationStatus.InReview when nomination.CurrentStage is { } stage && nomination.Round > 0:
                // The open round is closed through the same claim an approver's decision takes: one of the two wins.
                var closing = new StageDecision(stage, nomination.Round, outcome, written, caller.Email, caller.Email, now, nomination.Wave);
                var claimed = await delivery.ClaimAsync(client, nomination.Id, closing, null, ct);
                if (claimed is { Won: true })
                {
                    return new ChangeResult((await nominations.FindAsync(nomination.Id, ct))!, null);
                }

                return claimed is { } lost
                    ? new ChangeResult(null, new ChangeRefusal(
                        ChangeRefusalKind.DecidedMeanwhile,
                        $"{lost.Decision.ApproverName} ({lost.Decision.ApproverEmail}) decided this stage at {VietnameseText.FormatInstant(lost.Decision.DecidedAt)} (Vietnam time); look at the nomination again.",
                        Decision: lost.Decision))
                    : Refuse(ChangeRefusalKind.NotSettled, "The nomination is between two stages; try again in a moment.");

            case NominationStatus.InReview:
                return Refuse(ChangeRefusalKind.NotSettled, "The review is just starting; try again in a moment.");

            default:
                return Refuse(ChangeRefusalKind.Final, $"The nomination is {Describe(nomination.Status)}; only a nomination not yet decided can be {(outcome == DecisionOutcome.Withdraw ? "withdrawn" : "cancelled")}.");
        }
    }

    /// <summary>A withdrawal's or cancellation's reason as it is kept (NFC, trimmed), or null when there is none or it is longer than <see cref="WrittenReason.MaxLength"/>.</summary>
    public static string? WrittenReasonOf(string? reason) =>
        VietnameseText.Normalize(reason) is { Length: > 0 and <= WrittenReason.MaxLength } written ? written : null;

    /// <summary>A status in words, for problem details.</summary>
    public static string Describe(NominationStatus status) => status switch
    {
        NominationStatus.Draft => "still a draft",
        NominationStatus.InReview => "in review",
        NominationStatus.Returned => "returned for supplement",
        NominationStatus.Rejected => "rejected",
        NominationStatus.Withdrawn => "withdrawn",
        NominationStatus.Cancelled => "cancelled",
        NominationStatus.Revoked => "awarded, then revoked",
        _ => "awarded",
    };

    private static ChangeResult Refuse(ChangeRefusalKind kind, string detail) => new(null, new ChangeRefusal(kind, detail));
}

/// <summary>A change that the nomination's current state does not allow.</summary>
public sealed class NominationStateException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public NominationStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NominationStateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public NominationStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
