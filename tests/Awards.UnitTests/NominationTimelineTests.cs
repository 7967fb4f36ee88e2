using Awards.Domain;
using Awards.Web.Pages.Nominations;

namespace Awards.UnitTests;

/// <summary>The nominee page's timeline, from the audit history, the decision claims and the document versions.</summary>
[TestClass]
public sealed class NominationTimelineTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 2, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void Stages_carry_their_due_date_decisions_their_decider_and_reasons_in_the_order_they_happened()
    {
        var history = new[]
        {
            new AuditEntry(Start, "unit@example.vn", AuditActions.Created),
            new AuditEntry(Start.AddMinutes(5), "unit@example.vn", AuditActions.DocumentUploaded, Detail: "achievement-report v1: bc.pdf"),
            new AuditEntry(Start.AddMinutes(10), "unit@example.vn", AuditActions.Submitted),
            new AuditEntry(Start.AddMinutes(11), "system", AuditActions.Returned, "dossier-check", "Hồ sơ còn thiếu / Missing documents: Tờ trình"),
            new AuditEntry(Start.AddMinutes(20), "unit@example.vn", AuditActions.Resubmitted),
            new AuditEntry(Start.AddMinutes(21), "system", AuditActions.StageOpened, "provincial", Detail: "round 1; wave 2; due 08/02/2027 17:00 (25 working days left); approvers (campaign v1): a@example.vn"),
            new AuditEntry(Start.AddMinutes(22), "system", AuditActions.FollowUpRequested, "provincial"),
            new AuditEntry(Start.AddHours(3), "a@example.vn", AuditActions.Returned, "provincial", "Thiếu biên bản."),
            new AuditEntry(Start.AddHours(5), "system", AuditActions.Awarded, "front", Detail: "Bằng khen"),
        };
        var claims = new[] { new StageDecision("provincial", 1, DecisionOutcome.Return, "Thiếu biên bản.", "a@example.vn", "Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên", Start.AddHours(3), 2) };
        var version = new DocumentVersion
        {
            Type = "achievement-report", Version = 1, FileName = "bc.pdf", ContentType = "application/pdf", Size = 10, Sha256 = new string('a', 64),
            BlobName = "n/1", UploadedBy = "unit@example.vn", UploadedAt = Start.AddMinutes(5),
        };

        var timeline = NominationTimeline.Build(history, claims, [version]);

        Assert.AreEqual(
            "Created, DocumentUploaded, Submitted, DossierReturned, Resubmitted, StageOpened, Returned, Awarded",
            string.Join(", ", timeline.Select(e => e.Kind)),
            "uploads come from the versions (once), approvers' follow-ups are left out");
        var opened = timeline.Single(e => e.Kind == TimelineKind.StageOpened);
        Assert.AreEqual(new DateTimeOffset(2027, 2, 8, 17, 0, 0, TimeSpan.FromHours(7)), opened.DueAt, "the due date is read in Vietnam time");
        var returned = timeline.Single(e => e.Kind == TimelineKind.Returned);
        Assert.AreEqual("Hội đồng Thi đua – Khen thưởng tỉnh Phú Yên", returned.DecidedBy);
        Assert.AreEqual("Thiếu biên bản.", returned.Reason);
        Assert.IsNull(timeline.Single(e => e.Kind == TimelineKind.DossierReturned).Stage, "the dossier check is no stage");
        Assert.AreSame(version, timeline.Single(e => e.Kind == TimelineKind.DocumentUploaded).Document);
    }

    [TestMethod]
    public void A_stage_opening_without_a_readable_due_date_has_none()
    {
        var timeline = NominationTimeline.Build([new AuditEntry(Start, "system", AuditActions.StageOpened, "ministry", Detail: "round 1; wave 1")], [], []);

        Assert.IsNull(timeline.Single().DueAt);
    }
}
