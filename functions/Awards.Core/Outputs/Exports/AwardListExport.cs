using System.Globalization;
using Awards.Domain;
using Awards.Storage;

namespace Awards.Outputs.Exports;

/// <summary>
/// What an export of a campaign's award lists reads: the lists (awarding body by body, collectives
/// then individuals, each in Vietnamese order, filtered as the request asks) straight from
/// <see cref="AwardListStore"/> a page at a time, and the words every format shares — the columns
/// and how an entry fills them. No format holds the rows: each writes a row as it is read.
/// </summary>
/// <param name="Campaign">The campaign.</param>
/// <param name="Bodies">The awarding bodies whose lists are exported, in the campaign's order.</param>
/// <param name="Filter">What of the lists is kept.</param>
/// <param name="Store">Where the lists are read from.</param>
/// <param name="Date">The date the export is made (Vietnam time), printed on it.</param>
public sealed record AwardListExport(Campaign Campaign, IReadOnlyList<string> Bodies, AwardFilter Filter, AwardListStore Store, DateOnly Date)
{
    /// <summary>The columns of the CSV and XLSX files, Vietnamese as organisers read them.</summary>
    public static readonly IReadOnlyList<string> Headers =
    [
        "STT", "Hình thức khen thưởng", "Cơ quan khen thưởng", "Tập thể/Cá nhân", "Tên tập thể/Họ và tên", "Ngày sinh", "Chức vụ", "Đơn vị", "Tỉnh",
        "Mã hồ sơ", "Ngày phê duyệt", "Số quyết định", "Ngày quyết định", "Thu hồi ngày",
    ];

    /// <summary>The kinds exported, collectives first (one only when the filter names it).</summary>
    public IReadOnlyList<NomineeKind> Kinds => Filter.Kind is { } only ? [only] : [NomineeKind.Collective, NomineeKind.Individual];

    /// <summary>One list, read as it is written out.</summary>
    public IAsyncEnumerable<AwardListEntry> Read(string body, NomineeKind kind, CancellationToken ct) => Store.ReadAsync(Campaign.Id, body, kind, Filter, ct);

    /// <summary>A province's name, or its code when the campaign no longer lists it.</summary>
    public string ProvinceName(string code) => Campaign.Provinces.FirstOrDefault(p => p.Code == code)?.Name ?? code;

    /// <summary>The file name of the export, e.g. <c>Danh sách khen thưởng - ctr09.xlsx</c>.</summary>
    public string FileName(string extension) => $"Danh sách khen thưởng - {Campaign.Id}.{extension}";

    /// <summary>The cells of an entry in <see cref="Headers"/>' order, numbered <paramref name="number"/>.</summary>
    public static string[] Cells(AwardListEntry entry, int number, Func<string, string> provinceName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(provinceName);
        return
        [
            number.ToString(CultureInfo.InvariantCulture),
            entry.AwardName,
            entry.AwardingBody,
            KindName(entry.Kind),
            entry.NomineeName,
            entry.DateOfBirth is { } dob ? VietnameseText.FormatDate(dob) : string.Empty,
            entry.Position ?? string.Empty,
            entry.UnitName,
            provinceName(entry.ProvinceCode),
            entry.NominationId,
            LocalDate(entry.AwardedAt),
            entry.DecisionNumber ?? string.Empty,
            entry.DecisionDate is { } decided ? VietnameseText.FormatDate(decided) : string.Empty,
            entry.RevokedAt is { } revoked ? LocalDate(revoked) : string.Empty,
        ];
    }

    /// <summary><c>Tập thể</c> or <c>Cá nhân</c>.</summary>
    public static string KindName(NomineeKind kind) => kind == NomineeKind.Collective ? "Tập thể" : "Cá nhân";

    /// <summary>An instant as its date in Vietnam, dd/mm/yyyy.</summary>
    public static string LocalDate(DateTimeOffset instant) => VietnameseText.FormatDate(DateOnly.FromDateTime(VietnamTime.ToLocal(instant).DateTime));
}
