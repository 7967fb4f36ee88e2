using System.Globalization;
using System.Text.Json;
using Awards.Domain;
using Awards.Storage;
using Awards.Web;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Awards.Workflow;

/// <summary>
/// How a stored change reaches its nomination's workflow — the one implementation of
/// "claim, raise, mark delivered" that the review page, the nomination and proposal endpoints and
/// the redelivery sweep all use. A change that owes the workflow an event (a claimed decision, a
/// resubmission, the end of a returned nomination) stores, in the same batch, a mark that the
/// event is undelivered; the caller raises the event and clears the mark. If the process dies in
/// between, the mark stays, and <see cref="RedeliverAsync"/> — a sweep every 15 s: a background
/// service in the runner, a timer function in Azure — raises it after <see cref="Grace"/>. It
/// finds the marks through <see cref="DeliveryIndex"/>, noted just before each change and removed
/// once its event is raised, so it reads the short range of what is in flight or was left by a
/// dead process, instead of scanning the nominations. A second copy of an event
/// is harmless: the workflow takes a decision only for its open stage round, and a resubmission
/// only for the return it answers.
/// </summary>
public sealed partial class EventDelivery(NominationStore nominations, DeliveryIndex index, TimeProvider time, ILogger<EventDelivery> logger)
{
    /// <summary>How old a mark must be before the sweep treats its event as lost (a live request raises it within this).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    // Entries handled per sweep round; the rest wait for the next (15 s later).
    private const int SweepBatch = 500;

    /// <summary>
    /// Claims the decision of a nominee's stage round and, if it won, hands it to the workflow.
    /// Null when the round is not the open one; otherwise whether this claim won and the winning decision.
    /// </summary>
    public async Task<(bool Won, StageDecision Decision)?> ClaimAsync(DurableTaskClient client, string nominationId, StageDecision decision, string? seen, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(decision);
        var entry = await index.NoteAsync(nominationId, time.GetUtcNow(), ct);
        var claimed = await nominations.ClaimDecisionAsync(nominationId, decision, seen, ct);
        if (claimed is { Won: true })
        {
            var pending = Pending(decision);
            await client.RaiseEventAsync(nominationId, WorkflowEvents.StageDecided, decision, ct);

            // Raised: the mark and the index entry go together (two writes in parallel). Should the
            // mark's removal fail, the event has still been raised; a later raise of it changes nothing.
            await Task.WhenAll(nominations.EventDeliveredAsync(nominationId, pending, ct), index.RemoveAsync([entry], ct));
            return claimed;
        }

        // Nothing of ours to raise: the entry has done its work (a dead process leaves it for the sweep).
        await index.RemoveAsync([entry], ct);
        return claimed;
    }

    /// <summary>
    /// Applies a change that owes the workflow a resubmission event (a resubmission, or the end
    /// of a returned nomination) with its audit row and undelivered mark in one batch, then raises it.
    /// </summary>
    /// <returns>The nomination after the change, and whether this call applied it.</returns>
    public async Task<(Nomination Nomination, bool Applied)> ApplyAndRaiseAsync(
        DurableTaskClient client,
        string nominationId,
        Func<Nomination, Nomination> change,
        AuditEntry audit,
        string stepKey,
        Resubmission resubmission,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var pending = Pending(resubmission);
        var entry = await index.NoteAsync(nominationId, time.GetUtcNow(), ct);
        var (n, applied) = await nominations.ApplyAsync(nominationId, change, audit, stepKey, ct, pending);
        if (applied)
        {
            await RaiseAsync(client, nominationId, pending, ct);
        }

        await index.RemoveAsync([entry], ct);
        return (n, applied);
    }

    /// <summary>
    /// Raises every event still marked undelivered for one nomination, now (an endpoint's retry
    /// after the caller saw no effect). Returns how many.
    /// </summary>
    public async Task<int> RedeliverNowAsync(DurableTaskClient client, string nominationId, CancellationToken ct)
    {
        var pending = await nominations.UndeliveredEventsAsync(nominationId, DateTimeOffset.MaxValue, ct);
        foreach (var p in pending)
        {
            await RaiseAsync(client, nominationId, p, ct);
        }

        return pending.Count;
    }

    /// <summary>Raises the events of changes stored but never handed to their workflow; returns how many.</summary>
    public async Task<int> RedeliverAsync(DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var cutoff = time.GetUtcNow() - Grace;
        var delivered = 0;
        var done = new List<string>();
        foreach (var group in (await index.NotedBeforeAsync(cutoff, SweepBatch, ct)).GroupBy(e => e.NominationId, StringComparer.Ordinal))
        {
            try
            {
                foreach (var pending in await nominations.UndeliveredEventsAsync(group.Key, cutoff, ct))
                {
                    await RaiseAsync(client, group.Key, pending, ct);
                    LogRedelivered(logger, group.Key, pending.EventName ?? WorkflowEvents.StageDecided, pending.Key);
                    delivered++;
                }

                // Marks newer than the cutoff have index entries of their own, noted later.
                done.AddRange(group.Select(e => e.Entry));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // This nomination's entries stay for the next round; the others go on.
                LogNotRedelivered(logger, group.Key, e);
            }
        }

        await index.RemoveAsync(done, ct);
        return delivered;
    }

    private async Task RaiseAsync(DurableTaskClient client, string nominationId, PendingEvent pending, CancellationToken ct)
    {
        var name = pending.EventName ?? WorkflowEvents.StageDecided;
        object payload = name == WorkflowEvents.Resubmitted
            ? JsonSerializer.Deserialize<Resubmission>(pending.PayloadJson, AwardsJson.Options)!
            : JsonSerializer.Deserialize<StageDecision>(pending.PayloadJson, AwardsJson.Options)!;
        await client.RaiseEventAsync(nominationId, name, payload, ct);
        await nominations.EventDeliveredAsync(nominationId, pending, ct);
    }

    private static PendingEvent Pending(StageDecision decision) =>
        new(NominationStore.ClaimKey(decision.Stage, decision.Round), null, JsonSerializer.Serialize(decision, AwardsJson.Options), decision.DecidedAt);

    private static PendingEvent Pending(Resubmission resubmission) =>
        new(string.Create(CultureInfo.InvariantCulture, $"resubmit|{resubmission.ReturnedRound:D4}|{resubmission.Attempt}"), WorkflowEvents.Resubmitted, JsonSerializer.Serialize(resubmission, AwardsJson.Options), resubmission.At);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not redeliver the events of nomination {NominationId}; the next sweep tries again")]
    private static partial void LogNotRedelivered(ILogger logger, string nominationId, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redelivered the lost {EventName} event of nomination {NominationId} ({Key})")]
    private static partial void LogRedelivered(ILogger logger, string nominationId, string eventName, string key);
}
