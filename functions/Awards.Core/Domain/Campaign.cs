using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Awards.Domain;

/// <summary>
/// A campaign (đợt khen thưởng) as the organiser configures it. Rules the law may change —
/// stage chains, approvers, the dossier checklist — are data here, never code.
/// </summary>
public sealed record Campaign
{
    /// <summary>The stage chain used when an award names none (the product brief's default).</summary>
    public static readonly IReadOnlyList<string> DefaultStageChain = ["provincial", "ministry", "front"];

    /// <summary>Campaign id: lower-case letters, digits and dashes.</summary>
    public required string Id { get; init; }

    /// <summary>The campaign's Vietnamese name.</summary>
    public required string Name { get; init; }

    /// <summary>Optional English name.</summary>
    public string? NameEn { get; init; }

    /// <summary>The organiser to tell about the campaign's progress.</summary>
    public string? OrganiserEmail { get; init; }

    /// <summary>
    /// Everyone who organises the campaign (with <see cref="OrganiserEmail"/>): an organiser signed
    /// in (or with a key) sees and runs only the campaigns that name them.
    /// </summary>
    public List<string> Organisers { get; init; } = [];

    /// <summary>Provinces whose units may nominate.</summary>
    public List<Province> Provinces { get; init; } = [];

    /// <summary>
    /// When true, an approver confirms each decision (and each delegation) with a one-time code
    /// mailed to their address, so a forwarded review link alone cannot decide.
    /// </summary>
    public bool ConfirmDecisionsByCode { get; init; }

    /// <summary>The stages awards may chain, with their approvers.</summary>
    public List<StageDefinition> Stages { get; init; } = [];

    /// <summary>The awards given in this campaign.</summary>
    public List<AwardDefinition> Awards { get; init; } = [];

    /// <summary>The dossier checklist.</summary>
    public List<DocumentRequirement> Documents { get; init; } = [];

    /// <summary>The bodies that confer the awards: how their decisions are numbered, worded and signed, and what their certificates say.</summary>
    public List<AwardingBodyDefinition> AwardingBodies { get; init; } = [];

    /// <summary>When nominations may be submitted (Vietnam time in the configuration); null means always.</summary>
    public IntakeWindow? Intake { get; init; }

    /// <summary>How long an approval link stays valid (until stage deadlines exist).</summary>
    public int LinkLifetimeHours { get; init; } = 24 * 30;

    /// <summary>Holidays, make-up Saturdays and the test-only day length for stage deadlines; null means the shipped Vietnam calendar.</summary>
    public CalendarSettings? Calendar { get; init; }

    /// <summary>Configuration version; bumped by updates.</summary>
    public int Version { get; init; } = 1;

    /// <summary>True when <paramref name="email"/> organises this campaign.</summary>
    public bool IsOrganisedBy(string email) =>
        string.Equals(OrganiserEmail, email, StringComparison.OrdinalIgnoreCase) || Organisers.Any(o => string.Equals(o, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>Finds an award by code.</summary>
    public AwardDefinition? FindAward(string code) => Awards.FirstOrDefault(a => a.Code == code);

    /// <summary>The configuration of the body that confers <paramref name="award"/>, or null when the campaign has none for it (no decisions can be issued then).</summary>
    public AwardingBodyDefinition? BodyOf(AwardDefinition award)
    {
        ArgumentNullException.ThrowIfNull(award);
        return AwardingBodies.FirstOrDefault(b => VietnameseText.SameFolded(b.Name, award.AwardingBody));
    }

    /// <summary>Finds a stage by code.</summary>
    public StageDefinition? FindStage(string code) => Stages.FirstOrDefault(s => s.Code == code);

    /// <summary>The award's chain, or the default chain.</summary>
    public IReadOnlyList<string> ChainOf(AwardDefinition award) => award.StageChain is { Count: > 0 } chain ? chain : DefaultStageChain;

    /// <summary>Per-nominee documents for a nominee kind (e.g. the achievement report's template for that kind).</summary>
    public IEnumerable<DocumentRequirement> DocumentsFor(NomineeKind kind) =>
        Documents.Where(d => d.Level == DocumentLevel.Nominee && (d.AppliesTo.Count == 0 || d.AppliesTo.Contains(kind)));

    /// <summary>Cover documents of a proposal (proposal letter, nominee list, council minutes), uploaded once for all its nominees.</summary>
    public IEnumerable<DocumentRequirement> ProposalDocuments => Documents.Where(d => d.Level == DocumentLevel.Proposal);

    /// <summary>The approvers of a stage for a nominating unit's province.</summary>
    public IReadOnlyList<Approver> ApproversFor(StageDefinition stage, string provinceCode) =>
        stage.Scope == ApproverScope.ByProvince
            ? (stage.ApproversByProvince.TryGetValue(provinceCode, out var list) ? list : [])
            : stage.Approvers;
}

/// <summary>A province (data: 63 in 2019, 34 after the 2025 merger).</summary>
/// <param name="Code">Short code, e.g. "PY".</param>
/// <param name="Name">Vietnamese name, e.g. "Phú Yên".</param>
public sealed record Province(string Code, string Name);

/// <summary>How a stage finds its approvers.</summary>
public enum ApproverScope
{
    /// <summary>The same approvers for every nomination.</summary>
    Fixed,

    /// <summary>Approvers by the nominating unit's province (the provincial stage).</summary>
    ByProvince,
}

/// <summary>A review stage (thẩm định) and who decides at it.</summary>
public sealed record StageDefinition
{
    /// <summary>Stage code, e.g. "provincial".</summary>
    public required string Code { get; init; }

    /// <summary>Vietnamese name, e.g. "Cấp tỉnh".</summary>
    public required string NameVi { get; init; }

    /// <summary>English name.</summary>
    public required string NameEn { get; init; }

    /// <summary>Fixed approvers or by province.</summary>
    public ApproverScope Scope { get; init; } = ApproverScope.Fixed;

    /// <summary>Approvers when <see cref="Scope"/> is Fixed. Any one of them decides.</summary>
    public List<Approver> Approvers { get; init; } = [];

    /// <summary>Approvers per province code when <see cref="Scope"/> is ByProvince.</summary>
    public Dictionary<string, List<Approver>> ApproversByProvince { get; init; } = [];

    /// <summary>Working days the stage has to decide, counted by <see cref="WorkingCalendar"/> (25 on the national public-service portal).</summary>
    public int DeadlineWorkingDays { get; init; } = 25;

    /// <summary>Fractions of the stage's time (opening to deadline) at which the approver is reminded, increasing, each strictly between 0 and 1.</summary>
    public List<double> RemindAt { get; init; } = [0.5, 0.8];

    /// <summary>Whether any one approver decides (anyOf) or every approver must approve (allOf).</summary>
    public ApprovalMode Mode { get; init; } = ApprovalMode.AnyOf;

    /// <summary>Who is told, besides the organiser, when the stage's deadline passes.</summary>
    public Approver? EscalationContact { get; init; }
}

/// <summary>How several approvers of a stage decide.</summary>
public enum ApprovalMode
{
    /// <summary>The first decision decides; the others' links stop working and they are told.</summary>
    AnyOf,

    /// <summary>Every approver must approve; the first return or reject decides.</summary>
    AllOf,
}

/// <summary>Someone who decides at a stage, reached by email.</summary>
/// <param name="Email">Address the review link goes to.</param>
/// <param name="Name">Name shown in pages, mail and the audit log.</param>
/// <param name="Language">The language of their mail; when not set, the one stored with their key, else Vietnamese.</param>
public sealed record Approver(string Email, string Name, Language? Language = null);

/// <summary>An award given in a campaign, with the stage chain its nominations go through.</summary>
public sealed record AwardDefinition
{
    /// <summary>Award code, e.g. "bk-mttq".</summary>
    public required string Code { get; init; }

    /// <summary>Vietnamese name.</summary>
    public required string NameVi { get; init; }

    /// <summary>English name.</summary>
    public required string NameEn { get; init; }

    /// <summary>The awarding body, which signs last.</summary>
    public required string AwardingBody { get; init; }

    /// <summary>Stage codes in order; empty means <see cref="Campaign.DefaultStageChain"/>.</summary>
    public List<string> StageChain { get; init; } = [];

    /// <summary>Most nominations one nominating unit may submit for this award; null means no limit.</summary>
    public int? QuotaPerUnit { get; init; }

    /// <summary>
    /// Most nominations of one kind (collectives, individuals) one nominating unit may submit for
    /// this award, within <see cref="QuotaPerUnit"/> for both together; a kind not listed has no
    /// limit of its own.
    /// </summary>
    public Dictionary<NomineeKind, int> QuotaPerUnitByKind { get; init; } = [];
}

/// <summary>
/// A body that confers awards (e.g. the Front's Central Committee, the Minister of Public
/// Security): its register of decisions (numbered per year, e.g. <c>125/QĐ-MTTW</c>), the
/// wording of its decisions (Decree 30/2020/NĐ-CP layout) and of its certificates. Texts may use
/// the places <c>{campaign}</c>, <c>{award}</c>, <c>{body}</c>, <c>{collectives}</c>, <c>{individuals}</c>.
/// </summary>
public sealed record AwardingBodyDefinition
{
    /// <summary>The body's name as the awards name it (<see cref="AwardDefinition.AwardingBody"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The register's code: upper-case letters, digits and dashes (e.g. <c>MTTW</c>).</summary>
    public required string Code { get; init; }

    /// <summary>How a decision's number is written; <c>{number}</c> is its place in the year's register (e.g. <c>{number}/QĐ-MTTW</c>).</summary>
    public required string NumberFormat { get; init; }

    /// <summary>The heading of its decisions, top left (e.g. <c>ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM</c>); the name upper-cased when left out.</summary>
    public string? Heading { get; init; }

    /// <summary>The place its decisions are dated at.</summary>
    public string Place { get; init; } = "Hà Nội";

    /// <summary>Who signs (e.g. <c>CHỦ TỊCH</c>, <c>BỘ TRƯỞNG</c>).</summary>
    public required string SignerTitle { get; init; }

    /// <summary>The signer's name, unless given when a decision is issued.</summary>
    public string? SignerName { get; init; }

    /// <summary>The decision's grounds (<c>Căn cứ …</c>), one per line.</summary>
    public List<string> Grounds { get; init; } = [];

    /// <summary>The decision's articles (<c>Điều 1.</c> …), each with its places filled.</summary>
    public List<string> Articles { get; init; } = [];

    /// <summary>The certificate's heading above <c>BẰNG KHEN</c> (e.g. <c>CHỦ TỊCH ỦY BAN TRUNG ƯƠNG MẶT TRẬN TỔ QUỐC VIỆT NAM</c> / <c>tặng</c>).</summary>
    public required string CertificateHeading { get; init; }

    /// <summary>The certificate's achievement line (e.g. <c>Đã có thành tích xuất sắc trong {campaign}</c>).</summary>
    public string AchievementLine { get; init; } = "Đã có thành tích xuất sắc trong {campaign}";

    /// <summary>The decision's number for a place in the register.</summary>
    public string NumberFor(int number) => NumberFormat.Replace("{number}", number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

/// <summary>The intake window: submits before it opens or after it closes are refused.</summary>
/// <param name="OpensAt">First instant submits are taken.</param>
/// <param name="ClosesAt">Instant after which submits are refused.</param>
public sealed record IntakeWindow(DateTimeOffset OpensAt, DateTimeOffset ClosesAt)
{
    /// <summary>True when <paramref name="now"/> is inside the window.</summary>
    public bool IsOpen(DateTimeOffset now) => now >= OpensAt && now < ClosesAt;
}

/// <summary>
/// A campaign's working-day calendar: <see cref="VietnamHolidays"/> plus the campaign's own
/// dates, or only its own dates. Holidays are data because Tết and the swaps move every year.
/// </summary>
public sealed record CalendarSettings
{
    /// <summary>Extra days off (Vietnam dates), added to the shipped list or replacing it.</summary>
    public List<DateOnly> Holidays { get; init; } = [];

    /// <summary>Extra Saturdays that are working days (make-up days for a swapped weekday).</summary>
    public List<DateOnly> WorkingSaturdays { get; init; } = [];

    /// <summary>Whether the shipped <see cref="VietnamHolidays"/> (days off and working Saturdays) apply; false means only this campaign's dates.</summary>
    public bool UseShippedHolidays { get; init; } = true;

    /// <summary>
    /// TEST-ONLY. When set, every day is a working day of this length counted from the instant a
    /// stage opens: a 25-working-day stage with 00:00:10 lasts 250 seconds. It exists because
    /// durable timers fire in real time on the AzureStorage backend (a fake clock does not move
    /// them), so end-to-end tests need short stages instead of sleeping for weeks. Never set it in
    /// a real campaign. Allowed from 1 second to 1 day.
    /// </summary>
    public TimeSpan? WorkingDayLength { get; init; }
}

/// <summary>Whether a checklist item belongs to the proposal (cover documents) or to each nominee.</summary>
public enum DocumentLevel
{
    /// <summary>One per nominee (the achievement report).</summary>
    Nominee,

    /// <summary>Once per proposal, for all its nominees (proposal letter, nominee list, council minutes).</summary>
    Proposal,
}

/// <summary>File formats a document may have, decided from the content, never from the name.</summary>
public enum DocumentFormat
{
    /// <summary>PDF.</summary>
    Pdf,

    /// <summary>Word (Office Open XML).</summary>
    Docx,

    /// <summary>Excel (Office Open XML).</summary>
    Xlsx,

    /// <summary>JPEG image.</summary>
    Jpeg,

    /// <summary>PNG image.</summary>
    Png,
}

/// <summary>An item of the dossier checklist.</summary>
public sealed record DocumentRequirement
{
    /// <summary>Document type code used in URLs, e.g. "achievement-report".</summary>
    public required string Type { get; init; }

    /// <summary>Vietnamese label.</summary>
    public required string LabelVi { get; init; }

    /// <summary>English label.</summary>
    public required string LabelEn { get; init; }

    /// <summary>Submit is refused until every required item is present.</summary>
    public bool Required { get; init; } = true;

    /// <summary>Nominee kinds it applies to; empty means both. Only for nominee-level documents.</summary>
    public List<NomineeKind> AppliesTo { get; init; } = [];

    /// <summary>Proposal (cover) or nominee level.</summary>
    public DocumentLevel Level { get; init; } = DocumentLevel.Nominee;

    /// <summary>Formats accepted; empty means PDF only.</summary>
    public List<DocumentFormat> Formats { get; init; } = [];

    /// <summary>Largest accepted file in bytes; null means the installation's limit.</summary>
    public long? MaxBytes { get; init; }

    /// <summary>The formats accepted, with the default applied.</summary>
    public IReadOnlyList<DocumentFormat> AcceptedFormats => Formats is { Count: > 0 } f ? f : [DocumentFormat.Pdf];
}

/// <summary>Validates a campaign configuration; every error names the field, as a JSON path.</summary>
public static partial class CampaignValidator
{
    /// <summary>Most provinces a campaign may list.</summary>
    public const int MaxProvinces = 100;

    /// <summary>Most stages, awards, documents or approvers in one list.</summary>
    public const int MaxListLength = 50;

    /// <summary>Most reminders one stage may configure.</summary>
    public const int MaxReminders = 5;

    /// <summary>Most dates in each of a campaign calendar's lists.</summary>
    public const int MaxCalendarDates = 366;

    /// <summary>Returns field → messages; empty when the configuration is valid.</summary>
    public static Dictionary<string, string[]> Validate(Campaign c)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrEmpty(c.Id) || !CodePattern().IsMatch(c.Id))
        {
            Add("id", "Use 3–64 lower-case letters, digits or dashes, starting with a letter or digit.");
        }

        CheckText(c.Name, "name", 300, required: true, Add);
        CheckText(c.NameEn, "nameEn", 300, required: false, Add);
        if (c.OrganiserEmail is not null && !IsEmail(c.OrganiserEmail))
        {
            Add("organiserEmail", "Not a valid email address.");
        }

        if (c.Intake is { } intake && intake.ClosesAt <= intake.OpensAt)
        {
            Add("intake.closesAt", "The intake must close after it opens.");
        }

        if (c.LinkLifetimeHours is < 1 or > 24 * 365)
        {
            Add("linkLifetimeHours", "Must be between 1 and 8760 hours.");
        }

        if (c.Calendar is { } calendar)
        {
            CheckCalendar(calendar, Add);
        }

        if (c.Provinces.Count == 0 || c.Provinces.Count > MaxProvinces)
        {
            Add("provinces", $"List between 1 and {MaxProvinces} provinces.");
        }

        var provinceCodes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Provinces.Count; i++)
        {
            var p = c.Provinces[i];
            if (p is null || string.IsNullOrEmpty(p.Code) || !ShortCodePattern().IsMatch(p.Code))
            {
                Add($"provinces[{i}].code", "Use 1–16 letters or digits.");
                continue;
            }

            if (!provinceCodes.Add(p.Code))
            {
                Add($"provinces[{i}].code", $"Province '{p.Code}' is listed twice.");
            }

            CheckText(p.Name, $"provinces[{i}].name", 100, required: true, Add);
        }

        if (c.Stages.Count == 0 || c.Stages.Count > MaxListLength)
        {
            Add("stages", $"Configure between 1 and {MaxListLength} stages.");
        }

        var stageCodes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Stages.Count; i++)
        {
            var s = c.Stages[i];
            var at = $"stages[{i}]";
            if (s is null || string.IsNullOrEmpty(s.Code) || !CodePattern().IsMatch(s.Code))
            {
                Add($"{at}.code", "Use 3–64 lower-case letters, digits or dashes.");
                continue;
            }

            if (!stageCodes.Add(s.Code))
            {
                Add($"{at}.code", $"Stage '{s.Code}' is configured twice.");
            }

            CheckText(s.NameVi, $"{at}.nameVi", 200, required: true, Add);
            CheckText(s.NameEn, $"{at}.nameEn", 200, required: true, Add);
            CheckDeadline(s, at, Add);
            if (s.EscalationContact is { } contact && !IsEmail(contact.Email))
            {
                Add($"{at}.escalationContact.email", "Not a valid email address.");
            }
            if (s.Scope == ApproverScope.Fixed)
            {
                CheckApprovers(s.Approvers, $"{at}.approvers", Add);
            }
            else
            {
                foreach (var code in provinceCodes.Where(code => !s.ApproversByProvince.ContainsKey(code)))
                {
                    Add($"{at}.approversByProvince", $"Province '{code}' has no approver at this stage.");
                }

                foreach (var (code, approvers) in s.ApproversByProvince)
                {
                    if (!provinceCodes.Contains(code))
                    {
                        Add($"{at}.approversByProvince.{code}", $"'{code}' is not one of the campaign's provinces.");
                    }

                    CheckApprovers(approvers, $"{at}.approversByProvince.{code}", Add);
                }
            }
        }

        if (c.Awards.Count == 0 || c.Awards.Count > MaxListLength)
        {
            Add("awards", $"Configure between 1 and {MaxListLength} awards.");
        }

        var awardCodes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Awards.Count; i++)
        {
            var a = c.Awards[i];
            var at = $"awards[{i}]";
            if (a is null || string.IsNullOrEmpty(a.Code) || !CodePattern().IsMatch(a.Code))
            {
                Add($"{at}.code", "Use 3–64 lower-case letters, digits or dashes.");
                continue;
            }

            if (!awardCodes.Add(a.Code))
            {
                Add($"{at}.code", $"Award '{a.Code}' is configured twice.");
            }

            CheckText(a.NameVi, $"{at}.nameVi", 300, required: true, Add);
            CheckText(a.NameEn, $"{at}.nameEn", 300, required: true, Add);
            CheckText(a.AwardingBody, $"{at}.awardingBody", 300, required: true, Add);
            var chain = c.ChainOf(a);
            if (chain.Count > MaxListLength)
            {
                Add($"{at}.stageChain", $"At most {MaxListLength} stages.");
            }

            for (var j = 0; j < chain.Count; j++)
            {
                if (chain[j] is null || !stageCodes.Contains(chain[j]))
                {
                    var field = a.StageChain.Count == 0 ? $"{at}.stageChain" : $"{at}.stageChain[{j}]";
                    Add(field, $"Stage '{chain[j]}' is not configured under 'stages'" + (a.StageChain.Count == 0 ? " (the default chain is provincial → ministry → front)." : "."));
                }
            }

            if (chain.Distinct(StringComparer.Ordinal).Count() != chain.Count)
            {
                Add($"{at}.stageChain", "A stage appears twice in the chain.");
            }

            if (a.QuotaPerUnit is < 1 or > 100_000)
            {
                Add($"{at}.quotaPerUnit", "A quota is a whole number from 1; leave it out for no limit.");
            }

            foreach (var (kind, quota) in a.QuotaPerUnitByKind)
            {
                if (quota is < 1 or > 100_000)
                {
                    Add($"{at}.quotaPerUnitByKind.{JsonNamingPolicy.CamelCase.ConvertName(kind.ToString())}", "A quota is a whole number from 1; leave the kind out for no limit of its own.");
                }
            }
        }

        if (c.Documents.Count > MaxListLength)
        {
            Add("documents", $"At most {MaxListLength} document types.");
        }

        var documentTypes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.Documents.Count; i++)
        {
            var d = c.Documents[i];
            if (d is null || string.IsNullOrEmpty(d.Type) || !CodePattern().IsMatch(d.Type))
            {
                Add($"documents[{i}].type", "Use 3–64 lower-case letters, digits or dashes.");
                continue;
            }

            if (!documentTypes.Add(d.Type))
            {
                Add($"documents[{i}].type", $"Document type '{d.Type}' is listed twice.");
            }

            CheckText(d.LabelVi, $"documents[{i}].labelVi", 200, required: true, Add);
            CheckText(d.LabelEn, $"documents[{i}].labelEn", 200, required: true, Add);
            if (d.MaxBytes is < 1)
            {
                Add($"documents[{i}].maxBytes", "A size limit is a positive number of bytes; leave it out for the installation's limit.");
            }

            if (d.Level == DocumentLevel.Proposal && d.AppliesTo.Count > 0)
            {
                Add($"documents[{i}].appliesTo", "Cover documents belong to the whole proposal; 'appliesTo' is for nominee documents.");
            }
        }

        CheckAwardingBodies(c, Add);
        if (c.Organisers.Count > MaxListLength)
        {
            Add("organisers", $"At most {MaxListLength} organisers.");
        }

        for (var i = 0; i < c.Organisers.Count; i++)
        {
            if (!IsEmail(c.Organisers[i]))
            {
                Add($"organisers[{i}]", "Give the organiser's email address.");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>True for a plausible single email address of reasonable length.</summary>
    public static bool IsEmail(string? value) =>
        value is { Length: > 2 and <= 254 }
        && MailAddress.TryCreate(value, out var parsed)
        && string.Equals(parsed.Address, value, StringComparison.OrdinalIgnoreCase);

    private static void CheckDeadline(StageDefinition s, string at, Action<string, string> add)
    {
        if (s.DeadlineWorkingDays is < 1 or > 365)
        {
            add($"{at}.deadlineWorkingDays", "Must be between 1 and 365 working days.");
        }

        var remindAt = s.RemindAt ?? [];
        if (remindAt.Count > MaxReminders)
        {
            add($"{at}.remindAt", $"At most {MaxReminders} reminders.");
        }

        for (var k = 0; k < remindAt.Count; k++)
        {
            // "is not (> 0 and < 1)" also refuses NaN.
            if (remindAt[k] is not (> 0 and < 1))
            {
                add($"{at}.remindAt[{k}]", "A reminder is a fraction of the stage's time strictly between 0 and 1, e.g. 0.5 for halfway.");
            }
            else if (k > 0 && !(remindAt[k] > remindAt[k - 1]))
            {
                add($"{at}.remindAt[{k}]", "Reminders must be listed in increasing order, each later than the one before.");
            }
        }
    }

    private static void CheckCalendar(CalendarSettings calendar, Action<string, string> add)
    {
        var holidays = calendar.Holidays ?? [];
        var workingSaturdays = calendar.WorkingSaturdays ?? [];
        CheckDates(holidays, "calendar.holidays", "holiday", add);
        CheckDates(workingSaturdays, "calendar.workingSaturdays", "working Saturday", add);
        var holidaySet = holidays.ToHashSet();
        for (var k = 0; k < workingSaturdays.Count; k++)
        {
            var date = workingSaturdays[k];
            if (date.DayOfWeek != DayOfWeek.Saturday)
            {
                add($"calendar.workingSaturdays[{k}]", $"{VietnameseText.FormatDate(date)} is a {date.DayOfWeek}, not a Saturday.");
            }
            else if (holidaySet.Contains(date))
            {
                add($"calendar.workingSaturdays[{k}]", $"{VietnameseText.FormatDate(date)} is also listed as a holiday.");
            }
        }

        if (calendar.WorkingDayLength is { } length && (length < TimeSpan.FromSeconds(1) || length > TimeSpan.FromDays(1)))
        {
            add("calendar.workingDayLength", "The test-only working-day length must be between 00:00:01 and 1.00:00:00.");
        }
    }

    private static void CheckDates(List<DateOnly> dates, string at, string what, Action<string, string> add)
    {
        if (dates.Count > MaxCalendarDates)
        {
            add(at, $"At most {MaxCalendarDates} dates.");
        }

        var seen = new HashSet<DateOnly>();
        for (var k = 0; k < dates.Count; k++)
        {
            if (!seen.Add(dates[k]))
            {
                add($"{at}[{k}]", $"The {what} {VietnameseText.FormatDate(dates[k])} is listed twice.");
            }
        }
    }

    private static void CheckApprovers(List<Approver>? approvers, string at, Action<string, string> add)
    {
        if (approvers is null || approvers.Count == 0 || approvers.Count > MaxListLength)
        {
            add(at, $"List between 1 and {MaxListLength} approvers.");
            return;
        }

        for (var k = 0; k < approvers.Count; k++)
        {
            if (approvers[k] is null || !IsEmail(approvers[k].Email))
            {
                add($"{at}[{k}].email", "Not a valid email address.");
            }

            CheckText(approvers[k]?.Name, $"{at}[{k}].name", 200, required: true, add);
        }
    }

    private static void CheckText(string? value, string field, int max, bool required, Action<string, string> add)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                add(field, "Required.");
            }

            return;
        }

        if (value.Length > max)
        {
            add(field, $"At most {max} characters.");
        }
    }

    private static void CheckAwardingBodies(Campaign c, Action<string, string> add)
    {
        if (c.AwardingBodies.Count > MaxListLength)
        {
            add("awardingBodies", $"At most {MaxListLength} awarding bodies.");
            return;
        }

        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < c.AwardingBodies.Count; i++)
        {
            var b = c.AwardingBodies[i];
            var at = $"awardingBodies[{i}]";
            if (b is null)
            {
                add(at, "An awarding body needs its name, code, number format, signer title and certificate heading.");
                continue;
            }

            CheckText(b.Name, $"{at}.name", 300, required: true, add);
            if (string.IsNullOrEmpty(b.Code) || !BodyCodePattern().IsMatch(b.Code))
            {
                add($"{at}.code", "Use 1–20 upper-case letters, digits or dashes, e.g. MTTW.");
            }
            else if (!codes.Add(b.Code))
            {
                add($"{at}.code", $"The register code '{b.Code}' is used twice.");
            }

            CheckText(b.NumberFormat, $"{at}.numberFormat", 60, required: true, add);
            if (b.NumberFormat?.Contains("{number}", StringComparison.Ordinal) == false)
            {
                add($"{at}.numberFormat", "Write where the number goes as {number}, e.g. {number}/QĐ-MTTW.");
            }

            CheckText(b.Heading, $"{at}.heading", 300, required: false, add);
            CheckText(b.Place, $"{at}.place", 100, required: true, add);
            CheckText(b.SignerTitle, $"{at}.signerTitle", 200, required: true, add);
            CheckText(b.SignerName, $"{at}.signerName", 200, required: false, add);
            CheckText(b.CertificateHeading, $"{at}.certificateHeading", 300, required: true, add);
            CheckText(b.AchievementLine, $"{at}.achievementLine", 500, required: true, add);
            foreach (var (lines, field) in new[] { (b.Grounds, "grounds"), (b.Articles, "articles") })
            {
                if ((lines?.Count ?? 0) > MaxListLength)
                {
                    add($"{at}.{field}", $"At most {MaxListLength} lines.");
                }

                for (var k = 0; k < (lines?.Count ?? 0); k++)
                {
                    CheckText(lines![k], $"{at}.{field}[{k}]", 2000, required: true, add);
                }
            }

            if (c.Awards.All(a => a is null || !VietnameseText.SameFolded(a.AwardingBody, b.Name)))
            {
                add($"{at}.name", $"No award of this campaign is conferred by '{b.Name}' (an award's 'awardingBody').");
            }
        }
    }

    /// <summary>
    /// Normalises every text field to NFC so stored names compare and display the same. JSON
    /// may carry null where a list or an entry belongs: null lists become empty and null
    /// entries stay null, so <see cref="Validate"/> names them instead of anything throwing.
    /// </summary>
    public static Campaign Normalize(Campaign c) => c with
    {
        Name = VietnameseText.Normalize(c.Name)!,
        NameEn = VietnameseText.Normalize(c.NameEn),
        OrganiserEmail = c.OrganiserEmail?.Trim(),
        Calendar = c.Calendar is null ? null : c.Calendar with { Holidays = c.Calendar.Holidays ?? [], WorkingSaturdays = c.Calendar.WorkingSaturdays ?? [] },
        Provinces = [.. (c.Provinces ?? []).Select(p => p is null ? p! : p with { Name = VietnameseText.Normalize(p.Name)! })],
        Stages = [.. (c.Stages ?? []).Select(s => s is null ? s! : s with
        {
            NameVi = VietnameseText.Normalize(s.NameVi)!,
            Approvers = NormalizeApprovers(s.Approvers),
            RemindAt = s.RemindAt ?? [],
            ApproversByProvince = (s.ApproversByProvince ?? []).ToDictionary(kv => kv.Key, kv => NormalizeApprovers(kv.Value), StringComparer.Ordinal),
        })],
        Awards = [.. (c.Awards ?? []).Select(a => a is null ? a! : a with
        {
            NameVi = VietnameseText.Normalize(a.NameVi)!,
            AwardingBody = VietnameseText.Normalize(a.AwardingBody)!,
            StageChain = a.StageChain ?? [],
            QuotaPerUnitByKind = a.QuotaPerUnitByKind ?? [],
        })],
        Documents = [.. (c.Documents ?? []).Select(d => d is null ? d! : d with { LabelVi = VietnameseText.Normalize(d.LabelVi)!, AppliesTo = d.AppliesTo ?? [], Formats = d.Formats ?? [] })],
        Organisers = [.. (c.Organisers ?? []).Select(o => o?.Trim() ?? string.Empty).Distinct(StringComparer.OrdinalIgnoreCase)],
        AwardingBodies = [.. (c.AwardingBodies ?? []).Select(b => b is null ? b! : b with
        {
            Name = VietnameseText.Normalize(b.Name)!,
            Code = b.Code?.Trim() ?? string.Empty,
            NumberFormat = VietnameseText.Normalize(b.NumberFormat)!,
            Heading = VietnameseText.Normalize(b.Heading),
            Place = VietnameseText.Normalize(b.Place) ?? string.Empty,
            SignerTitle = VietnameseText.Normalize(b.SignerTitle)!,
            SignerName = VietnameseText.Normalize(b.SignerName),
            Grounds = [.. (b.Grounds ?? []).Select(g => VietnameseText.Normalize(g)!)],
            Articles = [.. (b.Articles ?? []).Select(g => VietnameseText.Normalize(g)!)],
            CertificateHeading = VietnameseText.Normalize(b.CertificateHeading)!,
            AchievementLine = VietnameseText.Normalize(b.AchievementLine) ?? string.Empty,
        })],
    };

    private static List<Approver> NormalizeApprovers(List<Approver>? approvers) =>
        [.. (approvers ?? []).Select(a => a is null ? a! : a with { Email = a.Email?.Trim() ?? string.Empty, Name = VietnameseText.Normalize(a.Name) ?? string.Empty })];

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,63}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,16}$")]
    private static partial Regex ShortCodePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,19}$")]
    private static partial Regex BodyCodePattern();
}
