using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.LocalRunner;
using Awards.Security;
using Awards.Storage;
using Awards.Testing;
using Awards.Workflow;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Grpc.Net.Client;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Awards.Bench;

/// <summary>
/// Decision benchmark for issue 4, in one run against one Azurite and one runner process.
/// N nominations (one per proposal, so each has its own review link) are prepared under an award
/// whose chain has four stages (provincial → ministry → Front → central); each stage decision then
/// costs the runner the same work — one event, one orchestration episode, <c>OpenStage</c> of the
/// next stage, which queues the next approver's review request in the mail outbox — and the N
/// nominations are decided once per variant, one stage after the other:
/// <list type="bullet">
/// <item>(b2) provincial: the bare <c>DurableTaskClient.RaiseEventAsync</c> of the approval,
/// through the runner's gRPC sidecar, with no claim in storage;</item>
/// <item>(b1) ministry: the claim in storage (<see cref="NominationStore.ClaimDecisionAsync"/>,
/// as the review page does it) then the same <c>RaiseEventAsync</c>;</item>
/// <item>(a) Front: the product path — a form POST of <c>decision=approve</c> to the emailed
/// <c>/review/{token}</c> link.</item>
/// </list>
/// Each is timed from the call to the moment the next stage's review request for that proposal
/// is in the outbox. Then (c): M nominations of a three-stage award are submitted and approved at
/// every stage through their mail links until they are awarded.
/// Times come from the outbox rows' <c>QueuedAt</c> (the runner's clock when it queued the
/// message; same machine), not from when the benchmark noticed, so polling does not add to them.
/// Results replace the decisions section of docs/benchmarks.md (between its markers).
/// </summary>
internal static class DecisionBenchmark
{
    private const string Provincial = "provincial";
    private const string Ministry = "ministry";
    private const string Front = "front";
    private const string Central = "central";
    private const string FourStageAward = "bk-ttg";

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var full = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var port = int.TryParse(Environment.GetEnvironmentVariable("AWARDS_BENCH_AZURITE_PORT"), out var p) ? p : 11010;
        var total = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        var loadSamples = new ConcurrentQueue<double>();
        using var loadSampler = new Timer(_ => loadSamples.Enqueue(double.Parse(Machine.LoadAverage(), CultureInfo.InvariantCulture)), null, TimeSpan.Zero, TimeSpan.FromSeconds(5));

        Console.WriteLine($"Decisions: N = {n} open stages, decided once per variant, {full} three-stage nominations, {concurrency} requests in flight; Azurite on {port}–{port + 2} (in memory).");
        var azurite = await Azurite.EnsureRunningAsync(port, port + 1, port + 2, dataFolder: null, Console.Out, CancellationToken.None);
        var outboxFolder = Path.Combine(Path.GetTempPath(), "awards-bench-outbox-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var storage = Azurite.ConnectionString(port, port + 1, port + 2);
            var signingKey = RunnerProcess.NewSigningKey();
            var organiserKey = "bench-" + Guid.NewGuid().ToString("N");
            var taskHub = ("bench" + Guid.NewGuid().ToString("N"))[..20];

            // Mail in the outbox folder (file mode): no SMTP host. The sender still runs as in production.
            await using var runner = new RunnerProcess(storage, smtpPort: 25, taskHub, signingKey, organiserKey)
                .WithSetting("Awards__Mail__Smtp__Host", string.Empty)
                .WithSetting("Awards__Mail__OutboxPath", outboxFolder);
            await runner.StartAsync();
            using var outbox = new OutboxFolder(outboxFolder);

            using var organiser = new AwardsClient(runner.BaseUrl, organiserKey);
            var campaign = TestCampaigns.Create("bench");

            // No document is required, so preparing the nominations costs no uploads (the review
            // page still runs its document queries; they find nothing). A fourth stage and an award
            // that goes through all four let one set of nominations serve the three variants.
            campaign = campaign with
            {
                Documents = [.. campaign.Documents.Select(d => d with { Required = false })],
                Stages =
                [
                    .. campaign.Stages,
                    new StageDefinition { Code = Central, NameVi = "Ban Thi đua – Khen thưởng Trung ương", NameEn = "Central Emulation and Commendation Committee", Approvers = [new(TestCampaigns.Address("tdkt-tw", campaign.Id), "Ban Thi đua – Khen thưởng Trung ương")] },
                ],
                Awards =
                [
                    .. campaign.Awards,
                    new AwardDefinition { Code = FourStageAward, NameVi = "Bằng khen của Thủ tướng Chính phủ", NameEn = "Certificate of merit of the Prime Minister", AwardingBody = "Thủ tướng Chính phủ", StageChain = [Provincial, Ministry, Front, Central] },
                ],
            };
            using (var created = await organiser.CreateCampaignAsync(campaign))
            {
                await AwardsClient.EnsureAsync(created);
            }

            var approvers = new[] { Provincial, Ministry, Front, Central }.ToDictionary(stage => stage, stage => campaign.ApproversFor(campaign.FindStage(stage)!, "PY")[0], StringComparer.Ordinal);
            using var nominator = organiser.As(await organiser.IssueNominatorKeyAsync(TestCampaigns.Address("nominator", campaign.Id), "Công an tỉnh Phú Yên", "PY"));

            // The product's own store, on the same tables as the runner, for the claim baseline.
            var awardsStorage = new AwardsStorage(Options.Create(new StorageOptions()), Options.Create(new StorageConnectionOptions { ConnectionString = storage }));
            var chain = new AuditChain(Options.Create(new AuditOptions { ActiveKeyId = "test", Keys = { ["test"] = RunnerProcess.AuditKeyFor(signingKey) } }));
            var store = new NominationStore(awardsStorage, new NomineeIndex(awardsStorage), chain);

            // A Durable Task client on the runner's sidecar, on its own channel.
            using var channel = GrpcChannel.ForAddress($"http://localhost:{runner.GrpcPort}");
            var services = new ServiceCollection().AddLogging();
            services.AddDurableTaskClient(b =>
            {
                b.UseGrpc(channel);
                b.RegisterDirectly();
            });
            await using var provider = services.BuildServiceProvider();
            var durable = provider.GetRequiredService<DurableTaskClient>();

            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 256 }) { Timeout = TimeSpan.FromMinutes(2) };
            var queues = new QueueServiceClient(storage);
            var cpu = new CpuMeter(runner.ProcessId, azurite?.Id);

            // ---- Preparation: N nominations of the four-stage award, submitted, waiting at the
            // provincial stage; M drafts of the three-stage award for (c). Created and submitted in one go.
            var prepare = Stopwatch.StartNew();
            var prepareCpu = cpu.Snapshot();
            var all = new Nominee[n + full];
            await Parallel.ForEachAsync(Enumerable.Range(0, all.Length), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
            {
                var view = await nominator.CreateNominationAsync(new
                {
                    campaignId = campaign.Id,
                    awardCode = i < n ? FourStageAward : "bk-mttq",
                    kind = "collective",
                    nomineeName = string.Create(CultureInfo.InvariantCulture, $"Đội Cảnh sát khu vực số {i + 1:D4}, Công an huyện Tuy An"),
                    achievementSummary = "Có thành tích xuất sắc trong phong trào toàn dân bảo vệ an ninh Tổ quốc.",
                });
                all[i] = new Nominee(view.Nomination.Id, view.Nomination.ProposalId);
                if (i < n)
                {
                    using var submitted = await nominator.SubmitAsync(all[i].Id);
                    await AwardsClient.EnsureAsync(submitted);
                }
            });
            var submittedSeconds = prepare.Elapsed.TotalSeconds;
            var open = all[..n];
            Console.WriteLine($"Created {all.Length} nominations (one proposal each) and submitted {open.Length} in {submittedSeconds:F1} s; waiting for their provincial review requests…");
            await Progress("provincial requests", [.. open.Select(x => x.MailKey(Provincial, approvers))], outbox, TimeSpan.FromMinutes(10));
            var prepared = prepare.Elapsed.TotalSeconds;
            var prepareCpuUse = cpu.Snapshot() - prepareCpu;
            Console.WriteLine($"{open.Length} stages open after {prepared:F1} s ({prepareCpuUse.Total / all.Length:F2} CPU s per nomination).");

            // Warm-up, not measured: the benchmark's own storage and Durable clients.
            foreach (var x in open.Take(4))
            {
                await store.FindClaimAsync(x.Id, Provincial, 1, CancellationToken.None);
                await durable.GetInstanceAsync(x.Id);
            }

            // What the processes burn while nothing happens, to read the CPU figures against.
            var idleStart = cpu.Snapshot();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var idle = cpu.Snapshot() - idleStart;
            const double IdleSeconds = 3;

            // ---- The variants, one stage after the other on the same nominations: bare Durable
            // path first and the product path last, so the product meets the largest backlog of
            // pending timer messages (one per stage ever opened; see the notes).
            var phases = new List<Phase>();
            phases.Add(await RunPhaseAsync("b2", "Bare `RaiseEventAsync` (no claim); provincial → ministry", open, Ministry, concurrency, approvers, outbox, queues, taskHub, cpu, async x =>
            {
                var decision = new StageDecision(Provincial, 1, DecisionOutcome.Approve, null, approvers[Provincial].Email, approvers[Provincial].Name, DateTimeOffset.UtcNow, x.Wave);
                await durable.RaiseEventAsync(x.Id, WorkflowEvents.StageDecided, decision);
            }));

            phases.Add(await RunPhaseAsync("b1", "Claim in storage + `RaiseEventAsync`; ministry → Front", open, Front, concurrency, approvers, outbox, queues, taskHub, cpu, async x =>
            {
                // What the page does per nominee once it has read the form: claim the stage round, then raise the event.
                var decision = new StageDecision(Ministry, 2, DecisionOutcome.Approve, null, approvers[Ministry].Email, approvers[Ministry].Name, DateTimeOffset.UtcNow, x.Wave);
                var claim = await store.ClaimDecisionAsync(x.Id, decision, "-", CancellationToken.None);
                if (claim is not { Won: true })
                {
                    throw new InvalidOperationException($"The claim for {x.Id} was not won: {claim}");
                }

                await durable.RaiseEventAsync(x.Id, WorkflowEvents.StageDecided, decision);
            }));

            foreach (var x in open)
            {
                x.Link = ReadLink(await outbox.WaitAsync(x.MailKey(Front, approvers)), x.ProposalId);
            }

            // Warm-up of the review page, not measured (GET only shows).
            using (var page = await http.GetAsync(open[0].Link))
            {
                page.EnsureSuccessStatusCode();
            }

            phases.Add(await RunPhaseAsync("a", "POST `decision=approve` to the review link; Front → central", open, Central, concurrency, approvers, outbox, queues, taskHub, cpu, async x =>
            {
                using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" });
                using var response = await http.PostAsync(x.Link, form);
                if (response.StatusCode != HttpStatusCode.SeeOther)
                {
                    throw new InvalidOperationException($"POST {x.Link} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }));

            // ---- (c) Three-stage nominations, submit → three approvals through the mail links → awarded.
            var fullNominees = all[n..];
            var fullQueue = await QueueDepthAsync(queues, taskHub);
            var fullCpu = cpu.Snapshot();
            var fullWatch = Stopwatch.StartNew();
            using var gate = new SemaphoreSlim(concurrency);
            var fullTask = Parallel.ForEachAsync(fullNominees, new ParallelOptions { MaxDegreeOfParallelism = full }, async (x, ct) =>
            {
                x.Start = DateTimeOffset.UtcNow;
                await gate.WaitAsync(ct);
                try
                {
                    using var submitted = await nominator.SubmitAsync(x.Id);
                    await AwardsClient.EnsureAsync(submitted);
                }
                finally
                {
                    gate.Release();
                }

                foreach (var stage in new[] { Provincial, Ministry, Front })
                {
                    var link = ReadLink(await outbox.WaitAsync(x.MailKey(stage, approvers)), x.ProposalId);
                    await gate.WaitAsync(ct);
                    try
                    {
                        x.Clicks[stage] = DateTimeOffset.UtcNow;
                        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["decision"] = "approve" });
                        using var response = await http.PostAsync(link, form, ct);
                        if (response.StatusCode != HttpStatusCode.SeeOther)
                        {
                            throw new InvalidOperationException($"POST {link} ({stage}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            });
            var awardedKeys = fullNominees.Select(x => OutboxFolder.OutboxKey($"{x.Id}|awarded")).ToList();
            await Task.WhenAll(fullTask, Progress("awarded", awardedKeys, outbox, TimeSpan.FromMinutes(6)));
            var fullSeconds = fullWatch.Elapsed.TotalSeconds;
            var fullCpuUse = cpu.Snapshot() - fullCpu;

            // ---- Read when each expected message was queued.
            var queuedAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            await foreach (var row in awardsStorage.MailOutbox.QueryAsync<TableEntity>(select: ["RowKey", "QueuedAt"]))
            {
                if (row.GetDateTimeOffset("QueuedAt") is { } at)
                {
                    queuedAt[row.RowKey] = at;
                }
            }

            var runnerErrors = runner.Output.Split('\n').Count(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));

            // ---- Report.
            var md = new StringBuilder();
            var load = loadSamples.ToArray();
            md.AppendLine(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {total.Elapsed.TotalSeconds:F0} s including start-up and preparation.");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} processors (nproc), {Machine.MemoryGiB():F1} GiB memory, {Machine.CpuModel()}; {Environment.OSVersion}, .NET {Environment.Version}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1 min) at start {loadAtStart}; during the run {load.Min():F1}–{load.Max():F1} (median {Median(load):F1}); at end {Machine.LoadAverage()}. The machine is shared: other engineers' builds and test runs competed for the same two cores throughout.");
            md.AppendLine("- Storage: Azurite 3.37.0 (the pinned npm package), in memory, on the same machine; the runner is the Release build of Awards.LocalRunner as a separate process (AzureStorage backend, 4 control-queue partitions, queue polling at most every 0.5 s as the tests start it), started by the benchmark; mail in file mode (the outbox sender writes `.eml` files, as the runner does by default).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Awards.Bench -- decisions {n} {full} {concurrency}` (N, three-stage nominations, requests in flight; set `AWARDS_BENCH_AZURITE_PORT` to move Azurite off {port}–{port + 2}).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Preparation (not measured): {all.Length} nominations created through the API and {open.Length} of them submitted ({submittedSeconds:F0} s), their provincial review requests delivered after {prepared:F0} s in all; {prepareCpuUse.Total / all.Length:F2} CPU s per nomination. Each nomination has its own proposal, so its own review link; the campaign requires no documents, and the {n} go through a four-stage award (see the notes).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Idle, the runner used {idle.Runner / IdleSeconds:F2} and Azurite {idle.Azurite / IdleSeconds:F2} CPU seconds per second (queue polling, the outbox sender); the *net* CPU figures below subtract that background for the phase's duration.");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"### (a) and (b): {n} open stages decided per variant, {concurrency} in flight, approval → the next stage's review request in the outbox");
            md.AppendLine();
            md.AppendLine("Latency: from just before the call to the `QueuedAt` of the next stage's review request for that proposal. Throughput: decisions whose next-stage mail is queued, per second, from the first call to the last such mail; *middle 80 %*: between the 10th and the 90th percentile of completions (no ramp-up or tail). *Ceiling*: processors ÷ net CPU seconds per decision — the rate two free cores could sustain if nothing else ran; an estimate, not a measurement.");
            md.AppendLine();
            md.AppendLine("| Variant | Completed | Throughput | middle 80 % | Latency p50 | p95 | max | Call p50 | Call p95 | CPU ms per decision: runner + Azurite + client = total (net) | Ceiling | Control-queue messages at start |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            var results = new Dictionary<string, PhaseFigures>(StringComparer.Ordinal);
            var ceilings = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var phase in phases)
            {
                var f = phase.Figures(queuedAt, approvers);
                results[phase.Code] = f;
                var count = phase.Items.Count;
                var net = (phase.Cpu.Total - ((idle.Total / IdleSeconds) * phase.Seconds)) / count;
                ceilings[phase.Code] = Environment.ProcessorCount / net;
                md.AppendLine(CultureInfo.InvariantCulture, $"| ({phase.Code}) {phase.Name} | {f.Completed}/{count} | **{f.Throughput:F1}/s** | {f.MiddleThroughput:F1}/s | {f.P50:F2} s | {f.P95:F2} s | {f.Max:F2} s | {Percentile(phase.CallSeconds, 0.5) * 1000:F0} ms | {Percentile(phase.CallSeconds, 0.95) * 1000:F0} ms | {phase.Cpu.Runner / count * 1000:F0} + {phase.Cpu.Azurite / count * 1000:F0} + {phase.Cpu.Client / count * 1000:F0} = {phase.Cpu.Total / count * 1000:F0} ({net * 1000:F0}) | {ceilings[phase.Code]:F0}/s | {phase.QueueAtStart} |");
            }

            var a = results["a"];
            var b1 = results["b1"];
            var b2 = results["b2"];
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Product path (a) against the published anchor (Durable Functions on Azure Storage, 50 external events/s per instance): **{a.Throughput:F1} decisions/s = {a.Throughput / 50:F2}× the anchor** (middle 80 %: {a.MiddleThroughput:F1}/s = {a.MiddleThroughput / 50:F2}×) — **{(a.Throughput >= 50 ? "beaten" : "not beaten")}** on this machine; the CPU ceiling estimate for two free cores is {ceilings["a"]:F0}/s ({ceilings["a"] / 50:F2}× the anchor).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Same-run baselines on the same runner: bare `RaiseEventAsync` (b2) {b2.Throughput:F1}/s ({b2.Throughput / 50:F2}× the anchor); claim + `RaiseEventAsync` (b1) {b1.Throughput:F1}/s. Product path / bare event: **{a.Throughput / b2.Throughput:F2}** in throughput, {a.P50 / b2.P50:F2}× the p50 latency; product path / claim + event: {a.Throughput / b1.Throughput:F2} in throughput.");
            var azuriteMs = phases.ToDictionary(ph => ph.Code, ph => ph.Cpu.Azurite / ph.Items.Count * 1000, StringComparer.Ordinal);
            md.AppendLine(CultureInfo.InvariantCulture, $"- Azurite runs its storage work on one JavaScript thread, so its CPU per decision bounds every variant whatever the cores: {azuriteMs["a"]:F0} ms in (a), {azuriteMs["b1"]:F0} ms in (b1), {azuriteMs["b2"]:F0} ms in (b2), i.e. at most {1000 / azuriteMs["a"]:F0}, {1000 / azuriteMs["b1"]:F0} and {1000 / azuriteMs["b2"]:F0} decisions/s from Azurite alone.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- The call column is the client's own wait: the POST until its 303 answer (a); the claim plus the event (b1); the event alone (b2). Under (a) the page answers before the orchestration has done anything; the rest of the latency is the Durable path (event → orchestration episode → `OpenStage` activity → outbox row).");
            md.AppendLine();

            var fullFigures = FullFigures(fullNominees, queuedAt, approvers);
            md.AppendLine(CultureInfo.InvariantCulture, $"### (c) {full} nominations through all three stages");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Each is submitted, then approved at provincial, ministry and Front through the link in its review mail as soon as the benchmark sees the mail in the folder (at most {concurrency} requests in flight in all), until its \"awarded\" mail is queued. All {full} start together.");
            md.AppendLine();
            md.AppendLine("| | Figure |");
            md.AppendLine("|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Awarded | {fullFigures.Completed}/{full} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Nominations completed per second (first submit → last \"awarded\" mail) | **{fullFigures.Throughput:F2}/s** ({fullFigures.Throughput * 3:F1} decisions/s) |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Submit → awarded per nomination, p50 / p95 | {fullFigures.P50:F1} s / {fullFigures.P95:F1} s |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| of which mail queued → approver's POST (delivery to the folder + the benchmark noticing), p50 per nomination over its three stages | {fullFigures.ClickLagP50:F1} s |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Workflow time (submit → awarded minus that), p50 / p95 | {fullFigures.WorkP50:F1} s / {fullFigures.WorkP95:F1} s |");
            var fullNet = (fullCpuUse.Total - ((idle.Total / IdleSeconds) * fullSeconds)) / full;
            md.AppendLine(CultureInfo.InvariantCulture, $"| CPU seconds per nomination: runner + Azurite + client = total (net of the idle background) | {fullCpuUse.Runner / full:F2} + {fullCpuUse.Azurite / full:F2} + {fullCpuUse.Client / full:F2} = {fullCpuUse.Total / full:F2} ({fullNet:F2}) |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Ceiling on two free cores (processors ÷ net CPU per nomination; an estimate) | {Environment.ProcessorCount / fullNet:F1} nominations/s |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Control-queue messages at start | {fullQueue} |");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Wall time of the phase | {fullSeconds:F1} s |");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"Runner log lines with `fail:` or an exception during the run: {runnerErrors}. Control-queue messages at the end: {await QueueDepthAsync(queues, taskHub)}.");

            var report = md.ToString();
            Console.WriteLine();
            Console.WriteLine(report);
            var docs = Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
            BenchmarkDoc.ReplaceSection(docs, "decisions", report);
            Console.WriteLine($"Wrote the decisions section of {docs} ({total.Elapsed.TotalSeconds:F0} s in all).");
            if (runnerErrors > 0)
            {
                Console.WriteLine("Runner output (errors):");
                foreach (var line in runner.Output.Split('\n').Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).Take(20))
                {
                    Console.WriteLine("  " + line);
                }
            }

            return 0;
        }
        finally
        {
            // Only the Azurite this run started (none when one already listened on the ports).
            if (azurite is { HasExited: false })
            {
                azurite.Kill(entireProcessTree: true);
                await azurite.WaitForExitAsync();
            }

            azurite?.Dispose();
            try
            {
                Directory.Delete(outboxFolder, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temp folder.
            }
        }
    }

    private static async Task<Phase> RunPhaseAsync(
        string code,
        string name,
        Nominee[] items,
        string next,
        int concurrency,
        Dictionary<string, Approver> approvers,
        OutboxFolder outbox,
        QueueServiceClient queues,
        string taskHub,
        CpuMeter cpu,
        Func<Nominee, Task> decide)
    {
        var phase = new Phase(code, name, items, next) { QueueAtStart = await QueueDepthAsync(queues, taskHub) };
        Console.WriteLine($"({code}) {name}: {items.Length} decisions, {phase.QueueAtStart} control-queue messages at start…");
        var before = cpu.Snapshot();
        var watch = Stopwatch.StartNew();
        var calls = new ConcurrentBag<double>();
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (x, _) =>
        {
            phase.Starts[x.Id] = DateTimeOffset.UtcNow;
            var call = Stopwatch.StartNew();
            await decide(x);
            calls.Add(call.Elapsed.TotalSeconds);
        });
        var callsDone = watch.Elapsed.TotalSeconds;
        await Progress($"({code}) {next} requests", [.. items.Select(x => x.MailKey(next, approvers))], outbox, TimeSpan.FromMinutes(6));
        phase.Cpu = cpu.Snapshot() - before;
        phase.Seconds = watch.Elapsed.TotalSeconds;
        phase.CallSeconds = [.. calls];
        Console.WriteLine($"({code}) all calls returned after {callsDone:F1} s; every {next} request delivered after {watch.Elapsed.TotalSeconds:F1} s.");
        return phase;
    }

    /// <summary>Waits until every expected message is in the folder, printing progress; gives up after <paramref name="timeout"/> (the report then counts what completed).</summary>
    private static async Task Progress(string what, IReadOnlyList<string> keys, OutboxFolder outbox, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        var last = TimeSpan.Zero;
        while (true)
        {
            var done = keys.Count(outbox.Has);
            if (done == keys.Count)
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                Console.WriteLine($"  {what}: only {done}/{keys.Count} after {timeout.TotalSeconds:F0} s; going on.");
                return;
            }

            if (watch.Elapsed - last >= TimeSpan.FromSeconds(5))
            {
                last = watch.Elapsed;
                Console.WriteLine($"  {what}: {done}/{keys.Count} after {watch.Elapsed.TotalSeconds:F0} s");
            }

            await Task.Delay(100);
        }
    }

    private static Uri ReadLink(string path, string proposalId)
    {
        using var message = MimeMessage.Load(path);
        var link = MailCatcher.ReviewLink(message);
        return MailCatcher.ProposalOf(link) == proposalId
            ? link
            : throw new InvalidOperationException($"{path} holds a link for another proposal.");
    }

    /// <summary>Messages in the task hub's control queues (the approximate count includes invisible ones: pending durable timers).</summary>
    private static async Task<int> QueueDepthAsync(QueueServiceClient queues, string taskHub)
    {
        var count = 0;
        for (var i = 0; i < 4; i++)
        {
            var properties = await queues.GetQueueClient(string.Create(CultureInfo.InvariantCulture, $"{taskHub.ToLowerInvariant()}-control-{i:D2}")).GetPropertiesAsync();
            count += properties.Value.ApproximateMessagesCount;
        }

        return count;
    }

    private static FullResult FullFigures(Nominee[] nominees, Dictionary<string, DateTimeOffset> queuedAt, Dictionary<string, Approver> approvers)
    {
        var done = new List<(double EndToEnd, double Lag)>();
        var starts = nominees.Select(x => x.Start).ToList();
        var ends = new List<DateTimeOffset>();
        foreach (var x in nominees)
        {
            if (!queuedAt.TryGetValue(OutboxFolder.OutboxKey($"{x.Id}|awarded"), out var awarded))
            {
                continue;
            }

            var lag = 0.0;
            foreach (var stage in new[] { Provincial, Ministry, Front })
            {
                if (queuedAt.TryGetValue(x.MailKey(stage, approvers), out var q) && x.Clicks.TryGetValue(stage, out var click))
                {
                    lag += (click - q).TotalSeconds;
                }
            }

            ends.Add(awarded);
            done.Add(((awarded - x.Start).TotalSeconds, lag));
        }

        if (done.Count == 0)
        {
            return new FullResult(0, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var span = (ends.Max() - starts.Min()).TotalSeconds;
        var e2e = done.Select(d => d.EndToEnd).ToList();
        var work = done.Select(d => d.EndToEnd - d.Lag).ToList();
        return new FullResult(done.Count, done.Count / span, Percentile(e2e, 0.5), Percentile(e2e, 0.95), Percentile([.. done.Select(d => d.Lag)], 0.5), Percentile(work, 0.5), Percentile(work, 0.95));
    }

    internal static double Percentile(IReadOnlyCollection<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        // Nearest rank.
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Median(IReadOnlyCollection<double> values) => Percentile(values, 0.5);

    private sealed record FullResult(int Completed, double Throughput, double P50, double P95, double ClickLagP50, double WorkP50, double WorkP95);

    /// <summary>One nomination the benchmark drives.</summary>
    private sealed class Nominee(string id, string proposalId)
    {
        public string Id { get; } = id;

        public string ProposalId { get; } = proposalId;

        /// <summary>The proposal's first (and only) submission wave.</summary>
        public int Wave { get; } = 1;

        public Uri Link { get; set; } = null!;

        public DateTimeOffset Start { get; set; }

        public ConcurrentDictionary<string, DateTimeOffset> Clicks { get; } = new(StringComparer.Ordinal);

        /// <summary>The outbox key of the review request for this nominee's proposal at a stage (as OpenStage queues it).</summary>
        public string MailKey(string stage, Dictionary<string, Approver> approvers) =>
            OutboxFolder.OutboxKey(string.Create(CultureInfo.InvariantCulture, $"{ProposalId}|{stage}|wave {Wave}|{approvers[stage].Email}"));
    }

    private sealed class Phase(string code, string name, Nominee[] items, string next)
    {
        public string Code { get; } = code;

        public string Name { get; } = name;

        public IReadOnlyList<Nominee> Items { get; } = items;

        public int QueueAtStart { get; init; }

        /// <summary>When each decision's call began, by nomination.</summary>
        public ConcurrentDictionary<string, DateTimeOffset> Starts { get; } = new(StringComparer.Ordinal);

        public CpuUse Cpu { get; set; } = new(0, 0, 0);

        /// <summary>Wall time from the first call until every next-stage mail was delivered (the CPU window).</summary>
        public double Seconds { get; set; }

        public IReadOnlyCollection<double> CallSeconds { get; set; } = [];

        public PhaseFigures Figures(Dictionary<string, DateTimeOffset> queuedAt, Dictionary<string, Approver> approvers)
        {
            var latencies = new List<double>();
            var completions = new List<DateTimeOffset>();
            foreach (var x in Items)
            {
                if (queuedAt.TryGetValue(x.MailKey(next, approvers), out var at))
                {
                    latencies.Add((at - Starts[x.Id]).TotalSeconds);
                    completions.Add(at);
                }
            }

            if (completions.Count == 0)
            {
                return new PhaseFigures(0, 0, 0, double.NaN, double.NaN, double.NaN);
            }

            completions.Sort();
            var first = Starts.Values.Min();
            var throughput = completions.Count / (completions[^1] - first).TotalSeconds;
            var lo = completions[(int)(completions.Count * 0.1)];
            var hi = completions[Math.Min(completions.Count - 1, (int)(completions.Count * 0.9))];
            var middle = (hi - lo).TotalSeconds > 0 ? ((int)(completions.Count * 0.9) - (int)(completions.Count * 0.1)) / (hi - lo).TotalSeconds : double.NaN;
            return new PhaseFigures(completions.Count, throughput, middle, Percentile(latencies, 0.5), Percentile(latencies, 0.95), latencies.Max());
        }
    }

    private sealed record PhaseFigures(int Completed, double Throughput, double MiddleThroughput, double P50, double P95, double Max);
}
