using System.Globalization;
using System.Text.RegularExpressions;

namespace Awards.Bench;

/// <summary>
/// Samples a process's resident set (VmRSS in /proc/&lt;pid&gt;/status) every ~20 ms on its own
/// thread, from just before a measured operation until <see cref="Stop"/>.
/// </summary>
internal sealed class RssSampler : IDisposable
{
    private readonly int pid;
    private readonly Thread thread;
    private volatile bool stopping;
    private long peak;

    public RssSampler(int pid)
    {
        this.pid = pid;
        Baseline = Read(pid);
        peak = Baseline;
        thread = new Thread(Run) { IsBackground = true, Name = "rss-sampler" };
        thread.Start();
    }

    /// <summary>VmRSS in bytes when sampling began.</summary>
    public long Baseline { get; }

    /// <summary>Stops sampling; returns the baseline and the highest VmRSS seen, in bytes.</summary>
    public (long Baseline, long Peak) Stop()
    {
        stopping = true;
        thread.Join();
        return (Baseline, Math.Max(Interlocked.Read(ref peak), Read(pid)));
    }

    public void Dispose()
    {
        if (!stopping)
        {
            Stop();
        }
    }

    /// <summary>VmRSS of a process in bytes.</summary>
    public static long Read(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"No VmRSS for process {pid}.");
    }

    private void Run()
    {
        while (!stopping)
        {
            var now = Read(pid);
            if (now > Interlocked.Read(ref peak))
            {
                Interlocked.Exchange(ref peak, now);
            }

            Thread.Sleep(20);
        }
    }
}

/// <summary>What the report says about the machine.</summary>
internal static class Machine
{
    public static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Whether the CPU has the instructions that make SHA-256 fast (it dominates the runner's own work).</summary>
    public static string CpuFlags() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ').Contains("sha_ni") == true
            ? "with SHA extensions"
            : "no SHA extensions";

    public static double MemoryGiB()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0 / 1024.0;
    }
}

/// <summary>docs/benchmarks.md holds one section per benchmark between markers; a run replaces only its own.</summary>
internal static class BenchmarkDoc
{
    public static void ReplaceSection(string path, string name, string content)
    {
        var begin = $"<!-- bench:{name}:begin -->";
        var end = $"<!-- bench:{name}:end -->";
        var text = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n";
        var block = $"{begin}\n{content.TrimEnd()}\n{end}";
        var pattern = new Regex(Regex.Escape(begin) + ".*?" + Regex.Escape(end), RegexOptions.Singleline, TimeSpan.FromSeconds(1));
        text = pattern.IsMatch(text) ? pattern.Replace(text, block.Replace("$", "$$", StringComparison.Ordinal)) : text.TrimEnd() + "\n\n" + block + "\n";
        File.WriteAllText(path, text);
    }
}

/// <summary>CPU time used by the benchmark itself, the runner and Azurite: noise from other work on the machine changes wall times, much less these.</summary>
internal sealed class CpuMeter(int runnerPid, int? azuritePid)
{
    // Linux reports utime and stime in clock ticks of 1/100 s (USER_HZ) on every platform .NET runs on.
    private const double TicksPerSecond = 100;

    public CpuUse Snapshot() => new(
        Seconds(Environment.ProcessId),
        Seconds(runnerPid),
        azuritePid is { } pid ? Seconds(pid) : double.NaN);

    private static double Seconds(int pid)
    {
        // Fields after the command name (which may hold spaces, so split after its closing parenthesis): utime is the 12th, stime the 13th.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }
}

/// <summary>CPU seconds of each process.</summary>
internal sealed record CpuUse(double Client, double Runner, double Azurite)
{
    public static CpuUse operator -(CpuUse a, CpuUse b) => new(a.Client - b.Client, a.Runner - b.Runner, a.Azurite - b.Azurite);

    public double Total => Client + Runner + (double.IsNaN(Azurite) ? 0 : Azurite);
}
