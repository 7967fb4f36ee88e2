using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Awards.LocalRunner;
using Awards.Testing;

namespace Awards.Bench;

/// <summary>
/// Sign-in timing benchmark for issue 8 (item 11): <c>POST /signin</c> must not tell, by how long
/// it takes, whether an address is registered. One runner process and one Azurite; N addresses
/// that hold a nominator key and N that do not, each asked for once (so every registered request
/// really sends a link — the per-address limit never cuts the work short), alternating known and
/// unknown, one request at a time. Wall time per request from the client; the medians are compared.
/// Results replace the sign-in section of docs/benchmarks.md (between its markers).
/// </summary>
internal static class SignInBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var pairs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 25;
        var port = int.TryParse(Environment.GetEnvironmentVariable("AWARDS_BENCH_AZURITE_PORT"), out var p) ? p : 11030;
        var total = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        Console.WriteLine($"Sign-in: {pairs} known and {pairs} unknown addresses, alternating; Azurite on {port}–{port + 2} (in memory).");
        var azurite = await Azurite.EnsureRunningAsync(port, port + 1, port + 2, dataFolder: null, Console.Out, CancellationToken.None);
        try
        {
            var storage = Azurite.ConnectionString(port, port + 1, port + 2);
            using var mail = new MailCatcher();
            var organiserKey = "bench-" + Guid.NewGuid().ToString("N");
            var tag = "signin" + Guid.NewGuid().ToString("N")[..8];
            await using var runner = new RunnerProcess(storage, mail.Port, ("bench" + Guid.NewGuid().ToString("N"))[..20], RunnerProcess.NewSigningKey(), organiserKey);
            await runner.StartAsync();
            using var organiser = new AwardsClient(runner.BaseUrl, organiserKey);

            // Warm-up addresses first (JIT, connections, tables), then the measured ones.
            const int WarmUp = 3;
            var known = new List<string>();
            for (var i = 0; i < pairs + WarmUp; i++)
            {
                var email = $"known{i}.{tag}@example.vn";
                await organiser.IssueNominatorKeyAsync(email, "Công an tỉnh Phú Yên", "PY");
                known.Add(email);
            }

            var unknown = Enumerable.Range(0, pairs + WarmUp).Select(i => $"unknown{i}.{tag}@example.vn").ToList();
            using var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = runner.BaseUrl };
            for (var i = 0; i < WarmUp; i++)
            {
                await AskAsync(http, known[i]);
                await AskAsync(http, unknown[i]);
            }

            var knownTimes = new List<double>();
            var unknownTimes = new List<double>();
            for (var i = WarmUp; i < pairs + WarmUp; i++)
            {
                // Alternate which goes first so neither always meets the other's background work.
                foreach (var isKnown in i % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    var ms = await AskAsync(http, isKnown ? known[i] : unknown[i]);
                    (isKnown ? knownTimes : unknownTimes).Add(ms);
                }
            }

            // The links really went out (and none to unknown addresses): the known path did its work.
            foreach (var email in known)
            {
                await mail.WaitForAsync(email, timeout: TimeSpan.FromSeconds(120));
            }

            var strays = unknown.Sum(u => mail.To(u).Count);
            var knownMedian = Median(knownTimes);
            var unknownMedian = Median(unknownTimes);
            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {total.Elapsed.TotalSeconds:F0} s including start-up.");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} processors (nproc), {Machine.MemoryGiB():F1} GiB memory, {Machine.CpuModel()}; {Environment.OSVersion}, .NET {Environment.Version}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1 min) at start {loadAtStart}, at end {Machine.LoadAverage()}: the machine is shared, so other work competes for the same two cores.");
            md.AppendLine("- Storage: Azurite 3.37.0, in memory, same machine; the runner is the Release build of Awards.LocalRunner as a separate process, sending mail by SMTP to a local netDumbster.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Awards.Bench -- signin {pairs}` (set `AWARDS_BENCH_AZURITE_PORT` to move Azurite off {port}–{port + 2}).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- {pairs} registered and {pairs} unregistered addresses, each asked for once (`POST /signin`, one request at a time, alternating), after {WarmUp} unmeasured pairs; every registered address then received its link ({known.Count} messages), unregistered ones {strays}.");
            md.AppendLine();
            md.AppendLine("| `POST /signin` | median | 25th–75th percentile | min–max |");
            md.AppendLine("|---|---|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| registered address | {knownMedian:F1} ms | {Percentile(knownTimes, 25):F1}–{Percentile(knownTimes, 75):F1} ms | {knownTimes.Min():F1}–{knownTimes.Max():F1} ms |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| unregistered address | {unknownMedian:F1} ms | {Percentile(unknownTimes, 25):F1}–{Percentile(unknownTimes, 75):F1} ms | {unknownTimes.Min():F1}–{unknownTimes.Max():F1} ms |");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Ratio of medians, registered / unregistered: **{knownMedian / unknownMedian:F2}**.");

            var report = md.ToString();
            Console.WriteLine();
            Console.WriteLine(report);
            var docs = Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
            BenchmarkDoc.ReplaceSection(docs, "signin", report);
            Console.WriteLine($"Wrote the sign-in section of {docs} ({total.Elapsed.TotalSeconds:F0} s in all).");
            return 0;
        }
        finally
        {
            // Only the Azurite this run started (none when one already listened on the ports).
            await Azurite.StopAsync(azurite);
        }
    }

    private static async Task<double> AskAsync(HttpClient http, string email)
    {
        using var form = new FormUrlEncodedContent([new("email", email)]);
        var watch = Stopwatch.StartNew();
        using var response = await http.PostAsync(new Uri("signin", UriKind.Relative), form);
        await response.Content.ReadAsByteArrayAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"POST /signin for {email}: {(int)response.StatusCode}");
        }

        return ms;
    }

    private static double Median(List<double> values) => Percentile(values, 50);

    private static double Percentile(List<double> values, double percent)
    {
        // Linear interpolation between the closest ranks.
        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}
