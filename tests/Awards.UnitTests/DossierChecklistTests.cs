using Awards.Domain;

namespace Awards.UnitTests;

[TestClass]
public sealed class DossierChecklistTests
{
    private static readonly DateTimeOffset Uploaded = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void An_empty_individual_dossier_misses_every_required_document_for_individuals()
    {
        var missing = DossierChecklist.Missing(TestCampaigns.Valid(), NomineeKind.Individual, []);

        Assert.AreEqual("proposal-letter, achievement-report, personal-cv", string.Join(", ", missing.Select(d => d.Type)));
    }

    [TestMethod]
    public void A_collective_dossier_is_not_asked_for_a_personal_cv()
    {
        var missing = DossierChecklist.Missing(TestCampaigns.Valid(), NomineeKind.Collective, []);

        Assert.AreEqual("proposal-letter, achievement-report, unit-minutes", string.Join(", ", missing.Select(d => d.Type)));
    }

    [TestMethod]
    public void Uploaded_documents_are_no_longer_missing_and_optional_ones_never_are()
    {
        var documents = new[] { Version("proposal-letter", 1), Version("personal-cv", 1), Version("personal-cv", 2) };

        var missing = DossierChecklist.Missing(TestCampaigns.Valid(), NomineeKind.Individual, documents);

        Assert.AreEqual("achievement-report", missing.Single().Type);
    }

    [TestMethod]
    public void A_complete_dossier_misses_nothing()
    {
        var documents = new[] { Version("proposal-letter", 1), Version("achievement-report", 1), Version("unit-minutes", 1) };

        Assert.IsEmpty(DossierChecklist.Missing(TestCampaigns.Valid(), NomineeKind.Collective, documents));
    }

    [TestMethod]
    public void Latest_shows_the_newest_version_of_each_document_ordered_by_type()
    {
        var documents = new[]
        {
            Version("proposal-letter", 1), Version("achievement-report", 2), Version("proposal-letter", 3),
            Version("achievement-report", 1), Version("proposal-letter", 2),
        };

        var latest = DossierChecklist.Latest(documents);

        Assert.AreEqual("achievement-report v2, proposal-letter v3", string.Join(", ", latest.Select(d => $"{d.Type} v{d.Version}")));
        Assert.AreEqual("proposal-letter-v3.pdf", latest[1].FileName);
    }

    private static DocumentVersion Version(string type, int version) => new()
    {
        Type = type,
        Version = version,
        FileName = $"{type}-v{version}.pdf",
        ContentType = "application/pdf",
        Size = 1000 + version,
        Sha256 = new string('a', 64),
        BlobName = $"blob-{type}-{version}",
        UploadedBy = "canbo@example.vn",
        UploadedAt = Uploaded.AddDays(version),
    };
}
