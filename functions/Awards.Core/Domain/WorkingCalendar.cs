namespace Awards.Domain;

/// <summary>
/// Counts stage deadlines in working days (domain rule 3), in Vietnam time: Saturdays, Sundays
/// and public holidays are skipped, make-up working Saturdays count. The day a stage opens does
/// not count (the law counts from the day after receipt of a complete dossier); the deadline is
/// the end of the Nth working day. Pure and deterministic, so an activity can compute the
/// instants the orchestration's durable timers wait for.
/// </summary>
public sealed class WorkingCalendar
{
    /// <summary>The most working days one call may count: far past any stage's deadline, and a bound on the loop.</summary>
    public const int MaxWorkingDays = 3650;

    private readonly HashSet<DateOnly> daysOff;
    private readonly HashSet<DateOnly> workingSaturdays;
    private readonly HashSet<int> yearsWithHolidays;
    private readonly TimeSpan? workingDayLength;

    /// <summary>Builds the calendar from a campaign's settings: the shipped list (unless turned off) plus the campaign's own dates.</summary>
    public WorkingCalendar(CalendarSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        workingDayLength = settings.WorkingDayLength;
        daysOff = [.. settings.Holidays ?? []];
        workingSaturdays = [.. settings.WorkingSaturdays ?? []];
        yearsWithHolidays = [.. daysOff.Select(d => d.Year)];
        if (settings.UseShippedHolidays)
        {
            daysOff.UnionWith(VietnamHolidays.DaysOff);
            workingSaturdays.UnionWith(VietnamHolidays.WorkingSaturdays);
            yearsWithHolidays.UnionWith(Enumerable.Range(VietnamHolidays.FirstYear, VietnamHolidays.LastYear - VietnamHolidays.FirstYear + 1));
        }
    }

    /// <summary>The calendar of a campaign: its <see cref="Campaign.Calendar"/> settings, or the shipped defaults when it has none.</summary>
    public static WorkingCalendar For(Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return new(campaign.Calendar ?? new CalendarSettings());
    }

    /// <summary>
    /// True when state agencies work on <paramref name="date"/> (a Vietnam date): a weekday that
    /// is not a holiday, or a make-up working Saturday. A date listed both ways is a day off,
    /// which gives the approver the benefit of the doubt (the validator refuses such a campaign).
    /// </summary>
    public bool IsWorkingDay(DateOnly date) =>
        !daysOff.Contains(date)
        && (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) || workingSaturdays.Contains(date));

    /// <summary>
    /// The deadline of a stage that opens at <paramref name="openedAt"/> and has
    /// <paramref name="workingDays"/> working days: the last instant (23:59:59.9999999 Vietnam
    /// time, one tick before the next local midnight) of the Nth working day after the Vietnam
    /// date of <paramref name="openedAt"/>, returned with the Vietnam offset. With 0 it is the end
    /// of the opening day itself (a resubmitted stage whose days were all used).
    /// With <see cref="CalendarSettings.WorkingDayLength"/> set it is simply
    /// <paramref name="openedAt"/> + N × that length.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="workingDays"/> is negative or above <see cref="MaxWorkingDays"/>.</exception>
    public DateTimeOffset DueAt(DateTimeOffset openedAt, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(workingDays, MaxWorkingDays);
        if (workingDayLength is { } length)
        {
            return openedAt + (length * workingDays);
        }

        var day = VietnamDate(openedAt);
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return StartOf(day.AddDays(1)).AddTicks(-1);
    }

    /// <summary>
    /// Whole working days a stage used between <paramref name="from"/> (when it opened or resumed)
    /// and <paramref name="to"/> (when the dossier went back to the nominator), by the same rule as
    /// <see cref="DueAt"/>: the day of <paramref name="from"/> does not count and neither does the
    /// day of <paramref name="to"/>, which has not fully passed. On a return the workflow keeps
    /// N − used and, when the dossier comes back, calls <c>DueAt(resubmittedAt, N − used)</c> —
    /// the day of resubmission is a new receipt of a complete dossier, so it does not count either.
    /// Returns 0 when <paramref name="to"/> is not after <paramref name="from"/>. With
    /// <see cref="CalendarSettings.WorkingDayLength"/> set: the whole lengths elapsed.
    /// </summary>
    public int WorkingDaysUsed(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }

        if (workingDayLength is { } length)
        {
            return (int)Math.Min((to - from).Ticks / length.Ticks, int.MaxValue);
        }

        var used = 0;
        var last = VietnamDate(to);
        for (var day = VietnamDate(from).AddDays(1); day < last; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                used++;
            }
        }

        return used;
    }

    /// <summary>
    /// The instants at the given fractions of the wall time from <paramref name="openedAt"/> to
    /// <paramref name="dueAt"/> (0.5 = halfway), in the order given. Wall time, not working time,
    /// because it is simple to explain: "halfway to the deadline" means halfway on the clock.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="dueAt"/> is before <paramref name="openedAt"/>, or a fraction is not strictly between 0 and 1.</exception>
    public static IReadOnlyList<DateTimeOffset> ReminderInstants(DateTimeOffset openedAt, DateTimeOffset dueAt, IReadOnlyList<double> fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        if (dueAt < openedAt)
        {
            throw new ArgumentException("The deadline is before the stage opened.", nameof(dueAt));
        }

        var span = dueAt - openedAt;
        var instants = new DateTimeOffset[fractions.Count];
        for (var i = 0; i < fractions.Count; i++)
        {
            if (fractions[i] is not (> 0 and < 1))
            {
                throw new ArgumentException($"Reminder fractions lie strictly between 0 and 1; got {fractions[i]}.", nameof(fractions));
            }

            instants[i] = openedAt + (span * fractions[i]);
        }

        return instants;
    }

    /// <summary>
    /// What organisers should know about a count from <paramref name="from"/> to
    /// <paramref name="to"/>: one bilingual line (Vietnamese / English) per year of the counted
    /// days (after the day of <paramref name="from"/>, up to the day of <paramref name="to"/>)
    /// for which the calendar has no holiday list, so only weekends were skipped. Empty when
    /// <see cref="CalendarSettings.WorkingDayLength"/> is set, which skips nothing.
    /// </summary>
    public IReadOnlyList<string> Warnings(DateTimeOffset from, DateTimeOffset to)
    {
        if (workingDayLength is not null || to <= from)
        {
            return [];
        }

        var firstYear = VietnamDate(from).AddDays(1).Year;
        var lastYear = VietnamDate(to).Year;
        return
        [
            .. Enumerable.Range(firstYear, Math.Max(0, lastYear - firstYear + 1))
                .Where(year => !yearsWithHolidays.Contains(year))
                .Select(year => $"Ngày nghỉ lễ năm {year} chưa có trong lịch; chỉ trừ thứ Bảy, Chủ nhật. / No holiday list for {year}: only weekends are skipped."),
        ];
    }

    private static DateOnly VietnamDate(DateTimeOffset instant) => DateOnly.FromDateTime(VietnamTime.ToLocal(instant).DateTime);

    private static DateTimeOffset StartOf(DateOnly date)
    {
        var midnight = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, VietnamTime.TimeZone.GetUtcOffset(midnight));
    }
}
