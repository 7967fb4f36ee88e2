using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Web;

namespace Awards.UnitTests;

[TestClass]
public sealed class CampaignValidatorTests
{
    [TestMethod]
    public void A_complete_campaign_has_no_errors()
    {
        var errors = CampaignValidator.Validate(TestCampaigns.Valid());

        Assert.IsEmpty(errors, Describe(errors));
    }

    [TestMethod]
    [DataRow("Bang-Khen-2026")]
    [DataRow("bang khen 2026")]
    [DataRow("bk")]
    [DataRow("-bang-khen")]
    [DataRow("bằng-khen-2026")]
    [DataRow("")]
    public void A_bad_campaign_id_is_reported_on_id(string id)
    {
        AssertErrorsExactlyAt(TestCampaigns.Valid() with { Id = id }, "id");
    }

    [TestMethod]
    public void A_province_listed_twice_is_reported_on_the_second_listing()
    {
        var c = TestCampaigns.Valid();
        c = c with { Provinces = [.. c.Provinces, new("PY", "Phú Yên")] };

        var errors = AssertErrorsExactlyAt(c, "provinces[3].code");
        Assert.Contains("PY", errors["provinces[3].code"][0]);
    }

    [TestMethod]
    public void A_province_without_approvers_at_a_by_province_stage_is_reported_on_that_stage()
    {
        var c = TestCampaigns.Valid();
        var provincial = c.Stages[0] with
        {
            ApproversByProvince = c.Stages[0].ApproversByProvince.Where(kv => kv.Key != "DN").ToDictionary(kv => kv.Key, kv => kv.Value),
        };
        c = c with { Stages = [provincial, c.Stages[1], c.Stages[2]] };

        var errors = AssertErrorsExactlyAt(c, "stages[0].approversByProvince");
        Assert.Contains("DN", errors["stages[0].approversByProvince"][0]);
    }

    [TestMethod]
    public void Approvers_for_a_province_the_campaign_does_not_list_are_reported_under_that_province()
    {
        var c = TestCampaigns.Valid();
        var approvers = new Dictionary<string, List<Approver>>(c.Stages[0].ApproversByProvince) { ["QN"] = [new("qn@example.vn", "Võ Văn Quảng")] };
        c = c with { Stages = [c.Stages[0] with { ApproversByProvince = approvers }, c.Stages[1], c.Stages[2]] };

        AssertErrorsExactlyAt(c, "stages[0].approversByProvince.QN");
    }

    [TestMethod]
    public void A_chain_naming_an_unknown_stage_is_reported_at_that_position()
    {
        var c = TestCampaigns.Valid();
        c = c with { Awards = [c.Awards[0], c.Awards[1] with { StageChain = ["provincial", "ministry", "government"] }] };

        var errors = AssertErrorsExactlyAt(c, "awards[1].stageChain[2]");
        Assert.Contains("government", errors["awards[1].stageChain[2]"][0]);
    }

    [TestMethod]
    public void A_chain_naming_a_stage_twice_is_reported_on_the_chain()
    {
        var c = TestCampaigns.Valid();
        c = c with { Awards = [c.Awards[0], c.Awards[1] with { StageChain = ["provincial", "ministry", "provincial"] }] };

        AssertErrorsExactlyAt(c, "awards[1].stageChain");
    }

    [TestMethod]
    public void An_award_without_a_chain_goes_through_provincial_ministry_front()
    {
        var c = TestCampaigns.Valid();
        c = c with { Awards = [c.Awards[0], c.Awards[1] with { StageChain = [] }] };

        Assert.IsEmpty(CampaignValidator.Validate(c));
        Assert.AreEqual("provincial → ministry → front", string.Join(" → ", c.ChainOf(c.Awards[1])));
    }

    [TestMethod]
    public void An_award_without_a_chain_is_an_error_when_the_default_stages_are_not_configured()
    {
        var c = TestCampaigns.Valid();
        c = c with
        {
            Stages = [c.Stages[0], c.Stages[1]],
            Awards = [c.Awards[0] with { StageChain = ["provincial", "ministry"] }, c.Awards[1] with { StageChain = [] }],
        };

        var errors = AssertErrorsExactlyAt(c, "awards[1].stageChain");
        Assert.HasCount(1, errors["awards[1].stageChain"]);
        Assert.Contains("'front'", errors["awards[1].stageChain"][0]);
        Assert.Contains("default chain", errors["awards[1].stageChain"][0]);
    }

    [TestMethod]
    public void An_award_chain_is_used_as_configured()
    {
        var c = TestCampaigns.Valid();
        Assert.AreEqual("provincial → ministry", string.Join(" → ", c.ChainOf(c.FindAward("bk-bo")!)));
    }

    [TestMethod]
    [DataRow("khong-phai-email")]
    [DataRow("Phạm Quốc Bộ <vu.thidua@example.vn>")]
    [DataRow("a@b.vn, c@d.vn")]
    public void A_bad_approver_email_is_reported_on_that_approver(string email)
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [c.Stages[0], c.Stages[1] with { Approvers = [new(email, "Phạm Quốc Bộ")] }, c.Stages[2]] };

        AssertErrorsExactlyAt(c, "stages[1].approvers[0].email");
    }

    [TestMethod]
    public void A_bad_email_of_a_provincial_approver_is_reported_under_the_province()
    {
        var c = TestCampaigns.Valid();
        var approvers = new Dictionary<string, List<Approver>>(c.Stages[0].ApproversByProvince)
        {
            ["HN"] = [new("thidua.hn@example.vn", "Lê Thị Hà"), new("pho.hn(at)example.vn", "Ngô Văn Nội")],
        };
        c = c with { Stages = [c.Stages[0] with { ApproversByProvince = approvers }, c.Stages[1], c.Stages[2]] };

        AssertErrorsExactlyAt(c, "stages[0].approversByProvince.HN[1].email");
    }

    [TestMethod]
    public void A_fixed_stage_without_approvers_is_reported()
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [c.Stages[0], c.Stages[1], c.Stages[2] with { Approvers = [] }] };

        AssertErrorsExactlyAt(c, "stages[2].approvers");
    }

    [TestMethod]
    public void A_document_type_listed_twice_is_reported_on_the_second_listing()
    {
        var c = TestCampaigns.Valid();
        c = c with { Documents = [.. c.Documents, new() { Type = "achievement-report", LabelVi = "Báo cáo thành tích (bản 2)", LabelEn = "Achievement report 2" }] };

        AssertErrorsExactlyAt(c, "documents[5].type");
    }

    [TestMethod]
    public void A_stage_configured_twice_is_reported_on_the_second()
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [.. c.Stages, c.Stages[1] with { NameVi = "Cấp bộ (lần 2)" }] };

        AssertErrorsExactlyAt(c, "stages[3].code");
    }

    [TestMethod]
    public void A_campaign_name_of_300_characters_is_accepted_and_301_is_not()
    {
        var c = TestCampaigns.Valid();
        Assert.IsEmpty(CampaignValidator.Validate(c with { Name = new string('ư', 300) }));
        AssertErrorsExactlyAt(c with { Name = new string('ư', 301) }, "name");
    }

    [TestMethod]
    public void An_over_long_province_name_is_reported_on_that_province()
    {
        var c = TestCampaigns.Valid();
        c = c with { Provinces = [c.Provinces[0], c.Provinces[1] with { Name = new string('Ộ', 101) }, c.Provinces[2]] };

        AssertErrorsExactlyAt(c, "provinces[1].name");
    }

    [TestMethod]
    public void An_over_long_stage_name_is_reported_on_that_stage()
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [c.Stages[0], c.Stages[1], c.Stages[2] with { NameVi = new string('Ủ', 201) }] };

        AssertErrorsExactlyAt(c, "stages[2].nameVi");
    }

    [TestMethod]
    public void An_over_long_award_name_is_reported_on_that_award()
    {
        var c = TestCampaigns.Valid();
        c = c with { Awards = [c.Awards[0] with { NameVi = new string('B', 301) }, c.Awards[1]] };

        AssertErrorsExactlyAt(c, "awards[0].nameVi");
    }

    [TestMethod]
    public void An_over_long_approver_name_is_reported_on_that_approver()
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [c.Stages[0], c.Stages[1] with { Approvers = [new("vu.thidua@example.vn", new string('Đ', 201))] }, c.Stages[2]] };

        AssertErrorsExactlyAt(c, "stages[1].approvers[0].name");
    }

    [TestMethod]
    public void An_over_long_document_label_is_reported_on_that_document()
    {
        var c = TestCampaigns.Valid();
        var documents = c.Documents.ToList();
        documents[1] = documents[1] with { LabelVi = new string('á', 201) };

        AssertErrorsExactlyAt(c with { Documents = documents }, "documents[1].labelVi");
    }

    [TestMethod]
    public void A_missing_name_is_reported_as_required()
    {
        var errors = AssertErrorsExactlyAt(TestCampaigns.Valid() with { Name = "   " }, "name");
        Assert.AreEqual("Required.", errors["name"][0]);
    }

    [TestMethod]
    public void A_campaign_without_provinces_stages_or_awards_reports_each_list()
    {
        var c = TestCampaigns.Valid() with { Provinces = [], Stages = [], Awards = [] };

        AssertErrorsExactlyAt(c, "provinces", "stages", "awards");
    }

    [TestMethod]
    public void A_bad_organiser_email_is_reported()
    {
        AssertErrorsExactlyAt(TestCampaigns.Valid() with { OrganiserEmail = "ban thi dua" }, "organiserEmail");
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(8761)]
    public void A_link_lifetime_outside_one_hour_to_one_year_is_reported(int hours)
    {
        AssertErrorsExactlyAt(TestCampaigns.Valid() with { LinkLifetimeHours = hours }, "linkLifetimeHours");
    }

    [TestMethod]
    public void Normalize_stores_every_vietnamese_text_as_nfc_with_tidy_spaces()
    {
        var valid = TestCampaigns.Valid();
        static string Nfd(string s) => s.Normalize(NormalizationForm.FormD);
        var typed = valid with
        {
            Name = "  " + Nfd(valid.Name) + "  ",
            Provinces = [.. valid.Provinces.Select(p => p with { Name = Nfd(p.Name) })],
            Stages = [.. valid.Stages.Select(s => s with
            {
                NameVi = Nfd(s.NameVi),
                Approvers = [.. s.Approvers.Select(a => new Approver(" " + a.Email + " ", Nfd(a.Name).Replace(" ", "   ", StringComparison.Ordinal)))],
                ApproversByProvince = s.ApproversByProvince.ToDictionary(kv => kv.Key, kv => kv.Value.Select(a => new Approver(a.Email + "\t", Nfd(a.Name))).ToList()),
            })],
            Awards = [.. valid.Awards.Select(a => a with { NameVi = Nfd(a.NameVi), AwardingBody = Nfd(a.AwardingBody) })],
            Documents = [.. valid.Documents.Select(d => d with { LabelVi = Nfd(d.LabelVi) })],
        };

        var normalized = CampaignValidator.Normalize(typed);

        Assert.AreEqual(valid.Name, normalized.Name);
        CollectionAssert.AreEqual(valid.Provinces, normalized.Provinces);
        Assert.AreEqual("Cấp tỉnh", normalized.Stages[0].NameVi);
        Assert.AreEqual(new Approver("vu.thidua@example.vn", "Phạm Quốc Bộ"), normalized.Stages[1].Approvers[0]);
        Assert.AreEqual(new Approver("thidua.dn@example.vn", "Đặng Thị Đà"), normalized.Stages[0].ApproversByProvince["DN"][0]);
        Assert.AreEqual(valid.Awards[0].NameVi, normalized.Awards[0].NameVi);
        Assert.AreEqual(valid.Awards[0].AwardingBody, normalized.Awards[0].AwardingBody);
        Assert.AreEqual("Báo cáo thành tích", normalized.Documents[1].LabelVi);
        Assert.IsEmpty(CampaignValidator.Validate(normalized));
    }

    [TestMethod]
    public void A_300_character_name_typed_in_nfd_is_accepted_once_normalized()
    {
        var name = new string('ộ', 300);
        var nfd = name.Normalize(NormalizationForm.FormD);
        Assert.AreEqual(900, nfd.Length);

        var normalized = CampaignValidator.Normalize(TestCampaigns.Valid() with { Name = nfd });

        Assert.AreEqual(name, normalized.Name);
        Assert.IsEmpty(CampaignValidator.Validate(normalized));
    }

    [TestMethod]
    [DataRow("provinces")]
    [DataRow("stages")]
    [DataRow("awards")]
    [DataRow("documents")]
    public void A_null_list_entry_in_posted_json_is_reported_on_that_entry_instead_of_crashing(string list)
    {
        // What CampaignApi.CreateAsync does with a body: deserialize, Normalize, Validate.
        var json = JsonSerializer.SerializeToNode(TestCampaigns.Valid(), AwardsJson.Options)!.AsObject();
        json[list]!.AsArray()[0] = null;
        var body = json.Deserialize<Campaign>(AwardsJson.Options)!;

        var errors = CampaignValidator.Validate(CampaignValidator.Normalize(body));

        var expected = list == "documents" ? "documents[0].type" : $"{list}[0].code";
        Assert.Contains(expected, errors.Keys, Describe(errors));
    }

    [TestMethod]
    public void A_stage_posted_with_null_approvers_is_reported_as_having_none_instead_of_crashing()
    {
        // Validate handles a null approver list ("List between 1 and 50 approvers."), but the API normalizes first.
        var json = JsonSerializer.SerializeToNode(TestCampaigns.Valid(), AwardsJson.Options)!.AsObject();
        json["stages"]![1]!["approvers"] = null;
        var body = json.Deserialize<Campaign>(AwardsJson.Options)!;

        var errors = CampaignValidator.Validate(CampaignValidator.Normalize(body));

        Assert.AreEqual("stages[1].approvers", string.Join(", ", errors.Keys), Describe(errors));
    }

    [TestMethod]
    public void Approvers_of_a_by_province_stage_are_those_of_the_units_province()
    {
        var c = TestCampaigns.Valid();
        var provincial = c.FindStage("provincial")!;

        var hanoi = c.ApproversFor(provincial, "HN");

        Assert.AreEqual("thidua.hn@example.vn, pho.hn@example.vn", string.Join(", ", hanoi.Select(a => a.Email)));
        Assert.IsEmpty(c.ApproversFor(provincial, "QN"));
    }

    [TestMethod]
    public void Approvers_of_a_fixed_stage_are_the_same_for_every_province()
    {
        var c = TestCampaigns.Valid();
        var ministry = c.FindStage("ministry")!;

        Assert.AreEqual("vu.thidua@example.vn", c.ApproversFor(ministry, "PY").Single().Email);
        Assert.AreEqual("vu.thidua@example.vn", c.ApproversFor(ministry, "DN").Single().Email);
    }

    private static Dictionary<string, string[]> AssertErrorsExactlyAt(Campaign campaign, params string[] fields)
    {
        var errors = CampaignValidator.Validate(campaign);
        CollectionAssert.AreEquivalent(fields, errors.Keys.ToArray(), Describe(errors));
        foreach (var messages in errors.Values)
        {
            Assert.IsNotEmpty(messages);
            Assert.IsTrue(messages.All(m => !string.IsNullOrWhiteSpace(m)), "every error explains itself");
        }

        return errors;
    }

    private static string Describe(Dictionary<string, string[]> errors) =>
        "errors: " + string.Join("; ", errors.Select(e => e.Key + " → " + string.Join(" | ", e.Value)));
}
