using System.Globalization;
using System.Text;
using Awards.Domain;
using Awards.Hosting;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow;
using Awards.Workflow.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using static Awards.Web.Pages.Html;

namespace Awards.Web.Pages;

/// <summary>
/// <c>/review/{token}</c>: the page an approver reaches from the email — one per proposal, stage
/// and wave. It lists every nominee of the proposal awaiting that stage and takes a decision per
/// nominee, "approve all remaining" as one action, or a return of the whole proposal (a cover
/// document problem). GET and HEAD only show (mail scanners fetch every link); only the form's
/// POST decides, by first claiming each nominee's stage-round decision in storage, then raising
/// the event to that nomination's orchestration. The policy — what a link may decide, anyOf and
/// allOf, deciding exactly what the page showed — is <see cref="StageReview"/>'s; this class shows
/// its desk and posts the form.
/// </summary>
public sealed class ReviewPages(
    StageReview review,
    ReviewLinks links,
    NominationStore nominations,
    Documents.DocumentReads reads,
    DecisionCodes codes,
    SignInStore sendLimits,
    Mail.Mailer mailer,
    TimeProvider time)
{
    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = WrittenReason.MaxLength;

    // 200 nominees with a reason each fit well within this.
    private const int MaxFormBytes = 2 * 1024 * 1024;

    // Most nominees one form may name.
    private const int MaxNominees = 1000;

    /// <summary>GET/HEAD: the proposal's nominees awaiting the stage, their documents, history and the form — or why the link does not work.</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string token)
    {
        var opening = await review.OpenAsync(token, http.RequestAborted);
        if (opening.Desk is not { } desk)
        {
            return Refused(opening, StatusCodes.Status200OK);
        }

        // After a decision POST (Post/Redirect/Get): what was recorded, and which nominees arrived after the page was loaded.
        var recorded = int.TryParse(http.Request.Query["recorded"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        var arrived = http.Request.Query["arrived"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Where(Ids.LooksValid).Take(500).ToHashSet(StringComparer.Ordinal);
        var notices = new List<(string Vi, string En)>();
        if (recorded is { } count)
        {
            notices.Add(($"Đã ghi nhận {count} quyết định.", $"{count} decision(s) recorded."));
        }

        var late = desk.Pending.Count(p => arrived.Contains(p.Nomination.Id));
        if (late > 0)
        {
            notices.Add(($"{late} hồ sơ được chuyển đến sau khi quý vị mở trang nên chưa được quyết định; các hồ sơ đó được đánh dấu \"mới đến\" bên dưới.",
                $"{late} nominee(s) reached this stage after you opened the page and were not decided; they are marked \"just arrived\" below."));
        }

        return await FormAsync(desk, StatusCodes.Status200OK, [], notices, arrived, http.RequestAborted);
    }

    /// <summary>
    /// POST: decide what the page showed. Each nominee's decision takes effect once; concurrent
    /// deciders are told who won; nominees that reached the stage after the page was loaded are
    /// not decided but shown, and their approver is sent a follow-up request.
    /// </summary>
    public async Task<IResult> DecideAsync(HttpContext http, DurableTaskClient client, string token)
    {
        var ct = http.RequestAborted;
        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            var plain = await review.OpenAsync(token, ct);
            return plain.Desk is { } d
                ? await FormAsync(d, StatusCodes.Status400BadRequest, [("Gửi quyết định bằng biểu mẫu trên trang này.", "Send the decision with the form on this page.")], [], null, ct)
                : Refused(plain, StatusCodes.Status409Conflict);
        }

        var form = await FormBody.ReadAsync(http.Request, ct);

        // The act is noted before anything waiting is read: a nominee arriving after this
        // moment finds it and sends a follow-up request; one arriving before is read below.
        var claims = links.Read(token) is (LinkCheck.Valid, { } valid) ? valid : null;
        var act = claims is null ? null : await review.NoteActAsync(claims, ct);
        var opening = await review.OpenAsync(token, ct);
        if (opening.Desk is not { } desk || act is null)
        {
            return Refused(opening, StatusCodes.Status409Conflict);
        }

        var shown = form["shown"].Select(ShownNominee.Parse).OfType<ShownNominee>().Take(MaxNominees).ToList();
        if (shown.Count == 0)
        {
            return await FormAsync(desk, StatusCodes.Status400BadRequest, [("Biểu mẫu không cho biết trang đã hiển thị những hồ sơ nào. Hãy tải lại trang rồi quyết định.", "The form does not say which nominees the page showed. Reload the page, then decide.")], [], null, ct);
        }

        var (choices, errors) = ReadChoices(form, shown, desk);
        if (errors.Count > 0)
        {
            return await FormAsync(desk, StatusCodes.Status400BadRequest, errors, [], null, ct);
        }

        var confirmation = string.Empty;
        if (desk.Campaign.ConfirmDecisionsByCode)
        {
            // The code confirms exactly these choices: the confirming form carries them again and must match.
            var digest = DecisionCodes.Digest(choices.OrderBy(c => c.NominationId, StringComparer.Ordinal)
                .SelectMany(c => new[] { c.NominationId, c.Outcome.ToString(), c.Reason ?? string.Empty }));
            var summary = choices.Select(c => (NameOf(desk, shown, c.NominationId), OutcomeText(c.Outcome))).ToList();
            if (await ConfirmAsync(http, desk, form, CodedAction.Decide, digest, summary, ct) is { } unconfirmed)
            {
                return unconfirmed;
            }

            confirmation = "; confirmed with a one-time code mailed to the approver";
        }

        var result = await review.DecideAsync(desk, act, shown, choices, confirmation, client, ct);
        if (result.Recorded.Count == 0)
        {
            // Nothing of ours took effect: someone else decided first, or the page was out of date.
            var decided = (await review.OpenAsync(token, ct)).Decided;
            return result.Lost.Count > 0 || result.Changed.Count > 0
                ? await OutOfDateAsync(token, result, decided, ct)
                : Refused(opening, StatusCodes.Status409Conflict);
        }

        // Post/Redirect/Get: a reload shows the outcome instead of posting again.
        var arrived = string.Join(",", result.NowWaiting.Select(n => n.Id));
        return SeeOther(http, http.Request.Path + string.Create(CultureInfo.InvariantCulture, $"?recorded={result.Recorded.Count}") + (arrived.Length > 0 ? "&arrived=" + arrived : string.Empty));
    }

    /// <summary>
    /// GET <c>/review/{token}/documents/{ownerId}/{documentType}/{version}</c>: the approver opens one
    /// document of the proposal. The read is logged for this approver (personal data, Decree
    /// 13/2023) and answered with a redirect to a link valid for minutes. Only a click logs a
    /// read: rendering the page (or a scanner fetching it) does not.
    /// </summary>
    public async Task<IResult> OpenDocumentAsync(HttpContext http, string token, string ownerId, string documentType, string version)
    {
        var ct = http.RequestAborted;
        var (check, claims) = links.Read(token);
        if (check != LinkCheck.Valid || claims is null)
        {
            return check == LinkCheck.Expired
                ? Page(StatusCodes.Status410Gone, "Liên kết đã hết hạn", "This link has expired", $"<p class=\"notice error\">{Bi("Hãy liên hệ ban tổ chức để được gửi liên kết mới.", "Ask the organisers for a new link.")}</p>")
                : Page(StatusCodes.Status400BadRequest, "Liên kết không hợp lệ", "This link is not valid", $"<p class=\"notice error\">{Bi("Hãy dùng đúng liên kết trong email.", "Use the link exactly as it is in the email.")}</p>");
        }

        var belongs = ownerId == claims.ProposalId
            || (Ids.LooksValid(ownerId) && await nominations.FindAsync(ownerId, ct) is { } n && n.ProposalId == claims.ProposalId);
        var document = belongs && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? (await nominations.ListDocumentsAsync(ownerId, ct)).FirstOrDefault(d => d.Type == documentType && d.Version == v)
            : null;
        if (document is null)
        {
            return Page(StatusCodes.Status404NotFound, "Không tìm thấy tài liệu", "Document not found", $"<p class=\"notice error\">{Bi("Tờ trình này không có tài liệu đó.", "This proposal has no such document.")}</p>");
        }

        var url = await reads.OpenAsync(ownerId, document, claims.ApproverEmail, ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Redirect(url.AbsoluteUri);
    }

    /// <summary>
    /// POST <c>/review/{token}/delegate</c> (fields <c>email</c>, <c>name</c>, <c>note</c>): the approver hands
    /// the decision to a colleague. This link dies; the colleague gets a link of their own; the
    /// audit of each waiting nominee says who delegated to whom.
    /// </summary>
    public async Task<IResult> DelegateAsync(HttpContext http, string token)
    {
        var ct = http.RequestAborted;
        var opening = await review.OpenAsync(token, ct);
        if (opening.Desk is not { } desk)
        {
            return Refused(opening, StatusCodes.Status409Conflict);
        }

        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > 16 * 1024)
        {
            return await FormAsync(desk, StatusCodes.Status400BadRequest, [("Gửi bằng biểu mẫu trên trang này.", "Use the form on this page.")], [], null, ct);
        }

        var form = await FormBody.ReadAsync(http.Request, ct);
        var email = form["email"].ToString().Trim();
        var name = VietnameseText.Normalize(form["name"].ToString());
        var note = VietnameseText.Normalize(form["note"].ToString());
        var rawLanguage = form["language"].ToString();
        var language = Languages.Parse(rawLanguage);
        if (rawLanguage.Length > 0 && language is null)
        {
            return await FormAsync(desk, StatusCodes.Status400BadRequest, [("Ngôn ngữ thư cho đồng nghiệp: tiếng Việt hoặc tiếng Anh.", "Your colleague's mail language: Vietnamese or English.")], [], null, ct);
        }

        if (!CampaignValidator.IsEmail(email) || string.Equals(email, desk.Claims.ApproverEmail, StringComparison.OrdinalIgnoreCase))
        {
            return await FormAsync(desk, StatusCodes.Status400BadRequest, [("Nhập địa chỉ email hợp lệ của đồng nghiệp (khác địa chỉ của quý vị).", "Give your colleague's email address (not your own).")], [], null, ct);
        }

        if (name?.Length > 200 || note?.Length > WrittenReason.MaxLength)
        {
            return await FormAsync(desk, StatusCodes.Status400BadRequest, [($"Tên tối đa 200 ký tự, ghi chú tối đa {WrittenReason.MaxLength} ký tự.", $"Name at most 200 characters, note at most {WrittenReason.MaxLength}.")], [], null, ct);
        }

        var confirmed = string.Empty;
        if (desk.Campaign.ConfirmDecisionsByCode)
        {
            var digest = DecisionCodes.Digest([email.ToLowerInvariant(), name ?? string.Empty, note ?? string.Empty, language?.Code() ?? string.Empty]);
            var summary = new List<(string, (string, string))> { (string.IsNullOrEmpty(name) ? email : $"{name} ({email})", ("nhận quyền quyết định", "takes over the decision")) };
            if (await ConfirmAsync(http, desk, form, CodedAction.Delegate, digest, summary, ct) is { } unconfirmed)
            {
                return unconfirmed;
            }

            confirmed = " (confirmed with a one-time code)";
        }

        var delegation = new Delegation(desk.Claims.Stage, desk.Claims.Wave, desk.Claims.ApproverEmail, email, string.IsNullOrEmpty(name) ? email : name, string.IsNullOrEmpty(note) ? null : note, time.GetUtcNow(), language);
        if (!await review.DelegateAsync(desk, delegation, confirmed, ct))
        {
            return Closed("Quý vị đã chuyển quyền quyết định trước đó.", "You have already delegated this decision.");
        }

        return Page(StatusCodes.Status200OK, "Đã chuyển quyền quyết định", "Decision delegated",
            $"<p class=\"notice ok\" id=\"delegated\">{Bi($"Đã chuyển cho {delegation.ToName} ({email}); một liên kết mới đã được gửi tới địa chỉ đó. Liên kết của quý vị không còn dùng được.", $"Handed to {delegation.ToName}; a new link was emailed to them. Your link no longer works.")}</p>");
    }

    /// <summary>
    /// For a campaign that asks decisions to be confirmed: without a <c>code</c> field, mails a new
    /// code to the link's approver and answers the page that asks for it (the choices ride along
    /// as hidden fields); with one, checks it against the code waiting for this link, action and
    /// choices. Null means confirmed: the caller goes on and applies the action.
    /// </summary>
    private async Task<IResult?> ConfirmAsync(HttpContext http, ReviewDesk ctx, IFormCollection form, CodedAction action, string digest, IReadOnlyList<(string Who, (string Vi, string En) What)> summary, CancellationToken ct)
    {
        var code = form["code"].ToString();
        if (code.Length == 0)
        {
            if (!await sendLimits.TryTakeSendSlotAsync(ctx.Claims.ApproverEmail, time.GetUtcNow(), "code", ct))
            {
                return CodePage(http, ctx, form, summary, StatusCodes.Status429TooManyRequests,
                    ($"Đã gửi quá nhiều mã tới địa chỉ này trong {SignInStore.RateWindow.TotalMinutes:0} phút qua. Hãy dùng mã đã nhận, hoặc thử lại sau.",
                     $"Too many codes were sent to this address in the last {SignInStore.RateWindow.TotalMinutes:0} minutes. Use a code you received, or try again later."));
            }

            var (issued, expiresAt) = await codes.IssueAsync(ctx.Claims, action, digest, ct);
            await mailer.SendOnceAsync(
                "decision-code|" + Guid.NewGuid().ToString("N"),
                Mail.MailTemplates.DecisionCode(ctx.Approver, ctx.Proposal, ctx.Stage, issued, expiresAt, action == CodedAction.Delegate),
                ct);
            return CodePage(http, ctx, form, summary, StatusCodes.Status200OK, null);
        }

        var (check, triesLeft) = await codes.RedeemAsync(ctx.Claims, action, digest, code, ct);
        (string Vi, string En) again = ("Hãy gửi lại quyết định để nhận mã mới.", "Send your decision again to get a new code.");
        return check switch
        {
            CodeCheck.Confirmed => null,
            CodeCheck.Wrong => CodePage(http, ctx, form, summary, StatusCodes.Status400BadRequest,
                ($"Mã không đúng. Còn {triesLeft} lần thử.", $"That is not the code. {triesLeft} tries left.")),
            CodeCheck.Expired => await FormAsync(ctx, StatusCodes.Status400BadRequest, [($"Mã đã hết hạn. {again.Vi}", $"The code has expired. {again.En}")], [], null, ct),
            CodeCheck.TooManyTries => await FormAsync(ctx, StatusCodes.Status400BadRequest, [($"Nhập sai mã quá {DecisionCodes.MaxTries} lần; quyết định chưa được ghi nhận. {again.Vi}", $"Wrong code {DecisionCodes.MaxTries} times; nothing was decided. {again.En}")], [], null, ct),
            CodeCheck.OtherChoices => await FormAsync(ctx, StatusCodes.Status400BadRequest, [($"Mã được gửi cho các lựa chọn khác với lựa chọn này; chưa có gì được ghi nhận. {again.Vi}", $"The code was sent for other choices than these; nothing was decided. {again.En}")], [], null, ct),
            _ => await FormAsync(ctx, StatusCodes.Status400BadRequest, [($"Không có mã nào đang chờ cho liên kết này (mã đã được dùng hoặc chưa được gửi). {again.Vi}", $"No code is waiting for this link (it was used, or never sent). {again.En}")], [], null, ct),
        };
    }

    /// <summary>The page that asks for the mailed code, carrying the choices to confirm as hidden fields.</summary>
    private static IResult CodePage(HttpContext http, ReviewDesk ctx, IFormCollection form, IReadOnlyList<(string Who, (string Vi, string En) What)> summary, int status, (string Vi, string En)? error)
    {
        var body = new StringBuilder();
        if (error is { } e)
        {
            body.Append("<p class=\"notice error\" role=\"alert\">").Append(Bi(e.Vi, e.En)).Append("</p>");
        }

        if (status != StatusCodes.Status429TooManyRequests)
        {
            body.Append("<p class=\"notice\" id=\"code-sent\">")
                .Append(Bi($"Đợt khen thưởng này yêu cầu xác nhận bằng mã. Mã gồm {DecisionCodes.Digits} chữ số đã được gửi tới {ctx.Claims.ApproverEmail}, có hiệu lực {DecisionCodes.Lifetime.TotalMinutes:0} phút.",
                    $"This campaign asks you to confirm with a code. A {DecisionCodes.Digits}-digit code was emailed to {ctx.Claims.ApproverEmail}; it works for {DecisionCodes.Lifetime.TotalMinutes:0} minutes."))
                .Append("</p>");
        }

        body.Append("<table class=\"to-confirm\">");
        foreach (var (who, what) in summary)
        {
            body.Append("<tr><td>").Append(E(who)).Append("</td><td>").Append(Bi(what.Vi, what.En)).Append("</td></tr>");
        }

        body.Append("</table><form method=\"post\" action=\"").Append(E(http.Request.PathBase + http.Request.Path)).Append("\">");
        foreach (var (name, values) in form.Where(f => f.Key != "code"))
        {
            foreach (var value in values)
            {
                body.Append("<input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E(value)).Append("\">");
            }
        }

        body.Append("<p><label>").Append(Bi("Mã xác nhận", "Confirmation code"))
            .Append(" <input name=\"code\" id=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\" maxlength=\"6\" required></label></p>")
            .Append("<p><button type=\"submit\">Xác nhận / Confirm</button></p></form>");
        return Page(status, "Xác nhận bằng mã", "Confirm with a code", body.ToString());
    }

    private static (string Vi, string En) OutcomeText(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approve => ("phê duyệt", "approved"),
        DecisionOutcome.Return => ("trả lại để bổ sung", "returned for supplement"),
        _ => ("không đủ điều kiện", "rejected"),
    };

    private static (List<ReviewChoice> Choices, List<(string Vi, string En)> Errors) ReadChoices(IFormCollection form, IReadOnlyList<ShownNominee> shown, ReviewDesk desk)
    {
        var choices = new List<ReviewChoice>();
        var errors = new List<(string, string)>();
        var action = form["action"].ToString();
        if (action == "return-proposal")
        {
            var reason = VietnameseText.Normalize(form["proposalReason"].ToString());
            if (string.IsNullOrEmpty(reason))
            {
                errors.Add(("Trả lại toàn bộ tờ trình phải ghi rõ lý do.", "Returning the whole proposal needs a written reason."));
            }
            else if (reason.Length > MaxReasonLength)
            {
                errors.Add(($"Lý do dài tối đa {MaxReasonLength} ký tự.", $"A reason may have at most {MaxReasonLength} characters."));
            }
            else
            {
                choices.AddRange(shown.Select(s => new ReviewChoice(s.NominationId, DecisionOutcome.Return, reason)));
            }

            return (choices, errors);
        }

        foreach (var s in shown)
        {
            var name = NameOf(desk, shown, s.NominationId);

            // A single nominee may also be decided with the plain field names.
            var raw = form[$"decision.{s.NominationId}"].ToString();
            var rawReason = form[$"reason.{s.NominationId}"].ToString();
            if (shown.Count == 1 && raw.Length == 0)
            {
                raw = form["decision"].ToString();
                rawReason = form["reason"].ToString();
            }

            DecisionOutcome? outcome = raw switch
            {
                "approve" => DecisionOutcome.Approve,
                "return" => DecisionOutcome.Return,
                "reject" => DecisionOutcome.Reject,
                "" => action == "approve-remaining" ? DecisionOutcome.Approve : null,
                _ => null,
            };
            if (raw.Length > 0 && outcome is null)
            {
                errors.Add(($"{name}: hãy chọn phê duyệt, trả lại hoặc không đủ điều kiện.", $"{name}: choose approve, return or reject."));
                continue;
            }

            if (outcome is null)
            {
                continue;
            }

            var reason = VietnameseText.Normalize(rawReason);
            if (StageDecision.NeedsReason(outcome.Value) && string.IsNullOrEmpty(reason))
            {
                errors.Add(($"{name}: trả lại hoặc không đủ điều kiện phải ghi rõ lý do.", $"{name}: a return or a reject needs a written reason."));
                continue;
            }

            if (reason?.Length > MaxReasonLength)
            {
                errors.Add(($"{name}: lý do dài tối đa {MaxReasonLength} ký tự.", $"{name}: a reason may have at most {MaxReasonLength} characters."));
                continue;
            }

            choices.Add(new ReviewChoice(s.NominationId, outcome.Value, string.IsNullOrEmpty(reason) ? null : reason));
        }

        if (errors.Count == 0 && choices.Count == 0)
        {
            errors.Add(("Hãy chọn quyết định cho ít nhất một hồ sơ, hoặc bấm \"Phê duyệt tất cả hồ sơ còn lại\".", "Choose a decision for at least one nominee, or press \"Approve all remaining\"."));
        }

        return (choices, errors);
    }

    private static string NameOf(ReviewDesk desk, IReadOnlyList<ShownNominee> shown, string nominationId) =>
        desk.Pending.FirstOrDefault(p => p.Nomination.Id == nominationId)?.Nomination.NomineeName
        ?? desk.Decided.FirstOrDefault(d => d.Nominee.Id == nominationId).Nominee?.NomineeName
        ?? (shown.Any(s => s.NominationId == nominationId) ? nominationId : "?");

    /// <summary>The page for a link with nothing to decide, saying why.</summary>
    private static IResult Refused(ReviewOpening opening, int decidedStatus) => opening.Refusal switch
    {
        ReviewRefusal.Expired => Page(StatusCodes.Status410Gone, "Liên kết đã hết hạn", "This link has expired",
            $"<p class=\"notice error\">{Bi($"Liên kết hết hạn lúc {VietnameseText.FormatInstant(opening.Claims!.ExpiresAt)}. Hãy liên hệ ban tổ chức để được gửi liên kết mới.", "Ask the organisers for a new link.")}</p>"),
        ReviewRefusal.Gone => Closed("Không tìm thấy tờ trình hoặc giai đoạn thẩm định này.", "The proposal or this review stage no longer exists."),
        ReviewRefusal.HandedOver when opening.HandedOver is { } handedOver => Page(StatusCodes.Status410Gone, "Đã chuyển quyền quyết định", "You delegated this decision",
            $"<p class=\"notice error\">{Bi($"Quý vị đã chuyển quyền quyết định cho {handedOver.ToName} ({handedOver.ToEmail}) lúc {VietnameseText.FormatInstant(handedOver.At)}; liên kết này không còn dùng được.", $"You handed this decision to {handedOver.ToName} ({handedOver.ToEmail}); this link no longer works.")}</p>"),
        ReviewRefusal.AllDecided => DecidedPage(opening.Stage, opening.Decided, decidedStatus),
        ReviewRefusal.NothingWaiting => Closed("Không có hồ sơ nào chờ quyết định qua liên kết này: liên kết đã được thay bằng liên kết mới hơn hoặc vòng thẩm định đã đóng.", "Nothing awaits a decision through this link: it was replaced by a newer one, or the review round has closed."),
        _ => Page(StatusCodes.Status400BadRequest, "Liên kết không hợp lệ", "This link is not valid",
            $"<p class=\"notice error\">{Bi("Liên kết đã bị thay đổi hoặc không phải do hệ thống tạo ra. Hãy dùng đúng liên kết trong email.", "The link was altered or was not made by this system. Use the link exactly as it is in the email.")}</p>"),
    };

    /// <summary>409: nothing the form asked for took effect — decided by someone else first, or changed since the page was loaded.</summary>
    private async Task<IResult> OutOfDateAsync(string token, ReviewResult result, IReadOnlyList<(Nomination Nominee, StageDecision Decision)> decided, CancellationToken ct)
    {
        if (result.Changed.Count == 0)
        {
            return DecidedPage((await review.OpenAsync(token, ct)).Stage, [.. result.Lost.Select(l => (l.Nominee, l.Winner))], StatusCodes.Status409Conflict);
        }

        var reopened = await review.OpenAsync(token, ct);
        var message = ("Chưa có quyết định nào được ghi nhận: hồ sơ trên trang quý vị đã thay đổi kể từ khi mở trang (đã được quyết định, đã chuyển giai đoạn hoặc tài liệu đã đổi). Hãy xem lại trang dưới đây.",
            "Nothing was decided: the nominees on your page changed since you opened it (decided, moved on, or their documents changed). Look at the page below again.");
        return reopened.Desk is { } desk
            ? await FormAsync(desk, StatusCodes.Status409Conflict, [message], [], null, ct)
            : reopened.Refusal == ReviewRefusal.AllDecided || decided.Count > 0 ? DecidedPage(reopened.Stage, reopened.Decided.Count > 0 ? reopened.Decided : decided, StatusCodes.Status409Conflict) : Refused(reopened, StatusCodes.Status409Conflict);
    }

    private Task<IResult> FormAsync(ReviewDesk ctx, int status, IReadOnlyList<(string Vi, string En)> errors, IReadOnlyList<(string Vi, string En)> notices, IReadOnlySet<string>? arrived, CancellationToken ct)
    {
        _ = ct;
        var p = ctx.Proposal;
        var body = new StringBuilder();
        foreach (var (vi, en) in errors)
        {
            body.Append("<p class=\"notice error\" role=\"alert\">").Append(Bi(vi, en)).Append("</p>");
        }

        foreach (var (vi, en) in notices)
        {
            body.Append("<p class=\"notice ok\" role=\"status\" id=\"recorded\">").Append(Bi(vi, en)).Append("</p>");
        }

        body.Append("<p>").Append(Bi($"Giai đoạn: {ctx.Stage.NameVi} — người thẩm định: {ctx.Approver.Name}", $"Stage: {ctx.Stage.NameEn} — reviewer: {ctx.Claims.ApproverEmail}")).Append("</p>");
        body.Append("<table>");
        Row(body, "Đợt khen thưởng", "Campaign", ctx.Campaign.Name);
        Row(body, "Đơn vị trình", "Nominating unit", $"{p.UnitName} ({ctx.Campaign.Provinces.FirstOrDefault(x => x.Code == p.ProvinceCode)?.Name ?? p.ProvinceCode})");
        if (p.Title is not null)
        {
            Row(body, "Tờ trình", "Proposal letter", p.Title);
        }

        Row(body, "Số hồ sơ chờ quyết định", "Awaiting your decision", ctx.Pending.Count.ToString(CultureInfo.InvariantCulture), "pending-count");
        body.Append("</table>");

        body.Append("<h2>").Append(Bi("Hồ sơ chung của tờ trình", "Proposal documents")).Append("</h2>");
        DocumentList(body, ctx, p.Id, ctx.CoverDocuments);

        body.Append("<form method=\"post\">");
        body.Append("<h2>").Append(Bi("Các hồ sơ chờ quyết định", "Nominees awaiting your decision")).Append("</h2>");
        foreach (var w in ctx.Pending)
        {
            var n = w.Nomination;
            var award = ctx.Campaign.FindAward(n.AwardCode);

            // What this page shows, posted back: the decision covers exactly these nominees and versions.
            body.Append("<input type=\"hidden\" name=\"shown\" value=\"").Append(E(new ShownNominee(n.Id, n.Round, w.Seen).FormValue)).Append("\">");
            body.Append("<fieldset class=\"nominee\" data-nomination=\"").Append(E(n.Id)).Append("\"><legend class=\"nominee-name\">").Append(E(n.NomineeName)).Append("</legend>");
            if (arrived?.Contains(n.Id) == true)
            {
                body.Append("<p class=\"notice arrived\">").Append(Bi("Mới đến: hồ sơ này được chuyển đến sau khi quý vị mở trang trước.", "Just arrived: this nominee reached the stage after you opened the page before.")).Append("</p>");
            }

            body.Append("<table>");
            Row(body, "Đối tượng", "Kind", n.Kind == NomineeKind.Collective ? "Tập thể / Collective" : "Cá nhân / Individual");
            Row(body, "Hình thức khen thưởng", "Award", $"{award?.NameVi} ({award?.AwardingBody})");
            if (n.DateOfBirth is { } dob)
            {
                Row(body, "Ngày sinh", "Date of birth", VietnameseText.FormatDate(dob));
            }

            if (!string.IsNullOrEmpty(n.Position))
            {
                Row(body, "Chức vụ", "Position", n.Position);
            }

            if (!string.IsNullOrEmpty(n.AchievementSummary))
            {
                Row(body, "Tóm tắt thành tích", "Achievements", n.AchievementSummary);
            }

            if (n.LastReason is not null)
            {
                Row(body, "Lý do lần trả lại trước", "Reason of the earlier return", n.LastReason);
            }

            if (n.DueAt is { } due)
            {
                Row(body, "Hạn thẩm định", "Due", VietnameseText.FormatInstant(due));
            }

            body.Append("</table>");
            DocumentList(body, ctx, n.Id, w.Documents);
            body.Append(Radio(n.Id, "approve", "Phê duyệt", "Approve"))
                .Append(Radio(n.Id, "return", "Trả lại, bổ sung hồ sơ", "Return for supplement"))
                .Append(Radio(n.Id, "reject", "Không đủ điều kiện", "Reject (not qualified)"))
                .Append("<p><label>").Append(Bi("Lý do (bắt buộc khi trả lại hoặc không đủ điều kiện)", "Reason (required to return or reject)"))
                .Append("<textarea name=\"reason.").Append(E(n.Id)).Append("\" maxlength=\"").Append(MaxReasonLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea></label></p></fieldset>");
        }

        body.Append("<p><button type=\"submit\" name=\"action\" value=\"decide\">Gửi các quyết định đã chọn / Submit the chosen decisions</button> ")
            .Append("<button type=\"submit\" name=\"action\" value=\"approve-remaining\">Phê duyệt tất cả hồ sơ còn lại trên trang này / Approve all remaining on this page</button></p>")
            .Append("<fieldset><legend>").Append(Bi("Trả lại toàn bộ tờ trình (hồ sơ chung có vấn đề)", "Return the whole proposal (a cover document problem)")).Append("</legend>")
            .Append("<p><label>").Append(Bi("Lý do", "Reason")).Append("<textarea name=\"proposalReason\" maxlength=\"").Append(MaxReasonLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea></label></p>")
            .Append("<p><button type=\"submit\" name=\"action\" value=\"return-proposal\">Trả lại toàn bộ tờ trình / Return the whole proposal</button></p></fieldset></form>")
            .Append("<form method=\"post\" action=\"/review/").Append(E(Uri.EscapeDataString(ctx.Token))).Append("/delegate\"><fieldset><legend>")
            .Append(Bi("Chuyển quyền quyết định cho đồng nghiệp", "Hand the decision to a colleague")).Append("</legend>")
            .Append("<p><label>Email <input type=\"email\" name=\"email\" required maxlength=\"254\"></label> <label>")
            .Append(Bi("Họ tên", "Name")).Append(" <input name=\"name\" maxlength=\"200\"></label> <label>")
            .Append(Bi("Ngôn ngữ thư", "Mail language")).Append(" <select name=\"language\"><option value=\"\">—</option><option value=\"vi\">Tiếng Việt</option><option value=\"en\">English</option></select></label></p><p><label>").Append(Bi("Ghi chú", "Note"))
            .Append("<textarea name=\"note\" maxlength=\"").Append(MaxReasonLength.ToString(CultureInfo.InvariantCulture)).Append("\"></textarea></label></p>")
            .Append("<p><button type=\"submit\">Chuyển quyền / Delegate</button></p></fieldset></form>");

        if (ctx.Decided.Count > 0)
        {
            body.Append("<h2>").Append(Bi("Đã quyết định qua liên kết này", "Decided through this link")).Append("</h2>");
            AppendDecisions(body, ctx.Decided);
        }

        return Task.FromResult(Page(status, "Thẩm định hồ sơ khen thưởng", "Review a proposal", body.ToString()));
    }

    private static void DocumentList(StringBuilder body, ReviewDesk ctx, string ownerId, IReadOnlyList<DocumentVersion> documents)
    {
        body.Append("<ul class=\"documents\">");
        foreach (var d in documents)
        {
            var label = ctx.Campaign.Documents.FirstOrDefault(x => x.Type == d.Type);
            var href = string.Create(CultureInfo.InvariantCulture, $"/review/{Uri.EscapeDataString(ctx.Token)}/documents/{Uri.EscapeDataString(ownerId)}/{Uri.EscapeDataString(d.Type)}/{d.Version}");
            body.Append("<li>").Append(E(label?.LabelVi ?? d.Type)).Append(": <a class=\"document\" href=\"").Append(E(href)).Append("\">")
                .Append(E(d.FileName)).Append("</a> <span class=\"en\">(v").Append(d.Version.ToString(CultureInfo.InvariantCulture)).Append(", ")
                .Append(E(SizeText(d.Size))).Append(", SHA-256 ").Append(E(d.Sha256[..12])).Append("…)</span></li>");
        }

        body.Append("</ul>");
    }

    private static IResult DecidedPage(StageDefinition? stage, IReadOnlyList<(Nomination Nominee, StageDecision Decision)> decided, int status)
    {
        var body = new StringBuilder("<p class=\"notice ok\" id=\"decided\">")
            .Append(Bi($"Không còn hồ sơ nào của tờ trình này chờ quyết định qua liên kết này ở {stage?.NameVi ?? "giai đoạn này"}.", $"Nothing of this proposal awaits a decision through this link at the {stage?.NameEn ?? "this"} stage."))
            .Append("</p>");
        AppendDecisions(body, decided);
        body.Append("<p>").Append(Bi("Liên kết này không còn dùng để quyết định được nữa.", "This link can no longer be used to decide.")).Append("</p>");
        return Page(status, "Đã có quyết định", "Already decided", body.ToString());
    }

    private static void AppendDecisions(StringBuilder body, IReadOnlyList<(Nomination Nominee, StageDecision Decision)> decided)
    {
        body.Append("<table class=\"decisions\"><tr><th>").Append(Bi("Hồ sơ", "Nominee")).Append("</th><th>").Append(Bi("Quyết định", "Decision"))
            .Append("</th><th>").Append(Bi("Người quyết định", "Decided by")).Append("</th><th>").Append(Bi("Thời gian", "When")).Append("</th><th>")
            .Append(Bi("Lý do", "Reason")).Append("</th></tr>");
        foreach (var (n, d) in decided.OrderBy(x => x.Nominee.NomineeName, VietnameseText.Collation))
        {
            var (vi, en) = OutcomeText(d.Outcome);
            body.Append("<tr><td>").Append(E(n.NomineeName)).Append("</td><td>").Append(Bi(vi, en)).Append("</td><td>")
                .Append(E($"{d.ApproverName} ({d.ApproverEmail})")).Append("</td><td>").Append(E(VietnameseText.FormatInstant(d.DecidedAt)))
                .Append("</td><td>").Append(E(d.Reason)).Append("</td></tr>");
        }

        body.Append("</table>");
    }

    private static IResult Closed(string vi, string en) =>
        Page(StatusCodes.Status410Gone, "Liên kết không còn hiệu lực", "This link no longer works", $"<p class=\"notice error\">{Bi(vi, en)}</p>");

    private static void Row(StringBuilder body, string vi, string en, string? value, string? id = null) =>
        body.Append("<tr><th>").Append(Bi(vi, en)).Append("</th><td").Append(id is null ? string.Empty : $" id=\"{id}\"").Append('>').Append(E(value)).Append("</td></tr>");

    private static string Radio(string nominationId, string value, string vi, string en) =>
        $"<p><label><input type=\"radio\" name=\"decision.{E(nominationId)}\" value=\"{value}\"> {Bi(vi, en)}</label></p>";

    private static string SizeText(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0 / 1024.0:0.#} MB"),
    };
}
