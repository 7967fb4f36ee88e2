using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Awards.Hosting;

/// <summary>
/// The Durable Task backend's settings, from one place: the <c>extensions:durableTask</c> section
/// of the repository's <c>host.json</c>, which the Functions host reads in Azure and the local
/// runner reads here. Either host takes the same overrides, named as the Functions host names
/// them: <c>AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval</c>
/// and so on (app settings in Azure, environment variables locally).
/// </summary>
/// <param name="PartitionCount">Control-queue partitions of the task hub.</param>
/// <param name="MaxQueuePollingInterval">Longest wait between polls of an idle queue.</param>
/// <param name="ControlQueueVisibilityTimeout">How long a dequeued orchestration message stays hidden: after a crash, the dead process's messages reappear this much later.</param>
/// <param name="WorkItemQueueVisibilityTimeout">The same for activity messages.</param>
/// <param name="MaxConcurrentActivities">Activities one process runs at once.</param>
/// <param name="MaxConcurrentOrchestrations">Orchestration episodes one process runs at once.</param>
/// <param name="ExtendedSessions">Whether orchestration state stays in memory between episodes.</param>
/// <param name="ControlQueueBufferThreshold">Orchestration messages one process holds dequeued before it stops fetching more: a held message's visibility timeout runs while it waits.</param>
public sealed record DurableSettings(
    int PartitionCount,
    TimeSpan MaxQueuePollingInterval,
    TimeSpan ControlQueueVisibilityTimeout,
    TimeSpan WorkItemQueueVisibilityTimeout,
    int MaxConcurrentActivities,
    int MaxConcurrentOrchestrations,
    bool ExtendedSessions,
    int ControlQueueBufferThreshold)
{
    private const string Section = "extensions:durableTask:";

    /// <summary>Where hosts other than the Functions host take overrides from (as the Functions host does).</summary>
    public const string OverridePrefix = "AzureFunctionsJobHost:";

    /// <summary>Reads <paramref name="hostJsonPath"/>, then the overrides in <paramref name="configuration"/>.</summary>
    public static DurableSettings Read(string hostJsonPath, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var host = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(hostJsonPath), optional: false).Build();
        string? Value(string key) => configuration[OverridePrefix + Section + key] is { Length: > 0 } v ? v : host[Section + key];

        int Int(string key, int fallback) => Value(key) is { } v
            ? int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : throw Invalid(key, v, "a whole number")
            : fallback;
        TimeSpan Time(string key, TimeSpan fallback) => Value(key) is { } v
            ? TimeSpan.TryParse(v, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t : throw Invalid(key, v, "a positive time span (hh:mm:ss)")
            : fallback;
        bool Bool(string key, bool fallback) => Value(key) is { } v
            ? bool.TryParse(v, out var b) ? b : throw Invalid(key, v, "true or false")
            : fallback;

        // Fallbacks are the Durable extension's own defaults, so a key missing from host.json means the same on both hosts.
        return new DurableSettings(
            Int("storageProvider:partitionCount", 4),
            Time("storageProvider:maxQueuePollingInterval", TimeSpan.FromSeconds(30)),
            Time("storageProvider:controlQueueVisibilityTimeout", TimeSpan.FromMinutes(5)),
            Time("storageProvider:workItemQueueVisibilityTimeout", TimeSpan.FromMinutes(5)),
            Int("maxConcurrentActivityFunctions", 10 * Environment.ProcessorCount),
            Int("maxConcurrentOrchestratorFunctions", 10 * Environment.ProcessorCount),
            Bool("extendedSessionsEnabled", false),
            Int("storageProvider:controlQueueBufferThreshold", 256));
    }

    private static InvalidOperationException Invalid(string key, string value, string expected) =>
        new($"host.json extensions:durableTask:{key} (or its override {OverridePrefix.Replace(":", "__", StringComparison.Ordinal)}extensions__durableTask__{key.Replace(":", "__", StringComparison.Ordinal)}) is '{value}'; it must be {expected}.");
}
