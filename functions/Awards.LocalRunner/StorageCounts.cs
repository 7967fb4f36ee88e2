using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Awards.LocalRunner;

/// <summary>
/// For the benchmark only: counts this process's storage requests by kind (table reads, writes,
/// batches; queue sends, receives, deletes; blob operations) from the HTTP client's own
/// activities, which every Azure SDK client of the app and of the Durable backend goes through,
/// and writes the counts to a file every second. Switched on by the environment variable
/// <see cref="Variable"/>, which the benchmark harness sets and nothing else reads; it is not a
/// setting of the product.
/// </summary>
internal sealed class StorageCounts : IDisposable
{
    /// <summary>Prefix of the counts of table queries by table (the Durable task hub's tables named <c>{hub}History</c> and so on).</summary>
    public const string QueryPrefix = "query of ";

    /// <summary>The environment variable naming the file to write; unset, nothing is counted.</summary>
    public const string Variable = "AWARDS_BENCH_STORAGE_COUNTS";

    private readonly ConcurrentDictionary<string, long> counts = new(StringComparer.Ordinal);
    private readonly ActivityListener listener;
    private readonly Timer writer;

    private StorageCounts(string path, int blobPort, int queuePort, int tablePort)
    {
        listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    && activity.GetTagItem("http.request.method") is string method
                    && Kind(uri, method, blobPort, queuePort, tablePort) is { } kind)
                {
                    counts.AddOrUpdate(kind, 1, (_, n) => n + 1);
                    if (kind == "table query")
                    {
                        // Azurite answers a query by testing every entity of the table, so which tables are queried matters.
                        counts.AddOrUpdate(QueryPrefix + TableOf(uri), 1, (_, n) => n + 1);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        writer = new Timer(_ => File.WriteAllText(path, JsonSerializer.Serialize(counts.ToDictionary(k => k.Key, k => k.Value))), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Starts counting when the benchmark asked for it; null otherwise.</summary>
    public static StorageCounts? StartIfAsked(string connectionString)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } path)
        {
            return null;
        }

        int Port(string name) => connectionString.Split(';').Select(p => p.Split('=', 2)).Where(p => p.Length == 2 && p[0] == name)
            .Select(p => new Uri(p[1]).Port).FirstOrDefault();
        return new StorageCounts(path, Port("BlobEndpoint"), Port("QueueEndpoint"), Port("TableEndpoint"));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        writer.Dispose();
        listener.Dispose();
    }

    private static string TableOf(Uri uri)
    {
        var name = uri.AbsolutePath.TrimStart('/').Split('/').Last();
        name = name.Contains('(', StringComparison.Ordinal) ? name[..name.IndexOf('(', StringComparison.Ordinal)] : name;
        foreach (var hubTable in new[] { "History", "Instances", "Partitions" })
        {
            if (name.EndsWith(hubTable, StringComparison.Ordinal) && name.Length > hubTable.Length)
            {
                return "{hub}" + hubTable;
            }
        }

        return name;
    }

    private static string? Kind(Uri uri, string method, int blobPort, int queuePort, int tablePort)
    {
        var path = uri.AbsolutePath;
        if (uri.Port == tablePort)
        {
            return method switch
            {
                "GET" => path.EndsWith(')') && !path.EndsWith("()", StringComparison.Ordinal) && !uri.Query.Contains("filter", StringComparison.OrdinalIgnoreCase) ? "table point read" : "table query",
                "POST" when path.EndsWith("$batch", StringComparison.Ordinal) => "table batch",
                "DELETE" => "table delete",
                _ => "table write",
            };
        }

        if (uri.Port == queuePort)
        {
            var messages = path.Contains("/messages", StringComparison.Ordinal);
            return (method, messages) switch
            {
                ("POST", true) => "queue send",
                ("GET", true) => uri.Query.Contains("peekonly", StringComparison.OrdinalIgnoreCase) ? "queue peek" : "queue receive",
                ("DELETE", true) => "queue delete",
                ("PUT", true) => "queue update",
                _ => "queue other",
            };
        }

        return uri.Port == blobPort ? "blob " + method.ToLowerInvariant() : null;
    }
}
