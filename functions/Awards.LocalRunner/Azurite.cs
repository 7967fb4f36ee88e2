using System.Diagnostics;
using System.Net.Sockets;

namespace Awards.LocalRunner;

/// <summary>
/// Starts the storage emulator from the npm package pinned in the repository's package.json
/// (installed on first use) when nothing listens on its ports, with the repository's preload that
/// answers single-partition table queries by index (tools/azurite/partition-queries.js). Used by
/// the runner, the tests and the benchmarks.
/// </summary>
public static class Azurite
{
    /// <summary>The development-storage shortcut the runner recognises.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Azurite's well-known development account key (public, documented by Microsoft; not a secret).</summary>
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>A connection string for an Azurite listening on the given ports of 127.0.0.1.</summary>
    public static string ConnectionString(int blobPort, int queuePort, int tablePort) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync("127.0.0.1", port).Wait(TimeSpan.FromMilliseconds(300)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Starts Azurite on the given ports unless all three already listen. Data is kept under
    /// <paramref name="dataFolder"/>, or in memory when it is null. Returns the process it
    /// started (the caller stops it), or null when one was already running.
    /// </summary>
    public static async Task<Process?> EnsureRunningAsync(int blobPort, int queuePort, int tablePort, string? dataFolder, TextWriter log, CancellationToken ct)
    {
        if (IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort))
        {
            return null;
        }

        var root = FindRepositoryRoot()
            ?? throw new InvalidOperationException("Cannot find the repository's package.json (which pins Azurite). Run from inside the repository, or start Azurite yourself and set AzureWebJobsStorage.");
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await log.WriteLineAsync($"Installing the pinned Azurite with npm in {root} (first run only)…");
            await RunAsync("npm", ["install", "--no-audit", "--no-fund"], root, ct);
        }

        // Partition queries by the index Azurite keeps, not by testing every entity (see the script).
        var partitionQueries = Path.Combine(root, "tools", "azurite", "partition-queries.js");
        var args = new List<string>
        {
            "--require", partitionQueries,
            script,
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--skipApiVersionCheck", "--loose", "--disableTelemetry",
        };
        if (dataFolder is null)
        {
            args.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(dataFolder);
            args.AddRange(["--location", dataFolder]);
        }

        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                log.WriteLine("azurite: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(IsListening(blobPort) && IsListening(queuePort) && IsListening(tablePort)))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite did not start on ports {blobPort}/{queuePort}/{tablePort} (exit code {(process.HasExited ? process.ExitCode : -1)}).");
            }

            await Task.Delay(100, ct);
        }

        await log.WriteLineAsync($"Azurite started (blob {blobPort}, queue {queuePort}, table {tablePort}; data {dataFolder ?? "in memory"}).");
        return process;
    }

    /// <summary>
    /// Stops an Azurite that <see cref="EnsureRunningAsync"/> started (null when one was already
    /// running, which is left alone): asked to stop first (SIGTERM, so it writes its data files
    /// and frees its ports), killed if it has not within ten seconds.
    /// </summary>
    public static async Task StopAsync(Process? started)
    {
        if (started is { HasExited: false })
        {
            if (!OperatingSystem.IsWindows() && Terminate(started.Id) == 0)
            {
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await started.WaitForExitAsync(patience.Token);
                }
                catch (OperationCanceledException)
                {
                    // It did not stop when asked: kill it below.
                }
            }

            if (!started.HasExited)
            {
                started.Kill(entireProcessTree: true);
                await started.WaitForExitAsync();
            }
        }

        started?.Dispose();
    }

    private static int Terminate(int pid) => Kill(pid, SigTerm);

    private const int SigTerm = 15;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>The folder holding the package.json that pins Azurite, searched upward from the working folder and the program's folder.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var package = Path.Combine(dir.FullName, "package.json");
                if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    private static async Task RunAsync(string file, string[] args, string folder, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{file} {string.Join(' ', args)}' failed with exit code {process.ExitCode}.");
        }
    }
}
