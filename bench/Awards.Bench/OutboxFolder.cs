using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Awards.Bench;

/// <summary>
/// Watches the runner's mail folder (the outbox sender's file mode): each delivered message is
/// one <c>.eml</c> file named <c>{date}-{first 40 hex of its outbox key}.eml</c>, and the outbox
/// key is SHA-256 of the idempotency key the workflow queued it under, so the benchmark knows the
/// file name of a message it expects (e.g. the ministry's review request for a proposal) without
/// opening any file. Polls the folder on its own thread; costs Azurite nothing.
/// </summary>
internal sealed class OutboxFolder : IDisposable
{
    private readonly ConcurrentDictionary<string, string> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> waiters = new(StringComparer.Ordinal);
    private readonly Thread thread;
    private volatile bool stopping;

    public OutboxFolder(string folder)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        thread = new Thread(Run) { IsBackground = true, Name = "outbox-folder" };
        thread.Start();
    }

    public string Folder { get; }

    /// <summary>How many messages have been delivered to the folder so far.</summary>
    public int Count => seen.Count;

    /// <summary>The outbox row key of a message queued under <paramref name="idempotencyKey"/> (as Mailer computes it).</summary>
    public static string OutboxKey(string idempotencyKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));

    /// <summary>True once the message with this outbox key has been delivered.</summary>
    public bool Has(string outboxKey) => seen.ContainsKey(outboxKey[..40]);

    /// <summary>The path of the delivered message with this outbox key, once it is there.</summary>
    public Task<string> WaitAsync(string outboxKey)
    {
        var prefix = outboxKey[..40];
        if (seen.TryGetValue(prefix, out var path))
        {
            return Task.FromResult(path);
        }

        var waiter = waiters.GetOrAdd(prefix, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (seen.TryGetValue(prefix, out path))
        {
            waiter.TrySetResult(path);
        }

        return waiter.Task;
    }

    public void Dispose()
    {
        stopping = true;
        thread.Join();
    }

    private void Run()
    {
        while (!stopping)
        {
            foreach (var path in Directory.EnumerateFiles(Folder, "*.eml"))
            {
                var name = Path.GetFileNameWithoutExtension(path);
                var dash = name.LastIndexOf('-');
                if (dash < 0 || name.Length - dash - 1 != 40)
                {
                    continue;
                }

                var prefix = name[(dash + 1)..];
                if (seen.TryAdd(prefix, path) && waiters.TryRemove(prefix, out var waiter))
                {
                    waiter.TrySetResult(path);
                }
            }

            Thread.Sleep(50);
        }
    }
}
