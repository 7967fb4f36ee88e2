namespace Awards.Hosting;

/// <summary>
/// The Durable task hub the workflow runs in. Bound from <c>Awards</c>: the setting is
/// <c>Awards:TaskHub</c>, which the Functions host reads through <c>host.json</c>
/// (<c>%Awards__TaskHub%</c>) and the local runner reads here, so both hosts use one hub name.
/// </summary>
public sealed class TaskHubOptions
{
    /// <summary>Task hub name: letters and digits, 3–45 characters, starting with a letter.</summary>
    public string TaskHub { get; set; } = "awards";
}
