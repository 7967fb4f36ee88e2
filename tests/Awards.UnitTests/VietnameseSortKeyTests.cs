using System.Text;
using Awards.Domain;

namespace Awards.UnitTests;

[TestClass]
public sealed class VietnameseSortKeyTests
{
    private static readonly string[] Family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Ân", "Âu", "Ưng", "Ông", "Ơn"];
    private static readonly string[] Middle = ["Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thanh", "Xuân", "Quốc", ""];
    private static readonly string[] Given = ["An", "Ân", "Ẩn", "Ấn", "Anh", "Ánh", "Bảo", "Bình", "Cường", "Dũng", "Đào", "Đạt", "Giang", "Hà", "Hạ", "Hả", "Hã", "Há", "Hải", "Hằng", "Hương", "Huy", "Khoa", "Lan", "Mai", "Mẫn", "Nam", "Oanh", "Phúc", "Quân", "Sơn", "Tâm", "Thành", "Thảo", "Trung", "Tú", "Uyên", "Việt", "Xuân", "Yến"];

    [TestMethod]
    public void Keys_order_names_and_units_as_vi_VN_collation_does()
    {
        var texts = new List<string>();
        var random = new Random(20261201);
        for (var i = 0; i < 400; i++)
        {
            var name = string.Join(" ", new[] { Family[random.Next(Family.Length)], Middle[random.Next(Middle.Length)], Given[random.Next(Given.Length)] }.Where(p => p.Length > 0));
            texts.Add(random.Next(5) == 0 ? name.ToUpperInvariant() : name);
        }

        texts.AddRange(["Công an tỉnh Phú Yên", "Công an tỉnh Thái Bình", "Công an huyện Đông Hòa", "UB MTTQ tỉnh Thái Bình", "Phòng Cảnh sát hình sự", "Phòng PC02", "Đội 1", "Đội 10", "Đội 2", "a", "A", "à", "ả", "ã", "á", "ạ", "ă", "â", "b", "d", "đ", "Đ", "e", "ê", "o", "ô", "ơ", "u", "ư", "y", "An", "An Bình", "Anh", "A, B", "A B", "A-B", "A_B", "A.B", "Công an huyện Đồng Xuân, tỉnh Phú Yên", "Công an huyện Đông Hòa, tỉnh Phú Yên", "Phòng PC-02", "Phòng PC 02", "Đội (1)", "Đội 1"]);
        texts.AddRange(texts.Take(50).Select(t => t.Normalize(NormalizationForm.FormD)).ToList());

        var disagreements = new List<string>();
        foreach (var a in texts)
        {
            foreach (var b in texts)
            {
                var icu = Math.Sign(VietnameseText.Compare(a, b));
                var key = Math.Sign(string.CompareOrdinal(VietnameseSortKey.Of(a), VietnameseSortKey.Of(b)));
                if (icu != 0 && icu != key)
                {
                    disagreements.Add($"{a} vs {b}: collation {icu}, key {key}");
                }
            }
        }

        Assert.IsEmpty(disagreements.Take(20).ToList(), $"{disagreements.Count} pairs ordered differently");
    }

    [TestMethod]
    public void A_long_collectives_key_fits_a_table_key_with_its_unit_and_id()
    {
        const string name = "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an tỉnh Phú Yên, Bộ Công an, nước Cộng hòa xã hội chủ nghĩa Việt Nam";
        var key = $"{VietnameseSortKey.Of(name, 80)}|{VietnameseSortKey.Of(name, 60)}|nom-0123456789abcdef";
        Assert.IsLessThanOrEqualTo(512, key.Length);
        Assert.IsFalse(key.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)), "only characters a table key may hold");
    }

    [TestMethod]
    public void The_same_text_in_NFC_or_NFD_has_the_same_key()
    {
        const string name = "Nguyễn Thị Đào";
        Assert.AreEqual(VietnameseSortKey.Of(name), VietnameseSortKey.Of(name.Normalize(NormalizationForm.FormD)));
    }
}
