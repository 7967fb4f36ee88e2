using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Awards.Testing;

/// <summary>The local runner as a separate process, started the way a developer starts it, killable for real.</summary>
public sealed class RunnerProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> environment;
    private readonly StringBuilder output = new();
    private Process? process;

    /// <summary>Prepares a runner on a free port against the given storage, sending mail to <paramref name="smtpPort"/>.</summary>
    public RunnerProcess(string storageConnection, int smtpPort, string taskHub, string signingKey, string organiserKey, long maxDocumentBytes = 50_000_000)
    {
        Port = MailCatcher.FreePort();
        GrpcPort = MailCatcher.FreePort();
        TaskHub = taskHub;
        BaseUrl = new Uri($"http://127.0.0.1:{Port}/");
        DataFolder = Path.Combine(Path.GetTempPath(), "awards-tests", taskHub);
        environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = BaseUrl.AbsoluteUri.TrimEnd('/'),
            ["AzureWebJobsStorage"] = storageConnection,
            ["Awards__TaskHub"] = taskHub,
            ["Awards__Runner__WorkerId"] = "tests-" + taskHub,
            ["Awards__Runner__DataFolder"] = DataFolder,
            ["Awards__Runner__GrpcPort"] = GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [QueuePollingOverride] = "00:00:00.500",
            ["Awards__PublicBaseUrl"] = BaseUrl.AbsoluteUri,
            ["Awards__BootstrapOrganiserKey"] = organiserKey,
            ["Awards__Links__ActiveKeyId"] = "test",
            ["Awards__Links__SigningKeys__test"] = signingKey,
            ["Awards__Audit__ActiveKeyId"] = "test",
            ["Awards__Audit__Keys__test"] = AuditKeyFor(signingKey),
            ["Awards__Mail__Smtp__Host"] = "127.0.0.1",
            ["Awards__Mail__Smtp__Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Awards__Mail__Smtp__Security"] = "None",
            ["Awards__MaxDocumentBytes"] = maxDocumentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The override with which tests poll the task hub's queues at most every 0.5 s (host.json says 1 s), so a test waits less for a quiet queue.</summary>
    public const string QueuePollingOverride = "AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval";

    /// <summary>The port it serves on.</summary>
    public int Port { get; }

    /// <summary>Its Durable task hub.</summary>
    public string TaskHub { get; }

    /// <summary>
    /// Adds or overrides one environment setting before <see cref="StartAsync"/> — e.g.
    /// <c>Awards__Storage__NamePrefix</c> for a runner with its own tables and mail outbox, whose
    /// sender then delivers nobody else's mail.
    /// </summary>
    public RunnerProcess WithSetting(string name, string value)
    {
        environment[name] = value;
        return this;
    }

    /// <summary>Removes one environment setting before <see cref="StartAsync"/>, so the runner takes the value from its own configuration (e.g. host.json).</summary>
    public RunnerProcess WithoutSetting(string name)
    {
        environment.Remove(name);
        return this;
    }

    /// <summary>The port of its internal Durable Task gRPC endpoint (tests start orchestrations there directly).</summary>
    public int GrpcPort { get; }

    /// <summary>Its base URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Its local data folder.</summary>
    public string DataFolder { get; }

    /// <summary>The operating-system id of the running process (for reading its memory use from /proc).</summary>
    public int ProcessId => process?.Id ?? throw new InvalidOperationException("The runner is not started.");

    /// <summary>What the process printed (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>A new base64 signing key.</summary>
    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The audit key a runner started with <paramref name="signingKey"/> gets: derived from it, so
    /// every runner of a test run (they share one storage and one signing key) seals and verifies
    /// the same audit logs, without another constructor argument at every call site.
    /// </summary>
    public static string AuditKeyFor(string signingKey) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(signingKey), "awards-tests-audit-key"u8));

    /// <summary>Starts the process and waits until it answers HTTP.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(RepositoryPaths.RunnerDll))
        {
            throw new FileNotFoundException("Build the solution first: the runner is not at " + RepositoryPaths.RunnerDll);
        }

        var start = new ProcessStartInfo("dotnet", [RepositoryPaths.RunnerDll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the runner.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The runner exited with code {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("api/campaigns/ping", UriKind.Relative));
                if ((int)response.StatusCode == 401)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The runner did not answer within 90 s:\n" + Output);
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// A runner with tables, containers and mail outbox of its own (a unique storage name prefix):
    /// for a test that kills or stops its runner, so the work of the tests' shared runner (sign-in
    /// requests, mail) is never taken by a process that is about to die, nor its links built on another address.
    /// </summary>
    public RunnerProcess Isolated() => WithSetting("Awards__Storage__NamePrefix", "iso" + Guid.NewGuid().ToString("N")[..10]);

    /// <summary>Asks the process to stop, as a service manager or Ctrl+C does (SIGTERM), and waits until it has exited.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (process is { HasExited: false })
        {
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var patience = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(patience.Token);
        }
    }

    /// <summary>Kills the process outright (SIGKILL): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process?.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
