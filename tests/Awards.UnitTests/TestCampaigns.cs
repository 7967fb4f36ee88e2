using Awards.Domain;

namespace Awards.UnitTests;

/// <summary>A campaign configuration that is valid, for tests to break one thing at a time.</summary>
internal static class TestCampaigns
{
    public static Campaign Valid() => new()
    {
        Id = "bang-khen-2026",
        Name = "Đợt khen thưởng Bằng khen năm 2026",
        NameEn = "2026 certificates of merit",
        OrganiserEmail = "ban.thi.dua@example.vn",
        Provinces = [new("PY", "Phú Yên"), new("HN", "Hà Nội"), new("DN", "Đà Nẵng")],
        Stages =
        [
            new()
            {
                Code = "provincial",
                NameVi = "Cấp tỉnh",
                NameEn = "Provincial",
                Scope = ApproverScope.ByProvince,
                ApproversByProvince = new()
                {
                    ["PY"] = [new("thidua.py@example.vn", "Trần Văn Phú")],
                    ["HN"] = [new("thidua.hn@example.vn", "Lê Thị Hà"), new("pho.hn@example.vn", "Ngô Văn Nội")],
                    ["DN"] = [new("thidua.dn@example.vn", "Đặng Thị Đà")],
                },
            },
            new()
            {
                Code = "ministry",
                NameVi = "Cấp bộ",
                NameEn = "Ministry",
                Approvers = [new("vu.thidua@example.vn", "Phạm Quốc Bộ")],
            },
            new()
            {
                Code = "front",
                NameVi = "Ủy ban Trung ương MTTQ Việt Nam",
                NameEn = "Vietnam Fatherland Front Central Committee",
                Approvers = [new("mttq@example.vn", "Hoàng Thị Mặt")],
            },
        ],
        Awards =
        [
            new()
            {
                Code = "bk-mttq",
                NameVi = "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam",
                NameEn = "Certificate of merit of the Fatherland Front",
                AwardingBody = "Ủy ban Trung ương MTTQ Việt Nam",
                StageChain = ["provincial", "ministry", "front"],
            },
            new()
            {
                Code = "bk-bo",
                NameVi = "Bằng khen của Bộ trưởng",
                NameEn = "Minister's certificate of merit",
                AwardingBody = "Bộ trưởng",
                StageChain = ["provincial", "ministry"],
            },
        ],
        Documents =
        [
            new() { Type = "proposal-letter", LabelVi = "Tờ trình", LabelEn = "Proposal letter" },
            new() { Type = "achievement-report", LabelVi = "Báo cáo thành tích", LabelEn = "Achievement report" },
            new() { Type = "personal-cv", LabelVi = "Sơ yếu lý lịch", LabelEn = "Curriculum vitae", AppliesTo = [NomineeKind.Individual] },
            new() { Type = "unit-minutes", LabelVi = "Biên bản họp tập thể", LabelEn = "Collective meeting minutes", AppliesTo = [NomineeKind.Collective] },
            new() { Type = "press-clipping", LabelVi = "Bài báo", LabelEn = "Press clipping", Required = false },
        ],
    };
}
