using Awards.Domain;
using Awards.Storage;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace Awards.Workflow;

/// <summary>What one sweep of the due-time index did.</summary>
/// <param name="Buckets">Minute buckets read (one query each).</param>
/// <param name="EntitiesRead">Rows those queries returned.</param>
/// <param name="Raised">Alarms raised to their workflows.</param>
/// <param name="Dropped">Rows removed without raising: their round was no longer open (decided, returned, ended).</param>
/// <param name="Filters">The queries run, in order: each names one partition.</param>
/// <param name="NextDue">The earliest moment a row already read falls due (or its claim lapses); null when none is known.</param>
public sealed record AlarmSweepReport(int Buckets, int EntitiesRead, int Raised, int Dropped, IReadOnlyList<string> Filters, DateTimeOffset? NextDue);

/// <summary>
/// The sweep of the due-time index (<see cref="AlarmIndex"/>): reads the minute buckets from the
/// cursor up to now, one partition per query, and hands each due alarm to its workflow the way
/// <see cref="EventDelivery"/> hands over decisions — claim (the row, under its ETag, for
/// <see cref="ClaimFor"/>), raise, delete (under the claim's ETag). A sweep that dies after
/// raising leaves the row claimed; once the claim lapses the next sweep raises it again, and the
/// workflow acts on each alarm once. A row whose round is no longer open (decided, returned,
/// withdrawn) is deleted without raising anything. Buckets with nothing left behind
/// <see cref="AlarmIndex.CursorLag"/> move the cursor on, so after an outage the sweep reads its
/// backlog bucket by bucket, oldest first, and every overdue stage escalates once. Its clock is
/// the app's <see cref="TimeProvider"/>. The runner runs it from <c>AlarmSweepService</c>, the
/// Functions app from a timer trigger.
/// </summary>
public sealed partial class StageAlarms(AlarmIndex index, NominationStore nominations, TimeProvider time, ILogger<StageAlarms> logger)
{
    /// <summary>How long a sweep holds a row it is raising: another sweep leaves it alone meanwhile.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(2);

    // Buckets read in one round; a longer backlog (an outage of hours) goes on in the next round, at once.
    private const int MaxBucketsPerRound = 180;

    private DateTimeOffset? cursor;

    /// <summary>Raises every alarm due by now; returns what it did and when it is next needed.</summary>
    public async Task<AlarmSweepReport> SweepAsync(DurableTaskClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        index.ForgetWrites();
        var now = time.GetUtcNow();
        var current = AlarmIndex.BucketOf(now);
        var lagged = AlarmIndex.BucketOf(now - AlarmIndex.CursorLag);

        // No cursor: nothing was ever written in this hub (writers create it first).
        var from = cursor ??= await index.ReadCursorAsync(ct) ?? lagged;
        var filters = new List<string>();
        var done = new List<(string, string, ETag)>();
        int entities = 0, raised = 0, dropped = 0;
        DateTimeOffset? next = null;
        DateTimeOffset? firstUnfinished = null;
        var bucket = from;
        for (; bucket <= current && filters.Count < MaxBucketsPerRound; bucket = bucket.AddMinutes(1))
        {
            filters.Add(index.BucketFilter(bucket));
            var rows = await index.ReadBucketAsync(bucket, ct);
            entities += rows.Count;
            var unfinished = false;
            foreach (var row in rows)
            {
                var due = row.GetDateTimeOffset("DueAt") ?? now;
                if (due > now || row.GetDateTimeOffset("ClaimedUntil") is { } claimed && claimed > now)
                {
                    var at = due > now ? due : row.GetDateTimeOffset("ClaimedUntil")!.Value;
                    next = next is { } n && n <= at ? n : at;
                    unfinished = true;
                    continue;
                }

                switch (await FireAsync(client, row, due, now, done, ct))
                {
                    case Fired.Raised: raised++; break;
                    case Fired.Dropped: dropped++; break;
                    default: unfinished = true; break;
                }
            }

            if (unfinished && firstUnfinished is null)
            {
                firstUnfinished = bucket;
            }
        }

        await index.RemoveAsync(done, ct);
        var more = bucket <= current;
        var advanceTo = Min(firstUnfinished ?? bucket, lagged);
        if (advanceTo > from)
        {
            await index.AdvanceCursorAsync(advanceTo, ct);
            cursor = advanceTo;
        }

        return new AlarmSweepReport(filters.Count, entities, raised, dropped, filters, more ? now : next);
    }

    private async Task<Fired> FireAsync(DurableTaskClient client, TableEntity row, DateTimeOffset due, DateTimeOffset now, List<(string, string, ETag)> done, CancellationToken ct)
    {
        var nominationId = row.GetString("NominationId");
        var stage = row.GetString("Stage");
        var round = row.GetInt32("Round") ?? 0;
        var number = row.GetInt32("Number") ?? 0;
        try
        {
            if (await index.ClaimAsync(row, now + ClaimFor, ct) is not { } claim)
            {
                // Another sweep has it (and deletes it), or it was rewritten: look again next round.
                return Fired.Left;
            }

            var n = await nominations.FindAsync(nominationId, ct);
            if (n is null || n.Status != NominationStatus.InReview || n.CurrentStage != stage || n.Round != round)
            {
                // The round closed or paused before its alarm: nobody is reminded, nothing escalates.
                done.Add((row.PartitionKey, row.RowKey, claim));
                return Fired.Dropped;
            }

            await client.RaiseEventAsync(nominationId, WorkflowEvents.Alarm, new AlarmRaised(stage, round, number, due), ct);
            done.Add((row.PartitionKey, row.RowKey, claim));
            return Fired.Raised;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // This alarm's claim lapses and the next sweep tries again; the others go on.
            LogNotRaised(logger, nominationId, stage, round, number, e);
            return Fired.Left;
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not raise alarm {Number} of nomination {NominationId} at {Stage} round {Round}; the next sweep tries again")]
    private static partial void LogNotRaised(ILogger logger, string nominationId, string stage, int round, int number, Exception error);

    private enum Fired
    {
        Left,
        Raised,
        Dropped,
    }
}
