using Awards.Hosting;
using Awards.Testing;
using Microsoft.Extensions.Configuration;

namespace Awards.UnitTests;

/// <summary>Both hosts run the Durable backend with the settings in the repository's host.json, overridden the same way.</summary>
[TestClass]
public sealed class DurableSettingsTests
{
    private static readonly string HostJson = Path.Combine(RepositoryPaths.Root, "host.json");

    [TestMethod]
    public void The_runner_reads_the_settings_the_Functions_host_reads_from_host_json()
    {
        var settings = DurableSettings.Read(HostJson, new ConfigurationBuilder().Build());
        // Chosen by the scale benchmark (docs/benchmarks.md): one partition, many episodes and activities at once.
        Assert.AreEqual(1, settings.PartitionCount);
        Assert.AreEqual(TimeSpan.FromSeconds(1), settings.MaxQueuePollingInterval);

        // After a crash the dead process's messages reappear within this: the restart picks up its work within half a minute.
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(25), settings.ControlQueueVisibilityTimeout);
        Assert.IsLessThanOrEqualTo(TimeSpan.FromSeconds(25), settings.WorkItemQueueVisibilityTimeout);
        Assert.AreEqual(64, settings.MaxConcurrentActivities);
        Assert.AreEqual(100, settings.MaxConcurrentOrchestrations);
        Assert.IsFalse(settings.ExtendedSessions);

        // As measured: the Durable Task backend's own default, which the runner ran with before host.json named it
        // (the Functions host's default is 256); a message held dequeued waits at most a few seconds at the measured rates.
        Assert.AreEqual(64, settings.ControlQueueBufferThreshold);
    }

    [TestMethod]
    public void An_override_named_as_the_Functions_host_names_it_wins_and_a_bad_one_says_what_it_must_be()
    {
        var overrides = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:storageProvider:maxQueuePollingInterval"] = "00:00:00.500",
        }).Build();
        Assert.AreEqual(TimeSpan.FromMilliseconds(500), DurableSettings.Read(HostJson, overrides).MaxQueuePollingInterval);

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureFunctionsJobHost:extensions:durableTask:maxConcurrentActivityFunctions"] = "many",
        }).Build();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => DurableSettings.Read(HostJson, bad));
        StringAssert.Contains(error.Message, "AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions");
        StringAssert.Contains(error.Message, "a whole number");
    }
}
