using System.Text;
using Awards.Domain;

namespace Awards.UnitTests;

[TestClass]
public sealed class VietnameseTextTests
{
    // The Vietnamese alphabet: 29 letters, Ă Â Đ Ê Ô Ơ Ư being letters of their own.
    private static readonly string[] AlphabetOrder =
        ["A", "Ă", "Â", "B", "C", "D", "Đ", "E", "Ê", "G", "H", "I", "K", "L", "M", "N", "O", "Ô", "Ơ", "P", "Q", "R", "S", "T", "U", "Ư", "V", "X", "Y"];

    [TestMethod]
    public void Nfd_input_is_stored_as_nfc()
    {
        var nfd = "Trương Thị Mai".Normalize(NormalizationForm.FormD);
        Assert.AreEqual("Trương Thị Mai", VietnameseText.Normalize(nfd));
    }

    [TestMethod]
    public void Nfd_and_nfc_spellings_of_a_name_are_stored_identically()
    {
        var nfc = "Nguyễn Thị Ánh Tuyết";
        var nfd = nfc.Normalize(NormalizationForm.FormD);
        Assert.AreNotEqual(nfc, nfd);

        var stored = VietnameseText.Normalize(nfd);

        Assert.AreEqual(nfc, stored);
        Assert.IsTrue(stored!.IsNormalized(NormalizationForm.FormC));
    }

    [TestMethod]
    public void Surrounding_and_repeated_white_space_is_removed()
    {
        Assert.AreEqual("Đỗ Văn Đức", VietnameseText.Normalize("  Đỗ \t Văn\r\n\u00A0Đức  "));
    }

    [TestMethod]
    public void Missing_text_stays_missing()
    {
        Assert.IsNull(VietnameseText.Normalize(null));
        Assert.AreEqual(string.Empty, VietnameseText.Normalize("   "));
    }

    [TestMethod]
    [DataRow("Do Van Duc")]
    [DataRow("DO VAN DUC")]
    [DataRow("đỗ văn đức")]
    [DataRow("ĐỖ VĂN ĐỨC")]
    [DataRow("  Đỗ   Văn Đức ")]
    public void Spellings_without_diacritics_or_in_capitals_fold_like_the_proper_name(string variant)
    {
        Assert.AreEqual("do van duc", VietnameseText.Fold(variant));
        Assert.IsTrue(VietnameseText.SameFolded("Đỗ Văn Đức", variant));
    }

    [TestMethod]
    public void An_nfd_spelling_folds_like_the_nfc_one()
    {
        var nfd = "Trương Thị Mai".Normalize(NormalizationForm.FormD);
        Assert.AreEqual("truong thi mai", VietnameseText.Fold(nfd));
        Assert.IsTrue(VietnameseText.SameFolded("TRUONG THI MAI", nfd));
    }

    [TestMethod]
    public void Letters_with_horn_and_breve_fold_to_their_base_letter()
    {
        Assert.AreEqual("uu oo aa ee", VietnameseText.Fold("Ưự Ơợ Ăẫ Êể"));
    }

    [TestMethod]
    public void Different_names_do_not_fold_the_same()
    {
        Assert.IsFalse(VietnameseText.SameFolded("Đỗ Văn Đức", "Đỗ Văn Đạt"));
        Assert.IsFalse(VietnameseText.SameFolded("Đỗ Văn Đức", "Đỗ Văn"));
    }

    [TestMethod]
    public void Missing_text_folds_to_empty()
    {
        Assert.AreEqual(string.Empty, VietnameseText.Fold(null));
        Assert.IsTrue(VietnameseText.SameFolded(null, "  "));
    }

    [TestMethod]
    public void Initial_letters_sort_in_vietnamese_alphabet_order()
    {
        var shuffled = AlphabetOrder.Reverse().ToList();
        var sorted = shuffled.Order(VietnameseText.Collation).ToArray();

        CollectionAssert.AreEqual(AlphabetOrder, sorted, "sorted: " + string.Join(" ", sorted));
    }

    [TestMethod]
    public void Each_letter_sorts_before_the_next_letter_of_the_alphabet()
    {
        for (var i = 0; i + 1 < AlphabetOrder.Length; i++)
        {
            Assert.IsNegative(VietnameseText.Compare(AlphabetOrder[i], AlphabetOrder[i + 1]), $"{AlphabetOrder[i]} should sort before {AlphabetOrder[i + 1]}");
            Assert.IsNegative(VietnameseText.Collation.Compare(AlphabetOrder[i].ToLowerInvariant(), AlphabetOrder[i + 1].ToLowerInvariant()), $"{AlphabetOrder[i]} should sort before {AlphabetOrder[i + 1]} (lower case)");
        }
    }

    [TestMethod]
    public void Names_sort_by_vietnamese_letters_not_by_their_base_letters()
    {
        // Sorted by base letters (ignoring Ă Â Ê Ô Ơ Ư as letters) this list would come out differently:
        // "Ân Ăng Anh", "Đào" before "Dung", "Êm" before "En", "Ơi" before "Ôn", "Ưng" before "Uyên" (what the invariant culture gives).
        string[] expected = ["Anh", "Ăng", "Ân", "Bảo", "Cúc", "Dung", "Đào", "En", "Êm", "Giang", "Hà", "Inh", "Kiên", "Lan", "Minh", "Nam", "Oanh", "Ôn", "Ơi", "Phúc", "Quang", "Rạng", "Sơn", "Tâm", "Uyên", "Ưng", "Vân", "Xuân", "Yến"];
        var shuffled = expected.OrderBy(name => VietnameseText.Fold(name)[^1]).ThenByDescending(name => name, StringComparer.Ordinal).ToList();
        CollectionAssert.AreNotEqual(expected, shuffled);

        var sorted = shuffled.Order(VietnameseText.Collation).ToArray();

        CollectionAssert.AreEqual(expected, sorted, "sorted: " + string.Join(", ", sorted));
    }

    [TestMethod]
    public void Nfd_and_nfc_spellings_compare_equal_when_sorting()
    {
        var nfc = "Trương Thị Mai";
        var nfd = nfc.Normalize(NormalizationForm.FormD);
        Assert.AreEqual(0, VietnameseText.Compare(nfc, nfd));
        Assert.AreEqual(0, VietnameseText.Collation.Compare(nfc, nfd));
    }

    [TestMethod]
    public void Dates_are_written_day_month_year_with_leading_zeros()
    {
        Assert.AreEqual("05/03/1980", VietnameseText.FormatDate(new DateOnly(1980, 3, 5)));
        Assert.AreEqual("31/12/2025", VietnameseText.FormatDate(new DateOnly(2025, 12, 31)));
    }

    [TestMethod]
    public void An_instant_is_written_in_vietnam_time_even_across_a_date_change()
    {
        Assert.AreEqual("01/02/2026 00:30", VietnameseText.FormatInstant(new DateTimeOffset(2026, 1, 31, 17, 30, 0, TimeSpan.Zero)));
    }

    [TestMethod]
    public void An_instant_given_in_another_offset_is_written_in_vietnam_time()
    {
        Assert.AreEqual("01/02/2026 00:30", VietnameseText.FormatInstant(new DateTimeOffset(2026, 1, 31, 19, 30, 0, TimeSpan.FromHours(2))));
        Assert.AreEqual("31/01/2026 23:59", VietnameseText.FormatInstant(new DateTimeOffset(2026, 1, 31, 16, 59, 0, TimeSpan.Zero)));
    }

    [TestMethod]
    public void Vietnam_time_has_no_summer_time()
    {
        Assert.AreEqual("15/07/2026 07:00", VietnameseText.FormatInstant(new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero)));
    }
}
