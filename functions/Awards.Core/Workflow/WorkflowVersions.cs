namespace Awards.Workflow;

/// <summary>
/// Versions of <see cref="NominationOrchestration"/>. Each instance records the version it was
/// started under and keeps it after a deploy that changes the procedure, so replaying its
/// history never meets steps it did not take. Keep a version's branch until its last instance ends.
/// </summary>
public static class WorkflowVersions
{
    /// <summary>The walking skeleton: one wait per stage round, no deadlines (also instances started before versions were recorded).</summary>
    public const string WithoutDeadlines = "1";

    /// <summary>Stage deadlines in working days, reminders and escalation; an alarm already past when its turn comes is skipped.</summary>
    public const string WithDeadlines = "2";

    /// <summary>
    /// As <see cref="WithDeadlines"/>, but a deadline already past when its turn comes still
    /// escalates (a stage reopened with no days left, an orchestration that resumed late), and a
    /// late reminder is still sent unless the deadline has passed too.
    /// </summary>
    public const string LateAlarmsFire = "3";

    /// <summary>
    /// As <see cref="LateAlarmsFire"/>, and: a round already decided when its stage (re)opens takes
    /// that decision instead of waiting; a resubmission after a dossier-check return must answer
    /// the latest return; and a failure outside any step stops the workflow for attention and,
    /// once an organiser retries, restarts it at the stage round it was in.
    /// (Every version's steps retry, and a step that still fails stops for attention.)
    /// </summary>
    public const string StopsForAttention = "4";

    /// <summary>The version new nominations start under.</summary>
    public const string Current = StopsForAttention;

    /// <summary>True when instances of this version race their decision wait against reminder and deadline timers.</summary>
    public static bool HasDeadlines(string? version) => version is not (null or "" or WithoutDeadlines);

    /// <summary>True when an alarm whose time has already passed still fires (see <see cref="LateAlarmsFire"/>).</summary>
    public static bool FiresLateAlarms(string? version) => HasDeadlines(version) && version != WithDeadlines;

    /// <summary>True for the behaviour of <see cref="StopsForAttention"/> and later.</summary>
    public static bool Resumes(string? version) => int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 4;
}
