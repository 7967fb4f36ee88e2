using System.Text;
using Awards.Domain;
using Awards.Security;

namespace Awards.UnitTests;

[TestClass]
public sealed class ApiKeysTests
{
    private static readonly Caller PhuYenPolice = new(Role.Nominator, "canbo@congan.phuyen.example.vn", "Công an tỉnh Phú Yên", "PY");

    [TestMethod]
    public void An_organiser_sees_every_units_nominations()
    {
        var organiser = new Caller(Role.Organiser, "ban.thi.dua@example.vn", null, null);

        Assert.IsTrue(organiser.MaySee(Nomination("Công an tỉnh Phú Yên", "PY")));
        Assert.IsTrue(organiser.MaySee(Nomination("Sở Y tế Hà Nội", "HN")));
    }

    [TestMethod]
    public void A_nominator_sees_their_own_units_nominations()
    {
        Assert.IsTrue(PhuYenPolice.MaySee(Nomination("Công an tỉnh Phú Yên", "PY")));
    }

    [TestMethod]
    [DataRow("CÔNG AN TỈNH PHÚ YÊN")]
    [DataRow("Cong an tinh Phu Yen")]
    [DataRow("  Công an   tỉnh Phú Yên ")]
    public void A_nominator_sees_their_units_nominations_however_the_unit_name_was_typed(string typed)
    {
        Assert.IsTrue(PhuYenPolice.MaySee(Nomination(typed, "PY")));
    }

    [TestMethod]
    public void A_nominator_sees_their_units_nominations_when_the_name_was_typed_in_nfd()
    {
        Assert.IsTrue(PhuYenPolice.MaySee(Nomination("Công an tỉnh Phú Yên".Normalize(NormalizationForm.FormD), "PY")));
    }

    [TestMethod]
    public void A_nominator_does_not_see_another_units_nominations()
    {
        Assert.IsFalse(PhuYenPolice.MaySee(Nomination("Công an tỉnh Phú Thọ", "PY")));
        Assert.IsFalse(PhuYenPolice.MaySee(Nomination("Sở Y tế Phú Yên", "PY")));
    }

    [TestMethod]
    public void A_nominator_does_not_see_a_same_named_unit_of_another_province()
    {
        var district = new Caller(Role.Nominator, "canbo@example.vn", "Công an huyện Đông Hòa", "PY");

        Assert.IsFalse(district.MaySee(Nomination("Công an huyện Đông Hòa", "KH")));
    }

    [TestMethod]
    public void A_nominator_without_a_unit_sees_nothing()
    {
        Assert.IsFalse(new Caller(Role.Nominator, "canbo@example.vn", null, "PY").MaySee(Nomination("Công an tỉnh Phú Yên", "PY")));
        Assert.IsFalse(new Caller(Role.Nominator, "canbo@example.vn", "Công an tỉnh Phú Yên", null).MaySee(Nomination("Công an tỉnh Phú Yên", "PY")));
    }

    [TestMethod]
    public void A_key_hash_is_the_sha256_of_the_key_in_lower_case_hex()
    {
        Assert.AreEqual("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ApiKeyStore.Hash("abc"));
    }

    [TestMethod]
    public void A_key_hash_is_the_same_every_time_and_64_hex_digits_long()
    {
        const string key = "awk_3q2-7xYvT0b9kLmN_pQrS4tUvWxYz0aBcDeFgHiJkLm";

        var hash = ApiKeyStore.Hash(key);

        Assert.AreEqual(hash, ApiKeyStore.Hash(key));
        Assert.MatchesRegex("^[0-9a-f]{64}$", hash);
    }

    [TestMethod]
    public void Keys_differing_in_one_character_have_different_hashes()
    {
        Assert.AreNotEqual(ApiKeyStore.Hash("awk_abcdef"), ApiKeyStore.Hash("awk_abcdeg"));
        Assert.AreNotEqual(ApiKeyStore.Hash("awk_abcdef"), ApiKeyStore.Hash("awk_ABCDEF"));
    }

    private static Nomination Nomination(string unitName, string provinceCode) => new()
    {
        Id = "nom-k3j9abcdefghmnpq",
        CampaignId = "bang-khen-2026",
        AwardCode = "bk-mttq",
        ProposalId = "tt-k3j9abcdefghmnpq",
        Kind = NomineeKind.Individual,
        NomineeName = "Nguyễn Thị Ánh Tuyết",
        UnitName = unitName,
        ProvinceCode = provinceCode,
        NominatorEmail = "canbo@example.vn",
    };
}
