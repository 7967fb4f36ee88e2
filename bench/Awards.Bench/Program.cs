using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Awards.Bench;
using Awards.LocalRunner;
using Awards.Testing;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;

// Upload benchmark for issue 3, in one run against one Azurite:
//  (a) a file of exactly the single-request limit through the runner's PUT vs BlobClient.UploadAsync
//      of the same bytes straight to Azurite, with the runner's peak working-set growth;
//  (b) a 200 MiB upload session end to end (create, PUT blocks to the SAS URL, commit with
//      validation) vs the same raw upload.
// Results replace the upload section of docs/benchmarks.md (between its markers).
// `-- decisions [N] [M] [C] [K]` runs the decision benchmark of issue 4 instead (DecisionBenchmark.cs),
// `-- scale [SIZES] [K] [C] [M] [P]` the open-stage scale benchmark of issue 12 (DecisionBenchmark.Scale.cs),
// `-- signin [N]` the sign-in timing benchmark of issue 8 (SignInBenchmark.cs),
// `-- exports [N] [R] [C]` the export and certificate benchmark of issue 10 (ExportBenchmark.cs),
// `-- dashboard [N] [R]` the organiser's dashboard benchmark of issue 11 (DashboardBenchmark.cs).
if (args.Length > 0 && args[0] == "decisions")
{
    return await DecisionBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "scale")
{
    return await DecisionBenchmark.RunScaleAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "exports")
{
    return await ExportBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "dashboard")
{
    return await DashboardBenchmark.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "signin")
{
    return await SignInBenchmark.RunAsync(args[1..]);
}

var repetitions = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var sessionRepetitions = Math.Max(3, repetitions - 2);
var port = int.TryParse(Environment.GetEnvironmentVariable("AWARDS_BENCH_AZURITE_PORT"), out var p) ? p : 10240;
const long SingleLimit = 50_000_000;
const int SessionBytes = 200 * 1024 * 1024;
const int BlocksInFlight = 4;
var total = Stopwatch.StartNew();
var loadAtStart = Machine.LoadAverage();

Console.WriteLine($"Azurite on {port}–{port + 2} (in memory), runner with Awards:MaxDocumentBytes = {SingleLimit}.");
var azurite = await Azurite.EnsureRunningAsync(port, port + 1, port + 2, dataFolder: null, Console.Out, CancellationToken.None);
try
{
    var storage = Azurite.ConnectionString(port, port + 1, port + 2);
    using var mail = new MailCatcher();
    var organiserKey = "bench-" + Guid.NewGuid().ToString("N");
    await using var runner = new RunnerProcess(storage, mail.Port, ("bench" + Guid.NewGuid().ToString("N"))[..20], RunnerProcess.NewSigningKey(), organiserKey, SingleLimit);
    await runner.StartAsync();

    using var organiser = new AwardsClient(runner.BaseUrl, organiserKey);
    var campaign = TestCampaigns.Create("bench");
    using (var created = await organiser.CreateCampaignAsync(campaign))
    {
        await AwardsClient.EnsureAsync(created);
    }

    using var nominator = organiser.As(await organiser.IssueNominatorKeyAsync(TestCampaigns.Address("nominator", campaign.Id), "Công an tỉnh Phú Yên", "PY"));
    var nominationId = (await nominator.CreateNominationAsync(new { campaignId = campaign.Id, awardCode = "bk-mttq", kind = "collective", nomineeName = "Công an huyện Tuy An" })).Nomination.Id;

    var raw = new BlobServiceClient(storage).GetBlobContainerClient("bench-raw");
    await raw.CreateIfNotExistsAsync();
    var dossiers = new BlobServiceClient(storage).GetBlobContainerClient("awards-dossiers");
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };

    var single = SampleDocuments.Pdf(SingleLimit, "Bao cao thanh tich - benchmark");
    var large = SampleDocuments.Pdf(SessionBytes, "Ho so lon - benchmark");
    var hashTimer = Stopwatch.StartNew();
    var largeSha = Convert.ToHexStringLower(SHA256.HashData(large));
    var clientHashSeconds = hashTimer.Elapsed.TotalSeconds;

    // Warm-up (JIT, connections, containers): one small upload each way, not measured.
    using (var warm = await nominator.UploadAsync(nominationId, "evidence", SampleDocuments.Pdf("warm-up"), "warm-up.pdf"))
    {
        await AwardsClient.EnsureAsync(warm);
    }

    await raw.GetBlobClient("warm-up").UploadAsync(new BinaryData(SampleDocuments.Pdf("warm-up")), overwrite: true);

    // (a) Single request at the limit.
    var cpu = new CpuMeter(runner.ProcessId, azurite?.Id);

    // What the processes burn while nothing is uploaded (the Durable Task worker polls its queues), to read the per-upload CPU against.
    var idleStart = cpu.Snapshot();
    await Task.Delay(TimeSpan.FromSeconds(3));
    var idle = cpu.Snapshot() - idleStart;
    var singleRuns = new List<(double Runner, double Raw, long Growth, long Baseline, CpuUse RunnerCpu, CpuUse RawCpu)>();
    for (var i = 0; i < repetitions; i++)
    {
        // Alternate which goes first so neither always meets a busier Azurite.
        double runnerSeconds = 0, rawSeconds = 0;
        long growth = 0, baseline = 0;
        CpuUse runnerCpu = null!, rawCpu = null!;
        foreach (var which in i % 2 == 0 ? new[] { "runner", "raw" } : ["raw", "runner"])
        {
            if (which == "runner")
            {
                using var sampler = new RssSampler(runner.ProcessId);
                var before = cpu.Snapshot();
                var watch = Stopwatch.StartNew();
                using var response = await nominator.UploadAsync(nominationId, "evidence", single, $"Báo cáo {i}.pdf");
                runnerSeconds = watch.Elapsed.TotalSeconds;
                runnerCpu = cpu.Snapshot() - before;
                (baseline, var peak) = sampler.Stop();
                growth = peak - baseline;
                await AwardsClient.EnsureAsync(response);
            }
            else
            {
                var blob = raw.GetBlobClient($"single-{i}");
                var before = cpu.Snapshot();
                var watch = Stopwatch.StartNew();
                await blob.UploadAsync(new BinaryData(single), overwrite: true);
                rawSeconds = watch.Elapsed.TotalSeconds;
                rawCpu = cpu.Snapshot() - before;
                await blob.DeleteAsync();
            }
        }

        singleRuns.Add((runnerSeconds, rawSeconds, growth, baseline, runnerCpu, rawCpu));
        Console.WriteLine($"single #{i + 1}: runner {Rate(single.Length, runnerSeconds):F1} MiB/s, raw {Rate(single.Length, rawSeconds):F1} MiB/s, runner RSS +{growth / 1024.0 / 1024:F1} MiB (from {baseline / 1024 / 1024} MiB)");
        await DeleteDossierBlobsAsync(dossiers, nominationId);
    }

    // (b) 200 MiB upload session end to end.
    var sessionRuns = new List<(double Session, double Raw, double Blocks, double Commit, long Growth)>();
    for (var i = 0; i < sessionRepetitions; i++)
    {
        double sessionSeconds = 0, rawSeconds = 0, blockSeconds = 0, commitSeconds = 0;
        long growth = 0;
        foreach (var which in i % 2 == 0 ? new[] { "session", "raw" } : ["raw", "session"])
        {
            if (which == "session")
            {
                using var sampler = new RssSampler(runner.ProcessId);
                var watch = Stopwatch.StartNew();
                using var opened = await nominator.Http.PostAsJsonAsync(
                    $"api/nominations/{nominationId}/documents/evidence/sessions",
                    new { fileName = $"Hồ sơ lớn {i}.pdf", contentType = "application/pdf", size = large.Length, sha256 = largeSha });
                await AwardsClient.EnsureAsync(opened);
                var session = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!;
                var uploadUrl = session["uploadUrl"]!.GetValue<string>();
                var blockSize = session["blockSize"]!.GetValue<int>();
                var ids = new List<string>();
                using var gate = new SemaphoreSlim(BlocksInFlight);
                var puts = new List<Task>();
                for (var offset = 0; offset < large.Length; offset += blockSize)
                {
                    var id = Convert.ToBase64String(Encoding.ASCII.GetBytes(ids.Count.ToString("D6", CultureInfo.InvariantCulture)));
                    ids.Add(id);
                    var (from, length) = (offset, Math.Min(blockSize, large.Length - offset));
                    await gate.WaitAsync();
                    puts.Add(Task.Run(async () =>
                    {
                        try
                        {
                            await PutBlockAsync(http, uploadUrl, id, large.AsMemory(from, length));
                        }
                        finally
                        {
                            gate.Release();
                        }
                    }));
                }

                await Task.WhenAll(puts);
                blockSeconds = watch.Elapsed.TotalSeconds;
                using var committed = await nominator.Http.PostAsJsonAsync(session["commitUrl"]!.GetValue<string>(), new { blockIds = ids });
                await AwardsClient.EnsureAsync(committed);
                sessionSeconds = watch.Elapsed.TotalSeconds;
                commitSeconds = sessionSeconds - blockSeconds;
                var (baseline, peak) = sampler.Stop();
                growth = peak - baseline;
            }
            else
            {
                var blob = raw.GetBlobClient($"large-{i}");
                var watch = Stopwatch.StartNew();
                await blob.UploadAsync(new BinaryData(large), overwrite: true);
                rawSeconds = watch.Elapsed.TotalSeconds;
                await blob.DeleteAsync();
            }
        }

        sessionRuns.Add((sessionSeconds, rawSeconds, blockSeconds, commitSeconds, growth));
        Console.WriteLine($"session #{i + 1}: end to end {Rate(large.Length, sessionSeconds):F1} MiB/s (blocks {blockSeconds:F2} s, commit + validation {commitSeconds:F2} s), raw {Rate(large.Length, rawSeconds):F1} MiB/s, runner RSS +{growth / 1024.0 / 1024:F1} MiB");
        await DeleteDossierBlobsAsync(dossiers, nominationId);
    }

    // Results.
    var runnerRate = Median(singleRuns.Select(r => Rate(single.Length, r.Runner)));
    var rawRate = Median(singleRuns.Select(r => Rate(single.Length, r.Raw)));
    var singleRatio = Median(singleRuns.Select(r => r.Raw / r.Runner));
    var growthMedian = Median(singleRuns.Select(r => (double)r.Growth)) / 1024 / 1024;
    var growthMax = singleRuns.Max(r => r.Growth) / 1024.0 / 1024;
    var sessionRate = Median(sessionRuns.Select(r => Rate(large.Length, r.Session)));
    var sessionRawRate = Median(sessionRuns.Select(r => Rate(large.Length, r.Raw)));
    var sessionRatio = Median(sessionRuns.Select(r => r.Raw / r.Session));
    var sessionGrowthMax = sessionRuns.Max(r => r.Growth) / 1024.0 / 1024;

    var md = new StringBuilder();
    md.AppendLine(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {total.Elapsed.TotalSeconds:F0} s including start-up.");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} processors (nproc), {Machine.MemoryGiB():F1} GiB memory, {Machine.CpuModel()} ({Machine.CpuFlags()}); {Environment.OSVersion}, .NET {Environment.Version}.");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1 min) at start {loadAtStart}, at end {Machine.LoadAverage()}: the machine is shared, so other work competes for the same two cores.");
    md.AppendLine("- Storage: Azurite 3.37.0 (the pinned npm package), in memory, on the same machine; the runner is the Release build of Awards.LocalRunner as a separate process (Server GC), started by the benchmark.");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Awards.Bench -- {repetitions}` (set `AWARDS_BENCH_AZURITE_PORT` to move Azurite off {port}–{port + 2}).");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Repetitions: {repetitions} of (a), {sessionRepetitions} of (b), after one unmeasured warm-up upload each way; runner and raw alternate which goes first. Figures are medians; MiB/s = 2^20 bytes per second.");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"### (a) One request at the single-request limit ({single.Length:N0} bytes, a real PDF)");
    md.AppendLine();
    md.AppendLine("| | Runner `PUT …/documents/evidence` | `BlobClient.UploadAsync` straight to Azurite |");
    md.AppendLine("|---|---|---|");
    md.AppendLine(CultureInfo.InvariantCulture, $"| Throughput (median) | {runnerRate:F1} MiB/s | {rawRate:F1} MiB/s |");
    md.AppendLine(CultureInfo.InvariantCulture, $"| Per run | {string.Join(", ", singleRuns.Select(r => Rate(single.Length, r.Runner).ToString("F1", CultureInfo.InvariantCulture)))} | {string.Join(", ", singleRuns.Select(r => Rate(single.Length, r.Raw).ToString("F1", CultureInfo.InvariantCulture)))} |");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- Throughput ratio runner / raw (median of per-run ratios): **{singleRatio:F2}** — target ≥ 0.8: **{(singleRatio >= 0.8 ? "met" : "missed")}**.");
    md.AppendLine(CultureInfo.InvariantCulture, $"- Runner peak working-set growth during the upload (VmRSS from /proc/<pid>/status every ~20 ms, minus VmRSS just before): median {growthMedian:F1} MiB, largest {growthMax:F1} MiB (per run: {string.Join(", ", singleRuns.Select(r => (r.Growth / 1024.0 / 1024).ToString("F1", CultureInfo.InvariantCulture)))}) — target < 32 MiB: **{(growthMax < 32 ? "met" : "missed")}**.");
    md.AppendLine(CultureInfo.InvariantCulture, $"- CPU seconds per upload (median; from /proc/<pid>/stat, much less sensitive to other load than wall time): through the runner — benchmark client {Median(singleRuns.Select(r => r.RunnerCpu.Client)):F2}, runner {Median(singleRuns.Select(r => r.RunnerCpu.Runner)):F2}, Azurite {Median(singleRuns.Select(r => r.RunnerCpu.Azurite)):F2}, total {Median(singleRuns.Select(r => r.RunnerCpu.Total)):F2}; raw — client {Median(singleRuns.Select(r => r.RawCpu.Client)):F2}, Azurite {Median(singleRuns.Select(r => r.RawCpu.Azurite)):F2}, total {Median(singleRuns.Select(r => r.RawCpu.Total)):F2}. Idle, the runner uses {idle.Runner / 3:F2} and Azurite {idle.Azurite / 3:F2} CPU seconds per second (their background work).");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"### (b) Upload session of {SessionBytes / 1024 / 1024} MiB, end to end");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"Create the session, PUT the {(SessionBytes + (8 * 1024 * 1024) - 1) / (8 * 1024 * 1024)} blocks of the suggested size to the SAS URL ({BlocksInFlight} at a time, each with Content-MD5), commit (the runner commits, leases, streams the blob back through the inspector: size, SHA-256, the whole-file structure check) — vs `BlobClient.UploadAsync` of the same bytes. The client's SHA-256 of the file, needed to open the session, took {clientHashSeconds:F2} s ({Rate(large.Length, clientHashSeconds):F0} MiB/s on one core) and is not counted.");
    md.AppendLine();
    md.AppendLine("| | Session end to end | of which blocks | of which commit + validation | `BlobClient.UploadAsync` |");
    md.AppendLine("|---|---|---|---|---|");
    md.AppendLine(CultureInfo.InvariantCulture, $"| Median | {sessionRate:F1} MiB/s | {Median(sessionRuns.Select(r => r.Blocks)):F2} s | {Median(sessionRuns.Select(r => r.Commit)):F2} s | {sessionRawRate:F1} MiB/s |");
    md.AppendLine(CultureInfo.InvariantCulture, $"| Per run (s) | {string.Join(", ", sessionRuns.Select(r => r.Session.ToString("F2", CultureInfo.InvariantCulture)))} | {string.Join(", ", sessionRuns.Select(r => r.Blocks.ToString("F2", CultureInfo.InvariantCulture)))} | {string.Join(", ", sessionRuns.Select(r => r.Commit.ToString("F2", CultureInfo.InvariantCulture)))} | {string.Join(", ", sessionRuns.Select(r => r.Raw.ToString("F2", CultureInfo.InvariantCulture)))} |");
    md.AppendLine();
    md.AppendLine(CultureInfo.InvariantCulture, $"- Throughput ratio session / raw (median of per-run ratios): **{sessionRatio:F2}** (the issue sets no target for it). Runner working-set growth during a session: largest {sessionGrowthMax:F1} MiB.");

    var report = md.ToString();
    Console.WriteLine();
    Console.WriteLine(report);
    var docs = Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
    BenchmarkDoc.ReplaceSection(docs, "uploads", report);
    Console.WriteLine($"Wrote the upload section of {docs} ({total.Elapsed.TotalSeconds:F0} s in all).");
    return 0;
}
finally
{
    // Only the Azurite this run started (none when one already listened on the ports).
    await Azurite.StopAsync(azurite);
}

static double Rate(long bytes, double seconds) => bytes / 1024.0 / 1024.0 / seconds;

static double Median(IEnumerable<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

// Content-MD5 is the storage protocol's check of a block in transit; Azurite verifies it natively.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Storage transfer checksum, not security.")]
static async Task PutBlockAsync(HttpClient http, string uploadUrl, string id, ReadOnlyMemory<byte> bytes)
{
    using var content = new ReadOnlyMemoryContent(bytes);
    content.Headers.ContentMD5 = MD5.HashData(bytes.Span);
    using var request = new HttpRequestMessage(HttpMethod.Put, $"{uploadUrl}&comp=block&blockid={Uri.EscapeDataString(id)}") { Content = content };
    using var response = await http.SendAsync(request);
    if (response.StatusCode != HttpStatusCode.Created)
    {
        throw new HttpRequestException($"PUT block {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task DeleteDossierBlobsAsync(BlobContainerClient dossiers, string nominationId)
{
    // Azurite keeps everything in memory here: drop what the runs wrote so later runs meet the same emulator.
    await foreach (var item in dossiers.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = nominationId + "/" }))
    {
        var blob = dossiers.GetBlobClient(item.Name);
        try
        {
            await blob.GetBlobLeaseClient().BreakAsync(TimeSpan.Zero);
        }
        catch (Azure.RequestFailedException)
        {
            // Not leased.
        }

        await blob.DeleteIfExistsAsync();
    }
}
