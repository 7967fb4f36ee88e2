using System.Globalization;
using System.Text;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow;
using Awards.Workflow.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using static Awards.Web.Pages.Html;

namespace Awards.Web.Pages;

/// <summary>
/// <c>/review/{token}</c>: the page an approver reaches from the email. GET and HEAD only
/// show (mail scanners fetch every link); only the form's POST decides, by first claiming the
/// stage round's decision in storage, then raising the event to the orchestration.
/// </summary>
public sealed class ReviewPages(
    ReviewLinks links,
    NominationStore nominations,
    CampaignStore campaigns,
    DocumentBlobs blobs,
    IOptions<AwardsOptions> options,
    TimeProvider time)
{
    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = 2000;

    private const int MaxFormBytes = 16 * 1024;

    /// <summary>GET/HEAD: the nominee, documents, earlier decisions and the form — or why the link does not work.</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string token)
    {
        var (ctx, refusal) = await OpenAsync(token, StatusCodes.Status200OK, http.RequestAborted);
        return ctx is null ? refusal! : await FormAsync(ctx, StatusCodes.Status200OK, null, null, http.RequestAborted);
    }

    /// <summary>POST: decide. Exactly one decision per stage round takes effect.</summary>
    public async Task<IResult> DecideAsync(HttpContext http, DurableTaskClient client, string token)
    {
        var ct = http.RequestAborted;
        var (ctx, refusal) = await OpenAsync(token, StatusCodes.Status409Conflict, ct);
        if (ctx is null)
        {
            return refusal!;
        }

        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            return await FormAsync(ctx, StatusCodes.Status400BadRequest, "Gửi quyết định bằng biểu mẫu trên trang này.", "Send the decision with the form on this page.", ct);
        }

        var form = await http.Request.ReadFormAsync(ct);
        DecisionOutcome? outcome = form["decision"].ToString() switch
        {
            "approve" => DecisionOutcome.Approve,
            "return" => DecisionOutcome.Return,
            "reject" => DecisionOutcome.Reject,
            _ => null,
        };
        var reason = VietnameseText.Normalize(form["reason"].ToString());
        if (outcome is null)
        {
            return await FormAsync(ctx, StatusCodes.Status400BadRequest, "Hãy chọn một quyết định: phê duyệt, trả lại hoặc không đủ điều kiện.", "Choose a decision: approve, return or reject.", ct);
        }

        if (StageDecision.NeedsReason(outcome.Value) && string.IsNullOrEmpty(reason))
        {
            return await FormAsync(ctx, StatusCodes.Status400BadRequest, "Trả lại hoặc không đủ điều kiện phải ghi rõ lý do.", "A return or a reject needs a written reason.", ct);
        }

        if (reason?.Length > MaxReasonLength)
        {
            return await FormAsync(ctx, StatusCodes.Status400BadRequest, $"Lý do dài tối đa {MaxReasonLength} ký tự.", $"The reason may have at most {MaxReasonLength} characters.", ct);
        }

        var decision = new StageDecision(ctx.Claims.Stage, ctx.Claims.Round, outcome.Value, string.IsNullOrEmpty(reason) ? null : reason,
            ctx.Claims.ApproverEmail, ctx.ApproverName, time.GetUtcNow());
        var claimed = await nominations.ClaimDecisionAsync(ctx.Nomination.Id, decision, ct);
        if (claimed is null)
        {
            return Closed("Vòng thẩm định này không còn mở.", "This review round is no longer open.");
        }

        if (!claimed.Value.Won)
        {
            return DecidedPage(ctx, claimed.Value.Decision, StatusCodes.Status409Conflict);
        }

        await client.RaiseEventAsync(ctx.Nomination.Id, WorkflowEvents.StageDecided, decision, ct);

        // Post/Redirect/Get: a reload shows the outcome instead of posting again.
        return new SeeOther(http.Request.PathBase + http.Request.Path);
    }

    private async Task<(ReviewContext? Context, IResult? Refusal)> OpenAsync(string token, int decidedStatus, CancellationToken ct)
    {
        var (check, claims) = links.Read(token);
        if (check == LinkCheck.Tampered || claims is null)
        {
            return (null, Page(StatusCodes.Status400BadRequest, "Liên kết không hợp lệ", "This link is not valid",
                $"<p class=\"notice error\">{Bi("Liên kết đã bị thay đổi hoặc không phải do hệ thống tạo ra. Hãy dùng đúng liên kết trong email.", "The link was altered or was not made by this system. Use the link exactly as it is in the email.")}</p>"));
        }

        if (check == LinkCheck.Expired)
        {
            return (null, Page(StatusCodes.Status410Gone, "Liên kết đã hết hạn", "This link has expired",
                $"<p class=\"notice error\">{Bi($"Liên kết hết hạn lúc {VietnameseText.FormatInstant(claims.ExpiresAt)}. Hãy liên hệ ban tổ chức để được gửi liên kết mới.", "Ask the organisers for a new link.")}</p>"));
        }

        var nomination = await nominations.FindAsync(claims.NominationId, ct);
        if (nomination is null)
        {
            return (null, Closed("Không tìm thấy hồ sơ.", "The nomination no longer exists."));
        }

        var campaign = await campaigns.FindAsync(nomination.CampaignId, ct);
        var stage = campaign?.FindStage(claims.Stage);
        if (campaign is null || stage is null)
        {
            return (null, Closed("Cấu hình đợt khen thưởng không còn giai đoạn này.", "The campaign no longer has this stage."));
        }

        var approverName = campaign.ApproversFor(stage, nomination.ProvinceCode).FirstOrDefault(a => string.Equals(a.Email, claims.ApproverEmail, StringComparison.OrdinalIgnoreCase))?.Name
            ?? claims.ApproverEmail;
        var ctx = new ReviewContext(claims, nomination, campaign, stage, approverName);

        // Decided already (by this link or another approver's)?
        if (await nominations.FindClaimAsync(nomination.Id, claims.Stage, claims.Round, ct) is { } decided)
        {
            return (null, DecidedPage(ctx, decided, decidedStatus));
        }

        if (nomination.Round != claims.Round || nomination.CurrentStage != claims.Stage || nomination.Status != NominationStatus.InReview)
        {
            return (null, Closed("Liên kết này đã được thay bằng liên kết mới hơn hoặc vòng thẩm định đã đóng.", "This link was replaced by a newer one, or the review round has closed."));
        }

        return (ctx, null);
    }

    private async Task<IResult> FormAsync(ReviewContext ctx, int status, string? errorVi, string? errorEn, CancellationToken ct)
    {
        var n = ctx.Nomination;
        var award = ctx.Campaign.FindAward(n.AwardCode);
        var body = new StringBuilder();
        if (errorVi is not null)
        {
            body.Append("<p class=\"notice error\" role=\"alert\">").Append(Bi(errorVi, errorEn!)).Append("</p>");
        }

        body.Append("<p>").Append(Bi($"Giai đoạn: {ctx.Stage.NameVi} — người thẩm định: {ctx.ApproverName}", $"Stage: {ctx.Stage.NameEn} — reviewer: {ctx.Claims.ApproverEmail}")).Append("</p>");
        body.Append("<table>");
        Row(body, "Đợt khen thưởng", "Campaign", ctx.Campaign.Name);
        Row(body, "Hình thức khen thưởng", "Award", $"{award?.NameVi} ({award?.AwardingBody})");
        Row(body, "Đối tượng", "Nominee kind", n.Kind == NomineeKind.Collective ? "Tập thể / Collective" : "Cá nhân / Individual");
        Row(body, "Tên", "Name", n.NomineeName, "nominee-name");
        if (n.DateOfBirth is { } dob)
        {
            Row(body, "Ngày sinh", "Date of birth", VietnameseText.FormatDate(dob));
        }

        if (!string.IsNullOrEmpty(n.Position))
        {
            Row(body, "Chức vụ", "Position", n.Position);
        }

        Row(body, "Đơn vị trình", "Nominating unit", $"{n.UnitName} ({ctx.Campaign.Provinces.FirstOrDefault(p => p.Code == n.ProvinceCode)?.Name ?? n.ProvinceCode})");
        if (!string.IsNullOrEmpty(n.AchievementSummary))
        {
            Row(body, "Tóm tắt thành tích", "Achievements", n.AchievementSummary);
        }

        body.Append("</table>");

        body.Append("<h2>").Append(Bi("Hồ sơ", "Dossier")).Append("</h2><p class=\"en\">")
            .Append(Bi($"Liên kết tải tài liệu có hiệu lực {options.Value.DocumentLinkLifetime.TotalMinutes:0} phút; tải lại trang để có liên kết mới.", "Download links work for a few minutes; reload the page for fresh ones."))
            .Append("</p><ul>");
        var documents = DossierChecklist.Latest(await nominations.ListDocumentsAsync(n.Id, ct));
        foreach (var d in documents)
        {
            var label = ctx.Campaign.Documents.FirstOrDefault(x => x.Type == d.Type);
            var url = await blobs.CreateReadLinkAsync(d.BlobName, d.FileName, d.ContentType, options.Value.DocumentLinkLifetime, ct);
            body.Append("<li>").Append(E(label?.LabelVi ?? d.Type)).Append(": <a class=\"document\" href=\"").Append(E(url.AbsoluteUri)).Append("\">")
                .Append(E(d.FileName)).Append("</a> <span class=\"en\">(v").Append(d.Version.ToString(CultureInfo.InvariantCulture)).Append(", ")
                .Append(E(SizeText(d.Size))).Append(", SHA-256 ").Append(E(d.Sha256[..12])).Append("…)</span></li>");
        }

        body.Append("</ul>");

        body.Append("<h2>").Append(Bi("Quá trình xử lý", "History")).Append("</h2><table><tr><th>").Append(Bi("Thời gian", "When"))
            .Append("</th><th>").Append(Bi("Người thực hiện", "Who")).Append("</th><th>").Append(Bi("Nội dung", "What")).Append("</th><th>")
            .Append(Bi("Lý do", "Reason")).Append("</th></tr>");
        foreach (var entry in await nominations.ListAuditAsync(n.Id, ct))
        {
            body.Append("<tr><td>").Append(E(VietnameseText.FormatInstant(entry.At))).Append("</td><td>").Append(E(entry.Actor))
                .Append("</td><td>").Append(E(entry.Action)).Append(entry.Stage is null ? string.Empty : " — " + E(entry.Stage))
                .Append("</td><td>").Append(E(entry.Reason)).Append("</td></tr>");
        }

        body.Append("</table>");

        body.Append("<form method=\"post\"><fieldset><legend>").Append(Bi("Quyết định", "Decision")).Append("</legend>")
            .Append(Radio("approve", "Phê duyệt", "Approve"))
            .Append(Radio("return", "Trả lại, bổ sung hồ sơ", "Return for supplement"))
            .Append(Radio("reject", "Không đủ điều kiện", "Reject (not qualified)"))
            .Append("<p><label for=\"reason\">").Append(Bi("Lý do (bắt buộc khi trả lại hoặc không đủ điều kiện)", "Reason (required to return or reject)"))
            .Append("</label><textarea id=\"reason\" name=\"reason\" maxlength=\"").Append(MaxReasonLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea></p>")
            .Append("<button type=\"submit\">Gửi quyết định / Submit decision</button></fieldset></form>");
        return Page(status, "Thẩm định hồ sơ khen thưởng", "Review a nomination", body.ToString());
    }

    private static IResult DecidedPage(ReviewContext ctx, StageDecision d, int status)
    {
        var (vi, en) = d.Outcome switch
        {
            DecisionOutcome.Approve => ("phê duyệt", "approved"),
            DecisionOutcome.Return => ("trả lại để bổ sung", "returned for supplement"),
            _ => ("xác định không đủ điều kiện", "rejected"),
        };
        var body = new StringBuilder("<p class=\"notice ok\" id=\"decided\">")
            .Append(Bi(
                $"Hồ sơ của {ctx.Nomination.NomineeName} đã được {d.ApproverName} ({d.ApproverEmail}) {vi} ở {ctx.Stage.NameVi} lúc {VietnameseText.FormatInstant(d.DecidedAt)}.",
                $"{d.ApproverName} ({d.ApproverEmail}) {en} this nomination at the {ctx.Stage.NameEn} stage on {VietnameseText.FormatInstant(d.DecidedAt)} (Vietnam time)."))
            .Append("</p>");
        if (d.Reason is not null)
        {
            body.Append("<p>").Append(Bi("Lý do: " + d.Reason, "Reason given above.")).Append("</p>");
        }

        body.Append("<p>").Append(Bi("Liên kết này không còn dùng để quyết định được nữa.", "This link can no longer be used to decide.")).Append("</p>");
        return Page(status, "Đã có quyết định", "Already decided", body.ToString());
    }

    private static IResult Closed(string vi, string en) =>
        Page(StatusCodes.Status410Gone, "Liên kết không còn hiệu lực", "This link no longer works", $"<p class=\"notice error\">{Bi(vi, en)}</p>");

    private static void Row(StringBuilder body, string vi, string en, string? value, string? id = null) =>
        body.Append("<tr><th>").Append(Bi(vi, en)).Append("</th><td").Append(id is null ? string.Empty : $" id=\"{id}\"").Append('>').Append(E(value)).Append("</td></tr>");

    private static string Radio(string value, string vi, string en) =>
        $"<p><label><input type=\"radio\" name=\"decision\" value=\"{value}\" required> {Bi(vi, en)}</label></p>";

    private static string SizeText(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };

    private sealed record ReviewContext(ReviewLinkClaims Claims, Nomination Nomination, Campaign Campaign, StageDefinition Stage, string ApproverName);

    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            httpContext.Response.Headers.CacheControl = "no-store";
            return Task.CompletedTask;
        }
    }
}
