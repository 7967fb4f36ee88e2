using System.Net.Http.Json;
using Awards.Domain;
using Awards.Testing;
using Awards.Web.Api;
using MimeKit;

namespace Awards.IntegrationTests;

/// <summary>One test's world: its own campaign, a nominating unit of Phú Yên with its key, and helpers to act through mail links.</summary>
internal sealed class Scenario : IDisposable
{
    private Scenario(Campaign campaign, AwardsClient organiser, AwardsClient nominator, string nominatorEmail)
    {
        Campaign = campaign;
        Organiser = organiser;
        Nominator = nominator;
        NominatorEmail = nominatorEmail;
    }

    public Campaign Campaign { get; }

    /// <summary>
    /// One date of birth for every individual of this scenario: the same person nominated twice in
    /// it is a duplicate, while other tests' (and earlier campaigns') awards to a namesake are not.
    /// </summary>
    public string BirthDate { get; } = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 365 * 30)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // Nominee name (NFC) → the proposal that carries it, to find its review mail.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> proposalOf = new(StringComparer.Ordinal);

    public AwardsClient Organiser { get; }

    public AwardsClient Nominator { get; }

    public string NominatorEmail { get; }

    public static MailCatcher Mail => TestHost.Mail;

    public static async Task<Scenario> StartAsync(string tag, Func<Campaign, Campaign>? adjust = null, RunnerProcess? runner = null, string? nominatorLanguage = null)
    {
        var organiser = new AwardsClient((runner ?? TestHost.Runner).BaseUrl, TestHost.OrganiserKey);
        var campaign = TestCampaigns.Create(tag);
        campaign = adjust?.Invoke(campaign) ?? campaign;
        using (var created = await organiser.CreateCampaignAsync(campaign))
        {
            await AwardsClient.EnsureAsync(created);
        }

        var email = TestCampaigns.Address("nominator", campaign.Id);
        var key = await organiser.IssueNominatorKeyAsync(email, "Công an tỉnh Phú Yên", "PY", nominatorLanguage);
        return new Scenario(campaign, organiser, organiser.As(key), email);
    }

    /// <summary>Creates a nomination with a complete dossier, ready to submit.</summary>
    public async Task<NominationView> NominateAsync(NomineeKind kind, string name, string award = "bk-mttq", string? proposalId = null)
    {
        var view = await CreateDraftAsync(kind, name, award, proposalId);
        await Nominator.UploadAllAsync(view.Nomination.Id, TestCampaigns.RequiredDocuments);
        return view;
    }

    /// <summary>Creates a draft nomination with no documents yet.</summary>
    public async Task<NominationView> CreateDraftAsync(NomineeKind kind, string name, string award = "bk-mttq", string? proposalId = null)
    {
        var view = await Nominator.CreateNominationAsync(new
        {
            campaignId = Campaign.Id,
            proposalId,
            awardCode = award,
            kind = kind == NomineeKind.Collective ? "collective" : "individual",
            nomineeName = name,
            dateOfBirth = kind == NomineeKind.Individual ? BirthDate : null,
            position = kind == NomineeKind.Individual ? "Trung tá, Phó Trưởng phòng" : null,
            achievementSummary = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc.",
        });
        proposalOf[name.Normalize(System.Text.NormalizationForm.FormC)] = view.Nomination.ProposalId;
        return view;
    }

    /// <summary>
    /// Submits one individual per name, then approves each at the provincial stage through its
    /// mailed link at a moment around a point of its round (<paramref name="point"/>): from 300 ms
    /// before it to 300 ms after, 120 ms apart, so the decisions straddle what happens at that
    /// point. The moment is the input here: time has to reach it. Returns the ids, in name order.
    /// </summary>
    public async Task<IReadOnlyList<string>> ApproveAroundAsync(IReadOnlyList<string> names, Func<Nomination, DateTimeOffset> point)
    {
        var ids = new List<string>();
        foreach (var name in names)
        {
            ids.Add(await SubmitNewAsync(NomineeKind.Individual, name));
        }

        await Task.WhenAll(names.Select(async (name, i) =>
        {
            var link = await ReviewLinkAsync("provincial", name);
            var at = point((await Nominator.GetNominationAsync(ids[i])).Nomination).AddMilliseconds(-300 + (120 * i));
            if (at - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait);
            }

            using var decided = await DecideAsync(link, "approve");
            Assert.AreEqual(System.Net.HttpStatusCode.SeeOther, decided.StatusCode, $"{name}: approved at {at:O}");
        }));
        return ids;
    }

    /// <summary>
    /// Creates, completes and submits a nomination; returns its id. Tests share one storage account,
    /// so another test's award to the same name of the same unit can make it a likely duplicate:
    /// then the submit says why it goes ahead, as a unit would (the duplicate rules have tests of their own).
    /// </summary>
    public async Task<string> SubmitNewAsync(NomineeKind kind, string name, string award = "bk-mttq")
    {
        var id = (await NominateAsync(kind, name, award)).Nomination.Id;
        var submitted = await Nominator.SubmitAsync(id);
        if (submitted.StatusCode == System.Net.HttpStatusCode.Conflict && (await submitted.Content.ReadAsStringAsync()).Contains("possibleDuplicates", StringComparison.Ordinal))
        {
            submitted.Dispose();
            submitted = await Nominator.Http.PostAsJsonAsync($"api/nominations/{id}/submit", new { duplicateJustification = "Thành tích của đợt này, khác đợt trước." });
        }

        using var answer = submitted;
        await AwardsClient.EnsureAsync(submitted);
        return id;
    }

    /// <summary>
    /// Waits for the <paramref name="nth"/> review request for the proposal that carries
    /// <paramref name="nominee"/> (approvers get one message per proposal, stage and wave) and returns its link.
    /// </summary>
    public Task<Uri> ReviewLinkAsync(string stage, string nominee, int nth = 1) => ProposalReviewLinkAsync(stage, proposalOf[nominee], nth);

    /// <summary>Waits for the <paramref name="nth"/> review request of <paramref name="stage"/> for a proposal (approvers get one message per proposal, stage and wave) and returns its link.</summary>
    public async Task<Uri> ProposalReviewLinkAsync(string stage, string proposal, int nth = 1)
    {
        var approver = TestCampaigns.ApproverOf(Campaign, stage);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var links = Mail.To(approver).Where(MailCatcher.HasReviewLink).Select(MailCatcher.ReviewLink).Where(l => MailCatcher.ProposalOf(l) == proposal).ToList();
            if (links.Count >= nth)
            {
                return links[nth - 1];
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No review request #{nth} for proposal {proposal} reached {approver}. Runner output:\n{TestHost.Runner.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Messages to the nominator about a nominee.</summary>
    public IReadOnlyList<MimeMessage> NominatorMail(string nominee) =>
        [.. Mail.To(NominatorEmail).Where(m => (m.Subject ?? string.Empty).Contains(nominee, StringComparison.Ordinal))];

    /// <summary>Waits for a message to the nominator about a nominee whose subject contains <paramref name="subjectPart"/>.</summary>
    public Task<MimeMessage> WaitForNominatorMailAsync(string nominee, string subjectPart) =>
        Mail.WaitForAsync(
            NominatorEmail,
            m => (m.Subject ?? string.Empty).Contains(nominee, StringComparison.Ordinal) && (m.Subject ?? string.Empty).Contains(subjectPart, StringComparison.Ordinal),
            $"message about {nominee} with '{subjectPart}' in its subject");

    /// <summary>What a user could see change: status, stage, round, reason, history and documents.</summary>
    public async Task<string> SnapshotAsync(string id)
    {
        var v = await Nominator.GetNominationAsync(id);
        return $"{v.Nomination.Status}|{v.Nomination.CurrentStage}|{v.Nomination.Round}|{v.Nomination.LastReason}|{v.Nomination.UpdatedAt:O}|"
            + string.Join(";", v.History.Select(h => $"{h.At:O} {h.Actor} {h.Action} {h.Stage} {h.Reason}"))
            + "|" + string.Join(";", v.Documents.Select(d => $"{d.Type}v{d.Version}"));
    }

    /// <summary>
    /// Posts the review form as the page's form would (loading the page first, as a browser does);
    /// a return or a reject as the confirmation page posts it again, confirmed.
    /// </summary>
    public async Task<HttpResponseMessage> DecideAsync(Uri link, string decision, string? reason = null, string? action = null)
    {
        var fields = new Dictionary<string, string>();
        if (decision is not null)
        {
            fields["decision"] = decision;
        }

        if (decision is "return" or "reject" || action == "return-proposal")
        {
            fields["confirmed"] = "1";
        }

        if (action is not null)
        {
            fields["action"] = action;
        }

        if (reason is not null)
        {
            fields["reason"] = reason;
        }

        using var anonymous = Organiser.As(null);
        return await ReviewForm.PostAsync(anonymous.Http, link, fields);
    }

    public void Dispose()
    {
        Organiser.Dispose();
        Nominator.Dispose();
    }
}
