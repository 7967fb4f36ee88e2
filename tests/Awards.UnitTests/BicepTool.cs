using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Awards.Testing;

namespace Awards.UnitTests;

/// <summary>
/// The bicep compiler from the Azure.Bicep.CommandLine.linux-x64 NuGet package (a PackageDownload
/// of this project, so restore brings it), run on the repository's infra-bicep folder. Nothing
/// here reaches Azure: build, lint and snapshot all work offline.
/// </summary>
internal static class BicepTool
{
    /// <summary>The bicep executable, as the build located it.</summary>
    public static string Executable { get; } =
        typeof(BicepTool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepExecutable").Value!;

    /// <summary>The infra-bicep folder.</summary>
    public static string InfraFolder { get; } = Path.Combine(RepositoryPaths.Root, "infra-bicep");

    /// <summary>Every .bicep file under infra-bicep.</summary>
    public static IReadOnlyList<string> BicepFiles { get; } =
        [.. Directory.EnumerateFiles(InfraFolder, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    private static readonly Lazy<JsonObject> CompiledMain = new(() => Build(Path.Combine(InfraFolder, "main.bicep")));

    private static readonly Lazy<JsonArray> PredictedResources = new(Snapshot);

    /// <summary>main.bicep compiled to an ARM template.</summary>
    public static JsonObject MainTemplate => CompiledMain.Value;

    /// <summary>
    /// The resources main.bicep with main.bicepparam deploys, as <c>bicep snapshot</c> predicts
    /// them: the compiled template evaluated offline for a made-up subscription, so names and
    /// values computed from parameters (app settings per key id, Key Vault references) are plain
    /// strings; only values known after deployment (an identity's client id) stay expressions.
    /// </summary>
    public static JsonArray Resources => PredictedResources.Value;

    /// <summary>Runs bicep with <paramref name="arguments"/>; returns exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string workingDirectory, params string[] arguments)
    {
        EnsureExecutable();
        var start = new ProcessStartInfo(Executable, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // main.bicepparam reads these; the tests check the template's own defaults, whatever the shell has.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AZURE_", StringComparison.Ordinal) || k.StartsWith("AWARDS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        // No telemetry from a test run, and no wait for an update check.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + Executable);
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }
    }

    /// <summary>Compiles one .bicep file to ARM JSON (in a temporary folder) and parses it.</summary>
    public static JsonObject Build(string bicepFile)
    {
        var outDir = Directory.CreateTempSubdirectory("awards-bicep-").FullName;
        try
        {
            var (exit, output) = Run(InfraFolder, "build", bicepFile, "--outdir", outDir);
            if (exit != 0)
            {
                throw new InvalidOperationException($"bicep build {bicepFile} failed ({exit}):\n{output}");
            }

            var json = Path.Combine(outDir, Path.GetFileNameWithoutExtension(bicepFile) + ".json");
            return JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    /// <summary>Every resource of <paramref name="type"/> in the snapshot.</summary>
    public static IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        [.. Resources.Select(r => r!.AsObject()).Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The single resource of <paramref name="type"/> in the snapshot.</summary>
    public static JsonObject Single(string type) =>
        ResourcesOfType(type) is [var only] ? only : throw new InvalidOperationException($"Expected exactly one {type} in the snapshot.");

    /// <summary>Every resource of <paramref name="type"/> anywhere in a compiled template, nested deployments included.</summary>
    public static IEnumerable<JsonObject> CompiledResources(JsonObject template, string type)
    {
        foreach (var resource in EnumerateResources(template))
        {
            if (string.Equals((string?)resource["type"], type, StringComparison.OrdinalIgnoreCase))
            {
                yield return resource;
            }

            if (resource["properties"] is JsonObject properties && properties["template"] is JsonObject nested)
            {
                foreach (var inner in CompiledResources(nested, type))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<JsonObject> EnumerateResources(JsonObject template) =>
        template["resources"] switch
        {
            JsonArray array => array.OfType<JsonObject>(),
            JsonObject symbolic => symbolic.Select(p => p.Value).OfType<JsonObject>(),
            _ => [],
        };

    private static JsonArray Snapshot()
    {
        // Snapshot writes main.snapshot.json beside the parameters file: work on a copy.
        var copy = Directory.CreateTempSubdirectory("awards-infra-").FullName;
        try
        {
            CopyFolder(InfraFolder, copy);
            var (exit, output) = Run(copy, "snapshot", "main.bicepparam", "--mode", "overwrite",
                "--subscription-id", "00000000-0000-0000-0000-0000000000aa", "--tenant-id", "00000000-0000-0000-0000-0000000000bb",
                "--location", "southeastasia", "--deployment-name", "awards");
            if (exit != 0)
            {
                throw new InvalidOperationException($"bicep snapshot failed ({exit}):\n{output}");
            }

            var snapshot = JsonNode.Parse(File.ReadAllText(Path.Combine(copy, "main.snapshot.json")))!;
            return snapshot["predictedResources"]!.AsArray();
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static void EnsureExecutable()
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException("The bicep compiler is not where restore puts it; run dotnet restore (PackageDownload Azure.Bicep.CommandLine.linux-x64).", Executable);
        }

        // Package extraction does not always keep the executable bit (the package is linux-x64 only).
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The bicep package restored here is the linux-x64 build.");
        }

        var mode = File.GetUnixFileMode(Executable);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(Executable, mode | UnixFileMode.UserExecute);
        }
    }
}
