using Awards.Testing;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>
/// A Durable Task client in the test process, on a runner's own backend (its gRPC sidecar) — to
/// start an instance as an older deploy would have, or to read an instance's state — or on an
/// address where nothing listens, which is how a process whose backend connection is gone sees it.
/// </summary>
internal sealed class WorkflowClients : IAsyncDisposable
{
    private readonly GrpcChannel channel;
    private readonly ServiceProvider provider;

    private WorkflowClients(Uri address)
    {
        channel = GrpcChannel.ForAddress(address);
        var services = new ServiceCollection().AddLogging();
        services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(channel);
            b.RegisterDirectly();
        });
        provider = services.BuildServiceProvider();
        Client = provider.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    /// <summary>A client on the runner's backend.</summary>
    public static WorkflowClients On(RunnerProcess runner) => new(new Uri($"http://localhost:{runner.GrpcPort}"));

    /// <summary>A client whose every call fails as if the process had lost its backend (nothing listens there).</summary>
    public static WorkflowClients Unreachable() => new(new Uri($"http://localhost:{MailCatcher.FreePort()}"));

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        channel.Dispose();
    }
}
