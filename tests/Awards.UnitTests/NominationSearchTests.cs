using Awards.Domain;
using Awards.Storage;
using Awards.Web.Pages.Organise;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Awards.UnitTests;

/// <summary>The console's nominations search: a name typed without diacritics, the filters, the pages.</summary>
[TestClass]
public sealed class NominationSearchTests
{
    private static readonly Campaign Campaign = TestCampaigns.Valid();

    [TestMethod]
    public void A_name_typed_without_diacritics_or_in_another_case_or_decomposed_finds_the_nominee_and_only_it()
    {
        var all = new[] { Nominee("Đặng Văn Đức"), Nominee("Đặng Thị An"), Nominee("Dương Văn Đức") };
        foreach (var typed in new[] { "dang van duc", "ĐẶNG VĂN ĐỨC", "Đặng Văn Đức".Normalize(System.Text.NormalizationForm.FormD), "  dang   van  duc " })
        {
            var (search, errors) = NominationSearch.Read(Query(("q", typed)), Campaign, UnitOption.Of(all));
            Assert.IsEmpty(errors, typed);
            CollectionAssert.AreEqual(new[] { "Đặng Văn Đức" }, search.Apply(all).Select(n => n.NomineeName).ToArray(), typed);
        }

        var (part, _) = NominationSearch.Read(Query(("q", "van duc")), Campaign, UnitOption.Of(all));
        CollectionAssert.AreEqual(new[] { "Đặng Văn Đức", "Dương Văn Đức" }, part.Apply(all).Select(n => n.NomineeName).ToArray(), "a part of the name, in the order given");
    }

    [TestMethod]
    public void Filters_keep_what_they_name_and_a_value_the_campaign_does_not_have_is_an_error_at_its_field()
    {
        var all = new[]
        {
            Nominee("An", NominationStatus.InReview, "provincial", "PY", "Công an tỉnh Phú Yên", "bk-mttq"),
            Nominee("Bình", NominationStatus.InReview, "ministry", "HN", "Công an thành phố Hà Nội", "bk-bo"),
            Nominee("Cường", NominationStatus.Draft, null, "PY", "Công an tỉnh Phú Yên", "bk-mttq"),
        };
        var units = UnitOption.Of(all);
        var phuYen = NominationStore.UnitKey("Cong an tinh Phu Yen", "PY");
        CollectionAssert.AreEqual(new[] { "Công an thành phố Hà Nội", "Công an tỉnh Phú Yên" }, units.Select(u => u.Name).ToArray(), "each unit once, in Vietnamese order");

        string[] Names(params (string, string)[] query)
        {
            var (search, errors) = NominationSearch.Read(Query(query), Campaign, units);
            Assert.IsEmpty(errors);
            return [.. search.Apply(all).Select(n => n.NomineeName)];
        }

        CollectionAssert.AreEqual(new[] { "An", "Bình" }, Names(("status", "InReview")));
        CollectionAssert.AreEqual(new[] { "Bình" }, Names(("stage", "ministry")));
        CollectionAssert.AreEqual(new[] { "An", "Cường" }, Names(("province", "PY")));
        CollectionAssert.AreEqual(new[] { "An", "Cường" }, Names(("unit", phuYen)));
        CollectionAssert.AreEqual(new[] { "An" }, Names(("award", "bk-mttq"), ("status", "InReview")));

        var (_, bad) = NominationSearch.Read(Query(("status", "1"), ("stage", "nowhere"), ("province", "XX"), ("unit", "PY|nobody"), ("award", "bk-x"), ("q", new string('a', 201))), Campaign, units);
        CollectionAssert.AreEquivalent(new[] { "status", "stage", "province", "unit", "award", "q" }, bad.Keys.ToArray());
    }

    [TestMethod]
    public void Fifty_a_page_a_page_past_the_last_shows_the_last_and_the_links_keep_the_search()
    {
        var all = Enumerable.Range(1, 120).Select(i => Nominee($"Người {i:D3}")).ToList();
        var (search, _) = NominationSearch.Read(Query(("q", "người"), ("status", "InReview"), ("page", "2")), Campaign, []);
        var (second, shown, pages) = search.PageOf(search.Apply(all));
        Assert.AreEqual(3, pages);
        Assert.AreEqual(2, second.Page);
        Assert.HasCount(50, shown);
        Assert.AreEqual("Người 051", shown[0].NomineeName);

        var (last, rest, _) = (search with { Page = 9 }).PageOf(search.Apply(all));
        Assert.AreEqual(3, last.Page);
        Assert.HasCount(20, rest);

        var (_, none, onePage) = search.PageOf([]);
        Assert.AreEqual(1, onePage);
        Assert.IsEmpty(none);

        Assert.AreEqual("?q=ng%C6%B0%E1%BB%9Di&status=InReview&page=3", second.QueryAt(3));
        Assert.AreEqual("?q=ng%C6%B0%E1%BB%9Di&status=InReview", second.QueryAt(1), "the first page needs no number");
    }

    private static QueryCollection Query(params (string Name, string Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => new StringValues(v.Value)));

    private static Nomination Nominee(string name, NominationStatus status = NominationStatus.InReview, string? stage = "provincial", string province = "PY", string unit = "Công an tỉnh Phú Yên", string award = "bk-mttq") => new()
    {
        Id = "nom-" + Guid.NewGuid().ToString("N")[..12],
        CampaignId = Campaign.Id,
        AwardCode = award,
        ProposalId = "prop-1",
        Kind = NomineeKind.Individual,
        NomineeName = name,
        UnitName = unit,
        ProvinceCode = province,
        NominatorEmail = "unit@example.vn",
        Status = status,
        CurrentStage = stage,
    };
}
