using System.Globalization;
using Awards.Domain;
using Awards.Web.Pages.Organise;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Awards.UnitTests;

/// <summary>
/// The console's settings: what changed between two versions (entries matched by code, not by
/// position), said in Vietnamese and English; and the settings form read back onto the version it
/// was filled from — what was not touched stays exactly as stored.
/// </summary>
[TestClass]
public sealed class CampaignSettingsTests
{
    [TestMethod]
    public void A_stage_inserted_before_others_is_one_stage_added_and_a_deadline_is_one_change()
    {
        var before = TestCampaigns.Valid();
        var added = new StageDefinition { Code = "district", NameVi = "Cấp huyện", NameEn = "District", Approvers = [new("huyen@example.vn", "Phòng Nội vụ")] };
        var after = before with
        {
            Version = 2,
            Stages = [added, .. before.Stages.Select(s => s.Code == "ministry" ? s with { DeadlineWorkingDays = 7 } : s)],
        };

        var changes = CampaignDiff.Compare(before, after);

        Assert.HasCount(2, changes, string.Join("\n", changes.Select(c => c.PathText)));
        var deadline = changes.Single(c => c.Kind == DiffKind.Changed);
        Assert.AreEqual("stages[ministry].deadlineWorkingDays", deadline.PathText);
        Assert.AreEqual(25, deadline.Old!.GetValue<int>());
        Assert.AreEqual(7, deadline.New!.GetValue<int>());
        Assert.AreEqual("stages[district]", changes.Single(c => c.Kind == DiffKind.Added).PathText);
        Assert.IsEmpty(CampaignDiff.Compare(before, before with { Version = 9 }), "the version number alone is no change");
    }

    [TestMethod]
    public void Changes_read_in_the_pages_language_with_names_instead_of_codes()
    {
        var before = TestCampaigns.Valid();
        var after = before with
        {
            Stages = [.. before.Stages.Select(s => s.Code == "provincial"
                ? s with { DeadlineWorkingDays = 7, ApproversByProvince = new(s.ApproversByProvince) { ["PY"] = [new("moi.py@example.vn", "Nguyễn Văn Mới")] } }
                : s)],
        };
        var changes = CampaignDiff.Compare(before, after);

        var vietnamese = InCulture("vi", () => changes.Select(c => SettingsChanges.Describe(c, after, Language.Vi)).ToList());
        var english = InCulture("en", () => changes.Select(c => SettingsChanges.Describe(c, after, Language.En)).ToList());

        CollectionAssert.Contains(vietnamese, "Giai đoạn «Cấp tỉnh» › thời hạn (ngày làm việc): 25 → 7");
        CollectionAssert.Contains(english, "Stage “Provincial” › deadline (working days): 25 → 7");
        Assert.IsTrue(vietnamese.Any(v => v.StartsWith("Giai đoạn «Cấp tỉnh» › người duyệt tỉnh «Phú Yên» › người duyệt moi.py@example.vn: thêm", StringComparison.Ordinal)), string.Join("\n", vietnamese));
        Assert.IsTrue(vietnamese.Any(v => v.StartsWith("Giai đoạn «Cấp tỉnh» › người duyệt tỉnh «Phú Yên» › người duyệt thidua.py@example.vn: bỏ", StringComparison.Ordinal)), string.Join("\n", vietnamese));
    }

    [TestMethod]
    public void The_form_posted_unchanged_gives_the_same_configuration()
    {
        var campaign = CampaignValidator.Normalize(CampaignSample.Load());
        var form = Post(SettingsForm.From(campaign));

        var (next, errors, _) = SettingsForm.Read(form, campaign).Apply(campaign);

        Assert.IsEmpty(errors);
        Assert.IsEmpty(CampaignDiff.Compare(campaign, next), string.Join("\n", CampaignDiff.Compare(campaign, next).Select(c => c.PathText)));
    }

    [TestMethod]
    public void Typed_values_become_the_next_configuration_and_what_cannot_be_read_is_an_error_at_its_control()
    {
        var campaign = CampaignValidator.Normalize(CampaignSample.Load());
        var fields = Fields(SettingsForm.From(campaign));
        fields[SettingsForm.Field.Deadline(1)] = "7";
        fields[SettingsForm.Field.Remind(1)] = "40, 90%";
        fields[SettingsForm.Field.OpensOn] = "02/03/2027";
        fields[SettingsForm.Field.Quota(0)] = string.Empty;
        fields[SettingsForm.Field.Quota(0, "individual")] = "12";
        fields[SettingsForm.Field.Row(0, 1, "remove")] = "1";
        fields[SettingsForm.Field.Row(1, 1, "email")] = "moi@bca.example.vn";
        fields[SettingsForm.Field.Row(1, 1, "name")] = "Văn phòng Bộ";

        var (next, errors, fieldOf) = SettingsForm.Read(Post(fields), campaign).Apply(campaign);

        Assert.IsEmpty(errors);
        Assert.AreEqual(7, next.Stages[1].DeadlineWorkingDays);
        CollectionAssert.AreEqual(new[] { 0.4, 0.9 }, next.Stages[1].RemindAt);
        Assert.AreEqual(new DateTimeOffset(2027, 3, 2, 0, 0, 0, TimeSpan.FromHours(7)), next.Intake!.OpensAt);
        Assert.AreEqual(campaign.Intake!.ClosesAt, next.Intake.ClosesAt, "an untouched closing day keeps its stored hour");
        Assert.IsNull(next.Awards[0].QuotaPerUnit);
        Assert.AreEqual(12, next.Awards[0].QuotaPerUnitByKind[NomineeKind.Individual]);
        Assert.IsFalse(next.Awards[0].QuotaPerUnitByKind.ContainsKey(NomineeKind.Collective));
        StringAssert.Contains(System.Text.Json.JsonSerializer.Serialize(next.Awards[0], Awards.Web.AwardsJson.Options), "\"quotaPerUnitByKind\":{\"individual\":12}");
        var invalid = CampaignValidator.Validate(next with { Awards = [next.Awards[0] with { QuotaPerUnitByKind = new() { [NomineeKind.Collective] = 0 } }, .. next.Awards[1..]] });
        Assert.IsTrue(invalid.ContainsKey("awards[0].quotaPerUnitByKind.collective"), string.Join(", ", invalid.Keys));
        Assert.IsFalse(next.Stages[0].ApproversByProvince.ContainsKey("TB"), "the removed row's province has no approver left");
        Assert.HasCount(2, next.Stages[1].Approvers);
        Assert.AreEqual(SettingsForm.Field.Row(0, 0, "province"), fieldOf["stages[0].approversByProvince.PY"]);

        fields[SettingsForm.Field.Deadline(1)] = "bảy";
        fields[SettingsForm.Field.ClosesOn] = "31-12-2030";
        fields[SettingsForm.Field.Row(1, 1, "name")] = string.Empty;
        var (_, refused, _) = InCulture("vi", () => SettingsForm.Read(Post(fields), campaign).Apply(campaign));
        CollectionAssert.AreEquivalent(
            new[] { SettingsForm.Field.Deadline(1), SettingsForm.Field.ClosesOn, SettingsForm.Field.Row(1, 1, "name") },
            refused.Keys.ToArray());
    }

    private static Dictionary<string, string> Fields(SettingsForm form)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SettingsForm.Field.BaseVersion] = form.BaseVersion.ToString(CultureInfo.InvariantCulture),
            [SettingsForm.Field.OpensOn] = form.OpensOn,
            [SettingsForm.Field.ClosesOn] = form.ClosesOn,
        };
        for (var i = 0; i < form.Stages.Count; i++)
        {
            var s = form.Stages[i];
            fields[SettingsForm.Field.Deadline(i)] = s.Deadline;
            fields[SettingsForm.Field.Remind(i)] = s.Remind;
            fields[SettingsForm.Field.EscalationEmail(i)] = s.EscalationEmail;
            fields[SettingsForm.Field.EscalationName(i)] = s.EscalationName;
            fields[SettingsForm.Field.Rows(i)] = s.Rows.Count.ToString(CultureInfo.InvariantCulture);
            for (var r = 0; r < s.Rows.Count; r++)
            {
                fields[SettingsForm.Field.Row(i, r, "province")] = s.Rows[r].Province;
                fields[SettingsForm.Field.Row(i, r, "email")] = s.Rows[r].Email;
                fields[SettingsForm.Field.Row(i, r, "name")] = s.Rows[r].Name;
            }
        }

        for (var j = 0; j < form.Awards.Count; j++)
        {
            fields[SettingsForm.Field.Quota(j)] = form.Awards[j].Quota;
        }

        for (var k = 0; k < form.Documents.Count; k++)
        {
            // Unticked boxes are not posted at all.
            foreach (var (part, ticked) in new[] { ("required", form.Documents[k].Required), ("collective", form.Documents[k].Collective), ("individual", form.Documents[k].Individual) })
            {
                if (ticked)
                {
                    fields[SettingsForm.Field.Document(k, part)] = "1";
                }
            }
        }

        return fields;
    }

    private static FormCollection Post(SettingsForm form) => Post(Fields(form));

    private static FormCollection Post(Dictionary<string, string> fields) =>
        new(fields.ToDictionary(f => f.Key, f => new StringValues(f.Value), StringComparer.Ordinal));

    private static T InCulture<T>(string name, Func<T> body)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return body();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
