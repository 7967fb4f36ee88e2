using System.Text;
using Awards.Domain;
using Awards.Web.Pages;

namespace Awards.Mail;

/// <summary>The product's messages: Vietnamese first, then an English line; links from <c>Awards:PublicBaseUrl</c>.</summary>
public static class MailTemplates
{
    /// <summary>To an approver: a proposal's nominees await your decision at a stage (one message per proposal, stage and wave).</summary>
    public static OutgoingMail ReviewRequest(Approver approver, Proposal proposal, Campaign campaign, StageDefinition stage, Uri link, DateTimeOffset expiresAt) =>
        Compose(
            approver.Email,
            approver.Name,
            $"[Khen thưởng] Đề nghị thẩm định ({stage.NameVi}): tờ trình {proposal.Title ?? proposal.Id} của {proposal.UnitName} / Review requested",
            [
                ($"Kính gửi {approver.Name},", $"Dear {approver.Name},"),
                ($"Tờ trình đề nghị khen thưởng{(proposal.Title is null ? string.Empty : $" \"{proposal.Title}\"")} của {proposal.UnitName} (đợt \"{campaign.Name}\") có hồ sơ đang chờ thẩm định ở {stage.NameVi}. Trang thẩm định liệt kê từng hồ sơ; có thể quyết định từng hồ sơ hoặc phê duyệt tất cả hồ sơ còn lại.",
                 $"A proposal from {proposal.UnitName} has nominations awaiting your review at the {stage.NameEn} stage. The review page lists each nominee; decide them one by one or approve all remaining at once."),
                ($"Liên kết có hiệu lực đến {VietnameseText.FormatInstant(expiresAt)} (giờ Việt Nam).",
                 "The link works until the time above (Vietnam time)."),
            ],
            (link, "Mở tờ trình để thẩm định", "Open the proposal to review"));

    /// <summary>To the nominator: returned for supplement, with the reason.</summary>
    public static OutgoingMail Returned(Nomination n, StageDefinition stage, string reason, Uri nominationLink) =>
        Compose(
            n.NominatorEmail,
            n.UnitName,
            $"[Khen thưởng] Trả lại, bổ sung hồ sơ: {n.NomineeName} / Returned for supplement",
            [
                ($"Hồ sơ của {n.NomineeName} được {stage.NameVi} trả lại để bổ sung.", $"The {stage.NameEn} stage returned the nomination of {n.NomineeName} for supplement."),
                ($"Lý do: {reason}", $"Reason: {reason}"),
                ("Vui lòng bổ sung tài liệu rồi nộp lại (POST .../resubmit).", "Please add the documents asked for, then resubmit."),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To the nominator: rejected as not qualified, with the reason.</summary>
    public static OutgoingMail Rejected(Nomination n, StageDefinition stage, string reason, Uri nominationLink) =>
        Compose(
            n.NominatorEmail,
            n.UnitName,
            $"[Khen thưởng] Không đủ điều kiện: {n.NomineeName} / Not qualified",
            [
                ($"{stage.NameVi} đã xác định hồ sơ của {n.NomineeName} không đủ điều kiện khen thưởng.", $"The {stage.NameEn} stage found the nomination of {n.NomineeName} not qualified."),
                ($"Lý do: {reason}", $"Reason: {reason}"),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To the nominator: approved by every stage and on the award list.</summary>
    public static OutgoingMail Awarded(Nomination n, AwardDefinition award, Uri nominationLink) =>
        Compose(
            n.NominatorEmail,
            n.UnitName,
            $"[Khen thưởng] Được khen thưởng: {n.NomineeName} / Awarded",
            [
                ($"{KindVi(n.Kind, capital: true)} {n.NomineeName} ({n.UnitName}) đã được phê duyệt \"{award.NameVi}\" của {award.AwardingBody} và có tên trong danh sách khen thưởng.",
                 $"{KindEn(n.Kind, capital: true)}{n.NomineeName} was approved for \"{award.NameEn}\" and is on the award list."),
            ],
            (nominationLink, "Xem hồ sơ", "View the nomination"));

    /// <summary>To a nominator who asked to sign in: a link that works once, for a few minutes.</summary>
    public static OutgoingMail SignInLink(string email, string name, Uri link, DateTimeOffset expiresAt) =>
        Compose(
            email,
            name,
            "[Khen thưởng] Liên kết đăng nhập / Sign-in link",
            [
                ("Có yêu cầu đăng nhập hệ thống khen thưởng bằng địa chỉ email này.", "Someone asked to sign in to the awards system with this email address."),
                ($"Liên kết có hiệu lực đến {VietnameseText.FormatInstant(expiresAt)} (giờ Việt Nam) và chỉ dùng được một lần. Nếu bạn không yêu cầu, hãy bỏ qua thư này.",
                 "The link works once, until the time above (Vietnam time). If you did not ask for it, ignore this message."),
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

    private static OutgoingMail Compose(string toEmail, string toName, string subject, IReadOnlyList<(string Vi, string En)> paragraphs, (Uri Url, string LabelVi, string LabelEn) link)
    {
        var text = new StringBuilder();
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"vi\"><head><meta charset=\"utf-8\"></head><body style=\"font-family:Arial,sans-serif\">");
        foreach (var (vi, en) in paragraphs)
        {
            text.Append(vi).Append('\n').Append(en.Trim()).Append("\n\n");
            html.Append("<p>").Append(Html.E(vi)).Append("<br><span lang=\"en\" style=\"color:#555\">").Append(Html.E(en.Trim())).Append("</span></p>");
        }

        text.Append(link.LabelVi).Append(" / ").Append(link.LabelEn).Append(":\n").Append(link.Url.AbsoluteUri).Append('\n');
        html.Append("<p><a href=\"").Append(Html.E(link.Url.AbsoluteUri)).Append("\">")
            .Append(Html.E(link.LabelVi)).Append(" / <span lang=\"en\">").Append(Html.E(link.LabelEn)).Append("</span></a></p></body></html>");
        return new OutgoingMail(toEmail, toName, subject, text.ToString(), html.ToString());
    }
}
