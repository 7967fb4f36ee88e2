using Awards.Domain;

namespace Awards.Testing;

/// <summary>Campaigns for tests, modelled on the seed scene, with addresses unique to each test.</summary>
public static class TestCampaigns
{
    /// <summary>Document types every nomination needs in <see cref="Create"/>.</summary>
    public static readonly string[] RequiredDocuments = ["proposal-letter", "council-minutes", "achievement-report"];

    /// <summary>
    /// A campaign with provinces PY and TB, stages provincial (by province) → ministry → front,
    /// and the two awards of the scene. Ids and addresses carry a random part, so tests running
    /// side by side on one runner and one SMTP server never see each other's mail.
    /// </summary>
    public static Campaign Create(string tag)
    {
        tag = $"{tag}-{Guid.NewGuid():N}"[..(tag.Length + 9)];
        return Build(tag);
    }

    /// <summary>
    /// The same campaign with the dossier split the way real proposals are: cover documents
    /// (proposal letter, council minutes) uploaded once per proposal, and an achievement report per nominee.
    /// </summary>
    public static Campaign CreateWithCoverDocuments(string tag)
    {
        var campaign = Create(tag);
        return campaign with
        {
            Documents =
            [
                new DocumentRequirement { Type = "proposal-letter", LabelVi = "Tờ trình", LabelEn = "Proposal letter", Level = DocumentLevel.Proposal },
                new DocumentRequirement { Type = "council-minutes", LabelVi = "Biên bản họp Hội đồng Thi đua – Khen thưởng", LabelEn = "Council minutes", Level = DocumentLevel.Proposal },
                new DocumentRequirement { Type = "achievement-report", LabelVi = "Báo cáo thành tích", LabelEn = "Achievement report" },
            ],
        };
    }

    /// <summary>The approver of a stage (for the provincial stage, of province <paramref name="province"/>).</summary>
    public static string ApproverOf(Campaign campaign, string stage, string province = "PY")
    {
        var s = campaign.FindStage(stage)!;
        return campaign.ApproversFor(s, province)[0].Email;
    }

    private static string RegisterSuffix(string tag) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tag + Guid.NewGuid().ToString("N"))))[..8];

    // Stages carry no reminders unless a test is about them: every waiting orchestration holds
    // its pending timers as queue messages, and Azurite's queue reads slow down as they pile up.
    private static Campaign Build(string tag) => WithoutReminders(new Campaign
    {
        Id = $"t-{tag}",
        Name = "Sơ kết 5 năm Chương trình phối hợp số 09/CTr-BCA-MTTW",
        OrganiserEmail = Address("organiser", tag),
        Provinces = [new("PY", "Phú Yên"), new("TB", "Thái Bình")],
        Stages =
        [
            new StageDefinition
            {
                Code = "provincial",
                NameVi = "Cấp tỉnh",
                NameEn = "Provincial",
                Scope = ApproverScope.ByProvince,
                ApproversByProvince = new()
                {
                    ["PY"] = [new(Address("tinh-py", tag), "Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên")],
                    ["TB"] = [new(Address("tinh-tb", tag), "Hội đồng Thi đua – Khen thưởng tỉnh Thái Bình")],
                },
            },
            new StageDefinition { Code = "ministry", NameVi = "Bộ Công an", NameEn = "Ministry of Public Security", Approvers = [new(Address("bo", tag), "Cục Công tác chính trị, Bộ Công an")] },
            new StageDefinition { Code = "front", NameVi = "Ủy ban Trung ương MTTQ Việt Nam", NameEn = "Central Committee of the Front", Approvers = [new(Address("mttq", tag), "Ban Thi đua – Khen thưởng MTTQ")] },
        ],
        Awards =
        [
            new AwardDefinition { Code = "bk-mttq", NameVi = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam", NameEn = "Certificate of merit of the Front", AwardingBody = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", StageChain = ["provincial", "ministry", "front"] },
            new AwardDefinition { Code = "bk-bca", NameVi = "Bằng khen của Bộ trưởng Bộ Công an", NameEn = "Certificate of merit of the Minister", AwardingBody = "Bộ Công an", StageChain = ["provincial", "front", "ministry"] },
        ],
        // Each test campaign keeps registers of its own: decision numbers are per body and year, and tests count them.
        AwardingBodies =
        [
            new AwardingBodyDefinition
            {
                Name = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
                Code = "MTTW-" + RegisterSuffix(tag),
                NumberFormat = "{number}/QĐ-MTTW",
                Heading = "ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM",
                SignerTitle = "CHỦ TỊCH",
                SignerName = "Trần Thanh Mẫn",
                Grounds = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
                Articles = ["Điều 1. Tặng Bằng khen cho {collectives} tập thể và {individuals} cá nhân có tên trong danh sách kèm theo, đã có thành tích xuất sắc trong {campaign}.", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."],
                CertificateHeading = "CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM",
            },
            new AwardingBodyDefinition
            {
                Name = "Bộ Công an",
                Code = "BCA-" + RegisterSuffix(tag),
                NumberFormat = "{number}/QĐ-BCA",
                Heading = "BỘ CÔNG AN",
                SignerTitle = "BỘ TRƯỞNG",
                Grounds = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"],
                Articles = ["Điều 1. Tặng Bằng khen cho {collectives} tập thể và {individuals} cá nhân có tên trong danh sách kèm theo."],
                CertificateHeading = "BỘ TRƯỞNG BỘ CÔNG AN",
            },
        ],
        Documents =
        [
            new DocumentRequirement { Type = "proposal-letter", LabelVi = "Tờ trình", LabelEn = "Proposal letter" },
            new DocumentRequirement { Type = "council-minutes", LabelVi = "Biên bản họp Hội đồng Thi đua – Khen thưởng", LabelEn = "Council minutes" },
            new DocumentRequirement { Type = "achievement-report", LabelVi = "Báo cáo thành tích", LabelEn = "Achievement report" },
            new DocumentRequirement { Type = "evidence", LabelVi = "Tài liệu minh chứng", LabelEn = "Evidence", Required = false },
        ],
    });

    private static Campaign WithoutReminders(Campaign c) => c with { Stages = [.. c.Stages.Select(st => st with { RemindAt = [] })] };

    /// <summary>An address unique to a role and a test.</summary>
    public static string Address(string role, string tag) => $"{role}.{tag}@example.vn";
}
