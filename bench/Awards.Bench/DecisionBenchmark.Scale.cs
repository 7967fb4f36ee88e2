using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Awards.LocalRunner;
using Awards.Mail;
using Awards.Storage;
using Awards.Testing;
using Awards.Workflow;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Awards.Bench;

/// <summary>
/// The scale benchmark of issue 12 (<c>scale SIZES K C M P</c>): in one run against one Azurite
/// and one runner, open stages are grown to each size in SIZES (e.g. 100,1000,5000); at each, the
/// idle CPU of runner and Azurite is measured, then K of the open stages are decided by the
/// product path (POST to the review link → next stage's request queued) and the same K again at
/// their next stage by bare <c>RaiseEventAsync</c>, C calls in flight — each decision opens the
/// next stage, so the number of open stages stays the size. Then a campaign the size of the
/// seed's conference (M nominations in P proposals) goes through three stages, each proposal
/// approved whole through its mail link, from the first submit to the last "awarded" mail queued.
/// The runner counts its storage requests by kind (the benchmark-only <see cref="StorageCountsFile"/>
/// switch), so each phase reports them per decision. Writes the scale section of docs/benchmarks.md.
/// </summary>
internal static partial class DecisionBenchmark
{
    private const string StorageCountsFile = StorageCounts.Variable;

    public static async Task<int> RunScaleAsync(string[] args)
    {
        var sizes = (args.Length > 0 ? args[0] : "100,1000,5000").Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).Order().ToArray();
        var k = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var conference = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 366;
        var conferenceProposals = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 126;
        var port = int.TryParse(Environment.GetEnvironmentVariable("AWARDS_BENCH_AZURITE_PORT"), out var p) ? p : 11050;
        var total = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        var loadSamples = new ConcurrentQueue<double>();
        using var loadSampler = new Timer(_ => loadSamples.Enqueue(double.Parse(Machine.LoadAverage(), CultureInfo.InvariantCulture)), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Console.WriteLine($"Scale: open stages {string.Join(", ", sizes)}; {k} decisions per variant at each; {concurrency} in flight; conference {conference} nominations in {conferenceProposals} proposals; Azurite on {port}–{port + 2}.");
        var azurite = await Azurite.EnsureRunningAsync(port, port + 1, port + 2, dataFolder: null, Console.Out, CancellationToken.None);
        var outboxFolder = Path.Combine(Path.GetTempPath(), "awards-bench-outbox-" + Guid.NewGuid().ToString("N")[..8]);
        var countsFile = Path.Combine(Path.GetTempPath(), "awards-bench-counts-" + Guid.NewGuid().ToString("N")[..8] + ".json");
        try
        {
            var storage = Azurite.ConnectionString(port, port + 1, port + 2);
            var signingKey = RunnerProcess.NewSigningKey();
            var organiserKey = "bench-" + Guid.NewGuid().ToString("N");
            var taskHub = ("scale" + Guid.NewGuid().ToString("N"))[..20];
            await using var runner = new RunnerProcess(storage, smtpPort: 25, taskHub, signingKey, organiserKey)
                .WithSetting("Awards__Mail__Smtp__Host", string.Empty)
                .WithSetting("Awards__Mail__OutboxPath", outboxFolder)
                .WithSetting(StorageCountsFile, countsFile)
                .WithoutSetting(RunnerProcess.QueuePollingOverride); // measured as host.json sets it, not as the tests hurry it
            var overrides = (Environment.GetEnvironmentVariable("AWARDS_BENCH_RUNNER_SETTINGS") ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries);
            foreach (var setting in overrides)
            {
                // Durable settings tried against the defaults, e.g. AzureFunctionsJobHost__extensions__durableTask__extendedSessionsEnabled=true.
                var (name, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                runner.WithSetting(name, value);
                Console.WriteLine($"Runner setting {name} = {value}");
            }

            await runner.StartAsync();
            using var outbox = new OutboxFolder(outboxFolder);
            using var organiser = new AwardsClient(runner.BaseUrl, organiserKey);
            var campaign = WithFourStages(TestCampaigns.Create("scale"));
            using (var created = await organiser.CreateCampaignAsync(campaign))
            {
                await AwardsClient.EnsureAsync(created);
            }

            var approvers = new[] { Provincial, Ministry, Front, Central }.ToDictionary(stage => stage, stage => campaign.ApproversFor(campaign.FindStage(stage)!, "PY")[0], StringComparer.Ordinal);
            using var nominator = organiser.As(await organiser.IssueNominatorKeyAsync(TestCampaigns.Address("nominator", campaign.Id), "Công an tỉnh Phú Yên", "PY"));
            var awardsStorage = new AwardsStorage(Options.Create(new StorageOptions()), Options.Create(new StorageConnectionOptions { ConnectionString = storage }));
            await using var drivers = new Drivers(runner.GrpcPort);
            var http = drivers.Http;
            var queues = new QueueServiceClient(storage);
            var cpu = new CpuMeter(runner.ProcessId, azurite?.Id);

            Func<Nominee, Task> Post(string stage) => drivers.Post(stage);
            Func<Nominee, Task> Raise(string stage, int round) => drivers.Raise(stage, round, approvers);

            var pool = new Queue<Nominee>();
            var made = 0;
            var rows = new List<ScaleRow>();
            foreach (var size in sizes)
            {
                // ---- Grow the open stages to the size (not measured).
                var grow = Stopwatch.StartNew();
                var fresh = new Nominee[size - made];
                await Parallel.ForEachAsync(Enumerable.Range(0, fresh.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
                {
                    var view = await nominator.CreateNominationAsync(new
                    {
                        campaignId = campaign.Id,
                        awardCode = FourStageAward,
                        kind = "collective",
                        nomineeName = string.Create(CultureInfo.InvariantCulture, $"Đội Cảnh sát khu vực số {made + i + 1:D5}, Công an huyện Tuy An"),
                        achievementSummary = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc.",
                    });
                    fresh[i] = new Nominee(view.Nomination.Id, view.Nomination.ProposalId);
                    using var submitted = await nominator.SubmitAsync(fresh[i].Id);
                    await AwardsClient.EnsureAsync(submitted);
                });
                made = size;
                await ReadLinksAsync(fresh, Provincial, approvers, outbox, TimeSpan.FromMinutes(30), http);
                foreach (var x in fresh)
                {
                    pool.Enqueue(x);
                }

                Console.WriteLine($"{size} stages open ({grow.Elapsed.TotalSeconds:F0} s to grow).");
                var idle = await IdleCurveAsync(cpu);
                var queueDepth = await QueueDepthAsync(queues, taskHub);
                var sample = Enumerable.Range(0, Math.Min(k, pool.Count)).Select(_ => pool.Dequeue()).ToArray();
                var countsBefore = ReadCounts(countsFile);
                var product = await RunPhaseAsync([new Phase("a", "POST to the review link", sample, Ministry, Post(Provincial))], concurrency, outbox, queues, taskHub, cpu, approvers);
                await Task.Delay(1500); // the counts file is written every second
                var countsProduct = ReadCounts(countsFile);
                var bare = await RunPhaseAsync([new Phase("b2", "Bare `RaiseEventAsync`", sample, Front, Raise(Ministry, 2))], concurrency, outbox, queues, taskHub, cpu, approvers);
                await Task.Delay(1500);
                var countsBare = ReadCounts(countsFile);
                rows.Add(new ScaleRow(size, idle, queueDepth, product, bare, Diff(countsProduct, countsBefore), Diff(countsBare, countsProduct), await TableSizesAsync(storage)));
            }

            // ---- The conference: M nominations in P proposals, three stages, each proposal approved whole.
            Console.WriteLine($"Conference: {conference} nominations in {conferenceProposals} proposals…");
            var proposals = new Nominee[conferenceProposals];
            var members = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(Enumerable.Range(0, conferenceProposals), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            {
                var count = (conference / conferenceProposals) + (i < conference % conferenceProposals ? 1 : 0);
                string? proposalId = null;
                string? firstId = null;
                for (var j = 0; j < count; j++)
                {
                    var view = await nominator.CreateNominationAsync(new
                    {
                        campaignId = campaign.Id,
                        proposalId,
                        awardCode = "bk-mttq",
                        kind = "collective",
                        nomineeName = string.Create(CultureInfo.InvariantCulture, $"Phòng Cảnh sát số {i + 1:D3}-{j + 1}, Công an tỉnh Phú Yên"),
                        achievementSummary = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc.",
                    });
                    proposalId ??= view.Nomination.ProposalId;
                    firstId ??= view.Nomination.Id;
                    members.GetOrAdd(proposalId, _ => []).Add(view.Nomination.Id);
                }

                proposals[i] = new Nominee(firstId!, proposalId!);
            });

            var conferenceCpu = cpu.Snapshot();
            var conferenceCounts = ReadCounts(countsFile);
            var conferenceWatch = Stopwatch.StartNew();
            var firstSubmit = DateTimeOffset.UtcNow;
            using var gate = new SemaphoreSlim(concurrency);
            await Parallel.ForEachAsync(proposals, new ParallelOptions { MaxDegreeOfParallelism = conferenceProposals }, async (x, ct) =>
            {
                await gate.WaitAsync(ct);
                try
                {
                    using var submitted = await nominator.Http.PostAsync(new Uri($"api/proposals/{x.ProposalId}/submit", UriKind.Relative), null, ct);
                    await AwardsClient.EnsureAsync(submitted);
                }
                finally
                {
                    gate.Release();
                }

                var expected = members[x.ProposalId].Count;
                foreach (var stage in new[] { Provincial, Ministry, Front })
                {
                    var link = ReadLink(await outbox.WaitAsync(x.MailKey(stage, approvers)), x.ProposalId);

                    // The whole proposal at once, as an approver would: once every nominee has reached the stage.
                    while (true)
                    {
                        IReadOnlyList<string> shown;
                        await gate.WaitAsync(ct);
                        try
                        {
                            shown = await ReviewForm.ShownAsync(http, link);
                            if (shown.Count >= expected)
                            {
                                using var response = await ReviewForm.PostAsync(http, link, shown, [new("action", "approve-remaining")]);
                                if (response.StatusCode != HttpStatusCode.SeeOther)
                                {
                                    throw new InvalidOperationException($"POST {link} answered {(int)response.StatusCode}");
                                }

                                break;
                            }
                        }
                        finally
                        {
                            gate.Release();
                        }

                        await Task.Delay(500, ct);
                    }
                }
            });
            var awardedKeys = members.Values.SelectMany(m => m).Select(id => OutboxFolder.OutboxKey($"{id}|awarded")).ToList();
            await WaitQueuedAsync(awardsStorage.MailOutbox, awardedKeys, TimeSpan.FromMinutes(40));
            var conferenceWall = conferenceWatch.Elapsed.TotalSeconds;
            var conferenceCpuUse = cpu.Snapshot() - conferenceCpu;
            await Task.Delay(1500);
            var conferenceOps = Diff(ReadCounts(countsFile), conferenceCounts);
            var queuedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            await foreach (var row in awardsStorage.MailOutbox.QueryAsync<TableEntity>(select: ["RowKey", "QueuedAt"]))
            {
                if (row.GetDateTimeOffset("QueuedAt") is { } at)
                {
                    queuedAt[row.RowKey] = at;
                }
            }

            var awarded = awardedKeys.Where(queuedAt.ContainsKey).Select(key => queuedAt[key]).ToList();
            var lastAwarded = awarded.Count > 0 ? (awarded.Max() - firstSubmit).TotalSeconds : double.NaN;
            var idleEnd = await IdleCurveAsync(cpu);
            var runnerErrors = RunnerFailures(runner.Output);

            // ---- Instances that received their start message a second time (a queue message whose
            // visibility ran out while Azurite was saturated): does one still waiting take a decision
            // and open its next stage?
            var restarted = SecondStartMessages(runner.Output);
            var restartedWaiting = pool.Where(x => restarted.Contains(x.Id)).ToArray();
            string? restartedCheck = null;
            if (restarted.Count > 0)
            {
                Console.WriteLine($"{restarted.Count} instance(s) received a second start message; {restartedWaiting.Length} still wait at the first stage: deciding them…");
                if (restartedWaiting.Length > 0)
                {
                    await RunPhaseAsync([new Phase("d", "Decision to an instance that received a second start message", restartedWaiting, Ministry, Post(Provincial))], concurrency, outbox, queues, taskHub, cpu, approvers);
                }

                var took = restartedWaiting.Count(x => outbox.Has(x.MailKey(Ministry, approvers)));
                restartedCheck = string.Create(CultureInfo.InvariantCulture, $"{restarted.Count} instance(s) received their start message a second time ({string.Join(", ", restarted.Order(StringComparer.Ordinal))}); of the {restartedWaiting.Length} still waiting at the first stage, {took} took a decision through the review link and opened the next stage.");
            }

            // ---- Report.
            var md = new StringBuilder();
            var load = loadSamples.ToArray();
            md.AppendLine(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {total.Elapsed.TotalSeconds:F0} s including start-up and preparation.");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} processors (nproc), {Machine.MemoryGiB():F1} GiB memory, {Machine.CpuModel()}; {Environment.OSVersion}, .NET {Environment.Version}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1 min) at start {loadAtStart}; sampled every 5 s during the run {load.Min():F1}–{load.Max():F1} (median {Percentile(load, 0.5):F1}); at end {Machine.LoadAverage()}. The machine is shared: other engineers' builds and tests ran on the same two cores.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Storage: Azurite 3.37.0 in memory on the same machine, started with the repository's preload `tools/azurite/partition-queries.js` (single-partition queries and point operations by index); the runner is the Release build of Awards.LocalRunner (workflow version 5: the due-time index, no durable timer per open stage), started by the benchmark with the Durable settings of host.json{(overrides.Length == 0 ? string.Empty : $" except `{string.Join("`, `", overrides)}`")}; mail in file mode.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Awards.Bench -- scale {string.Join(',', sizes)} {k} {concurrency} {conference} {conferenceProposals}` (open-stage sizes, decisions per variant at each, calls in flight, conference nominations, proposals; `AWARDS_BENCH_AZURITE_PORT` moves Azurite off {port}–{port + 2}).");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### Decisions with open stages waiting ({concurrency} calls in flight)");
            md.AppendLine();
            md.AppendLine("Product path (a): POST `decision=approve` to the emailed review link → the next stage's review request queued. Bare (b2): `RaiseEventAsync` of the same approval at the next stage, no claim. Latency from the call to the `QueuedAt` of the next request. Idle: CPU s per second of runner + Azurite with nothing to do at that many open stages, over the last 30 s of the 120 s after the work stopped (in brackets the busiest 10 s before that: Azurite's V8 gives back the memory a burst of work took, in a few major collections 30–70 s after the burst; every window is listed under the table). CPU per decision: runner + Azurite + benchmark client, the phase's whole CPU over its decisions.");
            md.AppendLine();
            md.AppendLine("| Open stages | Control-queue messages | Idle CPU s/s runner + Azurite | (a) decisions/s | (a) p50 / p95 | (b2) events/s | (b2) p50 / p95 | (a)/(b2) | (a) CPU ms per decision: runner + Azurite + client | (b2) CPU ms per event |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var r in rows)
            {
                var a = r.Product.Parts[0].Figures(queuedAt, approvers);
                var b = r.Bare.Parts[0].Figures(queuedAt, approvers);
                var n = r.Product.Parts[0].Items.Count;
                md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Size} | {r.QueueDepth} | {r.Idle.Settled.Runner:F3} + {r.Idle.Settled.Azurite:F3} = **{r.Idle.Settled.Runner + r.Idle.Settled.Azurite:F3}** ({r.Idle.BusiestBefore.Runner + r.Idle.BusiestBefore.Azurite:F3} at {r.Idle.BusiestAt}–{r.Idle.BusiestAt + IdleWindow} s) | **{a.Throughput:F1}/s** ({a.Completed}/{n}) | {a.P50:F2} s / {a.P95:F2} s | {b.Throughput:F1}/s | {b.P50:F2} s / {b.P95:F2} s | {a.Throughput / b.Throughput:F2} | {r.Product.Cpu.Runner / n * 1000:F0} + {r.Product.Cpu.Azurite / n * 1000:F0} + {r.Product.Cpu.Client / n * 1000:F0} = {r.Product.Cpu.Total / n * 1000:F0} | {r.Bare.Cpu.Runner / n * 1000:F0} + {r.Bare.Cpu.Azurite / n * 1000:F0} + {r.Bare.Cpu.Client / n * 1000:F0} = {r.Bare.Cpu.Total / n * 1000:F0} |");
            }

            md.AppendLine();
            md.AppendLine("Idle after each size's decisions, runner + Azurite CPU s/s in each 10 s window from the end of the work: " + string.Join("; ", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Size} open: ") + string.Join(", ", r.Idle.Windows.Select(w => (w.Runner + w.Azurite).ToString("F3", CultureInfo.InvariantCulture))))) + ".");
            md.AppendLine();
            md.AppendLine("Storage requests per decision, counted in the runner by kind (the Durable backend's and the app's own; the benchmark's client is not counted):");
            md.AppendLine();
            var kinds = rows.SelectMany(r => r.ProductOps.Keys.Concat(r.BareOps.Keys)).Where(kind => !kind.StartsWith(StorageCounts.QueryPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            md.AppendLine("| Open stages | Variant | " + string.Join(" | ", kinds) + " | all |");
            md.AppendLine("|---|---|" + string.Concat(kinds.Select(_ => "---|")) + "---|");
            foreach (var r in rows)
            {
                var n = (double)r.Product.Parts[0].Items.Count;
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Size} | (a) | ") + string.Join(" | ", kinds.Select(kind => (Count(r.ProductOps, kind) / n).ToString("F1", CultureInfo.InvariantCulture))) + string.Create(CultureInfo.InvariantCulture, $" | {kinds.Sum(kind => Count(r.ProductOps, kind)) / n:F1} |"));
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Size} | (b2) | ") + string.Join(" | ", kinds.Select(kind => (Count(r.BareOps, kind) / n).ToString("F1", CultureInfo.InvariantCulture))) + string.Create(CultureInfo.InvariantCulture, $" | {kinds.Sum(kind => Count(r.BareOps, kind)) / n:F1} |"));
            }

            md.AppendLine();
            md.AppendLine("Table queries per decision by table, and the table's entities after that size's decisions (a plain Azurite answers a query by testing every entity of the table; the preload narrows a query that names one partition to that partition):");
            md.AppendLine();
            var queried = rows.SelectMany(r => r.ProductOps.Keys.Concat(r.BareOps.Keys)).Where(kind => kind.StartsWith(StorageCounts.QueryPrefix, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            md.AppendLine("| Open stages | " + string.Join(" | ", queried.Select(q => $"`{q[StorageCounts.QueryPrefix.Length..]}` (a) / (b2) / entities")) + " |");
            md.AppendLine("|---|" + string.Concat(queried.Select(_ => "---|")));
            foreach (var r in rows)
            {
                var n = (double)r.Product.Parts[0].Items.Count;
                md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Size} | ") + string.Join(" | ", queried.Select(q =>
                {
                    var table = q[StorageCounts.QueryPrefix.Length..];
                    var entities = r.TableSizes.Where(t => t.Key == table || (table.StartsWith("{hub}", StringComparison.Ordinal) && t.Key.EndsWith(table[5..], StringComparison.Ordinal))).Sum(t => t.Value);
                    return string.Create(CultureInfo.InvariantCulture, $"{Count(r.ProductOps, q) / n:F1} / {Count(r.BareOps, q) / n:F1} / {entities:N0}");
                })) + " |");
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### The conference: {conference} nominations in {conferenceProposals} proposals through three stages");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Every proposal submitted at once ({concurrency} requests in flight in all), then approved whole (`approve-remaining`) at provincial, ministry and Front through its mail link once all its nominees have reached the stage, until every \"awarded\" mail is queued; {sizes[^1]} other stages stay open meanwhile.");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- First submit → last \"awarded\" mail queued: **{lastAwarded:F0} s** ({awarded.Count}/{conference} awarded; wall time of the phase {conferenceWall:F0} s).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- CPU: runner {conferenceCpuUse.Runner:F0} s + Azurite {conferenceCpuUse.Azurite:F0} s + client {conferenceCpuUse.Client:F0} s; per nomination {conferenceCpuUse.Total / conference:F2} s. Storage requests per nomination: {string.Join(", ", conferenceOps.Where(o => !o.Key.StartsWith(StorageCounts.QueryPrefix, StringComparison.Ordinal)).OrderByDescending(o => o.Value).Select(o => string.Create(CultureInfo.InvariantCulture, $"{o.Key} {o.Value / (double)conference:F1}")))}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Idle after everything (runner + Azurite), 90–120 s after the last mail: {idleEnd.Settled.Runner:F3} + {idleEnd.Settled.Azurite:F3} CPU s/s (busiest 10 s before that: {idleEnd.BusiestBefore.Runner + idleEnd.BusiestBefore.Azurite:F3} at {idleEnd.BusiestAt}–{idleEnd.BusiestAt + IdleWindow} s).");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Runner errors logged (`fail:`) during the run: {runnerErrors}.");
            if (restartedCheck is not null)
            {
                md.AppendLine();
                md.AppendLine(restartedCheck);
            }

            Publish("scale", md.ToString(), total.Elapsed, runner);

            return 0;
        }
        finally
        {
            await Azurite.StopAsync(azurite);
            try
            {
                Directory.Delete(outboxFolder, recursive: true);
                File.Delete(countsFile);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    private static Dictionary<string, long> ReadCounts(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, long>>(File.ReadAllText(path)) ?? [] : [];
            }
            catch (Exception e) when (attempt < 5 && e is IOException or JsonException)
            {
                // Caught between the runner's writes: read again.
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>Entities per table in the storage account (read after a phase, outside what is measured).</summary>
    private static async Task<Dictionary<string, long>> TableSizesAsync(string storage)
    {
        var service = new TableServiceClient(storage);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var table in service.QueryAsync())
        {
            long n = 0;
            await foreach (var page in service.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey"], maxPerPage: 1000).AsPages())
            {
                n += page.Values.Count;
            }

            sizes[table.Name] = n;
        }

        return sizes;
    }

    private static Dictionary<string, long> Diff(Dictionary<string, long> after, Dictionary<string, long> before) =>
        after.ToDictionary(x => x.Key, x => x.Value - Count(before, x.Key), StringComparer.Ordinal);

    private static long Count(Dictionary<string, long> counts, string kind) => counts.TryGetValue(kind, out var n) ? n : 0;

    /// <summary>
    /// The instances whose start message the runner received a second time and dropped (its
    /// <c>DuplicateStartFilter</c> warning), and any the backend still refused ("Multiple
    /// ExecutionStartedEvent" errors: a second start message that reached the dispatcher).
    /// </summary>
    private static HashSet<string> SecondStartMessages(string output)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        string? instance = null;
        foreach (var line in output.Split('\n'))
        {
            if (System.Text.RegularExpressions.Regex.Match(line, @"Dropped a second start message of workflow (\S+?):") is { Success: true } dropped)
            {
                found.Add(dropped.Groups[1].Value);
            }

            if (IsLogEntryStart(line))
            {
                instance = null;
            }

            if (System.Text.RegularExpressions.Regex.Match(line, @"work-item '([^']+)'|^\s*(nom-[a-z0-9]+):") is { Success: true } named)
            {
                instance ??= named.Groups[1].Success ? named.Groups[1].Value : named.Groups[2].Value;
            }

            if (instance is not null && line.Contains("Multiple ExecutionStartedEvent", StringComparison.Ordinal))
            {
                found.Add(instance);
            }
        }

        return found;
    }

    private const int IdleWindow = 10;

    // Windows followed after work stops: 120 s.
    private const int IdleWindows = 12;

    /// <summary>
    /// Idle CPU after work stops, in 10 s windows for 120 s: the settled figure over the last 30 s,
    /// and the busiest window before it (the settling: memory given back, sweeps catching up).
    /// Azurite's V8 gives back the memory of a burst in a few major collections that come 30 to
    /// 70 s after it; every window is kept for the report.
    /// </summary>
    private static async Task<IdleCurve> IdleCurveAsync(CpuMeter cpu)
    {
        var windows = new List<CpuUse>();
        var last = cpu.Snapshot();
        for (var i = 0; i < IdleWindows; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(IdleWindow));
            var now = cpu.Snapshot();
            var used = now - last;
            windows.Add(new CpuUse(used.Client / IdleWindow, used.Runner / IdleWindow, used.Azurite / IdleWindow));
            last = now;
        }

        Console.WriteLine("Idle, runner + Azurite CPU s/s by 10 s window: " + string.Join(", ", windows.Select(w => (w.Runner + w.Azurite).ToString("F3", CultureInfo.InvariantCulture))));
        var settled = windows[(IdleWindows - 3)..];
        var busiest = Enumerable.Range(0, IdleWindows - 3).MaxBy(i => windows[i].Runner + windows[i].Azurite);
        return new IdleCurve(
            new CpuUse(settled.Average(w => w.Client), settled.Average(w => w.Runner), settled.Average(w => w.Azurite)),
            windows[busiest],
            busiest * IdleWindow,
            windows);
    }

    private sealed record IdleCurve(CpuUse Settled, CpuUse BusiestBefore, int BusiestAt, IReadOnlyList<CpuUse> Windows);

    private sealed record ScaleRow(int Size, IdleCurve Idle, int QueueDepth, PhaseRun Product, PhaseRun Bare, Dictionary<string, long> ProductOps, Dictionary<string, long> BareOps, Dictionary<string, long> TableSizes);
}
