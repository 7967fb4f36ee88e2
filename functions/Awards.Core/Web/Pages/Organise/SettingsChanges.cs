using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Web.Resources;

namespace Awards.Web.Pages.Organise;

/// <summary>
/// A configuration change in words, in the page's language: the path with stages, awards,
/// documents and provinces by their names and the common fields by their labels (any other field
/// by its JSON name), then what it was and what it is — e.g. "Giai đoạn «Cấp tỉnh» › thời hạn (ngày
/// làm việc): 25 → 20".
/// </summary>
public static class SettingsChanges
{
    private const int MaxValueLength = 160;

    /// <summary>The change as a sentence; <paramref name="campaign"/> (the later version) names the entries.</summary>
    public static string Describe(ConfigurationChange change, Campaign campaign, Language language)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(campaign);
        var path = PathOf(change.Path, campaign, language);
        return change.Kind switch
        {
            DiffKind.Added => Texts.Format(OrganiseSettingsTexts.ChangeAdded, path, Value(change.New)),
            DiffKind.Removed => Texts.Format(OrganiseSettingsTexts.ChangeRemoved, path, Value(change.Old)),
            _ => Texts.Format(OrganiseSettingsTexts.ChangeChanged, path, Value(change.Old), Value(change.New)),
        };
    }

    /// <summary>The path in words, steps joined by ›.</summary>
    public static string PathOf(IReadOnlyList<DiffStep> steps, Campaign campaign, Language language)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(campaign);
        var english = language == Language.En;
        var words = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var parent = i > 0 ? steps[i - 1].Property : null;
            words.Add((step.Property, step.Key) switch
            {
                ("stages", { } code) => Texts.Format(OrganiseSettingsTexts.PathStage, campaign.FindStage(code) is { } s ? (english ? s.NameEn : s.NameVi) : code),
                ("awards", { } code) => Texts.Format(OrganiseSettingsTexts.PathAward, campaign.FindAward(code) is { } a ? (english ? a.NameEn : a.NameVi) : code),
                ("documents", { } type) => Texts.Format(OrganiseSettingsTexts.PathDocument, campaign.Documents.FirstOrDefault(d => d.Type == type) is { } d ? (english ? d.LabelEn : d.LabelVi) : type),
                ("provinces", { } code) => Texts.Format(OrganiseSettingsTexts.PathProvince, ProvinceName(campaign, code)),
                ("approvers", { } email) => Texts.Format(OrganiseSettingsTexts.PathApprover, email),
                ("approvers", null) => OrganiseSettingsTexts.FieldApprovers,
                ("awardingBodies", { } name) => name,
                (var code, var key) when parent == "approversByProvince" => Texts.Format(OrganiseSettingsTexts.PathProvinceApprovers, ProvinceName(campaign, code)) + (key is null ? string.Empty : " › " + Texts.Format(OrganiseSettingsTexts.PathApprover, key)),
                (var name, var key) => Label(name) + (key is null ? string.Empty : $" [{key}]"),
            });
        }

        return string.Join(" › ", words.Where(w => w.Length > 0));
    }

    private static string ProvinceName(Campaign campaign, string code) =>
        campaign.Provinces.FirstOrDefault(p => p.Code == code)?.Name ?? code;

    // The common fields by their labels; approversByProvince says nothing on its own (the province step does).
    private static string Label(string name) => name switch
    {
        "intake" => OrganiseSettingsTexts.FieldIntake,
        "opensAt" => OrganiseSettingsTexts.FieldOpensAt,
        "closesAt" => OrganiseSettingsTexts.FieldClosesAt,
        "deadlineWorkingDays" => OrganiseSettingsTexts.FieldDeadline,
        "remindAt" => OrganiseSettingsTexts.FieldRemind,
        "escalationContact" => OrganiseSettingsTexts.FieldEscalation,
        "approversByProvince" => string.Empty,
        "quotaPerUnit" => OrganiseSettingsTexts.FieldQuota,
        "quotaPerUnitByKind" => OrganiseSettingsTexts.FieldQuotaByKind,
        "collective" => OrganiseSettingsTexts.KindCollective,
        "individual" => OrganiseSettingsTexts.KindIndividual,
        "required" => OrganiseSettingsTexts.FieldRequired,
        "appliesTo" => OrganiseSettingsTexts.FieldAppliesTo,
        "email" => OrganiseSettingsTexts.FieldEmail,
        "name" => OrganiseSettingsTexts.FieldName,
        _ => name,
    };

    // A value as a person reads it: text without quotes, instants in Vietnam time, the rest as compact JSON, cut short.
    private static string Value(JsonNode? node)
    {
        var text = node switch
        {
            null => "∅",
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is var s =>
                s.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var instant)
                    ? VietnameseText.FormatInstant(instant)
                    : s,
            JsonValue { } v when v.GetValueKind() == JsonValueKind.True => OrganiseSettingsTexts.Yes,
            JsonValue { } v when v.GetValueKind() == JsonValueKind.False => OrganiseSettingsTexts.No,

            // An entry added or removed whole (an approver, a contact): its fields by their labels.
            JsonObject o when o.All(p => p.Value is JsonValue or null) =>
                string.Join(", ", o.Where(p => p.Value is not null).Select(p => $"{Label(p.Key)}: {Value(p.Value)}")),
            _ => node.ToJsonString(Compact),
        };
        return text.Length > MaxValueLength ? text[..MaxValueLength] + "…" : text;
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
