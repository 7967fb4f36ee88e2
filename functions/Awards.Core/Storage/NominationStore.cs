using System.Globalization;
using System.Net;
using System.Text.Json;
using Awards.Domain;
using Awards.Security;
using Azure;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>
/// Nominations with their documents, decision claims and audit log. Everything about one
/// nomination shares one table partition, so a change of state and its audit row commit
/// together in one batch, and a decision claim is one conditional insert.
/// </summary>
/// <remarks>
/// The audit log is a chain (see <see cref="AuditChain"/>): rows <c>audit|{seq:D6}</c>, each
/// sealed over its content and the previous seal, and a head row <c>audithead</c> holding the
/// last place and seal. Every append reads the head and, in the same batch as the change it
/// records, adds the entry, adds a step marker <c>step|{ticks:D19}|{stepKey}</c> and replaces the
/// head under its ETag: of two concurrent appends only one can take a place (the other's batch
/// fails and is retried from a fresh read), and a step that already happened cannot happen again.
/// A step is its key at its time, as it was when the audit row's key was the step: an activity
/// run twice carries the orchestration's same clock, while the same step key at another time (a
/// second <c>resubmit|0</c> after a second incomplete-dossier return) is a new step.
/// </remarks>
public sealed class NominationStore(AwardsStorage storage, NomineeIndex nominees, AuditChain chain, ProposalStore proposals)
{
    private const string MainRow = "nomination";
    private const string DocumentPrefix = "doc|";
    private const string ClaimPrefix = "claim|";
    private const string ApprovalPrefix = "approval|";
    private const string AuditPrefix = "audit|";
    private const string AuditHeadRow = "audithead";
    private const string StepPrefix = "step|";

    // An event the workflow has not been handed yet — a won claim's decision, a resubmission —
    // written in the same batch as the change it announces (see UndeliveredEventsAsync).
    private const string UndeliveredPrefix = "undelivered|";
    private const string ClaimedAtColumn = "ClaimedAt";
    private const string EventColumn = "Event";

    private TableClient Table => storage.Nominations;

    /// <summary>Creates a nomination with its first audit row, then lists it under its campaign.</summary>
    public async Task CreateAsync(Nomination nomination, AuditEntry created, CancellationToken ct)
    {
        await Table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, MainEntity(nomination)),
            .. AppendAudit(nomination.Id, null, created, "created"),
        ], ct);
        await UpsertIndexAsync(nomination, null, ct);
    }

    /// <summary>Reads a nomination, or null.</summary>
    public async Task<Nomination?> FindAsync(string id, CancellationToken ct)
    {
        var found = await FindEntityAsync(id, ct);
        return found is null ? null : JsonRow.Read<Nomination>(found);
    }

    /// <summary>Reads a nomination that must exist (a workflow step's own); a missing one is a <see cref="KeyNotFoundException"/> naming it.</summary>
    public async Task<Nomination> GetAsync(string id, CancellationToken ct) =>
        await FindAsync(id, ct) ?? throw new KeyNotFoundException($"Nomination '{id}' does not exist.");

    /// <summary>Nominations of a campaign, optionally of one unit, sorted by nominee name (vi-VN).</summary>
    public async Task<IReadOnlyList<Nomination>> ListByCampaignAsync(string campaignId, string? unitFolded, CancellationToken ct)
    {
        var list = await ReadCampaignIndexAsync(campaignId, unitFolded, ct);
        list.Sort((a, b) => VietnameseText.Compare(a.NomineeName, b.NomineeName));
        return list;
    }

    /// <summary>
    /// Nominations of a campaign (optionally of one unit) in storage order: one query of the
    /// campaign's index partition. For counting, where a vi-VN sort of thousands of names would
    /// only cost time (a campaign's progress).
    /// </summary>
    public async Task<List<Nomination>> ReadCampaignIndexAsync(string campaignId, string? unitFolded, CancellationToken ct)
    {
        var filter = $"PartitionKey eq {JsonRow.Quote(campaignId)}";
        if (unitFolded is not null)
        {
            filter += $" and Unit eq {JsonRow.Quote(unitFolded)}";
        }

        var list = new List<Nomination>();
        await foreach (var row in storage.CampaignNominations.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(JsonRow.Read<Nomination>(row));
        }

        return list;
    }

    /// <summary>
    /// The nominations of one proposal, sorted by nominee name (vi-VN): one range of the proposal's
    /// partition (<see cref="ProposalStore"/>), not a filter over the campaign's whole index — but
    /// for a proposal stored before that list existed, whose first read fills it from the index.
    /// </summary>
    public async Task<IReadOnlyList<Nomination>> ListByProposalAsync(string campaignId, string proposalId, CancellationToken ct)
    {
        List<Nomination> list;
        if (await proposals.ReadNominationListAsync(proposalId, ct) is { } listed)
        {
            list = listed.ConvertAll(JsonRow.Read<Nomination>);
        }
        else
        {
            list = [];
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and ProposalId eq {proposalId}");
            await foreach (var row in storage.CampaignNominations.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                list.Add(JsonRow.Read<Nomination>(row));
            }

            await proposals.FillNominationListAsync(proposalId, list.Select(IndexCopy), ct);
        }

        list.Sort((a, b) => VietnameseText.Compare(a.NomineeName, b.NomineeName));
        return list;
    }

    /// <summary>How many of a unit's nominations for an award count against its quota (submitted and not rejected).</summary>
    public async Task<int> CountTowardsQuotaAsync(string campaignId, string unitKey, string awardCode, CancellationToken ct)
    {
        var count = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and Unit eq {unitKey} and AwardCode eq {awardCode}");
        await foreach (var row in storage.CampaignNominations.QueryAsync<TableEntity>(filter, select: ["Status"], cancellationToken: ct))
        {
            if (row.GetString("Status") is not (nameof(NominationStatus.Draft) or nameof(NominationStatus.Rejected)))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>How many of a unit's nominations for an award count against its quota of each nominee kind (submitted and not rejected).</summary>
    public async Task<Dictionary<NomineeKind, int>> CountTowardsQuotaByKindAsync(string campaignId, string unitKey, string awardCode, CancellationToken ct)
    {
        var counts = new Dictionary<NomineeKind, int>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {campaignId} and Unit eq {unitKey} and AwardCode eq {awardCode}");
        await foreach (var row in storage.CampaignNominations.QueryAsync<TableEntity>(filter, select: ["Status", JsonRow.DataColumn], cancellationToken: ct))
        {
            if (row.GetString("Status") is not (nameof(NominationStatus.Draft) or nameof(NominationStatus.Rejected)))
            {
                var kind = JsonRow.Read<Nomination>(row).Kind;
                counts[kind] = counts.GetValueOrDefault(kind) + 1;
            }
        }

        return counts;
    }

    /// <summary>The claims of one stage (all rounds) of a nomination.</summary>
    public Task<List<StageDecision>> ListClaimsAsync(string id, string stage, CancellationToken ct) =>
        QueryPrefixAsync<StageDecision>(id, $"{ClaimPrefix}{stage}|", ct);

    /// <summary>
    /// A nomination as a review desk reads it, in one query: the row, the claims of every stage
    /// and round, and every document version. Their row keys sort together ("claim|…" &lt; "doc|…"
    /// &lt; "nomination"), so one range of the partition holds exactly them: one request where
    /// three were, and on Azurite — which tests every entity of a table for each query — one
    /// pass over the table instead of two. Null row when the nomination does not exist.
    /// </summary>
    public async Task<(Nomination? Nomination, List<StageDecision> Claims, List<DocumentVersion> Documents)> ReadForReviewAsync(string id, CancellationToken ct)
    {
        var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(ClaimPrefix)} and RowKey le {JsonRow.Quote(MainRow)}";
        Nomination? nomination = null;
        var claims = new List<StageDecision>();
        var documents = new List<DocumentVersion>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            if (row.RowKey == MainRow)
            {
                nomination = JsonRow.Read<Nomination>(row);
            }
            else if (row.RowKey.StartsWith(ClaimPrefix, StringComparison.Ordinal))
            {
                claims.Add(JsonRow.Read<StageDecision>(row));
            }
            else if (row.RowKey.StartsWith(DocumentPrefix, StringComparison.Ordinal))
            {
                documents.Add(JsonRow.Read<DocumentVersion>(row));
            }
        }

        return (nomination, claims, documents);
    }

    /// <summary>
    /// Applies a change of state with its audit row in one batch, guarded by the row's ETag.
    /// Idempotent by <paramref name="stepKey"/>: a step already applied (its step marker exists)
    /// is not applied again, so activities may run twice.
    /// </summary>
    /// <param name="id">The nomination.</param>
    /// <param name="change">The change of state.</param>
    /// <param name="audit">Its audit row.</param>
    /// <param name="stepKey">The step's identity (see the class remarks).</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="announces">An event the change owes the workflow (a resubmission), marked undelivered in the same batch.</param>
    /// <returns>The nomination after the step, and whether this call applied it.</returns>
    public async Task<(Nomination Nomination, bool Applied)> ApplyAsync(
        string id,
        Func<Nomination, Nomination> change,
        AuditEntry audit,
        string stepKey,
        CancellationToken ct,
        PendingEvent? announces = null)
    {
        for (var attempt = 0; ; attempt++)
        {
            // The row, the step's marker and the log's head in one read; the batch below re-checks all three (ETags, Adds).
            var (found, stepDone, head) = await ReadForChangeAsync(id, StepKey(stepKey), ct);
            var entity = found ?? throw new KeyNotFoundException($"Nomination '{id}' does not exist.");
            var current = JsonRow.Read<Nomination>(entity);
            if (stepDone)
            {
                return (current, false);
            }

            var next = change(current) with { UpdatedAt = audit.At };
            try
            {
                List<TableTransactionAction> batch =
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, MainEntity(next), entity.ETag),
                    .. AppendAudit(id, head, audit, stepKey),
                ];
                if (announces is not null)
                {
                    batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, UndeliveredRow(id, announces)));
                }

                await Table.SubmitTransactionAsync(batch, ct);
                await UpsertIndexAsync(next, current, ct);
                return (next, true);
            }
            catch (TableTransactionFailedException e) when (attempt < 5 && e.Status is (int)HttpStatusCode.PreconditionFailed or (int)HttpStatusCode.Conflict)
            {
                // Someone changed the row, appended to the log or wrote this step between our reads and write: read again.
            }
        }
    }

    /// <summary>
    /// Claims the decision of one stage round: inserts the claim row and its audit row and
    /// moves the nomination's status, in one batch. Exactly one caller wins; the others get
    /// the winning claim back. Returns null when the round is not the open one. The same batch
    /// marks the decision undelivered until the caller has raised its event and calls
    /// <see cref="EventDeliveredAsync"/>, so a process that dies in between leaves a mark
    /// that the redelivery sweep (<c>EventDelivery</c>) finds.
    /// </summary>
    /// <param name="id">The nomination.</param>
    /// <param name="decision">The decision to claim.</param>
    /// <param name="seen">The document versions the approver had on the page, kept in the audit row.</param>
    /// <param name="ct">Cancellation.</param>
    public async Task<(bool Won, StageDecision Decision)?> ClaimDecisionAsync(string id, StageDecision decision, string? seen, CancellationToken ct)
    {
        var key = ClaimKey(decision.Stage, decision.Round);
        var audit = new AuditEntry(decision.DecidedAt, decision.ApproverEmail, AuditActions.For(decision.Outcome), decision.Stage, decision.Reason,
            string.Create(CultureInfo.InvariantCulture, $"round {decision.Round}; wave {decision.Wave}; {decision.ApproverName}; seen: {seen ?? "-"}"));
        for (var attempt = 0; ; attempt++)
        {
            // The first try reads no claim: the batch below adds the claim row, so an existing claim
            // fails it with a conflict, and the next try finds the winner. A won claim (the usual
            // case) thus costs one read (the row and the log's head) and one batch.
            if (attempt > 0 && await FindClaimAsync(id, decision.Stage, decision.Round, ct) is { } existing)
            {
                return (false, existing);
            }

            var (entity, _, head) = await ReadForChangeAsync(id, null, ct);
            if (entity is null)
            {
                return null;
            }

            var current = JsonRow.Read<Nomination>(entity);
            if (current.Status != NominationStatus.InReview || current.CurrentStage != decision.Stage || current.Round != decision.Round)
            {
                // A concurrent decision may have moved the status between our two reads: it won.
                return await FindClaimAsync(id, decision.Stage, decision.Round, ct) is { } winner ? (false, winner) : null;
            }

            var next = current with
            {
                Status = decision.Outcome switch
                {
                    DecisionOutcome.Return => NominationStatus.Returned,
                    DecisionOutcome.Reject => NominationStatus.Rejected,
                    DecisionOutcome.Withdraw => NominationStatus.Withdrawn,
                    DecisionOutcome.Cancel => NominationStatus.Cancelled,
                    _ => NominationStatus.InReview,
                },
                LastReason = decision.Reason,
                UpdatedAt = decision.DecidedAt,
            };
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, JsonRow.Create(id, key, decision)),
                    new TableTransactionAction(TableTransactionActionType.Add, UndeliveredRow(id, new PendingEvent(key, null, JsonSerializer.Serialize(decision, Web.AwardsJson.Options), decision.DecidedAt))),
                    new TableTransactionAction(TableTransactionActionType.UpdateReplace, MainEntity(next), entity.ETag),
                    .. AppendAudit(id, head, audit, key),
                ], ct);
                await UpsertIndexAsync(next, current, ct);
                return (true, decision);
            }
            catch (TableTransactionFailedException e) when (attempt < 10 && e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Another decision (or another change, or another audit entry) landed first: look again.
            }
        }
    }

    /// <summary>
    /// Records one approver's approval at an allOf stage (idempotent per approver and round),
    /// with its audit row, and returns every approver who has approved the round so far.
    /// </summary>
    public async Task<IReadOnlyList<string>> RecordApprovalAsync(string id, StageDecision approval, string? seen, int approversNeeded, CancellationToken ct)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"{ApprovalPrefix}{approval.Stage}|{approval.Round:D4}|");
        var key = prefix + approval.ApproverEmail.ToLowerInvariant();
        var audit = new AuditEntry(approval.DecidedAt, approval.ApproverEmail, AuditActions.ApprovalRecorded, approval.Stage, null,
            string.Create(CultureInfo.InvariantCulture, $"round {approval.Round}; wave {approval.Wave}; {approval.ApproverName}; all of {approversNeeded} must approve; seen: {seen ?? "-"}"));
        for (var attempt = 0; !await ExistsAsync(id, key, ct); attempt++)
        {
            var head = await FindHeadAsync(id, ct);
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, JsonRow.Create(id, key, approval)),
                    .. AppendAudit(id, head, audit, key),
                ], ct);
                break;
            }
            catch (TableTransactionFailedException e) when (attempt < 10 && e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // Approved already (the loop condition ends it), or the log moved on meanwhile: try again.
            }
        }

        return [.. (await QueryPrefixAsync<StageDecision>(id, prefix, ct)).Select(a => a.ApproverEmail.ToLowerInvariant())];
    }

    /// <summary>The approvers who approved a round of an allOf stage so far.</summary>
    public async Task<IReadOnlyList<string>> ListApprovalsAsync(string id, string stage, int round, CancellationToken ct) =>
        [.. (await QueryPrefixAsync<StageDecision>(id, string.Create(CultureInfo.InvariantCulture, $"{ApprovalPrefix}{stage}|{round:D4}|"), ct)).Select(a => a.ApproverEmail.ToLowerInvariant())];

    /// <summary>The event has been raised to the workflow: clears its undelivered mark (idempotent).</summary>
    public async Task EventDeliveredAsync(string id, PendingEvent pending, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pending);
        try
        {
            await Table.DeleteEntityAsync(id, UndeliveredPrefix + pending.Key, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound)
        {
            // Cleared already (by the redelivery sweep or an earlier run).
        }
    }

    /// <summary>
    /// The nomination's events marked undelivered at or before <paramref name="markedBefore"/>:
    /// the change that owes them was stored, the raise not confirmed. One prefix read of one partition.
    /// </summary>
    public async Task<IReadOnlyList<PendingEvent>> UndeliveredEventsAsync(string id, DateTimeOffset markedBefore, CancellationToken ct)
    {
        var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(UndeliveredPrefix)} and RowKey lt {JsonRow.Quote(UndeliveredPrefix[..^1] + "}")}";
        var list = new List<PendingEvent>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            var at = row.GetDateTimeOffset(ClaimedAtColumn) ?? DateTimeOffset.MinValue;
            if (at <= markedBefore)
            {
                list.Add(new PendingEvent(row.RowKey[UndeliveredPrefix.Length..], row.GetString(EventColumn), row.GetString(JsonRow.DataColumn), at));
            }
        }

        return list;
    }

    /// <summary>The claimed decision of a stage round, or null while it is open.</summary>
    public async Task<StageDecision?> FindClaimAsync(string id, string stage, int round, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, ClaimKey(stage, round), cancellationToken: ct);
        return row.HasValue ? JsonRow.Read<StageDecision>(row.Value!) : null;
    }

    /// <summary>Records a new document version. Fails with <see cref="RequestFailedException"/> 409 if that version number was taken meanwhile.</summary>
    public async Task AddDocumentVersionAsync(string id, DocumentVersion document, AuditEntry audit, CancellationToken ct)
    {
        var rowKey = string.Create(CultureInfo.InvariantCulture, $"{DocumentPrefix}{document.Type}|{document.Version:D5}");
        for (var attempt = 0; ; attempt++)
        {
            var head = await FindHeadAsync(id, ct);
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, JsonRow.Create(id, rowKey, document)),
                    .. AppendAudit(id, head, audit, rowKey),
                ], ct);
                return;
            }
            catch (TableTransactionFailedException e) when (attempt < 10 && e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed)
            {
                // The caller's conflict is a taken version number; anything else appended to the
                // log between our read of its head and our write is ours to retry.
                if (await ExistsAsync(id, rowKey, ct))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>Every version of every document, by type then version.</summary>
    public Task<List<DocumentVersion>> ListDocumentsAsync(string id, CancellationToken ct) =>
        QueryPrefixAsync<DocumentVersion>(id, DocumentPrefix, ct);

    /// <summary>The audit log, oldest first.</summary>
    public Task<List<AuditEntry>> ListAuditAsync(string id, CancellationToken ct) =>
        QueryPrefixAsync<AuditEntry>(id, AuditPrefix, ct);

    /// <summary>The audit log as stored, each row with its place, key id and seal, and whether the chain verifies.</summary>
    public async Task<AuditTrail> ReadAuditTrailAsync(string id, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            // The head and the rows in one range query ("audithead" sorts just before "audit|").
            var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(AuditHeadRow)} and RowKey lt {JsonRow.Quote(AuditPrefix[..^1] + "}")}";
            var rows = new List<StoredAuditRow>();
            AuditHead? head = null;
            await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                if (row.RowKey == AuditHeadRow)
                {
                    head = new AuditHead(row.TryGetValue("Seq", out var seq) && seq is int s ? s : 0, row.TryGetValue("Hmac", out var hmac) ? hmac as string : null);
                }
                else if (row.RowKey.StartsWith(AuditPrefix, StringComparison.Ordinal))
                {
                    rows.Add(ReadAuditRow(row));
                }
            }

            // An entry appended while a long log is read page by page can look cut short; a real break stays on a second look.
            var verdict = chain.Verify(id, rows, head);
            if (verdict.Verified || attempt == 1)
            {
                return new AuditTrail(rows, verdict);
            }
        }
    }

    /// <summary>The rows of one partition whose key starts with <paramref name="prefix"/>, read as <typeparamref name="T"/>; shared with the document reads and upload sessions kept in the same partition.</summary>
    internal async Task<List<T>> QueryPrefixAsync<T>(string id, string prefix, CancellationToken ct)
    {
        // Row keys sort lexically; '}' follows '|' so this range is exactly the prefix.
        var filter = $"PartitionKey eq {JsonRow.Quote(id)} and RowKey ge {JsonRow.Quote(prefix)} and RowKey lt {JsonRow.Quote(prefix[..^1] + "}")}";
        var list = new List<T>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(JsonRow.Read<T>(row));
        }

        return list;
    }

    private async Task<TableEntity?> FindEntityAsync(string id, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, MainRow, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    private async Task<bool> ExistsAsync(string partition, string rowKey, CancellationToken ct) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, select: ["RowKey"], cancellationToken: ct)).HasValue;

    // Both indexes follow every change: the campaign's list, and the nominee identities that
    // duplicate detection searches (a rejected nomination stops counting as a duplicate).
    // The nomination's copies in the campaign's index and in its proposal's list, and its nominee
    // index entry: three partitions, written side by side. The nominee index entry holds only who
    // the nominee is and the status, so a change from the previous state that keeps both
    // (a stage opening, an approval that moves on) leaves it as it is: two storage requests fewer.
    private async Task UpsertIndexAsync(Nomination n, Nomination? previous, CancellationToken ct)
    {
        await Task.WhenAll(
            storage.CampaignNominations.UpsertEntityAsync(IndexCopy(n), TableUpdateMode.Replace, ct),
            string.IsNullOrEmpty(n.ProposalId) ? Task.CompletedTask : proposals.ListNominationAsync(n.ProposalId, IndexCopy(n), ct),
            previous is not null && DuplicateMatch.FromNomination(previous) == DuplicateMatch.FromNomination(n) ? Task.CompletedTask : nominees.IndexNominationAsync(n, ct));
    }

    private static TableEntity IndexCopy(Nomination n) =>
        JsonRow.Create(n.CampaignId, n.Id, n, ("Unit", UnitKey(n.UnitName, n.ProvinceCode)), ("Status", n.Status.ToString()), ("ProposalId", n.ProposalId), ("AwardCode", n.AwardCode));

    /// <summary>The key a nominator's unit is matched by: folded name and province.</summary>
    public static string UnitKey(string unitName, string provinceCode) => provinceCode + "|" + VietnameseText.Fold(unitName);

    private static TableEntity MainEntity(Nomination n) =>
        JsonRow.Create(n.Id, MainRow, n, ("CampaignId", n.CampaignId), ("Status", n.Status.ToString()));

    /// <summary>
    /// What a change reads before its batch, in one query of the nomination's partition: the row,
    /// whether the step's marker is there (when a step is named) and the audit log's head.
    /// </summary>
    private async Task<(TableEntity? Main, bool StepDone, TableEntity? Head)> ReadForChangeAsync(string id, string? stepRow, CancellationToken ct)
    {
        var rows = $"RowKey eq {JsonRow.Quote(MainRow)} or RowKey eq {JsonRow.Quote(AuditHeadRow)}" + (stepRow is null ? string.Empty : $" or RowKey eq {JsonRow.Quote(stepRow)}");
        (TableEntity? Main, bool StepDone, TableEntity? Head) read = (null, false, null);
        await foreach (var row in Table.QueryAsync<TableEntity>($"PartitionKey eq {JsonRow.Quote(id)} and ({rows})", cancellationToken: ct))
        {
            if (row.RowKey == MainRow)
            {
                read.Main = row;
            }
            else if (row.RowKey == AuditHeadRow)
            {
                read.Head = row;
            }
            else
            {
                read.StepDone = true;
            }
        }

        return read;
    }

    private async Task<TableEntity?> FindHeadAsync(string id, CancellationToken ct)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(id, AuditHeadRow, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// The batch actions that append <paramref name="entry"/> after <paramref name="head"/> (null:
    /// the log is empty): the sealed entry, the step marker, and the head moved under its ETag.
    /// Any of the three fails when someone appended or ran the step since the head was read.
    /// </summary>
    private TableTransactionAction[] AppendAudit(string id, TableEntity? head, AuditEntry entry, string stepKey)
    {
        var seq = (head?.GetInt32("Seq") ?? 0) + 1;
        var sealedEntry = chain.Seal(id, seq, entry, head?.GetString("Hmac"));
        var auditRow = JsonRow.Create(id, AuditKey(seq), entry, ("Seq", seq), ("KeyId", sealedEntry.KeyId), ("Hmac", sealedEntry.Hmac));
        var newHead = new TableEntity(id, AuditHeadRow) { ["Seq"] = seq, ["Hmac"] = sealedEntry.Hmac };
        return
        [
            new TableTransactionAction(TableTransactionActionType.Add, auditRow),
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(id, StepKey(stepKey)) { ["Seq"] = seq }),
            head is null
                ? new TableTransactionAction(TableTransactionActionType.Add, newHead)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag),
        ];
    }

    // Nothing in a row is trusted here: whatever cannot be read is left null for the verifier to name.
    private static StoredAuditRow ReadAuditRow(TableEntity row)
    {
        var digits = row.RowKey[AuditPrefix.Length..];
        int? seq = digits.Length >= 6 && digits.All(char.IsAsciiDigit) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        AuditEntry? entry;
        try
        {
            entry = JsonRow.Read<AuditEntry>(row);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            entry = null;
        }

        return new StoredAuditRow(
            row.RowKey,
            seq,
            row.TryGetValue("Seq", out var written) && written is int w ? w : null,
            entry,
            row.TryGetValue("KeyId", out var keyId) ? keyId as string : null,
            row.TryGetValue("Hmac", out var hmac) ? hmac as string : null);
    }

    private static string AuditKey(int seq) => string.Create(CultureInfo.InvariantCulture, $"{AuditPrefix}{seq:D6}");

    private static string StepKey(string stepKey) => StepPrefix + stepKey;

    private static TableEntity UndeliveredRow(string id, PendingEvent pending) => new(id, UndeliveredPrefix + pending.Key)
    {
        [JsonRow.DataColumn] = pending.PayloadJson,
        [ClaimedAtColumn] = pending.MarkedAt,
        [EventColumn] = pending.EventName,
    };

    /// <summary>The row key of a stage round's claim, and the key of its undelivered mark.</summary>
    public static string ClaimKey(string stage, int round) => string.Create(CultureInfo.InvariantCulture, $"{ClaimPrefix}{stage}|{round:D4}");
}
