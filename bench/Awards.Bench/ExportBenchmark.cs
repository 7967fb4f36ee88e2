using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Awards.Domain;
using Awards.LocalRunner;
using Awards.Storage;
using Awards.Testing;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Awards.Bench;

/// <summary>
/// Export benchmark (issue 10), in one run against one Azurite and one runner process: a list of
/// N awards written straight into the award list table with <see cref="AwardListStore"/> (one
/// awarding body: a fifth collectives, the rest individuals), then, repeated and interleaved,
/// <list type="bullet">
/// <item>the raw baseline — a scan of the list's two table partitions from this process with
/// <c>TableClient.QueryAsync&lt;TableEntity&gt;</c> (pages of 1,000, nothing decoded);</item>
/// <item><c>GET /api/campaigns/{id}/awards?format=csv|xlsx|pdf</c> through the runner, the response
/// read to its end, with the runner's peak VmRSS growth sampled every 20 ms;</item>
/// </list>
/// then certificates: a decision of 500 awardees (stored with <see cref="DecisionStore"/>, its
/// entries linked and given codes as an issue does) rendered by <c>GET /api/decisions/{id}/certificates</c>.
/// Results replace the exports section of docs/benchmarks.md (between its markers).
/// </summary>
internal static class ExportBenchmark
{
    private const string Front = "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam";
    private const string Minister = "Bộ Công an";

    private static readonly string[] FamilyNames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Âu", "Ưng"];
    private static readonly string[] MiddleNames = ["Văn", "Thị", "Hữu", "Đức", "Ngọc", "Thanh", "Minh", "Quốc", "Thùy", "Ánh"];
    private static readonly string[] GivenNames = ["An", "Bình", "Cường", "Dũng", "Đào", "Giang", "Hằng", "Khải", "Lộc", "Mẫn", "Ngỗ", "Ơn", "Phượng", "Quân", "Sương", "Tuyết", "Ẩn", "Ểu", "Ợi"];
    private static readonly string[] Units = ["Công an tỉnh Phú Yên", "Công an tỉnh Thái Bình", "Ủy ban MTTQ tỉnh Thái Bình", "Công an huyện Tuy An", "Phòng Cảnh sát hình sự, Công an tỉnh Phú Yên"];

    public static async Task<int> RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var repetitions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var certificates = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 500;
        var port = int.TryParse(Environment.GetEnvironmentVariable("AWARDS_BENCH_AZURITE_PORT"), out var p) ? p : 11030;
        var total = Stopwatch.StartNew();
        var loadAtStart = Machine.LoadAverage();
        Console.WriteLine($"Exports: {n:N0} awards, {repetitions} repetitions, certificates of a {certificates}-awardee decision; Azurite on {port}–{port + 2} (in memory).");
        var stack = await OrganiserBench.StartAsync(port);
        try
        {
            var (azurite, storage, runner, organiser, organiserKey) = (stack.AzuriteProcess, stack.Storage, stack.Runner, stack.Organiser, stack.OrganiserKey);
            organiser.Http.Timeout = TimeSpan.FromMinutes(10);
            var campaign = TestCampaigns.Create("export");
            var warm = TestCampaigns.Create("warm");
            var tenth = TestCampaigns.Create("tenth");
            foreach (var c in new[] { campaign, warm, tenth })
            {
                using var created = await organiser.CreateCampaignAsync(c);
                await AwardsClient.EnsureAsync(created);
            }

            var awardsStorage = new AwardsStorage(Options.Create(new StorageOptions()), Options.Create(new StorageConnectionOptions { ConnectionString = storage }));
            var store = new AwardListStore(awardsStorage);

            // ---- The list, written straight into the table.
            var load = Stopwatch.StartNew();
            var entries = Enumerable.Range(0, n).Select(i => Entry(campaign.Id, "bk-mttq", Front, i, i % 5 == 0 ? NomineeKind.Collective : NomineeKind.Individual)).ToList();
            await Parallel.ForEachAsync(entries.Chunk(5000), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, ct) => await store.UpsertManyAsync(chunk, ct));
            await store.UpsertManyAsync(Enumerable.Range(0, 60).Select(i => Entry(warm.Id, "bk-mttq", Front, i, i % 5 == 0 ? NomineeKind.Collective : NomineeKind.Individual)), CancellationToken.None);
            await store.UpsertManyAsync(Enumerable.Range(0, n / 10).Select(i => Entry(tenth.Id, "bk-mttq", Front, i, i % 5 == 0 ? NomineeKind.Collective : NomineeKind.Individual)), CancellationToken.None);
            var loadSeconds = load.Elapsed.TotalSeconds;
            Console.WriteLine($"Wrote {n:N0} entries in {loadSeconds:F1} s.");

            var partitions = new[] { NomineeKind.Collective, NomineeKind.Individual }.Select(k => AwardListStore.PartitionOf(campaign.Id, Front, k)).ToArray();
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", organiserKey);

            // Warm-up, not measured: JIT of every path in both processes, on a list of 60.
            var cpu = new CpuMeter(runner.ProcessId, azurite?.Id);
            await ScanAsync(awardsStorage.AwardList, [.. new[] { NomineeKind.Collective, NomineeKind.Individual }.Select(k => AwardListStore.PartitionOf(warm.Id, Front, k))]);
            foreach (var format in new[] { "csv", "xlsx", "pdf" })
            {
                await ExportAsync(http, runner, warm.Id, format, cpu);
            }

            // A list a tenth the size, once per format: what grows with the list (time, CPU) and what must not (memory).
            var small = new Dictionary<string, Run>(StringComparer.Ordinal);
            foreach (var format in new[] { "csv", "xlsx", "pdf" })
            {
                small[format] = await ExportAsync(http, runner, tenth.Id, format, cpu);
                Console.WriteLine($"list of {n / 10:N0}, {format}: {small[format].Seconds:F2} s, runner CPU {small[format].Cpu!.Runner:F2} s, runner RSS +{small[format].Growth / 1048576.0:F1} MiB");
            }

            var variants = new[] { "raw", "csv", "xlsx", "pdf" };
            var runs = variants.ToDictionary(v => v, _ => new List<Run>(), StringComparer.Ordinal);
            for (var r = 0; r < repetitions; r++)
            {
                // Rotate the order so no variant always follows the same one.
                foreach (var variant in variants.Skip(r % variants.Length).Concat(variants.Take(r % variants.Length)))
                {
                    var run = variant == "raw" ? await RawAsync(awardsStorage.AwardList, partitions, runner, cpu) : await ExportAsync(http, runner, campaign.Id, variant, cpu);
                    if (run.Rows != n && variant == "raw")
                    {
                        throw new InvalidOperationException($"The raw scan read {run.Rows} rows, not {n}.");
                    }

                    runs[variant].Add(run);
                    Console.WriteLine($"#{r + 1} {variant}: {run.Seconds:F2} s, {run.Bytes / 1048576.0:F1} MiB, runner RSS +{run.Growth / 1048576.0:F1} MiB (from {run.Baseline / 1048576} MiB)");
                }
            }

            // ---- Certificates of a decision of `certificates` awardees.
            var decisions = new DecisionStore(awardsStorage);
            var verifications = new VerificationStore(awardsStorage);
            var year = DateTime.UtcNow.Year;
            var body = campaign.AwardingBodies.Single(b => b.Name == Minister);
            var awardees = Enumerable.Range(0, certificates).Select(i => Entry(campaign.Id, "bk-bca", Minister, i, i % 5 == 0 ? NomineeKind.Collective : NomineeKind.Individual))
                .OrderBy(e => e.Kind).ThenBy(e => AwardListStore.RowKeyOf(e), StringComparer.Ordinal).ToList();
            var decision = await decisions.AddNextAsync(body.Code, year, number => new AwardDecision
            {
                Id = DecisionStore.IdOf(body.Code, year, number),
                RegisterCode = body.Code,
                Year = year,
                Sequence = number,
                Number = body.NumberFor(number),
                Date = DateOnly.FromDateTime(DateTime.UtcNow),
                Title = "Về việc tặng Bằng khen",
                SignerTitle = body.SignerTitle,
                SignerName = "Tô Lâm",
                CampaignId = campaign.Id,
                AwardCode = "bk-bca",
                AwardingBody = Minister,
                Members = [.. awardees.Select(e => new DecisionMember(e.NominationId, e.Kind, e.NomineeName, e.UnitName))],
                IssuedBy = "bench@localhost",
                IssuedAt = DateTimeOffset.UtcNow,
                HoldId = "bench",
                Linked = true,
            }, CancellationToken.None);
            var linked = awardees.Select(e => e with { DecisionId = decision.Id, DecisionNumber = decision.Number, DecisionDate = decision.Date, VerificationCode = VerificationStore.NewCode() }).ToList();
            await store.UpsertManyAsync(linked, CancellationToken.None);
            await Parallel.ForEachAsync(linked, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (e, ct) => await verifications.AddAsync(e.VerificationCode!, e, ct));
            await GetAsync(http, runner, $"api/decisions/{decision.Id}/certificates/{linked[0].NominationId}", cpu); // warm-up
            var certificateRuns = new List<Run>();
            for (var r = 0; r < repetitions; r++)
            {
                var run = await GetAsync(http, runner, $"api/decisions/{decision.Id}/certificates", cpu);
                certificateRuns.Add(run);
                Console.WriteLine($"#{r + 1} certificates: {certificates} in {run.Seconds:F2} s ({certificates / run.Seconds:F0}/s), {run.Bytes / 1048576.0:F1} MiB, runner RSS +{run.Growth / 1048576.0:F1} MiB");
            }

            // ---- Report.
            var raw = Median(runs["raw"].Select(x => x.Seconds));
            var md = new StringBuilder();
            md.AppendLine(CultureInfo.InvariantCulture, $"Run on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {total.Elapsed.TotalSeconds:F0} s including start-up and writing the list ({loadSeconds:F0} s).");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} processors (nproc), {Machine.MemoryGiB():F1} GiB memory, {Machine.CpuModel()}; {Environment.OSVersion}, .NET {Environment.Version}.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Load average (1 min) at start {loadAtStart}, at end {Machine.LoadAverage()}: the machine is shared, so other work competes for the same two cores.");
            md.AppendLine("- Storage: Azurite 3.37.0 (the pinned npm package), in memory, on the same machine; the runner is the Release build of Awards.LocalRunner as a separate process (Server GC), started by the benchmark.");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project bench/Awards.Bench -- exports {n} {repetitions} {certificates}` (set `AWARDS_BENCH_AZURITE_PORT` to move Azurite off {port}–{port + 2}).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- The list: {n:N0} awards of one awarding body ({n / 5:N0} collectives, {n - (n / 5):N0} individuals; names with diacritics, five units, two provinces, each with a decision number), written with `AwardListStore.UpsertManyAsync` (batches of 100). Raw baseline: `TableClient.QueryAsync<TableEntity>` over the list's two partitions from the benchmark process, pages of 1,000, nothing decoded. Exports: `GET /api/campaigns/{{id}}/awards?format=…` through the runner, the response read to its end. {repetitions} repetitions after a warm-up on a list of 60, the order rotated each time; figures are medians.");
            md.AppendLine("- Memory: the runner process's VmRSS (from /proc/<pid>/status, sampled every ~20 ms on a thread of the benchmark) at its highest during the request, minus VmRSS just before — the same measure as the upload benchmark; it counts what the .NET heap grows to, not only what is live.");
            md.AppendLine();
            md.AppendLine("| | Time (median) | Per run (s) | Ratio to raw scan | Target | Output | Runner CPU s (median) | Azurite CPU s (median) | Runner peak RSS growth (largest) | Target < 64 MiB |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
            md.AppendLine(CultureInfo.InvariantCulture, $"| Raw partition scan | {raw:F2} s | {Join(runs["raw"])} | 1 | | {n:N0} rows | — (benchmark process {Median(runs["raw"].Select(x => x.Cpu!.Client)):F2}) | {Median(runs["raw"].Select(x => x.Cpu!.Azurite)):F2} | — | |");
            foreach (var (variant, target) in new[] { ("csv", 1.5), ("xlsx", 3.0), ("pdf", 6.0) })
            {
                var list = runs[variant];
                var seconds = Median(list.Select(x => x.Seconds));
                var ratio = Median(list.Zip(runs["raw"], (e, b) => e.Seconds / b.Seconds));
                var growth = list.Max(x => x.Growth) / 1048576.0;
                md.AppendLine(CultureInfo.InvariantCulture, $"| {variant.ToUpperInvariant()} | {seconds:F2} s | {Join(list)} | **{ratio:F2}** | ≤ {target} ×: **{(ratio <= target ? "met" : "missed")}** | {Median(list.Select(x => (double)x.Bytes)) / 1048576:F1} MiB | {Median(list.Select(x => x.Cpu!.Runner)):F2} | {Median(list.Select(x => x.Cpu!.Azurite)):F2} | {growth:F1} MiB | **{(growth < 64 ? "met" : "missed")}** |");
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"The same exports of a list a tenth the size ({n / 10:N0} awards, once each, before the runs above): what grows with the list and what does not.");
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"| | Time | Runner CPU s | Runner peak RSS growth | Output |");
            md.AppendLine("|---|---|---|---|---|");
            foreach (var (format, run) in small)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {format.ToUpperInvariant()}, {n / 10:N0} awards | {run.Seconds:F2} s | {run.Cpu!.Runner:F2} | {run.Growth / 1048576.0:F1} MiB | {run.Bytes / 1048576.0:F1} MiB |");
            }

            var certSeconds = Median(certificateRuns.Select(x => x.Seconds));
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Ratios are the median of per-repetition ratios (export time over the raw scan of the same repetition).");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Certificates: `GET /api/decisions/{{id}}/certificates` for a decision of {certificates} awardees (one A4 landscape page each with its QR code; the decision stored with `DecisionStore`, its entries linked and given codes as an issue does): median {certSeconds:F2} s, **{certificates / certSeconds:F0} certificates per second** (per run: {Join(certificateRuns)} s; runner CPU {Median(certificateRuns.Select(x => x.Cpu!.Runner)):F2} s, {certificates / Median(certificateRuns.Select(x => x.Cpu!.Runner)):F0} certificates per runner CPU second), {Median(certificateRuns.Select(x => (double)x.Bytes)) / 1048576:F1} MiB, runner peak RSS growth {certificateRuns.Max(x => x.Growth) / 1048576.0:F1} MiB.");

            var report = md.ToString();
            Console.WriteLine();
            Console.WriteLine(report);
            var docs = Path.Combine(RepositoryPaths.Root, "docs", "benchmarks.md");
            BenchmarkDoc.ReplaceSection(docs, "exports", report);
            Console.WriteLine($"Wrote the exports section of {docs} ({total.Elapsed.TotalSeconds:F0} s in all).");
            return 0;
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static AwardListEntry Entry(string campaignId, string award, string body, int i, NomineeKind kind)
    {
        var name = kind == NomineeKind.Collective
            ? $"Đội Cảnh sát khu vực số {i:D6}, {Units[i % Units.Length]}"
            : $"{FamilyNames[i % FamilyNames.Length]} {MiddleNames[(i / 7) % MiddleNames.Length]} {GivenNames[(i / 3) % GivenNames.Length]} {i:D6}";
        return new AwardListEntry
        {
            CampaignId = campaignId,
            AwardCode = award,
            AwardName = award == "bk-mttq" ? "Bằng khen của Ủy ban Trung ương MTTQ Việt Nam" : "Bằng khen của Bộ trưởng Bộ Công an",
            AwardingBody = body,
            NominationId = string.Create(CultureInfo.InvariantCulture, $"nom-{award[3..]}{i:D12}"),
            Kind = kind,
            NomineeName = name.Normalize(NormalizationForm.FormC),
            DateOfBirth = kind == NomineeKind.Individual ? new DateOnly(1960 + (i % 40), 1 + (i % 12), 1 + (i % 28)) : null,
            Position = kind == NomineeKind.Individual ? (i % 2 == 0 ? "Trung tá, Phó Trưởng phòng" : "Đại úy, Cán bộ") : null,
            UnitName = Units[i % Units.Length],
            ProvinceCode = i % 3 == 0 ? "TB" : "PY",
            AwardedAt = new DateTimeOffset(2019, 11, 20, 3, 0, 0, TimeSpan.Zero),
            DecisionNumber = "125/QĐ-MTTW",
            DecisionDate = new DateOnly(2019, 12, 5),
        };
    }

    private static async Task<Run> RawAsync(TableClient table, string[] partitions, RunnerProcess runner, CpuMeter cpu)
    {
        using var sampler = new RssSampler(runner.ProcessId);
        var before = cpu.Snapshot();
        var watch = Stopwatch.StartNew();
        var rows = await ScanAsync(table, partitions);
        var seconds = watch.Elapsed.TotalSeconds;
        sampler.Stop();
        return new Run(seconds, 0, rows, 0, 0, cpu.Snapshot() - before);
    }

    private static async Task<int> ScanAsync(TableClient table, string[] partitions)
    {
        var rows = 0;
        foreach (var partition in partitions)
        {
            await foreach (var page in table.QueryAsync<TableEntity>($"PartitionKey eq '{partition}'", maxPerPage: 1000).AsPages())
            {
                rows += page.Values.Count;
            }
        }

        return rows;
    }

    private static Task<Run> ExportAsync(HttpClient http, RunnerProcess runner, string campaignId, string format, CpuMeter cpu) =>
        GetAsync(http, runner, $"api/campaigns/{campaignId}/awards?format={format}", cpu);

    private static async Task<Run> GetAsync(HttpClient http, RunnerProcess runner, string path, CpuMeter cpu)
    {
        using var sampler = new RssSampler(runner.ProcessId);
        var before = cpu.Snapshot();
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(new Uri(runner.BaseUrl, path), HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
        }

        var seconds = watch.Elapsed.TotalSeconds;
        var (baseline, peak) = sampler.Stop();
        return new Run(seconds, bytes, 0, peak - baseline, baseline, cpu.Snapshot() - before);
    }

    private static string Join(IEnumerable<Run> runs) => string.Join(", ", runs.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private sealed record Run(double Seconds, long Bytes, int Rows, long Growth, long Baseline, CpuUse? Cpu = null);
}
