using System.Diagnostics;
using Awards.LocalRunner;
using Awards.Testing;

namespace Awards.Bench;

/// <summary>
/// What the organiser-side benchmarks (exports, dashboard) start before they measure: Azurite in
/// memory on three ports, a mail catcher, and the Release runner as its own process with an
/// organiser key and a client holding it. Disposing stops them in the reverse order.
/// </summary>
internal sealed class OrganiserBench : IAsyncDisposable
{
    private OrganiserBench(Process? azurite, string storage)
    {
        AzuriteProcess = azurite;
        Storage = storage;
        Runner = new RunnerProcess(storage, Mail.Port, ("bench" + Guid.NewGuid().ToString("N"))[..20], RunnerProcess.NewSigningKey(), OrganiserKey);
        Organiser = new AwardsClient(Runner.BaseUrl, OrganiserKey);
    }

    /// <summary>The Azurite this benchmark started (null when one already listened).</summary>
    public Process? AzuriteProcess { get; }

    /// <summary>The connection string of that Azurite.</summary>
    public string Storage { get; }

    /// <summary>The mail catcher the runner sends to.</summary>
    public MailCatcher Mail { get; } = new();

    /// <summary>The organiser key the runner accepts without a stored record.</summary>
    public string OrganiserKey { get; } = "bench-" + Guid.NewGuid().ToString("N");

    /// <summary>The runner process.</summary>
    public RunnerProcess Runner { get; }

    /// <summary>An API client with <see cref="OrganiserKey"/>.</summary>
    public AwardsClient Organiser { get; }

    /// <summary>Starts Azurite on <paramref name="port"/> to <paramref name="port"/> + 2 (in memory) and the runner on it.</summary>
    public static async Task<OrganiserBench> StartAsync(int port)
    {
        var azurite = await Azurite.EnsureRunningAsync(port, port + 1, port + 2, dataFolder: null, Console.Out, CancellationToken.None);
        var bench = new OrganiserBench(azurite, Azurite.ConnectionString(port, port + 1, port + 2));
        try
        {
            await bench.Runner.StartAsync();
            return bench;
        }
        catch
        {
            await bench.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Organiser.Dispose();
        await Runner.DisposeAsync();
        Mail.Dispose();
        await Azurite.StopAsync(AzuriteProcess);
    }
}
