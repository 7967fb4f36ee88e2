namespace Awards.Domain;

/// <summary>
/// The Vietnam public-service calendar the product ships with: weekdays that state agencies
/// do not work (public holidays, days off in lieu, swapped days) and the Saturdays they work
/// instead, for <see cref="FirstYear"/>–<see cref="LastYear"/>. This is data, not a rule: the
/// Government fixes Tết and the swaps every year, so organisers must check this list each year.
/// A campaign can add dates or replace the list entirely (<see cref="CalendarSettings"/>).
/// </summary>
/// <remarks>
/// <para>
/// Legal basis: Labour Code 45/2019/QH14 art. 112 gives 11 days — Tết Dương lịch 1/1, Tết
/// Nguyên đán 5 days, Giỗ Tổ Hùng Vương 10/3 lunar, 30/4, 1/5, Quốc khánh 2/9 plus an adjacent
/// day; art. 111 gives a day off in lieu on the next working day when a holiday falls on the
/// weekly rest day. Which days around Tết and 2/9 are off, and any swap of a working day for a
/// Saturday, is announced each year by the Ministry of Home Affairs (Bộ Nội vụ) after the
/// Prime Minister agrees.
/// </para>
/// <para>
/// Only weekdays are listed as days off: a holiday that falls on a Saturday or Sunday changes
/// nothing for a count that already skips weekends; its day in lieu is what is listed.
/// </para>
/// <para>
/// Not included: Ngày Văn hóa Việt Nam 24/11. Politburo Resolution 80-NQ/TW (January 2026)
/// makes it a paid day off in principle and Government Resolution 30/NQ-CP (February 2026)
/// asks for the Labour Code amendment, but the amendment was not law when this list was written.
/// If it passes, 24/11/2026 (Tuesday) and 24/11/2027 (Wednesday) belong here.
/// </para>
/// </remarks>
public static class VietnamHolidays
{
    /// <summary>The first year the shipped list covers.</summary>
    public const int FirstYear = 2026;

    /// <summary>The last year the shipped list covers; past it only weekends are skipped and organisers are warned.</summary>
    public const int LastYear = 2027;

    /// <summary>Weekdays on which state agencies do not work, in date order.</summary>
    public static IReadOnlyList<DateOnly> DaysOff { get; } =
    [
        // ── 2026: announced. Sources: Government Office notice of 13/10/2025 approving the Ministry
        //    of Home Affairs' plan for Tết and Quốc khánh 2026 (reported by SGGP 14/10/2025 and
        //    Việt Nam News 17/10/2025); the Government's agreement of 25/12/2025 to the Tết Dương
        //    lịch swap (reported by 24h.com.vn 26/12/2025); Giỗ Tổ in lieu (Labour Code art. 111,
        //    reported by Thanh Niên 23/02/2026). Re-check against the Ministry's notices.
        new(2026, 1, 1),   // Thu: Tết Dương lịch.
        new(2026, 1, 2),   // Fri: swapped with Saturday 10/01/2026 (4-day break 1–4/1).
        new(2026, 2, 16),  // Mon: Tết Nguyên đán, 29 tháng Chạp (eve). Break Sat 14/02 – Sun 22/02, 9 days.
        new(2026, 2, 17),  // Tue: mùng 1 Tết Bính Ngọ.
        new(2026, 2, 18),  // Wed: mùng 2.
        new(2026, 2, 19),  // Thu: mùng 3.
        new(2026, 2, 20),  // Fri: mùng 4.
        new(2026, 4, 27),  // Mon: in lieu of Giỗ Tổ Hùng Vương, Sunday 26/04/2026.
        new(2026, 4, 30),  // Thu: Ngày Chiến thắng.
        new(2026, 5, 1),   // Fri: Quốc tế Lao động.
        new(2026, 8, 31),  // Mon: swapped with Saturday 22/08/2026 (5-day break Sat 29/08 – Wed 02/09).
        new(2026, 9, 1),   // Tue: Quốc khánh, the adjacent day.
        new(2026, 9, 2),   // Wed: Quốc khánh.

        // ── 2027: ASSUMPTIONS where marked. Nothing for 2027 had been announced when this list was
        //    written; fixed dates follow the Labour Code, the rest follows precedent. Replace with
        //    the Ministry's notices (usually published from October of the year before).
        new(2027, 1, 1),   // Fri: Tết Dương lịch (fixed by law; a swap is possible, none assumed).
        new(2027, 2, 4),   // Thu: ASSUMED Tết Nguyên đán Đinh Mùi (mùng 1 = Saturday 06/02/2027). Assumed
        new(2027, 2, 5),   // Fri: break Thu 04/02 – Wed 10/02 (end of tháng Chạp to mùng 5), copying 2020,
        new(2027, 2, 8),   // Mon: whose Tết also fell on a Saturday (25/01/2020: off Thu 23/01 – Wed 29/01/2020).
        new(2027, 2, 9),   // Tue: Five weekdays off in all, as the law's 5 days (with days in lieu) always give;
        new(2027, 2, 10),  // Wed: which five, and any longer swap, is what must be checked.
        new(2027, 4, 16),  // Fri: Giỗ Tổ Hùng Vương, 10/3 lunar (fixed by law).
        new(2027, 4, 30),  // Fri: Ngày Chiến thắng (fixed by law).
        new(2027, 5, 3),   // Mon: in lieu of Quốc tế Lao động, Saturday 01/05/2027 (Labour Code art. 111).
        new(2027, 9, 2),   // Thu: Quốc khánh (fixed by law).
        new(2027, 9, 3),   // Fri: ASSUMED adjacent day, as in 2021 when 2/9 was also a Thursday (off 2–5/9/2021).
    ];

    /// <summary>Saturdays on which state agencies work to make up a swapped weekday, in date order.</summary>
    public static IReadOnlyList<DateOnly> WorkingSaturdays { get; } =
    [
        new(2026, 1, 10),  // Announced: makes up Friday 02/01/2026.
        new(2026, 8, 22),  // Announced: makes up Monday 31/08/2026.

        // 2027: none known; none assumed.
    ];
}
