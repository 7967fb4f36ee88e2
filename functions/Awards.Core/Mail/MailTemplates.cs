using System.Text;
using Awards.Domain;
using Awards.Web.Pages;

namespace Awards.Mail;

/// <summary>
/// The product's messages, each written in Vietnamese and English as a <see cref="MailDraft"/>; the
/// <see cref="Mailer"/> sends each recipient the one in their language. Links from <c>Awards:PublicBaseUrl</c>.
/// </summary>
public static class MailTemplates
{
    /// <summary>To an approver: a proposal's nominees await your decision at a stage (one message per proposal, stage and wave).</summary>
    public static MailDraft ReviewRequest(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset dueAt) =>
        Compose(
            approver.Email,
            approver.Name,
            approver.Language,
            ($"[Khen thưởng] Đề nghị thẩm định ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id} của {proposal.UnitName}", $"[Awards] Review requested ({stage.NameEn}): proposal {proposal.Title ?? proposal.Id} from {proposal.UnitName}"),
            [
                ($"Kính gửi {approver.Name},", $"Dear {approver.Name},"),
                ($"Tờ trình đề nghị khen thưởng{(proposal.Title is null ? string.Empty : $" \"{proposal.Title}\"")} của {proposal.UnitName} (đợt \"{campaign.Name}\") có hồ sơ đang chờ thẩm định ở {stage.NameVi}. Trang thẩm định liệt kê từng hồ sơ; có thể quyết định từng hồ sơ hoặc phê duyệt tất cả hồ sơ còn lại.",
                 $"A proposal from {proposal.UnitName} has nominations awaiting your review at the {stage.NameEn} stage. The review page lists each nominee; decide them one by one or approve all remaining at once."),
                ($"Hạn thẩm định: {VietnameseText.FormatInstant(dueAt)} (giờ Việt Nam, tính theo ngày làm việc).",
                 $"Due: {VietnameseText.FormatInstant(dueAt)} (Vietnam time, counted in working days)."),
            ],
            (link, "Mở tờ trình để thẩm định", "Open the proposal to review"));

    /// <summary>
    /// To an approver who already acted on a proposal's stage: more of its nominees reached the
    /// stage since, and wait for a decision (the page shows exactly those still waiting).
    /// </summary>
    public static MailDraft FollowUpRequest(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset dueAt) =>
        Compose(
            approver.Email,
            approver.Name,
            approver.Language,
            ($"[Khen thưởng] Có thêm hồ sơ chờ thẩm định ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id} của {proposal.UnitName}", $"[Awards] More nominees await your review ({stage.NameEn}): proposal {proposal.Title ?? proposal.Id} from {proposal.UnitName}"),
            [
                ($"Kính gửi {approver.Name},", $"Dear {approver.Name},"),
                ($"Sau khi quý vị gửi quyết định, tờ trình của {proposal.UnitName} (đợt \"{campaign.Name}\") có thêm hồ sơ chuyển đến {stage.NameVi}. Các hồ sơ này chưa được quyết định; trang thẩm định liệt kê đúng những hồ sơ đang chờ.",
                 $"After you sent your decisions, more nominees of this proposal from {proposal.UnitName} reached the {stage.NameEn} stage. They have not been decided; the review page lists exactly those waiting."),
                ($"Hạn thẩm định: {VietnameseText.FormatInstant(dueAt)} (giờ Việt Nam, tính theo ngày làm việc).",
                 $"Due: {VietnameseText.FormatInstant(dueAt)} (Vietnam time, counted in working days)."),
            ],
            (link, "Mở tờ trình để thẩm định", "Open the proposal to review"));

    /// <summary>To the organiser: a nomination's workflow stopped at a step that kept failing and waits for them to retry it.</summary>
    public static MailDraft NeedsAttention(string organiserEmail, Nomination n, WorkflowAttention attention, Uri nominationLink) =>
        Compose(
            organiserEmail,
            "Ban tổ chức / Organisers",
            null,
            ($"[Khen thưởng] Cần xử lý: quy trình của hồ sơ {n.NomineeName} bị dừng", $"[Awards] Needs attention: the workflow of {n.NomineeName} stopped"),
            [
                ($"Quy trình thẩm định hồ sơ {n.NomineeName} ({n.UnitName}) dừng ở bước {attention.Step} lúc {VietnameseText.FormatInstant(attention.Since)} sau nhiều lần thử lại: {attention.Error}",
                 $"The review workflow of {n.NomineeName} ({n.UnitName}) stopped at step {attention.Step} at {VietnameseText.FormatInstant(attention.Since)} (Vietnam time) after several retries: {attention.Error}"),
                ("Không có quyết định nào bị mất. Sau khi khắc phục nguyên nhân, hãy thử lại: POST /api/nominations/" + n.Id + "/retry; quy trình tiếp tục từ bước bị dừng.",
                 "No decision was lost. Once the cause is fixed, retry it: POST /api/nominations/" + n.Id + "/retry; the workflow goes on from the step that stopped."),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To a colleague an approver delegated to: the proposal awaits their decision, with a link of their own.</summary>
    public static MailDraft DelegatedReview(Delegation delegation, string fromName, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link) =>
        Compose(
            delegation.ToEmail,
            delegation.ToName,
            delegation.ToLanguage,
            ($"[Khen thưởng] Được ủy quyền thẩm định ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id}", $"[Awards] Review delegated to you ({stage.NameEn}): proposal {proposal.Title ?? proposal.Id}"),
            [
                ($"Kính gửi {delegation.ToName},", $"Dear {delegation.ToName},"),
                ($"{fromName} ({delegation.FromEmail}) đã chuyển cho quý vị quyền quyết định ở {stage.NameVi} đối với tờ trình của {proposal.UnitName} (đợt \"{campaign.Name}\").",
                 $"{fromName} handed you the decision at the {stage.NameEn} stage on a proposal from {proposal.UnitName}."),
                ($"Ghi chú: {delegation.Note ?? "—"}", $"Note: {delegation.Note ?? "—"}"),
            ],
            (link, "Mở tờ trình để thẩm định", "Open the proposal to review"));

    /// <summary>To an approver: a reminder as the stage's deadline nears, with the same link.</summary>
    public static MailDraft Reminder(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset dueAt) =>
        Compose(
            approver.Email,
            approver.Name,
            approver.Language,
            ($"[Khen thưởng] Nhắc thẩm định ({stage.NameVi}), hạn {VietnameseText.FormatInstant(dueAt)}: tờ trình {proposal.Title ?? proposal.Id}", $"[Awards] Reminder ({stage.NameEn}), due {VietnameseText.FormatInstant(dueAt)}: proposal {proposal.Title ?? proposal.Id}"),
            [
                ($"Kính gửi {approver.Name},", $"Dear {approver.Name},"),
                ($"Tờ trình của {proposal.UnitName} (đợt \"{campaign.Name}\") vẫn còn hồ sơ chờ thẩm định ở {stage.NameVi}; hạn là {VietnameseText.FormatInstant(dueAt)}.",
                 $"A proposal from {proposal.UnitName} still has nominations awaiting your review at the {stage.NameEn} stage; it is due {VietnameseText.FormatInstant(dueAt)} (Vietnam time)."),
            ],
            (link, "Mở tờ trình để thẩm định", "Open the proposal to review"));

    /// <summary>To the escalation contact and the organiser: a stage's deadline passed without a decision.</summary>
    public static MailDraft Escalation(Approver person, Proposal proposal, Campaign campaign, StageDefinition stage, IReadOnlyList<Approver> approvers, DateTimeOffset dueAt) =>
        Compose(
            person.Email,
            person.Name,
            person.Language,
            ($"[Khen thưởng] Quá hạn thẩm định ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id} của {proposal.UnitName}", $"[Awards] Review overdue ({stage.NameEn}): proposal {proposal.Title ?? proposal.Id} from {proposal.UnitName}"),
            [
                ($"Kính gửi {person.Name},", $"Dear {person.Name},"),
                ($"Hạn thẩm định ở {stage.NameVi} đối với tờ trình của {proposal.UnitName} (đợt \"{campaign.Name}\") là {VietnameseText.FormatInstant(dueAt)} và đã qua mà chưa có quyết định.",
                 $"The {stage.NameEn} review of a proposal from {proposal.UnitName} was due {VietnameseText.FormatInstant(dueAt)} and has no decision yet."),
                ($"Người thẩm định: {string.Join(", ", approvers.Select(a => $"{a.Name} <{a.Email}>"))}. Hệ thống không tự quyết định thay.",
                 $"Approvers: {string.Join(", ", approvers.Select(a => $"{a.Name} <{a.Email}>"))}. Nothing is decided automatically."),
            ],
            null);

    /// <summary>To another approver of the stage: someone else decided, this link no longer decides those nominees.</summary>
    public static MailDraft DecidedByAnother(Approver approver, Proposal proposal, StageDefinition stage, StageDecision decision) =>
        Compose(
            approver.Email,
            approver.Name,
            approver.Language,
            ($"[Khen thưởng] Đã có quyết định ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id}", $"[Awards] Already decided ({stage.NameEn}): proposal {proposal.Title ?? proposal.Id}"),
            [
                ($"Kính gửi {approver.Name},", $"Dear {approver.Name},"),
                ($"{decision.ApproverName} ({decision.ApproverEmail}) đã quyết định hồ sơ của tờ trình {proposal.Title ?? proposal.Id} ({proposal.UnitName}) ở {stage.NameVi} lúc {VietnameseText.FormatInstant(decision.DecidedAt)}. Liên kết của quý vị không còn dùng để quyết định các hồ sơ đó.",
                 $"{decision.ApproverName} decided for this proposal at the {stage.NameEn} stage; your link no longer decides those nominees."),
            ],
            null);

    /// <summary>A nomination was withdrawn or cancelled: approvers of the open stage and the nominator are told.</summary>
    public static MailDraft Closed(string toEmail, string toName, Language? language, Nomination n, Proposal proposal, DecisionOutcome outcome, string? reason, Uri? nominationLink = null) =>
        Compose(
            toEmail,
            toName,
            language,
            outcome == DecisionOutcome.Withdraw
                ? ($"[Khen thưởng] Rút hồ sơ: {n.NomineeName}", $"[Awards] Nomination withdrawn: {n.NomineeName}")
                : ($"[Khen thưởng] Hủy hồ sơ: {n.NomineeName}", $"[Awards] Nomination cancelled: {n.NomineeName}"),
            [
                (outcome == DecisionOutcome.Withdraw
                    ? $"{proposal.UnitName} đã rút hồ sơ đề nghị khen thưởng của {n.NomineeName}."
                    : $"Ban tổ chức đã hủy hồ sơ đề nghị khen thưởng của {n.NomineeName}.",
                 outcome == DecisionOutcome.Withdraw ? $"The nomination of {n.NomineeName} was withdrawn by the nominating unit." : $"The organisers cancelled the nomination of {n.NomineeName}."),
                ($"Lý do: {reason}", $"Reason: {reason}"),
                ("Các liên kết thẩm định không còn dùng cho hồ sơ này.", "Review links no longer decide this nomination."),
            ],
            nominationLink is null ? null : (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To the nominator: returned for supplement, with the reason.</summary>
    public static MailDraft Returned(Nomination n, StageDefinition stage, string reason, Uri nominationLink) =>
        Compose(
            n.NominatorEmail,
            n.UnitName,
            null,
            ($"[Khen thưởng] Trả lại, bổ sung hồ sơ: {n.NomineeName}", $"[Awards] Returned for supplement: {n.NomineeName}"),
            [
                ($"Hồ sơ của {n.NomineeName} được {stage.NameVi} trả lại để bổ sung.", $"The {stage.NameEn} stage returned the nomination of {n.NomineeName} for supplement."),
                ($"Lý do: {reason}", $"Reason: {reason}"),
                ("Vui lòng bổ sung tài liệu rồi nộp lại (POST .../resubmit).", "Please add the documents asked for, then resubmit."),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To the nominator: rejected as not qualified, with the reason.</summary>
    public static MailDraft Rejected(Nomination n, StageDefinition stage, string reason, Uri nominationLink) =>
        Compose(
            n.NominatorEmail,
            n.UnitName,
            null,
            ($"[Khen thưởng] Không đủ điều kiện: {n.NomineeName}", $"[Awards] Not qualified: {n.NomineeName}"),
            [
                ($"{stage.NameVi} đã xác định hồ sơ của {n.NomineeName} không đủ điều kiện khen thưởng.", $"The {stage.NameEn} stage found the nomination of {n.NomineeName} not qualified."),
                ($"Lý do: {reason}", $"Reason: {reason}"),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To the nominator: approved by every stage and on the award list.</summary>
    public static MailDraft Awarded(Nomination n, AwardDefinition award, Uri nominationLink) =>
        Compose(
            n.NominatorEmail,
            n.UnitName,
            null,
            ($"[Khen thưởng] Được khen thưởng: {n.NomineeName}", $"[Awards] Awarded: {n.NomineeName}"),
            [
                ($"{KindVi(n.Kind, capital: true)} {n.NomineeName} ({n.UnitName}) đã được phê duyệt \"{award.NameVi}\" của {award.AwardingBody} và có tên trong danh sách khen thưởng.",
                 $"{KindEn(n.Kind, capital: true)}{n.NomineeName} was approved for \"{award.NameEn}\" and is on the award list."),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To an approver whose campaign asks decisions to be confirmed: the one-time code for the decision they just sent.</summary>
    public static MailDraft DecisionCode(Approver approver, Proposal proposal, StageDefinition stage, string code, DateTimeOffset expiresAt, bool delegation) =>
        Compose(
            approver.Email,
            approver.Name,
            approver.Language,
            ($"[Khen thưởng] Mã xác nhận {code} ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id}", $"[Awards] Confirmation code {code} ({stage.NameEn}): proposal {proposal.Title ?? proposal.Id}"),
            [
                ($"Kính gửi {approver.Name},", $"Dear {approver.Name},"),
                (delegation
                    ? $"Mã xác nhận việc chuyển quyền quyết định ở {stage.NameVi} đối với tờ trình của {proposal.UnitName}: {code}"
                    : $"Mã xác nhận quyết định ở {stage.NameVi} đối với tờ trình của {proposal.UnitName}: {code}",
                 delegation
                    ? $"The code to confirm handing over your decision at the {stage.NameEn} stage on the proposal from {proposal.UnitName}: {code}"
                    : $"The code to confirm your decision at the {stage.NameEn} stage on the proposal from {proposal.UnitName}: {code}"),
                ($"Nhập mã trên trang thẩm định trước {VietnameseText.FormatInstant(expiresAt)} (giờ Việt Nam). Mã chỉ dùng được một lần.",
                 $"Enter it on the review page before {VietnameseText.FormatInstant(expiresAt)} (Vietnam time). It works once."),
                ("Nếu quý vị không vừa gửi quyết định này, có người khác đang dùng liên kết thẩm định của quý vị: đừng chuyển mã này cho ai và hãy báo ban tổ chức.",
                 "If you did not just send this, someone else is using your review link: do not pass this code on, and tell the organisers."),
            ],
            null);

    /// <summary>To a nominator who asked to sign in: a link that works once, for a few minutes.</summary>
    public static MailDraft SignInLink(string email, string name, Uri link, DateTimeOffset expiresAt) =>
        Compose(
            email,
            name,
            null,
            ("[Khen thưởng] Liên kết đăng nhập", "[Awards] Sign-in link"),
            [
                ("Có yêu cầu đăng nhập hệ thống khen thưởng bằng địa chỉ email này.", "Someone asked to sign in to the awards system with this email address."),
                ($"Liên kết có hiệu lực đến {VietnameseText.FormatInstant(expiresAt)} (giờ Việt Nam) và chỉ dùng được một lần. Nếu bạn không yêu cầu, hãy bỏ qua thư này.",
                 $"The link works once, until {VietnameseText.FormatInstant(expiresAt)} (Vietnam time). If you did not ask for it, ignore this message."),
            ],
            (link, "Đăng nhập", "Sign in"));

    private static string KindVi(NomineeKind kind, bool capital = false) =>
        (kind, capital) switch
        {
            (NomineeKind.Collective, false) => "tập thể",
            (NomineeKind.Collective, true) => "Tập thể",
            (_, false) => "cá nhân",
            _ => "Cá nhân",
        };

    private static string KindEn(NomineeKind kind, bool capital = false) =>
        (kind, capital) switch
        {
            // Individuals are named without a noun before the name.
            (NomineeKind.Collective, false) => "the collective ",
            (NomineeKind.Collective, true) => "The collective ",
            _ => string.Empty,
        };

    private static MailDraft Compose(string toEmail, string toName, Language? language, (string Vi, string En) subject, IReadOnlyList<(string Vi, string En)> paragraphs, (Uri Url, string LabelVi, string LabelEn)? link) =>
        new(toEmail, toName, language, subject, paragraphs, link);
}
