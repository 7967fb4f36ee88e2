using System.Globalization;
using Awards.Domain;
using Awards.Mail;
using Awards.Storage;
using Microsoft.Extensions.Logging;

namespace Awards.Workflow.Activities;

/// <summary>
/// A step kept failing after its retries: the nomination is marked "needs attention" with the
/// error, its history says so, and the campaign's organiser is told by mail. The workflow then
/// waits for an organiser to retry it (<c>POST /api/nominations/{id}/retry</c>); nothing decided is lost.
/// </summary>
public sealed partial class MarkNeedsAttention(NominationStore nominations, CampaignStore campaigns, PublicLinks urls, Mailer mailer, ILogger<MarkNeedsAttention> logger) : WorkflowStep<AttentionNeeded, bool>
{
    /// <summary>Longest error text kept.</summary>
    public const int MaxErrorLength = 1000;

    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(AttentionNeeded input)
    {
        var error = input.Error.Length > MaxErrorLength ? input.Error[..MaxErrorLength] : input.Error;
        LogStopped(logger, input.NominationId, input.Step, error);
        var attention = new WorkflowAttention(input.Step, error, input.At, input.Number);
        var (n, _) = await nominations.ApplyAsync(
            input.NominationId,
            x => x with { Attention = attention },
            new AuditEntry(input.At, "system", AuditActions.NeedsAttention, null, error, $"step {input.Step}; stop {input.Number}; waits for an organiser to retry"),
            string.Create(CultureInfo.InvariantCulture, $"attention|{input.Number}"),
            default);
        var campaign = await campaigns.FindAsync(n.CampaignId, default);
        if (campaign?.OrganiserEmail is { } organiser)
        {
            await mailer.SendOnceAsync(
                string.Create(CultureInfo.InvariantCulture, $"{n.Id}|attention {input.Number}"),
                MailTemplates.NeedsAttention(organiser, n, n.Attention ?? attention, urls.NominationInApi(n.Id)),
                default);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The workflow of nomination {NominationId} stopped at {Step} and needs attention: {Error}")]
    private static partial void LogStopped(ILogger logger, string nominationId, string step, string error);
}
