using System.Security.Cryptography;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Awards.IntegrationTests;

/// <summary>
/// A proposal's partition lists its nominations, so a review page and a decision read them in one
/// small range instead of filtering the campaign's whole index. Against real Table storage
/// (Azurite): the list follows every change, leaves out other proposals' nominations, and a
/// proposal stored before the list existed is listed from the campaign's index on its first read.
/// </summary>
[TestClass]
public sealed class ProposalNomineeListTests
{
    private static readonly string Prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [ClassCleanup]
    public static async Task CleanupAsync()
    {
        var tables = new TableServiceClient(TestHost.Storage);
        await foreach (var table in tables.QueryAsync($"TableName ge '{Prefix}' and TableName lt '{Prefix}~'"))
        {
            await tables.DeleteTableAsync(table.Name);
        }
    }

    [TestMethod]
    public async Task A_proposal_lists_its_own_nominations_in_Vietnamese_order_as_they_change()
    {
        var w = await WorldAsync();
        var (proposal, nominations) = await ProposeAsync(w, "Trần Thị Mai", "Đặng Văn Đức", "Âu Văn Bình");
        var (_, others) = await ProposeAsync(w, "Đỗ Thị Hường");

        var listed = await w.Nominations.ListByProposalAsync(w.Campaign, proposal.Id, Ct);
        CollectionAssert.AreEqual(new[] { "Âu Văn Bình", "Đặng Văn Đức", "Trần Thị Mai" }, listed.Select(n => n.NomineeName).ToList(), "vi-VN order; the other proposal's nominee left out");
        Assert.IsTrue(listed.All(n => n.Status == NominationStatus.Draft));

        // A change of state shows in the list at once.
        var duc = nominations.Single(n => n.NomineeName == "Đặng Văn Đức");
        await w.Nominations.ApplyAsync(duc.Id, n => n with { Status = NominationStatus.Cancelled }, new AuditEntry(duc.CreatedAt.AddHours(1), "organiser@example.vn", AuditActions.Cancelled, null, "Trùng với đề nghị khác"), "cancel", Ct);
        listed = await w.Nominations.ListByProposalAsync(w.Campaign, proposal.Id, Ct);
        Assert.AreEqual(NominationStatus.Cancelled, listed.Single(n => n.Id == duc.Id).Status);
        Assert.AreEqual(3, listed.Count);

        Assert.AreEqual(others[0].Id, (await w.Nominations.ListByProposalAsync(w.Campaign, others[0].ProposalId, Ct)).Single().Id);
        Assert.AreEqual(0, (await w.Nominations.ListByProposalAsync(w.Campaign, (await AddProposalAsync(w)).Id, Ct)).Count, "a proposal without nominations lists none");
    }

    [TestMethod]
    public async Task A_proposal_stored_before_the_list_existed_is_listed_from_the_campaign_index_on_its_first_read()
    {
        var w = await WorldAsync();
        var (proposal, nominations) = await ProposeAsync(w, "Trần Thị Mai", "Đặng Văn Đức", "Âu Văn Bình");

        // As an earlier version stored it: no list in the proposal's partition, not even its mark.
        await foreach (var row in w.Storage.Proposals.QueryAsync<TableEntity>($"PartitionKey eq '{proposal.Id}' and RowKey ge 'nominee' and RowKey lt 'nominee}}'", cancellationToken: Ct))
        {
            await w.Storage.Proposals.DeleteEntityAsync(row.PartitionKey, row.RowKey, cancellationToken: Ct);
        }

        var listed = await w.Nominations.ListByProposalAsync(w.Campaign, proposal.Id, Ct);
        CollectionAssert.AreEqual(new[] { "Âu Văn Bình", "Đặng Văn Đức", "Trần Thị Mai" }, listed.Select(n => n.NomineeName).ToList());

        var keys = new List<string>();
        await foreach (var row in w.Storage.Proposals.QueryAsync<TableEntity>($"PartitionKey eq '{proposal.Id}' and RowKey ge 'nominee' and RowKey lt 'nominee}}'", cancellationToken: Ct))
        {
            keys.Add(row.RowKey);
        }

        CollectionAssert.AreEquivalent(new[] { "nominee" }.Concat(nominations.Select(n => "nominee|" + n.Id)).ToList(), keys, "the first read filled the list and marked it complete");

        // From now on the list is read, not the campaign's index: a row gone from the index is still listed.
        await w.Storage.CampaignNominations.DeleteEntityAsync(w.Campaign, nominations[0].Id, cancellationToken: Ct);
        Assert.AreEqual(3, (await w.Nominations.ListByProposalAsync(w.Campaign, proposal.Id, Ct)).Count);
    }

    private sealed record World(AwardsStorage Storage, NominationStore Nominations, ProposalStore Proposals, string Campaign);

    private async Task<World> WorldAsync()
    {
        var storage = new AwardsStorage(
            Options.Create(new StorageOptions { NamePrefix = Prefix + Guid.NewGuid().ToString("N")[..6] }),
            Options.Create(new StorageConnectionOptions { ConnectionString = TestHost.Storage }));
        await storage.EnsureCreatedAsync(Ct);
        var proposals = new ProposalStore(storage);
        var chain = new AuditChain(Options.Create(new AuditOptions { ActiveKeyId = "test", Keys = { ["test"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } }));
        return new World(storage, new NominationStore(storage, new NomineeIndex(storage), chain, proposals), proposals, "dot-2026-" + Guid.NewGuid().ToString("N")[..8]);
    }

    private async Task<Proposal> AddProposalAsync(World w)
    {
        var proposal = new Proposal
        {
            Id = "prp-" + Guid.NewGuid().ToString("N")[..16],
            CampaignId = w.Campaign,
            UnitName = "Công an tỉnh Phú Yên",
            ProvinceCode = "PY",
            NominatorEmail = "thidua@congan.phuyen.example.vn",
            CreatedAt = new DateTimeOffset(2026, 10, 1, 2, 30, 0, TimeSpan.Zero),
        };
        await w.Proposals.AddAsync(proposal, Ct);
        return proposal;
    }

    private async Task<(Proposal Proposal, List<Nomination> Nominations)> ProposeAsync(World w, params string[] names)
    {
        var proposal = await AddProposalAsync(w);
        var nominations = new List<Nomination>();
        foreach (var name in names)
        {
            var n = new Nomination
            {
                Id = "nom-" + Guid.NewGuid().ToString("N")[..16],
                CampaignId = w.Campaign,
                AwardCode = "bk-mttq",
                ProposalId = proposal.Id,
                Kind = NomineeKind.Individual,
                NomineeName = name,
                DateOfBirth = new DateOnly(1984, 3, 8),
                Position = "Trung tá",
                UnitName = proposal.UnitName,
                ProvinceCode = proposal.ProvinceCode,
                NominatorEmail = proposal.NominatorEmail,
                Status = NominationStatus.Draft,
                CreatedAt = proposal.CreatedAt,
                UpdatedAt = proposal.CreatedAt,
            };
            await w.Nominations.CreateAsync(n, new AuditEntry(n.CreatedAt, n.NominatorEmail, AuditActions.Created), Ct);
            nominations.Add(n);
        }

        return (proposal, nominations);
    }
}
