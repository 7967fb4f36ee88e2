using Awards.Hosting;
using Awards.Storage;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace Awards.LocalRunner;

/// <summary>Settings of the local Durable Task backend. Bound from <c>Awards:Runner</c>.</summary>
public sealed class RunnerOptions
{
    /// <summary>
    /// A fixed worker id: a restarted runner with the same id takes its partitions back at
    /// once; a new id would wait 15–25 s for the old leases to expire.
    /// </summary>
    public string WorkerId { get; set; } = "awards-local-runner";

    /// <summary>Port of the internal gRPC endpoint between the worker and the backend; 0 picks a free one.</summary>
    public int GrpcPort { get; set; }

    /// <summary>Where the runner keeps local data (Azurite's files, the development link key).</summary>
    public string DataFolder { get; set; } = ".awards";

    /// <summary>Whether to create the sample campaign (samples/campaign.json) on start when it does not exist.</summary>
    public bool LoadSampleCampaign { get; set; } = true;
}

/// <summary>
/// The Durable Task backend of the local runner: <c>AzureStorageOrchestrationService</c> (the
/// backend Durable Functions uses in Azure) behind the SDK's gRPC sidecar server, on its own
/// HTTP/2 Kestrel endpoint bound to loopback.
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private readonly WebApplication host;

    private DurableSidecar(WebApplication host, Uri address)
    {
        this.host = host;
        Address = address;
    }

    /// <summary>Where the worker and client connect.</summary>
    public Uri Address { get; }

    /// <summary>Creates the task hub if needed and starts serving.</summary>
    public static async Task<DurableSidecar> StartAsync(StorageConnectionOptions storage, string taskHub, RunnerOptions options, DurableSettings durable, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        // The same account and the same choice (connection string or managed identity) as the app's own storage clients.
        var clients = storage.UsesIdentity
            ? new StorageAccountClientProvider(storage.ServiceUri("blob"), storage.ServiceUri("queue"), storage.ServiceUri("table"), storage.CreateCredential())
            : new StorageAccountClientProvider(storage.EffectiveConnectionString);
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = clients,
            WorkerId = options.WorkerId,

            // The same settings the Functions app runs with in Azure (host.json, see DurableSettings).
            PartitionCount = durable.PartitionCount,
            MaxQueuePollingInterval = durable.MaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = durable.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = durable.WorkItemQueueVisibilityTimeout,
            MaxConcurrentTaskActivityWorkItems = durable.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = durable.MaxConcurrentOrchestrations,
            ExtendedSessionsEnabled = durable.ExtendedSessions,
            ControlQueueBufferThreshold = durable.ControlQueueBufferThreshold,
            LoggerFactory = loggerFactory,
        });
        await service.CreateIfNotExistsAsync();

        var port = options.GrpcPort == 0 ? FreePort() : options.GrpcPort;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.ListenLocalhost(port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        // The dispatcher sees the backend through the filter; the client (starts, events, queries) sees it as it is.
        builder.Services.AddSingleton<IOrchestrationService>(new DuplicateStartFilter(service, loggerFactory.CreateLogger<DuplicateStartFilter>()));
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync(ct);
        return new DurableSidecar(app, new Uri($"http://localhost:{port}"));
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        await host.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
