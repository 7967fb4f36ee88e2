using Awards.Domain;
using Awards.Storage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Awards.Workflow;

/// <summary>
/// Closes the one window in which a decision could be lost: the review page (or a withdrawal)
/// claimed the decision in storage, then the process died before raising its event, so the
/// workflow would wait forever while the page tells everyone it was decided. The claim batch
/// marks the decision undelivered; the caller clears the mark once the event is raised. This
/// sweep raises the event again for every mark older than <see cref="Grace"/> and clears it.
/// A second copy of an event is harmless: the workflow takes a decision only for the open
/// stage round, and rounds only grow. Run by a background service in the runner and a timer
/// function in Azure.
/// </summary>
public sealed partial class DecisionRedelivery(NominationStore nominations, TimeProvider time, ILogger<DecisionRedelivery> logger)
{
    /// <summary>How old a mark must be before the sweep treats its event as lost (a live request raises it within this).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>Raises the events of decisions claimed but never delivered; returns how many.</summary>
    public async Task<int> RedeliverAsync(DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var delivered = 0;
        await foreach (var (id, decision) in nominations.UndeliveredDecisionsAsync(time.GetUtcNow() - Grace, ct))
        {
            // A failure leaves the mark for the next sweep.
            await client.RaiseEventAsync(id, WorkflowEvents.StageDecided, decision, ct);
            await nominations.DecisionDeliveredAsync(id, decision, ct);
            LogRedelivered(logger, id, decision.Stage, decision.Round, decision.Outcome);
            delivered++;
        }

        return delivered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redelivered the lost decision event of nomination {NominationId}: {Stage} round {Round} {Outcome}")]
    private static partial void LogRedelivered(ILogger logger, string nominationId, string stage, int round, DecisionOutcome outcome);
}
