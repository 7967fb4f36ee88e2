using System.Collections.Concurrent;
using System.Globalization;
using Awards.Domain;
using Awards.Storage;

namespace Awards.Outputs;

/// <summary>What an organiser asks for when issuing a decision.</summary>
/// <param name="AwardCode">The award it confers.</param>
/// <param name="NominationIds">The awardees chosen; empty for every approved nomination of the award not yet in a decision.</param>
/// <param name="Date">Its date (default: today, Vietnam time).</param>
/// <param name="Title">Its title (default <c>Về việc tặng Bằng khen</c>).</param>
/// <param name="SignerName">Who signs (default: the awarding body's configured signer).</param>
/// <param name="SignerTitle">Their title (default: the body's).</param>
public sealed record IssueRequest(string AwardCode, IReadOnlyList<string>? NominationIds = null, DateOnly? Date = null, string? Title = null, string? SignerName = null, string? SignerTitle = null);

/// <summary>Why a decision was not issued; nothing was numbered or changed.</summary>
/// <param name="Field">The request field at fault, or null.</param>
/// <param name="Status">The HTTP status that says it (400, 409, 422).</param>
/// <param name="Detail">What to do about it.</param>
public sealed record IssueRefusal(string? Field, int Status, string Detail);

/// <summary>What issuing now would do: the number the decision would get and who it would list.</summary>
/// <param name="Number">The number, e.g. <c>126/QĐ-MTTW</c> (taken only when issued: another issue may take it first).</param>
/// <param name="AwardingBody">The body.</param>
/// <param name="Collectives">Approved collectives awaiting a decision.</param>
/// <param name="Individuals">Approved individuals awaiting a decision.</param>
public sealed record IssuePreview(string Number, string AwardingBody, int Collectives, int Individuals);

/// <summary>
/// Award decisions (quyết định khen thưởng): an organiser issues one for approved nominations of
/// one award; it takes the next number of its awarding body's register for the year atomically
/// with its own row (<see cref="DecisionStore"/>), after holding each awardee's list entry so two
/// decisions never confer the same award; then every awardee's entry shows the decision and gets
/// a certificate verification code, and the nominators are told. A decision whose issue stopped
/// after it was numbered is completed the next time it is read (<see cref="CompleteAsync"/>).
/// </summary>
public sealed class AwardDecisions(AwardListStore awardList, DecisionStore decisions, VerificationStore verifications, NominationStore nominations, CampaignStore campaigns, Mail.Mailer mailer, Workflow.Activities.PublicLinks urls, TimeProvider time)
{
    /// <summary>How long an issue's hold on an award lasts if the issue dies before numbering.</summary>
    public static readonly TimeSpan HoldLifetime = TimeSpan.FromMinutes(5);

    /// <summary>The default title.</summary>
    public const string DefaultTitle = "Về việc tặng Bằng khen";

    /// <summary>Most awardees one decision takes (its annex must fit one stored row).</summary>
    public const int MaxMembers = 5000;

    /// <summary>Longest title, signer name or signer title a decision takes.</summary>
    public const int MaxTextLength = 300;

    private const int Parallelism = 8;

    /// <summary>What issuing would do now, or why it cannot.</summary>
    public async Task<(IssuePreview? Preview, IssueRefusal? Refusal)> PreviewAsync(Campaign campaign, string awardCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (Resolve(campaign, awardCode) is not ({ } award, { } body))
        {
            return (null, Unresolved(campaign, awardCode));
        }

        var open = await OpenEntriesAsync(campaign, award, body, ct);
        var next = await decisions.PeekNextAsync(body.Code, VietnamTime.Today(time).Year, ct);
        return (new IssuePreview(body.NumberFor(next), body.Name, open.Count(e => e.Kind == NomineeKind.Collective), open.Count(e => e.Kind == NomineeKind.Individual)), null);
    }

    /// <summary>
    /// The approved nominations of an award that await a decision (in the list's Vietnamese order),
    /// the ones <see cref="IssueAsync"/> would list when none is chosen; or why the award cannot have one.
    /// </summary>
    public async Task<(IReadOnlyList<AwardListEntry>? Awaiting, IssueRefusal? Refusal)> AwaitingAsync(Campaign campaign, string awardCode, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return Resolve(campaign, awardCode) is ({ } award, { } body)
            ? (await OpenEntriesAsync(campaign, award, body, ct), null)
            : (null, Unresolved(campaign, awardCode));
    }

    /// <summary>
    /// What an issue request may carry before anything is read: titles and signer of at most 300
    /// characters, at most <see cref="MaxMembers"/> nomination ids of the right shape. Null when it is
    /// well formed; the API and the console's form both ask.
    /// </summary>
    public static IssueRefusal? CheckRequest(IssueRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var texts = new[] { (request.Title, "title"), (request.SignerName, "signerName"), (request.SignerTitle, "signerTitle") };
        if (texts.FirstOrDefault(t => t.Item1?.Length > MaxTextLength) is { Item2: { } tooLong })
        {
            return new IssueRefusal(tooLong, 400, $"At most {MaxTextLength} characters.");
        }

        return request.NominationIds?.Count > MaxMembers || request.NominationIds?.Any(id => !Web.Ids.LooksValid(id)) == true
            ? new IssueRefusal("nominationIds", 400, $"Give at most {MaxMembers} nomination ids, as the API shows them (nom-…).")
            : null;
    }

    /// <summary>Issues a decision, or says why not (and then nothing changed).</summary>
    public async Task<(AwardDecision? Decision, IssueRefusal? Refusal)> IssueAsync(Campaign campaign, IssueRequest request, string by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(request);
        if (Resolve(campaign, request.AwardCode) is not ({ } award, { } body))
        {
            return (null, Unresolved(campaign, request.AwardCode));
        }

        var today = VietnamTime.Today(time);
        var date = request.Date ?? today;
        if (date > today || date.Year < today.Year - 1)
        {
            return (null, new IssueRefusal("date", 400, $"A decision is dated today or earlier this year or last (today is {VietnameseText.FormatDate(today)})."));
        }

        var open = await OpenEntriesAsync(campaign, award, body, ct);
        var chosen = open;
        if (request.NominationIds is { Count: > 0 } ids)
        {
            var byId = open.ToDictionary(e => e.NominationId, StringComparer.Ordinal);
            var missing = ids.Where(id => !byId.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                return (null, new IssueRefusal("nominationIds", 409,
                    $"Not approved for \"{award.NameVi}\" and awaiting a decision (already in one, revoked, not awarded, or of another award): {string.Join(", ", missing.Take(20))}{(missing.Count > 20 ? $" and {missing.Count - 20} more" : string.Empty)}."));
            }

            chosen = [.. open.Where(e => ids.Contains(e.NominationId))];
        }

        if (chosen.Count == 0)
        {
            return (null, new IssueRefusal("awardCode", 409, $"No approved nomination for \"{award.NameVi}\" awaits a decision."));
        }

        if (chosen.Count > MaxMembers)
        {
            return (null, new IssueRefusal("nominationIds", 422, $"A decision lists at most {MaxMembers} awardees; choose them in parts."));
        }

        // Hold every awardee's entry for this issue: of two issues at once, one holds and one is told.
        var holdId = Guid.NewGuid().ToString("N");
        var now = time.GetUtcNow();
        var held = new ConcurrentBag<AwardListEntry>();
        var taken = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (entry, token) =>
        {
            var after = await awardList.UpdateAsync(entry, e => Free(e, now) ? e with { HeldFor = holdId, HeldSince = now } : e, token);
            if (after?.HeldFor == holdId)
            {
                held.Add(after);
            }
            else
            {
                taken.Add(entry.NomineeName);
            }
        });
        if (!taken.IsEmpty)
        {
            await ReleaseAsync(held, holdId, ct);
            return (null, new IssueRefusal("nominationIds", 409, $"Another decision is being issued for some of these awards right now ({string.Join(", ", taken.Take(10))}); look at the list again."));
        }

        // The number and the decision together: no two decisions share a number, and no number is lost.
        var members = chosen.Select(e => new DecisionMember(e.NominationId, e.Kind, e.NomineeName, e.UnitName)).ToList();
        AwardDecision decision;
        try
        {
            decision = await decisions.AddNextAsync(body.Code, date.Year, number => new AwardDecision
            {
                Id = DecisionStore.IdOf(body.Code, date.Year, number),
                RegisterCode = body.Code,
                Year = date.Year,
                Sequence = number,
                Number = body.NumberFor(number),
                Date = date,
                Title = VietnameseText.Normalize(request.Title) is { Length: > 0 } title ? title : DefaultTitle,
                SignerTitle = VietnameseText.Normalize(request.SignerTitle) is { Length: > 0 } signerTitle ? signerTitle : body.SignerTitle,
                SignerName = VietnameseText.Normalize(request.SignerName) is { Length: > 0 } signer ? signer : body.SignerName,
                CampaignId = campaign.Id,
                AwardCode = award.Code,
                AwardingBody = body.Name,
                Members = members,
                IssuedBy = by,
                IssuedAt = now,
                HoldId = holdId,
            }, ct);
        }
        catch
        {
            // Not numbered: nothing of it exists; the awards are free again at once.
            await ReleaseAsync(held, holdId, CancellationToken.None);
            throw;
        }

        return (await CompleteAsync(decision, ct), null);
    }

    /// <summary>
    /// Makes every awardee's list entry show the decision (number, date, a verification code of
    /// its own) and records it in their histories; marks the decision linked. Idempotent: a
    /// decision read while not yet linked (its issue stopped short) is completed here.
    /// </summary>
    public async Task<AwardDecision> CompleteAsync(AwardDecision decision, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Linked)
        {
            return decision;
        }

        await Parallel.ForEachAsync(decision.Members, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (member, token) =>
        {
            var like = Like(decision, member);
            var linked = await awardList.UpdateAsync(like, e => e.DecisionId == decision.Id
                ? e
                : e with { DecisionId = decision.Id, DecisionNumber = decision.Number, DecisionDate = decision.Date, VerificationCode = e.VerificationCode ?? VerificationStore.NewCode(), HeldFor = null, HeldSince = null }, token);
            if (linked?.VerificationCode is { } code)
            {
                await verifications.AddAsync(code, linked, token);
            }

            await nominations.ApplyAsync(member.NominationId, x => x,
                new AuditEntry(decision.IssuedAt, decision.IssuedBy, AuditActions.DecisionIssued, null, null, $"{decision.Number}, {VietnameseText.FormatDate(decision.Date)}"),
                "decision|" + decision.Id, token);
        });

        // Each nominating unit is told once per decision, of its own nominees.
        var campaign = await campaigns.FindAsync(decision.CampaignId, ct);
        var award = campaign?.FindAward(decision.AwardCode);
        if (award is not null)
        {
            var units = new ConcurrentBag<(string Email, string Unit, string Nominee)>();
            await Parallel.ForEachAsync(decision.Members, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (member, token) =>
            {
                if (await nominations.FindAsync(member.NominationId, token) is { } n)
                {
                    units.Add((n.NominatorEmail, n.UnitName, n.NomineeName));
                }
            });
            foreach (var unit in units.GroupBy(u => u.Email.ToLowerInvariant(), StringComparer.Ordinal))
            {
                var names = unit.Select(u => u.Nominee).Order(VietnameseText.Collation).ToList();
                await mailer.SendOnceAsync(
                    $"{decision.Id}|decision|{unit.Key}",
                    Mail.MailTemplates.DecisionIssued(unit.First().Email, unit.First().Unit, decision, award, names, urls.Workspace()),
                    ct);
            }
        }

        var complete = decision with { Linked = true };
        await decisions.UpdateAsync(complete, ct);
        return complete;
    }

    /// <summary>A decision by id (completed if its issue stopped short), or null.</summary>
    public async Task<AwardDecision?> FindAsync(string id, CancellationToken ct) =>
        await decisions.FindAsync(id, ct) is { } found ? await CompleteAsync(found, ct) : null;

    /// <summary>The decisions of a campaign, oldest first.</summary>
    public async Task<IReadOnlyList<AwardDecision>> ListAsync(Campaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var list = await decisions.ListAsync(campaign.Id, campaign.AwardingBodies.Select(b => b.Code), ct);
        var complete = new List<AwardDecision>(list.Count);
        foreach (var d in list)
        {
            complete.Add(await CompleteAsync(d, ct));
        }

        return complete;
    }

    /// <summary>The list entry of an awardee of a decision.</summary>
    public static AwardListEntry Like(AwardDecision decision, DecisionMember member)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(member);
        return new AwardListEntry
        {
            CampaignId = decision.CampaignId,
            AwardCode = decision.AwardCode,
            AwardName = string.Empty,
            AwardingBody = decision.AwardingBody,
            NominationId = member.NominationId,
            Kind = member.Kind,
            NomineeName = member.NomineeName,
            UnitName = member.UnitName,
            ProvinceCode = string.Empty,
        };
    }

    private async Task<List<AwardListEntry>> OpenEntriesAsync(Campaign campaign, AwardDefinition award, AwardingBodyDefinition body, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var open = new List<AwardListEntry>();
        await foreach (var e in awardList.ReadAllAsync(campaign.Id, [body.Name], new AwardFilter(AwardCode: award.Code), ct))
        {
            if (e.DecisionId is null && Free(e, now))
            {
                open.Add(e);
            }
        }

        return open;
    }

    private static bool Free(AwardListEntry e, DateTimeOffset now) =>
        e.Stands && e.DecisionId is null && (e.HeldFor is null || e.HeldSince < now - HoldLifetime);

    private async Task ReleaseAsync(IEnumerable<AwardListEntry> held, string holdId, CancellationToken ct)
    {
        await Parallel.ForEachAsync(held, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (entry, token) =>
            await awardList.UpdateAsync(entry, e => e.HeldFor == holdId ? e with { HeldFor = null, HeldSince = null } : e, token));
    }

    private static (AwardDefinition? Award, AwardingBodyDefinition? Body) Resolve(Campaign campaign, string? awardCode)
    {
        var award = awardCode is null ? null : campaign.FindAward(awardCode);
        return (award, award is null ? null : campaign.BodyOf(award));
    }

    private static IssueRefusal Unresolved(Campaign campaign, string? awardCode) =>
        awardCode is null || campaign.FindAward(awardCode) is null
            ? new IssueRefusal("awardCode", 400, $"The campaign has no award '{awardCode}'; use one of: {string.Join(", ", campaign.Awards.Select(a => a.Code))}.")
            : new IssueRefusal("awardCode", 422, string.Create(CultureInfo.InvariantCulture, $"The campaign configures no awarding body for \"{campaign.FindAward(awardCode)!.AwardingBody}\": add it under 'awardingBodies' (its register code, number format, signer) to issue decisions."));
}
