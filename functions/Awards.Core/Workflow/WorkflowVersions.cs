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

    /// <summary>
    /// As <see cref="StopsForAttention"/>, but a stage round holds no durable timer: opening it
    /// writes its reminders and deadline to the due-time index, the alarm sweep raises each as an
    /// <see cref="WorkflowEvents.Alarm"/> event when it falls due, and the round waits for events
    /// only — its decision, or an alarm (acted on once per round and number; alarms of other
    /// rounds are ignored). Open stages then cost the task hub's queues nothing while they wait.
    /// </summary>
    public const string DueTimeIndex = "5";

    /// <summary>The version new nominations start under.</summary>
    public const string Current = DueTimeIndex;

    /// <summary>True when instances of this version race their decision wait against reminder and deadline timers.</summary>
    public static bool HasDeadlines(string? version) => version is not (null or "" or WithoutDeadlines);

    /// <summary>True when an alarm whose time has already passed still fires (see <see cref="LateAlarmsFire"/>).</summary>
    public static bool FiresLateAlarms(string? version) => HasDeadlines(version) && version != WithDeadlines;

    /// <summary>True for the behaviour of <see cref="StopsForAttention"/> and later.</summary>
    public static bool Resumes(string? version) => AtLeast(version, 4);

    /// <summary>True when instances of this version take their alarms from the due-time index (see <see cref="DueTimeIndex"/>).</summary>
    public static bool UsesDueTimeIndex(string? version) => AtLeast(version, 5);

    private static bool AtLeast(string? version, int least) =>
        int.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= least;
}
