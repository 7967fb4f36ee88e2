using System.Text;
using Awards.Domain;

namespace Awards.UnitTests;

[TestClass]
public sealed class DuplicateKeyTests
{
    private static readonly DateOnly Born = new(1984, 3, 8);

    private static string Individual(string name, string unit, DateOnly? born = null) =>
        NomineeIdentity.KeyOf(NomineeKind.Individual, name, born ?? Born, unit, "PY");

    [TestMethod]
    [DataRow("Đỗ Thị Hường", "Công an tỉnh Phú Yên", false, DisplayName = "as typed properly")]
    [DataRow("Đỗ Thị Hường", "Công an tỉnh Phú Yên", true, DisplayName = "NFD (decomposed) diacritics")]
    [DataRow("Do Thi Huong", "Cong an tinh Phu Yen", false, DisplayName = "without diacritics")]
    [DataRow("Dỗ Thị Hường", "Công an tỉnh Phú Yên", false, DisplayName = "Đ typed as D")]
    [DataRow("  ĐỖ   THỊ HƯỜNG ", "CÔNG AN  TỈNH PHÚ YÊN", false, DisplayName = "capitals and extra spaces")]
    [DataRow("đỗ thị hường", "công an tỉnh phú yên", false, DisplayName = "lower case")]
    public void The_same_person_typed_differently_has_the_same_key(string name, string unit, bool decompose)
    {
        if (decompose)
        {
            (name, unit) = (name.Normalize(NormalizationForm.FormD), unit.Normalize(NormalizationForm.FormD));
            Assert.AreNotEqual("Đỗ Thị Hường", name, "the test really uses NFD");
        }

        Assert.AreEqual(Individual("Đỗ Thị Hường", "Công an tỉnh Phú Yên"), Individual(name, unit));
    }

    [TestMethod]
    public void A_different_date_of_birth_is_another_person()
    {
        Assert.AreNotEqual(
            Individual("Đỗ Thị Hường", "Công an tỉnh Phú Yên"),
            Individual("Đỗ Thị Hường", "Công an tỉnh Phú Yên", new DateOnly(1984, 8, 3)));
    }

    [TestMethod]
    public void The_same_name_in_another_unit_is_another_person()
    {
        Assert.AreNotEqual(
            Individual("Đỗ Thị Hường", "Công an tỉnh Phú Yên"),
            Individual("Đỗ Thị Hường", "UB MTTQ tỉnh Thái Bình"));
    }

    [TestMethod]
    public void A_different_name_is_another_person()
    {
        Assert.AreNotEqual(
            Individual("Đỗ Thị Hường", "Công an tỉnh Phú Yên"),
            Individual("Đỗ Thị Hoa", "Công an tỉnh Phú Yên"));
    }

    [TestMethod]
    public void Names_that_differ_only_in_tone_marks_are_flagged_for_a_person_to_judge()
    {
        // Folding drops every diacritic (that is what finds "Do Thi Huong"), so Hường and Hương
        // share a key: the match shows both names as stored and a person decides.
        Assert.AreEqual(
            Individual("Đỗ Thị Hường", "Công an tỉnh Phú Yên"),
            Individual("Đỗ Thị Hương", "Công an tỉnh Phú Yên"));
    }

    [TestMethod]
    public void Collectives_are_the_same_by_name_and_province_whoever_nominates_them()
    {
        var key = NomineeIdentity.KeyOf(NomineeKind.Collective, "Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên", null, "Công an tỉnh Phú Yên", "PY");

        Assert.AreEqual(key, NomineeIdentity.KeyOf(NomineeKind.Collective, "PHONG CANH SAT HINH SU, CONG AN TINH PHU YEN", null, "UB MTTQ tỉnh Phú Yên", "py"));
        Assert.AreNotEqual(key, NomineeIdentity.KeyOf(NomineeKind.Collective, "Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên", null, "Công an tỉnh Phú Yên", "TB"));
    }

    [TestMethod]
    public void A_collective_and_an_individual_with_the_same_name_are_not_the_same_nominee()
    {
        Assert.AreNotEqual(
            NomineeIdentity.KeyOf(NomineeKind.Collective, "Hồng Hà", null, "Công an tỉnh Phú Yên", "PY"),
            NomineeIdentity.KeyOf(NomineeKind.Individual, "Hồng Hà", null, "Công an tỉnh Phú Yên", "PY"));
    }

    [TestMethod]
    public void Punctuation_inside_names_cannot_shift_one_part_into_another()
    {
        Assert.AreNotEqual(
            NomineeIdentity.KeyOf(NomineeKind.Collective, "Đội 1|PY", null, "x", "TB"),
            NomineeIdentity.KeyOf(NomineeKind.Collective, "Đội 1", null, "x", "PY|TB"));
    }

    [TestMethod]
    public void A_nomination_and_its_award_list_entry_have_the_same_key()
    {
        var nomination = new Nomination
        {
            Id = "nom-aaaaaaaaaaaaaaaa",
            CampaignId = "dot-2024",
            AwardCode = "bk-mttq",
            ProposalId = "prp-aaaaaaaaaaaaaaaa",
            Kind = NomineeKind.Individual,
            NomineeName = "Đỗ Thị Hường",
            DateOfBirth = Born,
            UnitName = "Công an tỉnh Phú Yên",
            ProvinceCode = "PY",
            NominatorEmail = "thidua@congan.phuyen.example.vn",
        };
        var award = new AwardListEntry
        {
            CampaignId = "dot-2019",
            AwardCode = "bk-mttq",
            AwardName = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
            AwardingBody = "Ủy ban Trung ương MTTQ Việt Nam",
            NominationId = "nom-bbbbbbbbbbbbbbbb",
            Kind = NomineeKind.Individual,
            NomineeName = "Do Thi Huong",
            DateOfBirth = Born,
            UnitName = "Cong an tinh Phu Yen",
            ProvinceCode = "PY",
        };

        Assert.AreEqual(NomineeIdentity.KeyOf(nomination), NomineeIdentity.KeyOf(award));
    }

    [TestMethod]
    public void The_hashed_key_is_safe_as_a_table_key_whatever_the_name_holds()
    {
        var hash = NomineeIdentity.Hash(Individual("Đội 3/4 #1? \\ tổ", "Công an tỉnh Phú Yên"));

        Assert.AreEqual(64, hash.Length);
        Assert.IsTrue(hash.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f')), hash);
        Assert.AreEqual(hash, NomineeIdentity.Hash(Individual("ĐỘI 3/4 #1? \\ TỔ", "Công an tỉnh Phú Yên")));
    }

    [TestMethod]
    public void A_match_is_described_in_vietnamese_and_english_with_what_a_person_needs_to_judge_it()
    {
        var match = new DuplicateMatch
        {
            Source = DuplicateSource.Nomination,
            NominationId = "nom-k3j9abcdefghijkm",
            CampaignId = "ctr09-so-ket-5-nam",
            AwardCode = "bk-mttq",
            Kind = NomineeKind.Individual,
            NomineeName = "Đỗ Thị Hường",
            DateOfBirth = Born,
            UnitName = "Công an tỉnh Phú Yên",
            ProvinceCode = "PY",
            Status = NominationStatus.InReview,
            At = new DateTimeOffset(2019, 2, 28, 20, 0, 0, TimeSpan.Zero),
        };

        var text = match.Describe();

        StringAssert.StartsWith(text, "Có thể trùng với hồ sơ nom-k3j9abcdefghijkm: Đỗ Thị Hường, sinh 08/03/1984 (Công an tỉnh Phú Yên");
        StringAssert.Contains(text, "đợt ctr09-so-ket-5-nam");
        StringAssert.Contains(text, "tạo ngày 01/03/2019", "the date is in Vietnam time");
        StringAssert.Contains(text, " / Possible duplicate of nomination nom-k3j9abcdefghijkm");
        StringAssert.Contains(text, "in review");
    }

    [TestMethod]
    public void An_earlier_award_is_described_with_its_award_and_campaign()
    {
        var text = new DuplicateMatch
        {
            Source = DuplicateSource.Award,
            NominationId = "nom-k3j9abcdefghijkm",
            CampaignId = "dot-2019",
            AwardCode = "bk-mttq",
            AwardName = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
            Kind = NomineeKind.Collective,
            NomineeName = "Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên",
            UnitName = "Công an tỉnh Phú Yên",
            ProvinceCode = "PY",
            At = new DateTimeOffset(2019, 3, 11, 3, 0, 0, TimeSpan.Zero),
        }.Describe();

        StringAssert.StartsWith(text, "Có thể trùng với khen thưởng «Bằng khen của Ủy ban Trung ương MTTQ Việt Nam» cho Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên (");
        StringAssert.Contains(text, "đợt dot-2019; ngày 11/03/2019");
        StringAssert.Contains(text, " / Possible duplicate of the award «Bằng khen của Ủy ban Trung ương MTTQ Việt Nam»");
        Assert.DoesNotContain("sinh", text, "a collective has no date of birth");
    }
}
