using Awards.Domain;
using Awards.Workflow.Activities;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Awards.Workflow;

/// <summary>What an organiser's retry did.</summary>
public enum RetryOutcome
{
    /// <summary>The workflow was stopped for attention: it is told to run the stopped step again.</summary>
    Resumed,

    /// <summary>The workflow had failed outright: it was started again at the stage round it was in, keeping every decision.</summary>
    Restarted,

    /// <summary>The workflow has not stopped: there is nothing to retry (nothing was changed).</summary>
    NothingToRetry,
}

/// <summary>
/// An organiser's retry of a nomination's workflow that stopped: the one rule for
/// <c>POST /api/nominations/{id}/retry</c> and the console's retry button. The caller has already
/// found the nomination and checked that an organiser of its campaign asks.
/// </summary>
public sealed class WorkflowRetries(TimeProvider time)
{
    /// <summary>
    /// A workflow stopped for attention goes on from the step that stopped; one that ended in
    /// failure outright is started again at the stage round it was in, keeping every decision made.
    /// </summary>
    public async Task<RetryOutcome> RetryAsync(Nomination nomination, string by, DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(nomination);
        ArgumentNullException.ThrowIfNull(client);
        if (nomination.Attention is { } attention)
        {
            await client.RaiseEventAsync(nomination.Id, WorkflowEvents.RetryRequested, new RetryRequest(attention.Number, by, time.GetUtcNow()), ct);
            return RetryOutcome.Resumed;
        }

        var instance = nomination.IsFinal || nomination.Status == NominationStatus.Draft ? null : await client.GetInstanceAsync(nomination.Id, ct);
        if (instance is { RuntimeStatus: OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated })
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(NominationOrchestration),
                new NominationWorkflowInput(nomination.Id, nomination.CampaignId, nomination.CampaignVersion,
                    new ResumePoint(nomination.Round > 0 ? nomination.CurrentStage : null, nomination.Round, nomination.DossierReturns, 0)),
                new StartOrchestrationOptions(nomination.Id) { Version = WorkflowVersions.Current },
                ct);
            return RetryOutcome.Restarted;
        }

        return RetryOutcome.NothingToRetry;
    }
}
