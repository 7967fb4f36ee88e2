using Awards.Documents;
using Awards.Domain;
using Awards.Storage;
using Awards.Web.Api;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages.Organise;

/// <summary>
/// The search of the console's nominations tab, as its query string carries it: a name typed with
/// or without diacritics (<c>q</c>, compared folded by <see cref="VietnameseText.Fold"/>, so "dang van
/// duc" finds "Đặng Văn Đức"), and filters by status, stage, province, unit and award, each one of
/// the campaign's values; <c>page</c> counts from 1.
/// </summary>
/// <param name="Q">The name searched for, as typed (NFC).</param>
/// <param name="Status">A <see cref="NominationStatus"/> name, or null for any.</param>
/// <param name="Stage">A stage code, or null.</param>
/// <param name="Province">A province code, or null.</param>
/// <param name="Unit">A unit key (<see cref="NominationStore.UnitKey"/>), or null.</param>
/// <param name="Award">An award code, or null.</param>
/// <param name="Page">The page asked for (1, 2, …).</param>
public sealed record NominationSearch(string? Q, string? Status, string? Stage, string? Province, string? Unit, string? Award, int Page)
{
    /// <summary>Nominations a page lists.</summary>
    public const int PageSize = 50;

    /// <summary>Longest name searched for.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Reads the query; a value the campaign does not have is an error at its field (field → message, in the page's language).</summary>
    public static (NominationSearch Search, IReadOnlyDictionary<string, string> Errors) Read(IQueryCollection query, Campaign campaign, IReadOnlyList<UnitOption> units)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(units);
        string? Value(string name) => VietnameseText.Normalize(query[name].ToString()) is { Length: > 0 } v ? v : null;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var q = Value("q");
        if (q?.Length > MaxQueryLength)
        {
            errors["q"] = Texts.Format(OrganiseRecordsTexts.TooLong, MaxQueryLength);
        }

        void Check(string field, string? value, bool known)
        {
            if (value is not null && !known)
            {
                errors[field] = OrganiseRecordsTexts.FilterUnknown;
            }
        }

        var status = Value("status");
        Check("status", status, Enum.GetNames<NominationStatus>().Contains(status, StringComparer.Ordinal));
        var stage = Value("stage");
        Check("stage", stage, campaign.Stages.Any(s => s.Code == stage));
        var province = Value("province");
        Check("province", province, campaign.Provinces.Any(p => p.Code == province));
        var unit = Value("unit");
        Check("unit", unit, units.Any(u => u.Key == unit));
        var award = Value("award");
        Check("award", award, campaign.FindAward(award ?? string.Empty) is not null);
        var page = int.TryParse(query["page"].ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        return (new NominationSearch(q, status, stage, province, unit, award, page), errors);
    }

    /// <summary>The nominations that match, in the order given (the store's vi-VN order by name).</summary>
    public IReadOnlyList<Nomination> Apply(IReadOnlyList<Nomination> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var folded = VietnameseText.Fold(Q);
        return [.. all.Where(n =>
            (folded.Length == 0 || VietnameseText.Fold(n.NomineeName).Contains(folded, StringComparison.Ordinal))
            && (Status is null || n.Status.ToString() == Status)
            && (Stage is null || n.CurrentStage == Stage)
            && (Province is null || n.ProvinceCode == Province)
            && (Unit is null || NominationStore.UnitKey(n.UnitName, n.ProvinceCode) == Unit)
            && (Award is null || n.AwardCode == Award))];
    }

    /// <summary>
    /// The page of <paramref name="found"/> this search asks for, <see cref="PageSize"/> a page: a
    /// page past the last shows the last; an empty result is one empty page.
    /// </summary>
    public (NominationSearch Search, IReadOnlyList<Nomination> Shown, int Pages) PageOf(IReadOnlyList<Nomination> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var pages = Math.Max(1, (found.Count + PageSize - 1) / PageSize);
        var page = Math.Min(Page, pages);
        return (this with { Page = page }, [.. found.Skip((page - 1) * PageSize).Take(PageSize)], pages);
    }

    /// <summary>The query string of this search at another page (empty values left out).</summary>
    public string QueryAt(int page)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("q", Q);
        Add("status", Status);
        Add("stage", Stage);
        Add("province", Province);
        Add("unit", Unit);
        Add("award", Award);
        if (page > 1)
        {
            parts.Add("page=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts);
    }
}

/// <summary>A nominating unit to filter by: its key and how it reads.</summary>
/// <param name="Key">Province code and folded name (<see cref="NominationStore.UnitKey"/>).</param>
/// <param name="Name">The unit's name.</param>
/// <param name="ProvinceCode">Its province.</param>
public sealed record UnitOption(string Key, string Name, string ProvinceCode)
{
    /// <summary>The units of a campaign's nominations, in Vietnamese order.</summary>
    public static IReadOnlyList<UnitOption> Of(IEnumerable<Nomination> nominations) =>
        [.. nominations
            .Select(n => new UnitOption(NominationStore.UnitKey(n.UnitName, n.ProvinceCode), n.UnitName, n.ProvinceCode))
            .DistinctBy(u => u.Key, StringComparer.Ordinal)
            .OrderBy(u => u.Name, VietnameseText.Collation)];
}

/// <summary>What the nominations tab shows: the campaign, the search, one page of what matched.</summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Search">The search as asked (the page clamped to the last one).</param>
/// <param name="Units">The units to filter by.</param>
/// <param name="Found">How many matched.</param>
/// <param name="Shown">The page's nominations.</param>
/// <param name="Pages">How many pages the matches fill (at least 1).</param>
public sealed record NominationsListModel(Campaign Campaign, NominationSearch Search, IReadOnlyList<UnitOption> Units, int Found, IReadOnlyList<Nomination> Shown, int Pages);

/// <summary>One checklist document type of a nomination with its versions, newest first.</summary>
/// <param name="Type">The document type.</param>
/// <param name="Label">Its label in the page's language (the type itself when the campaign no longer lists it).</param>
/// <param name="Versions">Its versions.</param>
public sealed record DossierDocument(string Type, string Label, IReadOnlyList<DocumentVersion> Versions);

/// <summary>What the console shows of one nomination.</summary>
/// <param name="Campaign">Its campaign.</param>
/// <param name="Nomination">The nomination.</param>
/// <param name="Proposal">Its proposal, if still there.</param>
/// <param name="Dossier">Its documents with every version.</param>
/// <param name="Reads">Who opened which version, newest first.</param>
/// <param name="Audit">Its audit log and whether the chain verifies (as <c>GET /api/nominations/{id}/audit</c> answers).</param>
public sealed record NominationRecordModel(Campaign Campaign, Nomination Nomination, Proposal? Proposal, IReadOnlyList<DossierDocument> Dossier, IReadOnlyList<DocumentRead> Reads, AuditLogView Audit);
