using System.Diagnostics;
using System.Globalization;
using Awards.Hosting;
using Awards.LocalRunner;
using Awards.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

[assembly: Parallelize(Workers = 4, Scope = ExecutionScope.MethodLevel)]

namespace Awards.IntegrationTests;

/// <summary>
/// What every end-to-end test runs against: one Azurite (started here unless one already
/// listens on the test ports), one real SMTP server, and one local runner process.
/// </summary>
[TestClass]
public static class TestHost
{
    /// <summary>
    /// Ports for the tests' Azurite, apart from a developer's own (10000–10002). Set
    /// AWARDS_TEST_AZURITE_PORT to run two test runs side by side on one machine.
    /// </summary>
    public static readonly int BlobPort = int.TryParse(Environment.GetEnvironmentVariable("AWARDS_TEST_AZURITE_PORT"), out var p) ? p : 10110;

    public static readonly int QueuePort = BlobPort + 1, TablePort = BlobPort + 2;

    /// <summary>The runner's per-request document limit in these tests (small, so limit tests are quick).</summary>
    public const int MaxDocumentBytes = 3_000_000;

    /// <summary>The block size the runner tells resumable uploads to use in these tests.</summary>
    public const int SessionBlockSize = 1024 * 1024;

    private static Process? azurite;

    public static string Storage { get; } = Azurite.ConnectionString(BlobPort, QueuePort, TablePort);

    public static string OrganiserKey { get; } = "test-organiser-" + Guid.NewGuid().ToString("N");

    public static string SigningKey { get; } = RunnerProcess.NewSigningKey();

    public static MailCatcher Mail { get; private set; } = null!;

    public static RunnerProcess Runner { get; private set; } = null!;

    /// <summary>A task hub name unique to this run (letters and digits, 3–45).</summary>
    public static string NewTaskHub(string prefix) => (prefix + Guid.NewGuid().ToString("N"))[..24];

    [AssemblyInitialize]
    public static async Task StartAsync(TestContext context)
    {
        azurite = await Azurite.EnsureRunningAsync(BlobPort, QueuePort, TablePort, dataFolder: null, Console.Out, context.CancellationToken);
        Mail = new MailCatcher();
        // 1 MiB session blocks: a file of a few megabytes (above MaxDocumentBytes) has several, so a
        // resumable upload can be cut between blocks and resumed.
        Runner = new RunnerProcess(Storage, Mail.Port, NewTaskHub("tests"), SigningKey, OrganiserKey, MaxDocumentBytes)
            .WithSetting("Awards__Documents__SessionBlockSize", SessionBlockSize.ToString(CultureInfo.InvariantCulture));
        await Runner.StartAsync();
    }

    [AssemblyCleanup]
    public static async Task StopAsync()
    {
        await Runner.DisposeAsync();
        Mail.Dispose();
        await Azurite.StopAsync(azurite);
    }

    /// <summary>A client with the organiser's key.</summary>
    public static AwardsClient Organiser() => new(Runner.BaseUrl, OrganiserKey);

    /// <summary>
    /// The shared services as both hosts build them, in this process, on the test storage with the
    /// runner's keys (and, with the default prefix, the runner's tables); no hosted services run.
    /// </summary>
    public static ServiceProvider SharedServices(string namePrefix = "awards")
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = TestHost.Storage,
            ["Awards:Storage:NamePrefix"] = namePrefix,
            ["Awards:TaskHub"] = TestHost.Runner.TaskHub,
            ["Awards:PublicBaseUrl"] = TestHost.Runner.BaseUrl.AbsoluteUri,
            ["Awards:Links:ActiveKeyId"] = "test",
            ["Awards:Links:SigningKeys:test"] = TestHost.SigningKey,
            ["Awards:Audit:ActiveKeyId"] = "test",
            ["Awards:Audit:Keys:test"] = RunnerProcess.AuditKeyFor(TestHost.SigningKey),
            ["Awards:Mail:Smtp:Host"] = "127.0.0.1",
            ["Awards:Mail:Smtp:Port"] = TestHost.Mail.Port.ToString(CultureInfo.InvariantCulture),
            ["Awards:Mail:Smtp:Security"] = "None",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAwards(configuration);
        return services.BuildServiceProvider();
    }
}
