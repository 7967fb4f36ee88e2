using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Awards.Domain;

/// <summary>
/// Who a nominee is, for the rule that nobody is awarded twice for the same achievement
/// (Law 06/2022/QH15): individuals by name, date of birth and nominating unit; collectives by
/// name and province. Every text part is folded, so NFD input, missing diacritics, "Đ" typed as
/// "D", capitals and extra spaces all give the same key.
/// </summary>
public static class NomineeIdentity
{
    // Fold runs Normalize first, which turns every white-space character into a single space,
    // so a line feed can never occur inside a part: joining on it keeps the parts apart
    // however odd a name is ("A|B" + "C" never equals "A" + "B|C").
    private const char Separator = '\n';

    /// <summary>The identity key of a nominee described by its parts.</summary>
    /// <param name="kind">Collective or individual.</param>
    /// <param name="name">The nominee's name as typed.</param>
    /// <param name="dateOfBirth">Individuals: date of birth (an individual without one only matches others without one).</param>
    /// <param name="unitName">The nominating unit; part of an individual's key only.</param>
    /// <param name="provinceCode">The unit's province code; part of a collective's key only.</param>
    public static string KeyOf(NomineeKind kind, string name, DateOnly? dateOfBirth, string unitName, string provinceCode) =>
        kind == NomineeKind.Individual
            ? string.Join(
                Separator,
                "individual",
                VietnameseText.Fold(name),
                dateOfBirth?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                VietnameseText.Fold(unitName))
            : string.Join(Separator, "collective", VietnameseText.Fold(name), VietnameseText.Fold(provinceCode));

    /// <summary>The identity key of a nomination's nominee.</summary>
    public static string KeyOf(Nomination nomination) =>
        KeyOf(nomination.Kind, nomination.NomineeName, nomination.DateOfBirth, nomination.UnitName, nomination.ProvinceCode);

    /// <summary>The identity key of an awarded nominee.</summary>
    public static string KeyOf(AwardListEntry entry) =>
        KeyOf(entry.Kind, entry.NomineeName, entry.DateOfBirth, entry.UnitName, entry.ProvinceCode);

    /// <summary>
    /// The key as 64 lower-case hex characters (SHA-256): fit for a table partition key, which
    /// may not hold '/', '\', '#', '?' or control characters that a typed name can contain.
    /// </summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}

/// <summary>Where a likely duplicate was found.</summary>
public enum DuplicateSource
{
    /// <summary>Another nomination in the same campaign.</summary>
    Nomination,

    /// <summary>An award given in another (earlier) campaign.</summary>
    Award,
}

/// <summary>
/// A nomination or an earlier award with the same identity key as the nominee being checked:
/// what a person needs to judge whether it is really the same achievement.
/// </summary>
public sealed record DuplicateMatch
{
    /// <summary>Another nomination of this campaign, or an award of another campaign.</summary>
    public required DuplicateSource Source { get; init; }

    /// <summary>The matching nomination, or the nomination the award came from.</summary>
    public required string NominationId { get; init; }

    /// <summary>The campaign of the match.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The award code it was nominated for, or awarded.</summary>
    public required string AwardCode { get; init; }

    /// <summary>Awards: the award's Vietnamese name.</summary>
    public string? AwardName { get; init; }

    /// <summary>Collective or individual.</summary>
    public required NomineeKind Kind { get; init; }

    /// <summary>The nominee's name as stored (NFC, with its diacritics).</summary>
    public required string NomineeName { get; init; }

    /// <summary>Individuals: date of birth.</summary>
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Individuals: rank and position.</summary>
    public string? Position { get; init; }

    /// <summary>The nominating unit.</summary>
    public required string UnitName { get; init; }

    /// <summary>The unit's province code.</summary>
    public required string ProvinceCode { get; init; }

    /// <summary>Nominations: the status when last indexed.</summary>
    public NominationStatus? Status { get; init; }

    /// <summary>Nominations: when created; awards: when the last stage approved.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>A match for another nomination.</summary>
    public static DuplicateMatch FromNomination(Nomination n) => new()
    {
        Source = DuplicateSource.Nomination,
        NominationId = n.Id,
        CampaignId = n.CampaignId,
        AwardCode = n.AwardCode,
        Kind = n.Kind,
        NomineeName = n.NomineeName,
        DateOfBirth = n.DateOfBirth,
        Position = n.Position,
        UnitName = n.UnitName,
        ProvinceCode = n.ProvinceCode,
        Status = n.Status,
        At = n.CreatedAt,
    };

    /// <summary>A match for an award.</summary>
    public static DuplicateMatch FromAward(AwardListEntry e) => new()
    {
        Source = DuplicateSource.Award,
        NominationId = e.NominationId,
        CampaignId = e.CampaignId,
        AwardCode = e.AwardCode,
        AwardName = e.AwardName,
        Kind = e.Kind,
        NomineeName = e.NomineeName,
        DateOfBirth = e.DateOfBirth,
        Position = e.Position,
        UnitName = e.UnitName,
        ProvinceCode = e.ProvinceCode,
        At = e.AwardedAt,
    };

    /// <summary>
    /// One line for a message, Vietnamese then English, e.g. "Có thể trùng với hồ sơ nom-… : Đỗ Thị
    /// Hường, sinh 08/03/1984 (Công an tỉnh Phú Yên, PY; đợt …; đang thẩm định; tạo ngày …) /
    /// Possible duplicate of nomination nom-…".
    /// </summary>
    public string Describe()
    {
        var date = VietnameseText.FormatDate(DateOnly.FromDateTime(VietnamTime.ToLocal(At).DateTime));
        var bornVi = DateOfBirth is { } dob ? ", sinh " + VietnameseText.FormatDate(dob) : string.Empty;
        var bornEn = DateOfBirth is { } dob2 ? ", born " + VietnameseText.FormatDate(dob2) : string.Empty;
        var where = $"{UnitName}, {ProvinceCode}";
        if (Source == DuplicateSource.Award)
        {
            var award = AwardName ?? AwardCode;
            return $"Có thể trùng với khen thưởng «{award}» cho {NomineeName}{bornVi} ({where}; đợt {CampaignId}; ngày {date}; hồ sơ {NominationId})"
                + $" / Possible duplicate of the award «{award}» to {NomineeName}{bornEn} ({where}; campaign {CampaignId}; {date}; nomination {NominationId})";
        }

        var (statusVi, statusEn) = StatusLabel(Status);
        return $"Có thể trùng với hồ sơ {NominationId}: {NomineeName}{bornVi} ({where}; đợt {CampaignId}; {statusVi}; tạo ngày {date})"
            + $" / Possible duplicate of nomination {NominationId}: {NomineeName}{bornEn} ({where}; campaign {CampaignId}; {statusEn}; created {date})";
    }

    private static (string Vi, string En) StatusLabel(NominationStatus? status) => status switch
    {
        NominationStatus.Draft => ("đang chuẩn bị", "draft"),
        NominationStatus.InReview => ("đang thẩm định", "in review"),
        NominationStatus.Returned => ("trả lại, bổ sung hồ sơ", "returned for supplement"),
        NominationStatus.Rejected => ("không đủ điều kiện", "not qualified"),
        NominationStatus.Awarded => ("đã được khen thưởng", "awarded"),
        NominationStatus.Revoked => ("đã bị thu hồi khen thưởng", "award revoked"),
        _ => ("chưa rõ trạng thái", "status unknown"),
    };
}
