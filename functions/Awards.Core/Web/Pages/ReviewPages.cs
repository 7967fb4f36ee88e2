using System.Globalization;
using Awards.Domain;
using Awards.Documents;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Pages.Review;
using Awards.Web.Resources;
using Awards.Workflow.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Awards.Web.Pages;

/// <summary>
/// <c>/review/{token}</c>: the page an approver reaches from the email — one per proposal, stage
/// and wave. It lists every nominee of the proposal awaiting that stage, with its documents (to
/// download, or to read in the page's viewer), the decisions already taken on it and its due
/// date, and takes a decision per nominee, "approve all remaining" as one action, or a return of
/// the whole proposal (a cover document problem). GET and HEAD only show (mail scanners fetch every
/// link); only the form's POST decides — a return or a reject only once the approver confirmed it
/// on a page listing exactly those, then (where the campaign asks) with a mailed code. The policy —
/// what a link may decide, anyOf and allOf, deciding exactly what the page showed — is
/// <see cref="StageReview"/>'s; this class shows its desk and posts the form. The templates are
/// the components under <c>Web/Pages/Review/</c>; their texts are <see cref="ReviewTexts"/>.
/// </summary>
public sealed class ReviewPages(
    StageReview review,
    ReviewLinks links,
    NominationStore nominations,
    DocumentReads reads,
    DecisionCodes codes,
    SignInStore sendLimits,
    Mailer mailer,
    PageRenderer pages,
    TimeProvider time)
{
    /// <summary>Longest reason accepted.</summary>
    public const int MaxReasonLength = WrittenReason.MaxLength;

    /// <summary>Longest colleague's name accepted on delegation.</summary>
    public const int MaxNameLength = 200;

    // 200 nominees with a reason each fit well within this.
    private const int MaxFormBytes = 2 * 1024 * 1024;

    // Most nominees one form may name.
    private const int MaxNominees = 1000;

    /// <summary>GET/HEAD: the proposal's nominees awaiting the stage, their documents, history and the form — or why the link does not work.</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var opening = await review.OpenAsync(token, http.RequestAborted);

        // After a decision POST (Post/Redirect/Get): what was recorded, and which nominees arrived after the page was loaded.
        var recorded = int.TryParse(http.Request.Query["recorded"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : (int?)null;
        if (opening.Desk is not { } desk)
        {
            return await RefusedAsync(http, token, opening, StatusCodes.Status200OK, recorded);
        }

        var arrived = http.Request.Query["arrived"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Where(Ids.LooksValid).Take(500).ToHashSet(StringComparer.Ordinal);
        return await FormAsync(http, desk, StatusCodes.Status200OK, [], recorded: recorded, arrived: arrived);
    }

    /// <summary>
    /// POST: decide what the page showed. Each nominee's decision takes effect once; concurrent
    /// deciders are told who won; nominees that reached the stage after the page was loaded are
    /// not decided but shown, and their approver is sent a follow-up request. Choices that return
    /// or reject a nominee first answer a confirmation page (nothing is decided until it posts
    /// them again with <c>confirmed=1</c>); a campaign that confirms by code then asks for the code.
    /// </summary>
    public async Task<IResult> DecideAsync(HttpContext http, DurableTaskClient client, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            var plain = await review.OpenAsync(token, ct);
            return plain.Desk is { } d
                ? await FormAsync(http, d, StatusCodes.Status400BadRequest, [new(ReviewTexts.UseTheForm)])
                : await RefusedAsync(http, token, plain, StatusCodes.Status409Conflict);
        }

        var form = await FormBody.ReadAsync(http.Request, ct);

        // The act is noted before anything waiting is read: a nominee arriving after this
        // moment finds it and sends a follow-up request; one arriving before is read below.
        var claims = links.Read(token) is (LinkCheck.Valid, { } valid) ? valid : null;
        var act = claims is null ? null : await review.NoteActAsync(claims, ct);
        var opening = await review.OpenAsync(token, ct);
        if (opening.Desk is not { } desk || act is null)
        {
            return await RefusedAsync(http, token, opening, StatusCodes.Status409Conflict);
        }

        var shown = form["shown"].Select(ShownNominee.Parse).OfType<ShownNominee>().Take(MaxNominees).ToList();
        if (shown.Count == 0)
        {
            return await FormAsync(http, desk, StatusCodes.Status400BadRequest, [new(ReviewTexts.NothingShown)]);
        }

        // "Go back and change them" on the confirmation page: the form again, as the approver filled it.
        if (form["revise"] == "1")
        {
            return await FormAsync(http, desk, StatusCodes.Status200OK, [], posted: form);
        }

        var (choices, errors) = ReadChoices(form, shown, desk);
        if (errors.Count > 0)
        {
            return await FormAsync(http, desk, StatusCodes.Status400BadRequest, errors, posted: form);
        }

        // A return or a reject reaches the nominating unit with its reason and cannot be taken
        // back: the approver sees exactly those first, and confirms them (no script needed).
        var serious = choices.Where(c => c.Outcome != DecisionOutcome.Approve).ToList();
        if (serious.Count > 0 && form["confirmed"] != "1")
        {
            return await pages.PageAsync<ReviewConfirmPage>(http, StatusCodes.Status200OK, new Dictionary<string, object?>
            {
                [nameof(ReviewConfirmPage.Lines)] = serious.Select(c => new ConfirmLine(NameOf(desk, shown, c.NominationId), ReviewView.Outcome(c.Outcome), c.Reason)).ToList(),
                [nameof(ReviewConfirmPage.Approvals)] = choices.Count - serious.Count,
                [nameof(ReviewConfirmPage.CodeNext)] = desk.Campaign.ConfirmDecisionsByCode,
                [nameof(ReviewConfirmPage.FormAction)] = ReviewView.PagePath(http.Request, token),
                [nameof(ReviewConfirmPage.Fields)] = Carried(form, "confirmed", "revise", "code"),
            }, returnTo: ReviewView.PagePath(http.Request, token));
        }

        var confirmation = string.Empty;
        if (desk.Campaign.ConfirmDecisionsByCode)
        {
            // The code confirms exactly these choices: the confirming form carries them again and must match.
            var digest = DecisionCodes.Digest(choices.OrderBy(c => c.NominationId, StringComparer.Ordinal)
                .SelectMany(c => new[] { c.NominationId, c.Outcome.ToString(), c.Reason ?? string.Empty }));
            var summary = choices.Select(c => new ConfirmLine(NameOf(desk, shown, c.NominationId), ReviewView.Outcome(c.Outcome), c.Reason)).ToList();
            if (await ConfirmByCodeAsync(http, desk, form, CodedAction.Decide, digest, summary, ReviewTexts.Nominee, ct) is { } unconfirmed)
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
                ? await OutOfDateAsync(http, token, result, decided, ct)
                : await RefusedAsync(http, token, opening, StatusCodes.Status409Conflict);
        }

        // Post/Redirect/Get: a reload shows the outcome instead of posting again.
        var arrived = string.Join(",", result.NowWaiting.Select(n => n.Id));
        return Html.SeeOther(http, http.Request.Path + string.Create(CultureInfo.InvariantCulture, $"?recorded={result.Recorded.Count}") + (arrived.Length > 0 ? "&arrived=" + arrived : string.Empty));
    }

    /// <summary>
    /// GET <c>/review/{token}/documents/{ownerId}/{documentType}/{version}</c>: the approver opens one
    /// document of the proposal. The read is logged for this approver (personal data, Decree
    /// 13/2023) and answered with a redirect to a link valid for minutes — a download, or with
    /// <c>?inline=1</c> (the page's "view here", aimed at its viewer frame) a PDF or image shown in
    /// place. Only a click logs a read: rendering the page (or a scanner fetching it) does not.
    /// </summary>
    public async Task<IResult> OpenDocumentAsync(HttpContext http, string token, string ownerId, string documentType, string version)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var inline = http.Request.Query["inline"] == "1";
        if (inline)
        {
            // Its answer lands in the review page's frame: a refusal must show there, not be blocked.
            AllowFramingBySelf(http.Response);
        }

        var back = ReviewView.PagePath(http.Request, token);
        var (check, claims) = links.Read(token);
        if (check != LinkCheck.Valid || claims is null)
        {
            return check == LinkCheck.Expired
                ? await MessageAsync(http, StatusCodes.Status410Gone, ReviewTexts.ExpiredTitle, ReviewTexts.ExpiredAskNew, back)
                : await MessageAsync(http, StatusCodes.Status400BadRequest, ReviewTexts.InvalidTitle, ReviewTexts.InvalidLink, back);
        }

        var belongs = ownerId == claims.ProposalId
            || (Ids.LooksValid(ownerId) && await nominations.FindAsync(ownerId, ct) is { } n && n.ProposalId == claims.ProposalId);
        var document = belongs && int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? (await nominations.ListDocumentsAsync(ownerId, ct)).FirstOrDefault(d => d.Type == documentType && d.Version == v)
            : null;
        if (document is null)
        {
            return await MessageAsync(http, StatusCodes.Status404NotFound, ReviewTexts.DocumentNotFoundTitle, ReviewTexts.DocumentNotFound, back);
        }

        // In place only what a browser shows by itself (a PDF, an image); anything else downloads.
        var disposition = inline && ReviewView.ShowsInline(document) ? ReadDisposition.Inline : ReadDisposition.Attachment;
        var url = await reads.OpenAsync(ownerId, document, claims.ApproverEmail, disposition, ct);
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return Results.Redirect(url.AbsoluteUri);
    }

    /// <summary>
    /// POST <c>/review/{token}/delegate</c> (fields <c>email</c>, <c>name</c>, <c>note</c>, <c>language</c>): the approver hands
    /// the decision to a colleague. This link dies; the colleague gets a link of their own; the
    /// audit of each waiting nominee says who delegated to whom.
    /// </summary>
    public async Task<IResult> DelegateAsync(HttpContext http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        var ct = http.RequestAborted;
        var opening = await review.OpenAsync(token, ct);
        if (opening.Desk is not { } desk)
        {
            return await RefusedAsync(http, token, opening, StatusCodes.Status409Conflict);
        }

        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > 16 * 1024)
        {
            return await FormAsync(http, desk, StatusCodes.Status400BadRequest, [new(ReviewTexts.UseTheDelegateForm)]);
        }

        var form = await FormBody.ReadAsync(http.Request, ct);
        var email = form["email"].ToString().Trim();
        var name = VietnameseText.Normalize(form["name"].ToString());
        var note = VietnameseText.Normalize(form["note"].ToString());
        var rawLanguage = form["language"].ToString();
        var language = Languages.Parse(rawLanguage);
        var errors = new List<ReviewProblem>();
        if (!CampaignValidator.IsEmail(email) || string.Equals(email, desk.Claims.ApproverEmail, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(ReviewTexts.DelegateEmailInvalid, "email"));
        }

        if (name?.Length > MaxNameLength)
        {
            errors.Add(new(Texts.Format(ReviewTexts.DelegateNameTooLong, MaxNameLength), "name"));
        }

        if (rawLanguage.Length > 0 && language is null)
        {
            errors.Add(new(ReviewTexts.DelegateLanguageInvalid, "language"));
        }

        if (note?.Length > WrittenReason.MaxLength)
        {
            errors.Add(new(Texts.Format(ReviewTexts.DelegateNoteTooLong, WrittenReason.MaxLength), "note"));
        }

        if (errors.Count > 0)
        {
            return await FormAsync(http, desk, StatusCodes.Status400BadRequest, errors, posted: form);
        }

        var confirmed = string.Empty;
        if (desk.Campaign.ConfirmDecisionsByCode)
        {
            var digest = DecisionCodes.Digest([email.ToLowerInvariant(), name ?? string.Empty, note ?? string.Empty, language?.Code() ?? string.Empty]);
            var summary = new List<ConfirmLine> { new(string.IsNullOrEmpty(name) ? email : $"{name} ({email})", ReviewTexts.TakesOver, note) };
            if (await ConfirmByCodeAsync(http, desk, form, CodedAction.Delegate, digest, summary, ReviewTexts.Colleague, ct) is { } unconfirmed)
            {
                return unconfirmed;
            }

            confirmed = " (confirmed with a one-time code)";
        }

        var delegation = new Delegation(desk.Claims.Stage, desk.Claims.Wave, desk.Claims.ApproverEmail, email, string.IsNullOrEmpty(name) ? email : name, string.IsNullOrEmpty(note) ? null : note, time.GetUtcNow(), language);
        var back = ReviewView.PagePath(http.Request, token);
        if (!await review.DelegateAsync(desk, delegation, confirmed, ct))
        {
            return await MessageAsync(http, StatusCodes.Status410Gone, ReviewTexts.ClosedTitle, ReviewTexts.AlreadyDelegated, back);
        }

        return await MessageAsync(http, StatusCodes.Status200OK, ReviewTexts.DelegatedTitle, Texts.Format(ReviewTexts.Delegated, delegation.ToName, email), back, ok: true, id: "delegated");
    }

    /// <summary>
    /// For a campaign that asks decisions to be confirmed: without a <c>code</c> field, mails a new
    /// code to the link's approver and answers the page that asks for it (the choices ride along
    /// as hidden fields); with one, checks it against the code waiting for this link, action and
    /// choices. Null means confirmed: the caller goes on and applies the action.
    /// </summary>
    private async Task<IResult?> ConfirmByCodeAsync(HttpContext http, ReviewDesk desk, IFormCollection form, CodedAction action, string digest, IReadOnlyList<ConfirmLine> summary, string whoHeading, CancellationToken ct)
    {
        var code = form["code"].ToString();
        if (code.Length == 0)
        {
            if (!await sendLimits.TryTakeSendSlotAsync(desk.Claims.ApproverEmail, time.GetUtcNow(), "code", null, ct))
            {
                return await CodePageAsync(http, desk, form, summary, whoHeading, StatusCodes.Status429TooManyRequests,
                    Texts.Format(ReviewTexts.TooManyCodes, SignInStore.RateWindow.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)));
            }

            var (issued, expiresAt) = await codes.IssueAsync(desk.Claims, action, digest, ct);
            await mailer.SendOnceAsync(
                "decision-code|" + Guid.NewGuid().ToString("N"),
                MailTemplates.DecisionCode(desk.Approver, desk.Proposal, desk.Stage, issued, expiresAt, action == CodedAction.Delegate),
                ct);
            return await CodePageAsync(http, desk, form, summary, whoHeading, StatusCodes.Status200OK, null);
        }

        var (check, triesLeft) = await codes.RedeemAsync(desk.Claims, action, digest, code, ct);
        return check switch
        {
            CodeCheck.Confirmed => null,
            CodeCheck.Wrong => await CodePageAsync(http, desk, form, summary, whoHeading, StatusCodes.Status400BadRequest, Texts.Format(ReviewTexts.WrongCode, triesLeft)),
            CodeCheck.Expired => await FormAsync(http, desk, StatusCodes.Status400BadRequest, [new(ReviewTexts.CodeExpired)]),
            CodeCheck.TooManyTries => await FormAsync(http, desk, StatusCodes.Status400BadRequest, [new(Texts.Format(ReviewTexts.CodeTooManyTries, DecisionCodes.MaxTries))]),
            CodeCheck.OtherChoices => await FormAsync(http, desk, StatusCodes.Status400BadRequest, [new(ReviewTexts.CodeOtherChoices)]),
            _ => await FormAsync(http, desk, StatusCodes.Status400BadRequest, [new(ReviewTexts.NoCodeWaiting)]),
        };
    }

    /// <summary>The page that asks for the mailed code, carrying the choices to confirm as hidden fields.</summary>
    private Task<IResult> CodePageAsync(HttpContext http, ReviewDesk desk, IFormCollection form, IReadOnlyList<ConfirmLine> summary, string whoHeading, int status, string? error) =>
        pages.PageAsync<ReviewCodePage>(http, status, new Dictionary<string, object?>
        {
            [nameof(ReviewCodePage.Lines)] = summary,
            [nameof(ReviewCodePage.WhoHeading)] = whoHeading,
            [nameof(ReviewCodePage.Error)] = error,
            [nameof(ReviewCodePage.Sent)] = status != StatusCodes.Status429TooManyRequests,
            [nameof(ReviewCodePage.Email)] = desk.Claims.ApproverEmail,
            [nameof(ReviewCodePage.Digits)] = DecisionCodes.Digits,
            [nameof(ReviewCodePage.Minutes)] = (int)DecisionCodes.Lifetime.TotalMinutes,
            [nameof(ReviewCodePage.FormAction)] = (http.Request.PathBase + http.Request.Path).ToString(),
            [nameof(ReviewCodePage.Fields)] = Carried(form, "code"),
        }, returnTo: ReviewView.PagePath(http.Request, desk.Token));

    // The posted fields a confirming page sends again, but for those it sets itself.
    private static List<KeyValuePair<string, string>> Carried(IFormCollection form, params string[] except) =>
        [.. form.Where(f => !except.Contains(f.Key, StringComparer.Ordinal)).SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? string.Empty)))];

    private static (List<ReviewChoice> Choices, List<ReviewProblem> Errors) ReadChoices(IFormCollection form, IReadOnlyList<ShownNominee> shown, ReviewDesk desk)
    {
        var choices = new List<ReviewChoice>();
        var errors = new List<ReviewProblem>();
        var action = form["action"].ToString();
        if (action == "return-proposal")
        {
            var reason = VietnameseText.Normalize(form["proposalReason"].ToString());
            if (string.IsNullOrEmpty(reason))
            {
                errors.Add(new(ReviewTexts.ProposalReasonNeeded, "proposalReason"));
            }
            else if (reason.Length > MaxReasonLength)
            {
                errors.Add(new(Texts.Format(ReviewTexts.ProposalReasonTooLong, MaxReasonLength), "proposalReason"));
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
                errors.Add(new(Texts.Format(ReviewTexts.ChooseOutcome, name), $"decision.{s.NominationId}"));
                continue;
            }

            if (outcome is null)
            {
                continue;
            }

            var reason = VietnameseText.Normalize(rawReason);
            if (StageDecision.NeedsReason(outcome.Value) && string.IsNullOrEmpty(reason))
            {
                errors.Add(new(Texts.Format(ReviewTexts.NeedsReason, name), $"reason.{s.NominationId}"));
                continue;
            }

            if (reason?.Length > MaxReasonLength)
            {
                errors.Add(new(Texts.Format(ReviewTexts.ReasonTooLong, name, MaxReasonLength), $"reason.{s.NominationId}"));
                continue;
            }

            choices.Add(new ReviewChoice(s.NominationId, outcome.Value, string.IsNullOrEmpty(reason) ? null : reason));
        }

        if (errors.Count == 0 && choices.Count == 0)
        {
            errors.Add(new(ReviewTexts.ChooseAtLeastOne));
        }

        return (choices, errors);
    }

    private static string NameOf(ReviewDesk desk, IReadOnlyList<ShownNominee> shown, string nominationId) =>
        desk.Pending.FirstOrDefault(p => p.Nomination.Id == nominationId)?.Nomination.NomineeName
        ?? desk.Decided.FirstOrDefault(d => d.Nominee.Id == nominationId).Nominee?.NomineeName
        ?? (shown.Any(s => s.NominationId == nominationId) ? nominationId : "?");

    /// <summary>The page for a link with nothing to decide, saying why (after a decision, with what was recorded).</summary>
    private Task<IResult> RefusedAsync(HttpContext http, string token, ReviewOpening opening, int decidedStatus, int? recorded = null)
    {
        var back = ReviewView.PagePath(http.Request, token);
        return opening.Refusal switch
        {
            ReviewRefusal.Expired => MessageAsync(http, StatusCodes.Status410Gone, ReviewTexts.ExpiredTitle, Texts.Format(ReviewTexts.ExpiredAt, VietnameseText.FormatInstant(opening.Claims!.ExpiresAt)), back),
            ReviewRefusal.Gone => MessageAsync(http, StatusCodes.Status410Gone, ReviewTexts.ClosedTitle, ReviewTexts.Gone, back),
            ReviewRefusal.HandedOver when opening.HandedOver is { } handedOver => MessageAsync(http, StatusCodes.Status410Gone, ReviewTexts.HandedOverTitle,
                Texts.Format(ReviewTexts.HandedOver, handedOver.ToName, handedOver.ToEmail, VietnameseText.FormatInstant(handedOver.At)), back),
            ReviewRefusal.AllDecided => DecidedPageAsync(http, token, opening.Stage, opening.Decided, decidedStatus, recorded),
            ReviewRefusal.NothingWaiting => MessageAsync(http, StatusCodes.Status410Gone, ReviewTexts.ClosedTitle, ReviewTexts.NothingWaiting, back),
            _ => MessageAsync(http, StatusCodes.Status400BadRequest, ReviewTexts.InvalidTitle, ReviewTexts.InvalidLink, back),
        };
    }

    /// <summary>409: nothing the form asked for took effect — decided by someone else first, or changed since the page was loaded.</summary>
    private async Task<IResult> OutOfDateAsync(HttpContext http, string token, ReviewResult result, IReadOnlyList<(Nomination Nominee, StageDecision Decision)> decided, CancellationToken ct)
    {
        var reopened = await review.OpenAsync(token, ct);
        if (result.Changed.Count == 0)
        {
            return await DecidedPageAsync(http, token, reopened.Stage, [.. result.Lost.Select(l => (l.Nominee, l.Winner))], StatusCodes.Status409Conflict, null);
        }

        return reopened.Desk is { } desk
            ? await FormAsync(http, desk, StatusCodes.Status409Conflict, [new(ReviewTexts.OutOfDate)])
            : reopened.Refusal == ReviewRefusal.AllDecided || decided.Count > 0
                ? await DecidedPageAsync(http, token, reopened.Stage, reopened.Decided.Count > 0 ? reopened.Decided : decided, StatusCodes.Status409Conflict, null)
                : await RefusedAsync(http, token, reopened, StatusCodes.Status409Conflict);
    }

    private Task<IResult> FormAsync(HttpContext http, ReviewDesk desk, int status, IReadOnlyList<ReviewProblem> problems, IFormCollection? posted = null, int? recorded = null, IReadOnlySet<string>? arrived = null) =>
        pages.PageAsync<ReviewFormPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(ReviewFormPage.Desk)] = desk,
            [nameof(ReviewFormPage.Problems)] = problems,
            [nameof(ReviewFormPage.Posted)] = posted,
            [nameof(ReviewFormPage.Recorded)] = recorded,
            [nameof(ReviewFormPage.Arrived)] = arrived ?? new HashSet<string>(StringComparer.Ordinal),
            [nameof(ReviewFormPage.Now)] = time.GetUtcNow(),
            [nameof(ReviewFormPage.FormAction)] = ReviewView.PagePath(http.Request, desk.Token),
            [nameof(ReviewFormPage.MaxReasonLength)] = MaxReasonLength,
            [nameof(ReviewFormPage.MaxNameLength)] = MaxNameLength,
        }, returnTo: Back(http, desk.Token));

    private Task<IResult> DecidedPageAsync(HttpContext http, string token, StageDefinition? stage, IReadOnlyList<(Nomination Nominee, StageDecision Decision)> decided, int status, int? recorded) =>
        pages.PageAsync<ReviewDecidedPage>(http, status, new Dictionary<string, object?>
        {
            [nameof(ReviewDecidedPage.Stage)] = stage,
            [nameof(ReviewDecidedPage.Decided)] = decided,
            [nameof(ReviewDecidedPage.Recorded)] = recorded,
        }, returnTo: Back(http, token));

    // Where the language switch of a page about this link comes back to: the link's page, with
    // what the GET asked (the notice after a decision); a POST's answer comes back to the page itself.
    private static string Back(HttpContext http, string token) =>
        ReviewView.PagePath(http.Request, token) + (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? http.Request.QueryString.Value : string.Empty);

    // A page that says one thing: why a link does not work, or that a delegation went through.
    // The language switch comes back to the link's page (a POST's own path may not answer a GET).
    private Task<IResult> MessageAsync(HttpContext http, int status, string title, string message, string? back, bool ok = false, string? id = null) =>
        pages.PageAsync<ReviewMessagePage>(http, status, new Dictionary<string, object?>
        {
            [nameof(ReviewMessagePage.Title)] = title,
            [nameof(ReviewMessagePage.Message)] = message,
            [nameof(ReviewMessagePage.Ok)] = ok,
            [nameof(ReviewMessagePage.Id)] = id ?? "refused",
        }, returnTo: back);

    // The answer of an inline document read opens in the review page's own frame: it may be
    // framed by this site (and only by it), where every other page refuses any framing.
    private static void AllowFramingBySelf(HttpResponse response) =>
        response.OnStarting(() =>
        {
            if (response.Headers.ContainsKey("X-Frame-Options"))
            {
                response.Headers["X-Frame-Options"] = "SAMEORIGIN";
            }

            var csp = response.Headers.ContentSecurityPolicy.ToString();
            if (csp.Length > 0)
            {
                response.Headers.ContentSecurityPolicy = csp.Replace("frame-ancestors 'none'", "frame-ancestors 'self'", StringComparison.Ordinal);
            }

            return Task.CompletedTask;
        });
}
