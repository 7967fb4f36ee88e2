using System.Text.Json;
using Awards.Domain;
using Awards.Web;

namespace Awards.UnitTests;

/// <summary>
/// Deadline arithmetic with explicit dates (never the clock). Dates in comments are Vietnam
/// dates, dd/mm/yyyy; a deadline is the end of its day, 23:59:59.9999999 Vietnam time.
/// </summary>
[TestClass]
public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    private static readonly WorkingCalendar Shipped = new(new CalendarSettings());

    private static readonly WorkingCalendar WeekendsOnly = new(new CalendarSettings { UseShippedHolidays = false });

    [TestMethod]
    public void A_stage_opened_on_a_friday_afternoon_does_not_count_the_weekend()
    {
        var opened = At(2026, 3, 6, 15, 0); // Friday

        Assert.AreEqual(EndOf(2026, 3, 9), Shipped.DueAt(opened, 1), "Saturday and Sunday skipped: Monday");
        Assert.AreEqual(EndOf(2026, 3, 13), Shipped.DueAt(opened, 5), "Mon 9 … Fri 13");
        Assert.IsFalse(Shipped.IsWorkingDay(new DateOnly(2026, 3, 7)));
        Assert.IsFalse(Shipped.IsWorkingDay(new DateOnly(2026, 3, 8)));
    }

    [TestMethod]
    public void The_deadline_is_the_last_tick_of_the_day_in_vietnam_time()
    {
        var due = Shipped.DueAt(At(2026, 3, 6, 15, 0), 1);

        Assert.AreEqual(new DateTimeOffset(2026, 3, 9, 16, 59, 59, TimeSpan.Zero).AddTicks(TimeSpan.TicksPerSecond - 1), due);
        Assert.AreEqual(Vietnam, due.Offset, "returned in Vietnam time, so it reads as the local end of day");
        Assert.AreEqual(new DateTimeOffset(2026, 3, 10, 0, 0, 0, Vietnam), due.AddTicks(1), "one tick later is the next local midnight");
    }

    [TestMethod]
    public void Twenty_five_working_days_from_before_tet_2026_skip_the_tet_break()
    {
        // Opened Monday 02/02/2026; the opening day does not count. By hand:
        //   Feb: Tue 3 (1), Wed 4 (2), Thu 5 (3), Fri 6 (4), Mon 9 (5), Tue 10 (6), Wed 11 (7),
        //        Thu 12 (8), Fri 13 (9);
        //        Sat 14 – Sun 22 is the Tết Bính Ngọ break (Mon 16 – Fri 20 are holidays);
        //        Mon 23 (10), Tue 24 (11), Wed 25 (12), Thu 26 (13), Fri 27 (14);
        //   Mar: Mon 2 (15), Tue 3 (16), Wed 4 (17), Thu 5 (18), Fri 6 (19), Mon 9 (20),
        //        Tue 10 (21), Wed 11 (22), Thu 12 (23), Fri 13 (24), Mon 16 (25).
        // Due at the end of Monday 16/03/2026. Counting weekends only, the 25th day would be
        // Monday 09/03/2026: the five Tết weekdays move it by exactly one week.
        var opened = At(2026, 2, 2, 10, 0);

        var due = Shipped.DueAt(opened, 25);

        Assert.AreEqual(EndOf(2026, 3, 16), due);
        Assert.AreEqual(EndOf(2026, 3, 9), WeekendsOnly.DueAt(opened, 25));
        Assert.IsEmpty(Shipped.Warnings(opened, due), "2026 is in the shipped list");
        Assert.AreEqual(25, Shipped.WorkingDaysUsed(opened, due.AddTicks(1)), "at the next midnight all 25 days have passed");
    }

    [TestMethod]
    public void The_shipped_make_up_saturday_counts_and_the_swapped_friday_does_not()
    {
        // Tết Dương lịch 2026: Thu 01/01 holiday, Fri 02/01 swapped for Sat 10/01.
        Assert.AreEqual(EndOf(2026, 1, 5), Shipped.DueAt(At(2025, 12, 31, 10, 0), 1), "Thu 1, Fri 2, Sat 3, Sun 4 off: Monday 05/01");
        Assert.AreEqual(EndOf(2026, 1, 10), Shipped.DueAt(At(2026, 1, 9, 10, 0), 1), "Saturday 10/01/2026 is a working day");
        Assert.AreEqual(EndOf(2026, 1, 12), WeekendsOnly.DueAt(At(2026, 1, 9, 10, 0), 1), "without the shipped list it is a plain Saturday");
    }

    [TestMethod]
    public void A_make_up_saturday_configured_by_the_campaign_counts()
    {
        var calendar = new WorkingCalendar(new CalendarSettings { WorkingSaturdays = [new(2026, 3, 14)] });
        var opened = At(2026, 3, 13, 9, 0); // Friday

        Assert.AreEqual(EndOf(2026, 3, 14), calendar.DueAt(opened, 1));
        Assert.AreEqual(EndOf(2026, 3, 16), calendar.DueAt(opened, 2), "Sunday still does not count");
        Assert.AreEqual(1, calendar.WorkingDaysUsed(opened, At(2026, 3, 16, 8, 0)), "the Saturday was used");
    }

    [TestMethod]
    public void A_holiday_on_a_monday_pushes_the_deadline_by_a_day()
    {
        // Giỗ Tổ Hùng Vương falls on Sunday 26/04/2026; Monday 27/04 is the day off in lieu.
        var opened = At(2026, 4, 24, 9, 0); // Friday
        Assert.AreEqual(EndOf(2026, 4, 28), Shipped.DueAt(opened, 1));
        Assert.AreEqual(EndOf(2026, 4, 27), WeekendsOnly.DueAt(opened, 1));

        // A campaign's own holiday on Monday 09/03/2026: Tue 10 … Mon 16 instead of Mon 9 … Fri 13.
        var withHoliday = new WorkingCalendar(new CalendarSettings { Holidays = [new(2026, 3, 9)] });
        Assert.AreEqual(EndOf(2026, 3, 16), withHoliday.DueAt(At(2026, 3, 6, 15, 0), 5));
    }

    [TestMethod]
    public void The_day_a_stage_opens_is_its_vietnam_date_not_its_utc_date()
    {
        // Both instants are on Tuesday 10/03/2026 in UTC, but on different days in Vietnam.
        var lateTuesday = new DateTimeOffset(2026, 3, 10, 16, 30, 0, TimeSpan.Zero); // 23:30 Tue 10/03 in Vietnam
        var earlyWednesday = new DateTimeOffset(2026, 3, 10, 17, 30, 0, TimeSpan.Zero); // 00:30 Wed 11/03 in Vietnam

        Assert.AreEqual(EndOf(2026, 3, 11), Shipped.DueAt(lateTuesday, 1), "opened Tuesday: Wednesday is day 1");
        Assert.AreEqual(EndOf(2026, 3, 12), Shipped.DueAt(earlyWednesday, 1), "opened Wednesday: Thursday is day 1");
    }

    [TestMethod]
    public void The_clock_pauses_while_the_dossier_is_back_with_the_nominator()
    {
        // Opened Thursday 26/02/2026 with 25 working days. Without a return:
        //   Fri 27/02 (1), Mon 2 – Fri 6/03 (6), 9–13 (11), 16–20 (16), 23–27 (21),
        //   Mon 30 (22), Tue 31 (23), Wed 01/04 (24), Thu 02/04 (25) → end of Thursday 02/04/2026.
        var opened = At(2026, 2, 26, 9, 0);
        Assert.AreEqual(EndOf(2026, 4, 2), Shipped.DueAt(opened, 25));

        // Returned on Friday 13/03 at 15:00. Whole working days used: Fri 27/02 and Mon 2 – Thu 12/03
        // = 10 (the day of the return has not fully passed).
        var returned = At(2026, 3, 13, 15, 0);
        var used = Shipped.WorkingDaysUsed(opened, returned);
        Assert.AreEqual(10, used);

        // Resubmitted three days later, Monday 16/03 at 09:00; that day is a new receipt and does
        // not count. 15 remain: Tue 17 – Fri 20 (4), Mon 23 – Fri 27 (9), Mon 30 (10), Tue 31 (11),
        // Wed 01/04 (12), Thu 02/04 (13), Fri 03/04 (14), Mon 06/04 (15) → end of Monday 06/04/2026:
        // two working days later than without the return (the part-days Fri 13 and Mon 16).
        var resumed = At(2026, 3, 16, 9, 0);
        Assert.AreEqual(EndOf(2026, 4, 6), Shipped.DueAt(resumed, 25 - used));
    }

    [TestMethod]
    public void Working_days_used_is_zero_within_the_opening_day_and_for_a_reversed_range()
    {
        var opened = At(2026, 3, 10, 9, 0);

        Assert.AreEqual(0, Shipped.WorkingDaysUsed(opened, At(2026, 3, 10, 17, 0)));
        Assert.AreEqual(0, Shipped.WorkingDaysUsed(opened, At(2026, 3, 11, 17, 0)), "Wednesday has not fully passed");
        Assert.AreEqual(1, Shipped.WorkingDaysUsed(opened, At(2026, 3, 12, 0, 0)));
        Assert.AreEqual(0, Shipped.WorkingDaysUsed(opened, At(2026, 3, 1, 0, 0)));
    }

    [TestMethod]
    public void Zero_days_left_is_due_at_the_end_of_the_day_of_resubmission()
    {
        Assert.AreEqual(EndOf(2026, 3, 16), Shipped.DueAt(At(2026, 3, 16, 9, 0), 0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Shipped.DueAt(At(2026, 3, 16, 9, 0), -1));
    }

    [TestMethod]
    public void Past_the_shipped_list_only_weekends_are_skipped_and_organisers_are_warned()
    {
        // Tết Mậu Thân falls on Wednesday 26/01/2028, but there is no 2028 list: it counts.
        var opened = At(2028, 1, 24, 9, 0); // Monday
        var due = Shipped.DueAt(opened, 3);

        Assert.AreEqual(EndOf(2028, 1, 27), due, "Tue 25, Wed 26, Thu 27");
        var warning = Shipped.Warnings(opened, due).Single();
        Assert.AreEqual("Ngày nghỉ lễ năm 2028 chưa có trong lịch; chỉ trừ thứ Bảy, Chủ nhật. / No holiday list for 2028: only weekends are skipped.", warning);
    }

    [TestMethod]
    public void A_count_from_2027_into_2028_warns_about_2028_only()
    {
        // Opened Thursday 23/12/2027: Fri 24 (1), Mon 27 – Fri 31 (6), Mon 03/01/2028 (7), Tue 4 (8),
        // Wed 5 (9), Thu 6 (10).
        var opened = At(2027, 12, 23, 9, 0);
        var due = Shipped.DueAt(opened, 10);

        Assert.AreEqual(EndOf(2028, 1, 6), due);
        var warnings = Shipped.Warnings(opened, due);
        Assert.HasCount(1, warnings);
        Assert.Contains("2028", warnings[0]);
    }

    [TestMethod]
    public void A_campaign_that_lists_its_own_holidays_for_a_year_is_not_warned_about_that_year()
    {
        var opened = At(2028, 1, 24, 9, 0);
        var campaign = TestCampaigns.Valid() with
        {
            Calendar = new CalendarSettings { Holidays = [new(2028, 1, 25), new(2028, 1, 26), new(2028, 1, 27), new(2028, 1, 28)] },
        };
        var calendar = WorkingCalendar.For(campaign);

        var due = calendar.DueAt(opened, 3);

        Assert.AreEqual(EndOf(2028, 2, 2), due, "Tue 25 – Fri 28 off: Mon 31, Tue 1, Wed 2");
        Assert.IsEmpty(calendar.Warnings(opened, due));
        Assert.HasCount(1, WeekendsOnly.Warnings(At(2026, 3, 2, 9, 0), At(2026, 3, 20, 9, 0)), "no list at all warns for 2026 too");
    }

    [TestMethod]
    public void A_campaign_without_calendar_settings_uses_the_shipped_list()
    {
        var calendar = WorkingCalendar.For(TestCampaigns.Valid());

        Assert.AreEqual(EndOf(2026, 4, 28), calendar.DueAt(At(2026, 4, 24, 9, 0), 1));
    }

    [TestMethod]
    public void The_shipped_list_holds_only_weekdays_off_and_saturdays_worked_in_its_years()
    {
        Assert.IsTrue(VietnamHolidays.DaysOff.All(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)));
        Assert.IsTrue(VietnamHolidays.WorkingSaturdays.All(d => d.DayOfWeek == DayOfWeek.Saturday));
        Assert.IsTrue(VietnamHolidays.DaysOff.Concat(VietnamHolidays.WorkingSaturdays).All(d => d.Year is >= VietnamHolidays.FirstYear and <= VietnamHolidays.LastYear));
        Assert.AreEqual(VietnamHolidays.DaysOff.Count, VietnamHolidays.DaysOff.Distinct().Count());

        // The law's 11 days a year, counted as weekdays off (days in lieu included), plus the swapped weekdays.
        Assert.AreEqual(11 + 2, VietnamHolidays.DaysOff.Count(d => d.Year == 2026), "2026: two swaps");
        Assert.AreEqual(11, VietnamHolidays.DaysOff.Count(d => d.Year == 2027), "2027: no swap known");
    }

    [TestMethod]
    public void Reminders_fall_at_fractions_of_the_wall_time_to_the_deadline()
    {
        var opened = At(2026, 3, 2, 0, 0);
        var due = At(2026, 3, 12, 0, 0); // ten days later

        var reminders = WorkingCalendar.ReminderInstants(opened, due, [0.5, 0.8]);

        Assert.AreEqual(At(2026, 3, 7, 0, 0), reminders[0]);
        Assert.AreEqual(At(2026, 3, 10, 0, 0), reminders[1]);
        Assert.IsEmpty(WorkingCalendar.ReminderInstants(opened, due, []));
        Assert.ThrowsExactly<ArgumentException>(() => WorkingCalendar.ReminderInstants(opened, due, [1.0]));
        Assert.ThrowsExactly<ArgumentException>(() => WorkingCalendar.ReminderInstants(due, opened, [0.5]));
    }

    [TestMethod]
    public void The_test_only_day_length_makes_25_working_days_last_250_seconds()
    {
        var calendar = new WorkingCalendar(new CalendarSettings { WorkingDayLength = TimeSpan.FromSeconds(10) });
        var opened = new DateTimeOffset(2028, 1, 22, 10, 0, 0, TimeSpan.Zero); // a Saturday past the list: neither matters

        var due = calendar.DueAt(opened, 25);

        Assert.AreEqual(opened.AddSeconds(250), due);
        Assert.AreEqual(9, calendar.WorkingDaysUsed(opened, opened.AddSeconds(95)));
        var resumed = opened.AddSeconds(200);
        Assert.AreEqual(resumed.AddSeconds(160), calendar.DueAt(resumed, 25 - 9), "pause and resume work the same way: 16 days of 10 s left");
        Assert.IsEmpty(calendar.Warnings(opened, due));
        CollectionAssert.AreEqual(
            new[] { opened.AddSeconds(125), opened.AddSeconds(200) },
            WorkingCalendar.ReminderInstants(opened, due, [0.5, 0.8]).ToArray());
    }

    [TestMethod]
    public void Calendar_settings_travel_as_json_in_the_campaign()
    {
        var json = """{"holidays":["2026-03-09"],"workingSaturdays":["2026-03-14"],"useShippedHolidays":false,"workingDayLength":"00:00:10"}""";

        var settings = JsonSerializer.Deserialize<CalendarSettings>(json, AwardsJson.Options)!;

        Assert.AreEqual(new DateOnly(2026, 3, 9), settings.Holidays.Single());
        Assert.AreEqual(new DateOnly(2026, 3, 14), settings.WorkingSaturdays.Single());
        Assert.IsFalse(settings.UseShippedHolidays);
        Assert.AreEqual(TimeSpan.FromSeconds(10), settings.WorkingDayLength);
        Assert.AreEqual(json, JsonSerializer.Serialize(settings, AwardsJson.Options));
    }

    [TestMethod]
    public void Null_calendar_lists_and_reminders_in_posted_json_are_normalized_instead_of_crashing()
    {
        var json = JsonSerializer.SerializeToNode(TestCampaigns.Valid(), AwardsJson.Options)!.AsObject();
        json["calendar"] = JsonSerializer.SerializeToNode(new { holidays = (object?)null, workingSaturdays = (object?)null });
        json["stages"]![1]!["remindAt"] = null;
        var body = json.Deserialize<Campaign>(AwardsJson.Options)!;

        var normalized = CampaignValidator.Normalize(body);

        Assert.IsEmpty(CampaignValidator.Validate(normalized));
        Assert.IsEmpty(normalized.Calendar!.Holidays);
        Assert.IsEmpty(normalized.Stages[1].RemindAt);
    }

    [TestMethod]
    public void Stages_default_to_25_working_days_with_reminders_at_half_and_four_fifths()
    {
        var stage = TestCampaigns.Valid().Stages[0];

        Assert.AreEqual(25, stage.DeadlineWorkingDays);
        CollectionAssert.AreEqual(new[] { 0.5, 0.8 }, stage.RemindAt);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(366)]
    public void A_deadline_outside_1_to_365_working_days_is_reported_on_the_stage(int days)
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [c.Stages[0], c.Stages[1] with { DeadlineWorkingDays = days }, c.Stages[2]] };

        Assert.AreEqual("stages[1].deadlineWorkingDays", ErrorFields(c));
    }

    [TestMethod]
    [DataRow(new[] { 0.8, 0.5 }, "stages[1].remindAt[1]")]
    [DataRow(new[] { 0.5, 0.5 }, "stages[1].remindAt[1]")]
    [DataRow(new[] { 0.0, 0.5 }, "stages[1].remindAt[0]")]
    [DataRow(new[] { 0.5, 1.0 }, "stages[1].remindAt[1]")]
    [DataRow(new[] { double.NaN }, "stages[1].remindAt[0]")]
    [DataRow(new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }, "stages[1].remindAt")]
    [DataRow(new[] { 0.1, 0.2, 0.3, 0.4, 0.95 }, "")]
    [DataRow(new double[0], "")]
    public void Reminders_must_be_increasing_fractions_strictly_between_0_and_1_at_most_5(double[] remindAt, string field)
    {
        var c = TestCampaigns.Valid();
        c = c with { Stages = [c.Stages[0], c.Stages[1] with { RemindAt = [.. remindAt] }, c.Stages[2]] };

        Assert.AreEqual(field, ErrorFields(c));
    }

    [TestMethod]
    public void A_holiday_listed_twice_is_reported_on_the_second_listing()
    {
        var c = TestCampaigns.Valid() with { Calendar = new() { Holidays = [new(2028, 1, 26), new(2028, 1, 27), new(2028, 1, 26)] } };

        Assert.AreEqual("calendar.holidays[2]", ErrorFields(c));
        Assert.Contains("26/01/2028", CampaignValidator.Validate(c)["calendar.holidays[2]"][0]);
    }

    [TestMethod]
    public void A_working_saturday_that_is_not_a_saturday_is_reported_with_its_weekday()
    {
        var c = TestCampaigns.Valid() with { Calendar = new() { WorkingSaturdays = [new(2026, 3, 13)] } };

        Assert.AreEqual("calendar.workingSaturdays[0]", ErrorFields(c));
        Assert.Contains("13/03/2026 is a Friday", CampaignValidator.Validate(c)["calendar.workingSaturdays[0]"][0]);
    }

    [TestMethod]
    public void A_working_saturday_listed_twice_or_also_as_a_holiday_is_reported()
    {
        var twice = TestCampaigns.Valid() with { Calendar = new() { WorkingSaturdays = [new(2026, 3, 14), new(2026, 3, 14)] } };
        var both = TestCampaigns.Valid() with { Calendar = new() { Holidays = [new(2026, 3, 14)], WorkingSaturdays = [new(2026, 3, 14)] } };

        Assert.AreEqual("calendar.workingSaturdays[1]", ErrorFields(twice));
        Assert.AreEqual("calendar.workingSaturdays[0]", ErrorFields(both));
    }

    [TestMethod]
    [DataRow("00:00:00.5", "calendar.workingDayLength")]
    [DataRow("1.00:00:01", "calendar.workingDayLength")]
    [DataRow("00:00:01", "")]
    [DataRow("00:00:10", "")]
    [DataRow("1.00:00:00", "")]
    public void The_test_only_day_length_is_between_one_second_and_one_day(string length, string field)
    {
        var c = TestCampaigns.Valid() with { Calendar = new() { WorkingDayLength = TimeSpan.Parse(length, System.Globalization.CultureInfo.InvariantCulture) } };

        Assert.AreEqual(field, ErrorFields(c));
    }

    private static string ErrorFields(Campaign c) => string.Join(", ", CampaignValidator.Validate(c).Keys);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, Vietnam);

    private static DateTimeOffset EndOf(int year, int month, int day) => new DateTimeOffset(year, month, day, 0, 0, 0, Vietnam).AddDays(1).AddTicks(-1);
}
