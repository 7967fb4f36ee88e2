using System.Security.Cryptography;
using Awards.Hosting;
using Awards.LocalRunner;
using Awards.Storage;
using Awards.Web;
using Awards.Web.Pages;
using Awards.Workflow;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

// The local runner: the Functions app's routes and orchestrations, on the Durable Task SDK
// over the AzureStorage backend, against Azurite. See docs/architecture.md.
var builder = WebApplication.CreateBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls("http://localhost:7071");
}

var runner = builder.Configuration.GetSection("Awards:Runner").Get<RunnerOptions>() ?? new RunnerOptions();
// A relative data folder is under the repository root (where the README says it is), whatever
// folder `dotnet run --project` starts in; outside a checkout, under the working folder.
var dataFolder = Path.GetFullPath(runner.DataFolder, Azurite.FindRepositoryRoot() ?? Directory.GetCurrentDirectory());
if (string.IsNullOrEmpty(builder.Configuration["Awards:Mail:OutboxPath"]))
{
    builder.Configuration["Awards:Mail:OutboxPath"] = Path.Combine(dataFolder, "outbox");
}
var storage = StorageConnectionOptions.Read(builder.Configuration);
System.Diagnostics.Process? azurite = null;
if (!storage.UsesIdentity && storage.EffectiveConnectionString.Equals(Azurite.DevelopmentStorage, StringComparison.OrdinalIgnoreCase))
{
    // Local development storage: make sure an Azurite is there, keeping its data on disk. One
    // this runner started is stopped when the runner stops (Ctrl+C, SIGTERM); one that was
    // already listening is left as it was.
    azurite = await Azurite.EnsureRunningAsync(10000, 10001, 10002, Path.Combine(dataFolder, "azurite"), Console.Out, CancellationToken.None);
    builder.Configuration[StorageConnectionOptions.SettingName] = Azurite.ConnectionString(10000, 10001, 10002);
    storage = StorageConnectionOptions.Read(builder.Configuration);
}

if (builder.Configuration.GetSection("Awards:Links:SigningKeys").GetChildren().Any() is false)
{
    // No signing key configured: a development key kept in the data folder, so links survive restarts.
    var keyFile = Path.Combine(dataFolder, "dev-link-signing-key.txt");
    if (!File.Exists(keyFile))
    {
        Directory.CreateDirectory(dataFolder);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    builder.Configuration["Awards:Links:ActiveKeyId"] = "dev";
    builder.Configuration["Awards:Links:SigningKeys:dev"] = (await File.ReadAllTextAsync(keyFile)).Trim();
}

if (builder.Configuration.GetSection("Awards:Audit:Keys").GetChildren().Any() is false)
{
    // No audit key configured: a development key kept in the data folder, so the audit logs
    // already in the local storage keep verifying after a restart.
    var keyFile = Path.Combine(dataFolder, "dev-audit-key.txt");
    if (!File.Exists(keyFile))
    {
        Directory.CreateDirectory(dataFolder);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
    }

    builder.Configuration["Awards:Audit:ActiveKeyId"] = "dev";
    builder.Configuration["Awards:Audit:Keys:dev"] = (await File.ReadAllTextAsync(keyFile)).Trim();
}

// The benchmark's count of storage requests by kind (an environment variable only its harness sets).
using var storageCounts = StorageCounts.StartIfAsked(storage.UsesIdentity ? string.Empty : storage.EffectiveConnectionString);

builder.Services.AddAwards(builder.Configuration);
builder.Services.AddOpenTelemetry().WithAwardsHttpRequests();
builder.Services.AddHostedService<Awards.Hosting.MailDeliveryService>();
builder.Services.AddHostedService<Awards.Hosting.EventRedeliveryService>();
builder.Services.AddHostedService<Awards.Hosting.AlarmSweepService>();
if (runner.LoadSampleCampaign)
{
    builder.Services.AddHostedService<SampleCampaign>();
}
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<RequestFailures>();
builder.WebHost.ConfigureKestrel(k =>
{
    // The document limit is enforced by the handler while streaming, the same on both hosts.
    k.Limits.MaxRequestBodySize = null;
});

using var loggerFactory = LoggerFactory.Create(l => l.AddConsole().SetMinimumLevel(LogLevel.Warning));
// The task hub name is the setting host.json gives the Functions app (%Awards__TaskHub%).
var taskHub = (builder.Configuration.GetSection("Awards").Get<TaskHubOptions>() ?? new TaskHubOptions()).TaskHub;
// The Durable settings the Functions app runs with (host.json), with the same overrides.
var durable = DurableSettings.Read(Path.Combine(AppContext.BaseDirectory, "host.json"), builder.Configuration);
var sidecar = await DurableSidecar.StartAsync(storage, taskHub, runner, durable, loggerFactory, CancellationToken.None);

// Separate channels for the worker and the client (many waits on one channel stall the worker).
using var workerChannel = GrpcChannel.ForAddress(sidecar.Address);
using var clientChannel = GrpcChannel.ForAddress(sidecar.Address);
builder.Services.AddDurableTaskWorker(b =>
{
    b.UseGrpc(workerChannel);
    b.AddTasks(r => r.AddAwardsWorkflow());
});
builder.Services.AddDurableTaskClient(b =>
{
    b.UseGrpc(clientChannel);
    b.RegisterDirectly();
});

var app = builder.Build();
// Anything a handler throws is answered by the same shared code as in the Functions app: a client's
// unreadable body is its 4xx problem document, anything else a 500 problem document with a trace id.
app.UseExceptionHandler();

// Pages and the texts their handlers pick are in the visitor's chosen language (the Functions app does the same in its middleware).
app.Use((http, next) =>
{
    PageLanguage.Apply(http.Request);
    return next(http);
});
app.MapAwardsRoutes();
app.MapDevPages();

try
{
    await app.RunAsync();
}
finally
{
    await sidecar.DisposeAsync();
    await Azurite.StopAsync(azurite);
}
