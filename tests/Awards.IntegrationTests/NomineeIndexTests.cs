using System.Text;
using Awards.Domain;
using Awards.Storage;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Awards.IntegrationTests;

/// <summary>
/// Duplicate detection against real Table storage (Azurite): the same person typed another way
/// is found, another person is not, and indexing twice changes nothing.
/// </summary>
[TestClass]
public sealed class NomineeIndexTests
{
    private const string EarlierCampaign = "dot-2019-so-ket";
    private const string OtherUnit = "UB MTTQ tỉnh Thái Bình";

    private static readonly DateOnly Born = new(1984, 3, 8);

    // Every table and container of this class starts with it, so cleanup finds them all.
    private static readonly string Prefix = "t" + Guid.NewGuid().ToString("N")[..12];

    [ClassCleanup]
    public static async Task CleanupAsync()
    {
        var tables = new TableServiceClient(TestHost.Storage);
        await foreach (var table in tables.QueryAsync($"TableName ge '{Prefix}' and TableName lt '{Prefix}~'"))
        {
            await tables.DeleteTableAsync(table.Name);
        }

        var blobs = new BlobServiceClient(TestHost.Storage);
        await foreach (var container in blobs.GetBlobContainersAsync(prefix: Prefix))
        {
            await blobs.DeleteBlobContainerAsync(container.Name);
        }
    }

    public TestContext TestContext { get; set; } = null!;

    private CancellationToken Ct => TestContext.CancellationToken;

    [TestMethod]
    public async Task The_same_person_typed_with_nfd_without_diacritics_or_with_D_for_Đ_finds_the_nomination_and_the_earlier_award()
    {
        var w = await WorldAsync(freshInstallation: true);

        foreach (var (how, name, unit) in new[]
        {
            ("NFD", "Đỗ Thị Hường".Normalize(NormalizationForm.FormD), "Công an tỉnh Phú Yên".Normalize(NormalizationForm.FormD)),
            ("no diacritics", "DO THI HUONG", "cong an tinh phu yen"),
            ("D for Đ", "Dỗ Thị Hường", "Công an tỉnh Phú Yên"),
        })
        {
            var matches = await w.Index.FindAsync(Candidate(w.Campaign, name, unit), Ct);

            Assert.AreEqual(
                $"Nomination {w.Huong.Id} {w.Campaign} Đỗ Thị Hường | Award {w.EarlierAward.NominationId} {EarlierCampaign} Đỗ Thị Hường",
                Summary(matches),
                how);
            var nomination = matches[0];
            Assert.AreEqual("Công an tỉnh Phú Yên", nomination.UnitName, "as stored, with its diacritics");
            Assert.AreEqual("PY", nomination.ProvinceCode);
            Assert.AreEqual(Born, nomination.DateOfBirth);
            Assert.AreEqual(NominationStatus.InReview, nomination.Status);
            Assert.AreEqual(w.Huong.CreatedAt, nomination.At);
            var award = matches[1];
            Assert.AreEqual("Bằng khen của Ủy ban Trung ương MTTQ Việt Nam", award.AwardName);
            Assert.AreEqual(w.EarlierAward.AwardedAt, award.At);
            StringAssert.Contains(award.Describe(), "đợt " + EarlierCampaign);
        }
    }

    [TestMethod]
    public async Task Another_date_of_birth_or_another_unit_finds_nothing()
    {
        var w = await WorldAsync();

        var otherBirthday = await w.Index.FindAsync(Candidate(w.Campaign, "Đỗ Thị Hường", "Công an tỉnh Phú Yên") with { DateOfBirth = new DateOnly(1984, 8, 3) }, Ct);
        var otherUnit = await w.Index.FindAsync(Candidate(w.Campaign, "Đỗ Thị Hường", "Công an tỉnh Cần Thơ") with { ProvinceCode = "CT" }, Ct);

        Assert.IsEmpty(otherBirthday, Summary(otherBirthday));
        Assert.IsEmpty(otherUnit, Summary(otherUnit));
    }

    [TestMethod]
    public async Task A_nomination_does_not_match_itself_nor_rejected_nominations()
    {
        var w = await WorldAsync();

        var matches = await w.Index.FindAsync(w.Huong, Ct);

        Assert.AreEqual($"Award {w.EarlierAward.NominationId} {EarlierCampaign} Đỗ Thị Hường", Summary(matches), "not itself, not the rejected one");
    }

    [TestMethod]
    public async Task A_collective_is_found_by_name_and_province_whoever_nominates_it()
    {
        var w = await WorldAsync();
        var candidate = Candidate(w.Campaign, "PHONG CANH SAT HINH SU, CONG AN TINH PHU YEN", "UB MTTQ tỉnh Phú Yên") with
        {
            Kind = NomineeKind.Collective,
            DateOfBirth = null,
        };

        var matches = await w.Index.FindAsync(candidate, Ct);

        Assert.AreEqual($"Nomination {w.Police.Id} {w.Campaign} Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên", Summary(matches));
        StringAssert.StartsWith(matches[0].Describe(), $"Có thể trùng với hồ sơ {w.Police.Id}: Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên (Công an tỉnh Phú Yên, PY; đợt {w.Campaign}");
    }

    [TestMethod]
    public async Task Indexing_again_and_the_award_of_the_same_campaign_do_not_double_matches()
    {
        var w = await WorldAsync();
        await w.Index.IndexNominationAsync(w.Huong, Ct);
        await w.Index.IndexNominationAsync(w.Huong with { Status = NominationStatus.Awarded }, Ct);
        await w.Index.IndexAwardAsync(w.EarlierAward, Ct);
        await w.Index.IndexAwardAsync(Award(w.Campaign, w.Huong.Id, new DateTimeOffset(2024, 11, 20, 3, 0, 0, TimeSpan.Zero)), Ct);

        var matches = await w.Index.FindAsync(Candidate(w.Campaign, "Do Thi Huong", "Cong an tinh Phu Yen"), Ct);

        Assert.AreEqual(
            $"Nomination {w.Huong.Id} {w.Campaign} Đỗ Thị Hường | Award {w.EarlierAward.NominationId} {EarlierCampaign} Đỗ Thị Hường",
            Summary(matches));
        Assert.AreEqual(NominationStatus.Awarded, matches[0].Status, "the latest indexing wins");
    }

    [TestMethod]
    public async Task A_renamed_nomination_is_found_under_its_new_name_only_and_a_removed_one_not_at_all()
    {
        var w = await WorldAsync();
        var renamed = w.Huong with { NomineeName = "Đỗ Thị Hoa" };

        await w.Index.IndexNominationAsync(renamed, Ct);
        var underOldName = await w.Index.FindAsync(Candidate(w.Campaign, "Đỗ Thị Hường", "Công an tỉnh Phú Yên"), Ct);
        var underNewName = await w.Index.FindAsync(Candidate(w.Campaign, "DO THI HOA", "Cong an tinh Phu Yen"), Ct);
        await w.Index.RemoveNominationAsync(renamed.Id, Ct);
        await w.Index.RemoveNominationAsync(renamed.Id, Ct);
        var afterRemoval = await w.Index.FindAsync(Candidate(w.Campaign, "Đỗ Thị Hoa", "Công an tỉnh Phú Yên"), Ct);

        Assert.AreEqual($"Award {w.EarlierAward.NominationId} {EarlierCampaign} Đỗ Thị Hường", Summary(underOldName));
        Assert.AreEqual($"Nomination {w.Huong.Id} {w.Campaign} Đỗ Thị Hoa", Summary(underNewName));
        Assert.IsEmpty(afterRemoval, Summary(afterRemoval));
    }

    [TestMethod]
    public async Task Changes_through_the_nomination_store_keep_the_index_a_new_name_or_status_shows_and_a_stage_moving_on_keeps_it()
    {
        var w = await WorldAsync(freshInstallation: true);
        var chain = new Awards.Security.AuditChain(Options.Create(new Awards.Security.AuditOptions { ActiveKeyId = "test", Keys = { ["test"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) } }));
        var store = new NominationStore(w.Storage, w.Index, chain, new ProposalStore(w.Storage));
        var mai = Nomination(w.Campaign, NomineeKind.Individual, "Trần Thị Mai", "Công an tỉnh Phú Yên", NominationStatus.InReview);
        var at = mai.CreatedAt;
        await store.CreateAsync(mai, new AuditEntry(at, mai.NominatorEmail, AuditActions.Created), Ct);
        Task<IReadOnlyList<DuplicateMatch>> FindAsync(string name) => w.Index.FindAsync(Candidate(w.Campaign, name, "Cong an tinh Phu Yen"), Ct);
        Assert.AreEqual($"Nomination {mai.Id} {w.Campaign} Trần Thị Mai", Summary(await FindAsync("TRAN THI MAI")));

        // The next stage opens: who the nominee is and the status stay, and so does the entry.
        await store.ApplyAsync(mai.Id, n => n with { CurrentStage = "ministry", Round = n.Round + 1 }, new AuditEntry(at.AddHours(1), "system", AuditActions.StageOpened, "ministry"), "open-ministry", Ct);
        var moved = await FindAsync("Trần Thị Mai");
        Assert.AreEqual($"Nomination {mai.Id} {w.Campaign} Trần Thị Mai", Summary(moved));
        Assert.AreEqual(NominationStatus.InReview, moved[0].Status);

        // A corrected name: found under it, not under the old one.
        await store.ApplyAsync(mai.Id, n => n with { NomineeName = "Trần Thị Mơ" }, new AuditEntry(at.AddHours(2), mai.NominatorEmail, AuditActions.Resubmitted), "rename", Ct);
        Assert.IsEmpty(await FindAsync("Trần Thị Mai"), "not under the old name");
        Assert.AreEqual($"Nomination {mai.Id} {w.Campaign} Trần Thị Mơ", Summary(await FindAsync("Tran Thi Mo")));

        // Rejected: it stops counting as a duplicate.
        await store.ApplyAsync(mai.Id, n => n with { Status = NominationStatus.Rejected }, new AuditEntry(at.AddHours(3), "bo@example.vn", AuditActions.Rejected, "ministry", "Chưa đủ tiêu chuẩn"), "reject", Ct);
        Assert.IsEmpty(await FindAsync("Trần Thị Mơ"), "a rejected nomination is no duplicate");
    }

    private sealed record World(NomineeIndex Index, string Campaign, Nomination Huong, Nomination Police, AwardListEntry EarlierAward, AwardsStorage Storage);

    /// <summary>
    /// An index of its own (tests run in parallel and all index the same Đỗ Thị Hường) with three
    /// nominations and a rejected one in one campaign, and an award of an earlier campaign to the
    /// same person.
    /// </summary>
    private async Task<World> WorldAsync(bool freshInstallation = false)
    {
        var storage = new AwardsStorage(
            Options.Create(new StorageOptions { NamePrefix = Prefix + Guid.NewGuid().ToString("N")[..6] }),
            Options.Create(new StorageConnectionOptions { ConnectionString = TestHost.Storage }));
        if (freshInstallation)
        {
            await storage.EnsureCreatedAsync(Ct);
        }
        else
        {
            await storage.NomineeIndex.CreateIfNotExistsAsync(Ct);
        }

        var index = new NomineeIndex(storage);
        var campaign = "dot-2024-" + Guid.NewGuid().ToString("N")[..8];
        var huong = Nomination(campaign, NomineeKind.Individual, "Đỗ Thị Hường", "Công an tỉnh Phú Yên", NominationStatus.InReview);
        var police = Nomination(campaign, NomineeKind.Collective, "Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên", "Công an tỉnh Phú Yên", NominationStatus.Draft);
        var sameNameOtherUnit = Nomination(campaign, NomineeKind.Individual, "Đỗ Thị Hường", OtherUnit, NominationStatus.Draft) with { ProvinceCode = "TB" };
        var rejected = Nomination(campaign, NomineeKind.Individual, "Đỗ Thị Hường", "Công an tỉnh Phú Yên", NominationStatus.Rejected);
        foreach (var n in new[] { huong, police, sameNameOtherUnit, rejected })
        {
            await index.IndexNominationAsync(n, Ct);
        }

        var earlier = Award(EarlierCampaign, "nom-" + Guid.NewGuid().ToString("N")[..16], new DateTimeOffset(2019, 3, 11, 3, 0, 0, TimeSpan.Zero)) with
        {
            UnitName = "Công an tỉnh Phú Yên",
            NomineeName = "Đỗ Thị Hường",
            Position = "Thiếu tá",
        };
        await index.IndexAwardAsync(earlier, Ct);
        return new World(index, campaign, huong, police, earlier, storage);
    }

    private static Nomination Nomination(string campaign, NomineeKind kind, string name, string unit, NominationStatus status) => new()
    {
        Id = "nom-" + Guid.NewGuid().ToString("N")[..16],
        CampaignId = campaign,
        AwardCode = "bk-mttq",
        ProposalId = "prp-" + Guid.NewGuid().ToString("N")[..16],
        Kind = kind,
        NomineeName = name,
        DateOfBirth = kind == NomineeKind.Individual ? Born : null,
        Position = kind == NomineeKind.Individual ? "Trung tá" : null,
        UnitName = unit,
        ProvinceCode = "PY",
        NominatorEmail = "thidua@congan.phuyen.example.vn",
        Status = status,
        CreatedAt = new DateTimeOffset(2024, 10, 1, 2, 30, 0, TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(2024, 10, 1, 2, 30, 0, TimeSpan.Zero),
    };

    private static Nomination Candidate(string campaign, string name, string unit) =>
        Nomination(campaign, NomineeKind.Individual, name, unit, NominationStatus.Draft);

    private static AwardListEntry Award(string campaign, string nominationId, DateTimeOffset at) => new()
    {
        CampaignId = campaign,
        AwardCode = "bk-mttq",
        AwardName = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
        AwardingBody = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        NominationId = nominationId,
        Kind = NomineeKind.Individual,
        NomineeName = "Đỗ Thị Hường",
        DateOfBirth = Born,
        UnitName = "Công an tỉnh Phú Yên",
        ProvinceCode = "PY",
        AwardedAt = at,
    };

    private static string Summary(IReadOnlyList<DuplicateMatch> matches) =>
        string.Join(" | ", matches.Select(m => $"{m.Source} {m.NominationId} {m.CampaignId} {m.NomineeName}"));
}
