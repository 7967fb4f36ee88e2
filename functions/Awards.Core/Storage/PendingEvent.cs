namespace Awards.Storage;

/// <summary>
/// An event a stored change owes a nomination's workflow (a claimed decision, a resubmission),
/// kept in the nomination's partition — written in the same batch as the change — until it has
/// been raised, so a process that dies in between leaves a mark the redelivery sweep finds.
/// </summary>
/// <param name="Key">Its identity within the nomination (e.g. <c>claim|ministry|0002</c>, <c>resubmit|0000|1</c>).</param>
/// <param name="EventName">The workflow event it is raised as; null for a claimed stage decision.</param>
/// <param name="PayloadJson">The event's payload, as JSON.</param>
/// <param name="MarkedAt">When the change was stored.</param>
public sealed record PendingEvent(string Key, string? EventName, string PayloadJson, DateTimeOffset MarkedAt);
