using System.Globalization;
using Awards.Domain;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages.Organise;

/// <summary>
/// The settings form of a campaign as text, the way the page shows it and the browser posts it:
/// built from a stored version, or read back from a post (so a refused form shows exactly what
/// was typed), then applied to the version it was based on to make the next configuration.
/// Field names are also the controls' ids (<see cref="Field"/>), so an error names its control.
/// </summary>
public sealed record SettingsForm
{
    /// <summary>Empty approver rows offered under each stage, to add approvers without script.</summary>
    public const int EmptyRows = 2;

    /// <summary>Empty rows a "more rows" press adds to a stage.</summary>
    public const int MoreRows = 3;

    /// <summary>Most approver rows one stage's form may post (100 provinces with a few approvers each).</summary>
    public const int MaxRows = 400;

    /// <summary>The version the form was filled from: saving is refused once another version is current.</summary>
    public int BaseVersion { get; init; }

    /// <summary>The intake's first day, dd/mm/yyyy (empty with <see cref="ClosesOn"/>: always open).</summary>
    public string OpensOn { get; init; } = string.Empty;

    /// <summary>The intake's last day, dd/mm/yyyy.</summary>
    public string ClosesOn { get; init; } = string.Empty;

    /// <summary>One entry per configured stage, in the configuration's order.</summary>
    public IReadOnlyList<StageForm> Stages { get; init; } = [];

    /// <summary>One entry per award.</summary>
    public IReadOnlyList<AwardForm> Awards { get; init; } = [];

    /// <summary>One entry per checklist document type.</summary>
    public IReadOnlyList<DocumentForm> Documents { get; init; } = [];

    /// <summary>A stage's fields.</summary>
    /// <param name="Deadline">Working days to decide.</param>
    /// <param name="Remind">Reminder points as percentages of the stage's time, comma-separated (e.g. <c>50, 80</c>).</param>
    /// <param name="EscalationEmail">Who is told when the deadline passes: address.</param>
    /// <param name="EscalationName">… and name.</param>
    /// <param name="Rows">Approver rows (with empty ones to fill in).</param>
    public sealed record StageForm(string Deadline, string Remind, string EscalationEmail, string EscalationName, IReadOnlyList<ApproverRow> Rows);

    /// <summary>One approver row: the province (stages with approvers by province), address, name, and whether to remove it.</summary>
    /// <param name="Province">Province code, for a stage whose approvers go by province.</param>
    /// <param name="Email">Address.</param>
    /// <param name="Name">Name.</param>
    /// <param name="Remove">Ticked: the row is left out when saving.</param>
    public sealed record ApproverRow(string Province, string Email, string Name, bool Remove = false)
    {
        /// <summary>True when nothing was typed in the row.</summary>
        public bool IsBlank => string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(Name);
    }

    /// <summary>An award's quotas per unit (empty: no limit).</summary>
    /// <param name="Quota">Most nominations one unit may submit for it, both kinds together.</param>
    /// <param name="Collective">Most collectives.</param>
    /// <param name="Individual">Most individuals.</param>
    public sealed record AwardForm(string Quota, string Collective, string Individual);

    /// <summary>A checklist item: required, and for nominee documents which kinds need it.</summary>
    /// <param name="Required">Submit is refused without it.</param>
    /// <param name="Collective">A collective's dossier has it.</param>
    /// <param name="Individual">An individual's dossier has it.</param>
    public sealed record DocumentForm(bool Required, bool Collective, bool Individual);

    /// <summary>Ids (and names) of the form's controls.</summary>
    public static class Field
    {
        /// <summary>The hidden base version.</summary>
        public const string BaseVersion = "baseVersion";

        /// <summary>Intake opens.</summary>
        public const string OpensOn = "intake-opens";

        /// <summary>Intake closes.</summary>
        public const string ClosesOn = "intake-closes";

        /// <summary>A stage's deadline.</summary>
        public static string Deadline(int stage) => $"stage-{stage}-deadline";

        /// <summary>A stage's reminder points.</summary>
        public static string Remind(int stage) => $"stage-{stage}-remind";

        /// <summary>A stage's escalation address.</summary>
        public static string EscalationEmail(int stage) => $"stage-{stage}-escalation-email";

        /// <summary>A stage's escalation name.</summary>
        public static string EscalationName(int stage) => $"stage-{stage}-escalation-name";

        /// <summary>The approvers' group of a stage (errors about the whole list).</summary>
        public static string Approvers(int stage) => $"stage-{stage}-approvers";

        /// <summary>How many approver rows the stage's form has.</summary>
        public static string Rows(int stage) => $"stage-{stage}-rows";

        /// <summary>An approver row's control (<c>province</c>, <c>email</c>, <c>name</c>, <c>remove</c>).</summary>
        public static string Row(int stage, int row, string part) => $"stage-{stage}-approver-{row}-{part}";

        /// <summary>An award's quota.</summary>
        public static string Quota(int award) => $"award-{award}-quota";

        /// <summary>An award's quota of one nominee kind (<c>collective</c>, <c>individual</c>).</summary>
        public static string Quota(int award, string kind) => $"award-{award}-quota-{kind}";

        /// <summary>A document's control (<c>required</c>, <c>collective</c>, <c>individual</c>).</summary>
        public static string Document(int document, string part) => $"document-{document}-{part}";
    }

    /// <summary>The form filled from a stored version, with <see cref="EmptyRows"/> empty approver rows under each stage.</summary>
    public static SettingsForm From(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new SettingsForm
        {
            BaseVersion = campaign.Version,
            OpensOn = campaign.Intake is { } w ? Day(w.OpensAt) : string.Empty,
            ClosesOn = campaign.Intake is { } c ? Day(c.ClosesAt) : string.Empty,
            Stages = [.. campaign.Stages.Select(s => new StageForm(
                s.DeadlineWorkingDays.ToString(CultureInfo.InvariantCulture),
                Percentages(s.RemindAt),
                s.EscalationContact?.Email ?? string.Empty,
                s.EscalationContact?.Name ?? string.Empty,
                [.. ApproversOf(campaign, s), .. Enumerable.Repeat(new ApproverRow(string.Empty, string.Empty, string.Empty), EmptyRows)]))],
            Awards = [.. campaign.Awards.Select(a => new AwardForm(Number(a.QuotaPerUnit), Number(a.QuotaPerUnitByKind.TryGetValue(NomineeKind.Collective, out var c) ? c : null), Number(a.QuotaPerUnitByKind.TryGetValue(NomineeKind.Individual, out var i) ? i : null)))],
            Documents = [.. campaign.Documents.Select(d => new DocumentForm(
                d.Required,
                d.Level == DocumentLevel.Nominee && (d.AppliesTo.Count == 0 || d.AppliesTo.Contains(NomineeKind.Collective)),
                d.Level == DocumentLevel.Nominee && (d.AppliesTo.Count == 0 || d.AppliesTo.Contains(NomineeKind.Individual))))],
        };
    }

    /// <summary>The form as posted, for the campaign version it shows (its stages, awards and documents, by position).</summary>
    public static SettingsForm Read(IFormCollection form, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(campaign);
        string Text(string name) => VietnameseText.Normalize(form[name].ToString().Trim()) ?? string.Empty;
        bool Ticked(string name) => form[name].Count > 0;
        return new SettingsForm
        {
            BaseVersion = int.TryParse(form[Field.BaseVersion], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0,
            OpensOn = Text(Field.OpensOn),
            ClosesOn = Text(Field.ClosesOn),
            Stages = [.. campaign.Stages.Select((_, i) =>
            {
                var rows = int.TryParse(form[Field.Rows(i)], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 0, MaxRows) : 0;
                return new StageForm(
                    Text(Field.Deadline(i)),
                    Text(Field.Remind(i)),
                    Text(Field.EscalationEmail(i)),
                    Text(Field.EscalationName(i)),
                    [.. Enumerable.Range(0, rows).Select(r => new ApproverRow(Text(Field.Row(i, r, "province")), Text(Field.Row(i, r, "email")), Text(Field.Row(i, r, "name")), Ticked(Field.Row(i, r, "remove"))))]);
            })],
            Awards = [.. campaign.Awards.Select((_, j) => new AwardForm(Text(Field.Quota(j)), Text(Field.Quota(j, "collective")), Text(Field.Quota(j, "individual"))))],
            Documents = [.. campaign.Documents.Select((_, k) => new DocumentForm(Ticked(Field.Document(k, "required")), Ticked(Field.Document(k, "collective")), Ticked(Field.Document(k, "individual"))))],
        };
    }

    /// <summary>The same form with <see cref="MoreRows"/> more empty approver rows under stage <paramref name="stage"/> (every stage when null).</summary>
    public SettingsForm WithMoreRows(int? stage) => this with
    {
        Stages = [.. Stages.Select((s, i) => stage is null || stage == i
            ? s with { Rows = [.. s.Rows, .. Enumerable.Repeat(new ApproverRow(string.Empty, string.Empty, string.Empty), Math.Max(0, Math.Min(MoreRows, MaxRows - s.Rows.Count)))] }
            : s)],
    };

    /// <summary>
    /// Applies the form to <paramref name="campaign"/> (the version it was based on): the next
    /// configuration, the errors of what could not be read (control id → message in the page's
    /// language), and where each JSON path the validator may name is shown (path → control id).
    /// </summary>
    public (Campaign Next, Dictionary<string, string> Errors, Dictionary<string, string> FieldOf) Apply(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var fieldOf = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["intake"] = Field.ClosesOn,
            ["intake.opensAt"] = Field.OpensOn,
            ["intake.closesAt"] = Field.ClosesOn,
        };

        var intake = ReadIntake(campaign.Intake, errors);
        var stages = new List<StageDefinition>();
        for (var i = 0; i < campaign.Stages.Count && i < Stages.Count; i++)
        {
            stages.Add(ReadStage(campaign, i, errors, fieldOf));
        }

        var awards = new List<AwardDefinition>();
        for (var j = 0; j < campaign.Awards.Count && j < Awards.Count; j++)
        {
            var award = campaign.Awards[j];
            fieldOf[$"awards[{j}].quotaPerUnit"] = Field.Quota(j);
            award = award with { QuotaPerUnit = ReadQuota(Awards[j].Quota, Field.Quota(j), award.QuotaPerUnit, errors) };
            var byKind = new Dictionary<NomineeKind, int>();
            foreach (var (kind, name, text) in new[] { (NomineeKind.Collective, "collective", Awards[j].Collective), (NomineeKind.Individual, "individual", Awards[j].Individual) })
            {
                fieldOf[$"awards[{j}].quotaPerUnitByKind.{name}"] = Field.Quota(j, name);
                if (ReadQuota(text, Field.Quota(j, name), award.QuotaPerUnitByKind.TryGetValue(kind, out var was) ? was : null, errors) is { } quota)
                {
                    byKind[kind] = quota;
                }
            }

            awards.Add(award with { QuotaPerUnitByKind = byKind });
        }

        var documents = new List<DocumentRequirement>();
        for (var k = 0; k < campaign.Documents.Count && k < Documents.Count; k++)
        {
            var document = campaign.Documents[k];
            var posted = Documents[k];
            document = document with { Required = posted.Required };
            if (document.Level == DocumentLevel.Nominee)
            {
                var kinds = new[] { (posted.Collective, NomineeKind.Collective), (posted.Individual, NomineeKind.Individual) }.Where(x => x.Item1).Select(x => x.Item2).ToList();
                var before = document.AppliesTo.Count == 0 ? [NomineeKind.Collective, NomineeKind.Individual] : document.AppliesTo;
                if (kinds.Count == 0)
                {
                    errors[Field.Document(k, "collective")] = OrganiseSettingsTexts.ErrorNoKind;
                }
                else if (!kinds.Order().SequenceEqual(before.Order()))
                {
                    // Both kinds is what an empty list means: keep the configuration's own way of saying it.
                    document = document with { AppliesTo = kinds.Count == 2 ? [] : kinds };
                }
            }

            fieldOf[$"documents[{k}].appliesTo"] = Field.Document(k, "collective");
            documents.Add(document);
        }

        return (campaign with { Intake = intake, Stages = stages, Awards = awards, Documents = documents }, errors, fieldOf);
    }

    // A quota as typed: empty for no limit, else a whole number (what cannot be read keeps the stored value and is an error at its control).
    private static int? ReadQuota(string text, string field, int? was, Dictionary<string, string> errors)
    {
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var quota))
        {
            return quota;
        }

        errors[field] = OrganiseSettingsTexts.ErrorQuota;
        return was;
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private IntakeWindow? ReadIntake(IntakeWindow? current, Dictionary<string, string> errors)
    {
        if (OpensOn.Length == 0 && ClosesOn.Length == 0)
        {
            return null;
        }

        DateTimeOffset? Read(string text, string field, DateTimeOffset? was, bool end)
        {
            if (text.Length == 0)
            {
                errors[field] = OrganiseSettingsTexts.ErrorIntakeBoth;
                return null;
            }

            if (!DateOnly.TryParseExact(text, ["dd/MM/yyyy", "d/M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                errors[field] = OrganiseSettingsTexts.ErrorDate;
                return null;
            }

            // The same day as stored keeps the stored instant (a window may close at 17:00); a new
            // day opens at its start and closes at its end, Vietnam time.
            if (was is { } instant && Day(instant) == VietnameseText.FormatDate(day))
            {
                return instant;
            }

            var local = day.ToDateTime(end ? new TimeOnly(23, 59, 59) : TimeOnly.MinValue);
            return new DateTimeOffset(local, VietnamTime.TimeZone.GetUtcOffset(local));
        }

        var opens = Read(OpensOn, Field.OpensOn, current?.OpensAt, end: false);
        var closes = Read(ClosesOn, Field.ClosesOn, current?.ClosesAt, end: true);
        return opens is { } o && closes is { } c ? new IntakeWindow(o, c) : current;
    }

    private StageDefinition ReadStage(Campaign campaign, int i, Dictionary<string, string> errors, Dictionary<string, string> fieldOf)
    {
        var stage = campaign.Stages[i];
        var posted = Stages[i];
        var at = $"stages[{i}]";
        fieldOf[$"{at}.deadlineWorkingDays"] = Field.Deadline(i);
        fieldOf[$"{at}.remindAt"] = Field.Remind(i);
        fieldOf[$"{at}.escalationContact.email"] = Field.EscalationEmail(i);
        fieldOf[$"{at}.approvers"] = Field.Approvers(i);
        fieldOf[$"{at}.approversByProvince"] = Field.Approvers(i);

        if (int.TryParse(posted.Deadline, NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            stage = stage with { DeadlineWorkingDays = days };
        }
        else
        {
            errors[Field.Deadline(i)] = OrganiseSettingsTexts.ErrorDeadline;
        }

        if (posted.Remind != Percentages(stage.RemindAt))
        {
            var points = new List<double>();
            foreach (var part in posted.Remind.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (double.TryParse(part.TrimEnd('%'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent))
                {
                    points.Add(Math.Round(percent / 100, 4));
                }
                else
                {
                    errors[Field.Remind(i)] = OrganiseSettingsTexts.ErrorRemind;
                }
            }

            stage = stage with { RemindAt = points };
        }

        for (var k = 0; k < CampaignValidator.MaxReminders + 1; k++)
        {
            fieldOf[$"{at}.remindAt[{k}]"] = Field.Remind(i);
        }

        if (posted.EscalationEmail.Length == 0 && posted.EscalationName.Length == 0)
        {
            stage = stage with { EscalationContact = null };
        }
        else if (posted.EscalationName.Length == 0)
        {
            errors[Field.EscalationName(i)] = OrganiseSettingsTexts.ErrorName;
        }
        else
        {
            stage = stage with { EscalationContact = Keep(stage.EscalationContact is { } e ? [e] : [], new Approver(posted.EscalationEmail, posted.EscalationName)) };
        }

        var rows = posted.Rows.Select((row, r) => (Row: row, Index: r)).Where(x => !x.Row.Remove && !x.Row.IsBlank).ToList();
        foreach (var (row, r) in rows.Where(x => x.Row.Name.Length == 0))
        {
            errors[Field.Row(i, r, "name")] = OrganiseSettingsTexts.ErrorName;
        }

        if (stage.Scope == ApproverScope.Fixed)
        {
            var list = new List<Approver>();
            foreach (var (row, r) in rows)
            {
                fieldOf[$"{at}.approvers[{list.Count}].email"] = Field.Row(i, r, "email");
                fieldOf[$"{at}.approvers[{list.Count}].name"] = Field.Row(i, r, "name");
                list.Add(Keep(stage.Approvers, new Approver(row.Email, row.Name)));
            }

            return stage with { Approvers = list };
        }

        var byProvince = new Dictionary<string, List<Approver>>(StringComparer.Ordinal);
        foreach (var (row, r) in rows)
        {
            if (row.Province.Length == 0)
            {
                errors[Field.Row(i, r, "province")] = OrganiseSettingsTexts.ErrorProvince;
                continue;
            }

            if (!byProvince.TryGetValue(row.Province, out var list))
            {
                byProvince[row.Province] = list = [];
                fieldOf[$"{at}.approversByProvince.{row.Province}"] = Field.Row(i, r, "province");
            }

            fieldOf[$"{at}.approversByProvince.{row.Province}[{list.Count}].email"] = Field.Row(i, r, "email");
            fieldOf[$"{at}.approversByProvince.{row.Province}[{list.Count}].name"] = Field.Row(i, r, "name");
            list.Add(Keep(stage.ApproversByProvince.GetValueOrDefault(row.Province) ?? [], new Approver(row.Email, row.Name)));
        }

        // Keep the configuration's order of provinces; new ones after.
        var ordered = campaign.Provinces.Select(p => p.Code).Where(byProvince.ContainsKey).Concat(byProvince.Keys.Where(k => campaign.Provinces.All(p => p.Code != k))).ToList();
        return stage with { ApproversByProvince = ordered.ToDictionary(k => k, k => byProvince[k], StringComparer.Ordinal) };
    }

    // An approver typed again keeps what the form does not show (the language of their mail).
    private static Approver Keep(IEnumerable<Approver> before, Approver typed) =>
        before.FirstOrDefault(a => string.Equals(a.Email, typed.Email, StringComparison.OrdinalIgnoreCase)) is { } known
            ? known with { Email = typed.Email, Name = typed.Name }
            : typed;

    private static IEnumerable<ApproverRow> ApproversOf(Campaign campaign, StageDefinition stage) =>
        stage.Scope == ApproverScope.Fixed
            ? stage.Approvers.Select(a => new ApproverRow(string.Empty, a.Email, a.Name))
            : campaign.Provinces.Select(p => p.Code).Where(stage.ApproversByProvince.ContainsKey)
                .Concat(stage.ApproversByProvince.Keys.Where(k => campaign.Provinces.All(p => p.Code != k)))
                .SelectMany(code => stage.ApproversByProvince[code].Select(a => new ApproverRow(code, a.Email, a.Name)));

    /// <summary>Reminder points as the form shows them: percentages, comma-separated.</summary>
    public static string Percentages(IEnumerable<double> fractions) =>
        string.Join(", ", (fractions ?? []).Select(f => (f * 100).ToString("0.##", CultureInfo.InvariantCulture)));

    private static string Day(DateTimeOffset instant) => VietnameseText.FormatDate(DateOnly.FromDateTime(VietnamTime.ToLocal(instant).DateTime));
}
