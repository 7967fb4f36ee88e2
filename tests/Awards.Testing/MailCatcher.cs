using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using netDumbster.smtp;

namespace Awards.Testing;

/// <summary>A real SMTP server (netDumbster) on loopback; the runner sends to it by MailKit over SMTP.</summary>
public sealed partial class MailCatcher : IDisposable
{
    private readonly SimpleSmtpServer server;
    private readonly ConcurrentQueue<MimeMessage> received = new();

    // Completed (and replaced) whenever a message arrives, so waiters wake on the arrival itself.
    private TaskCompletionSource arrival = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Starts the server on a free port.</summary>
    public MailCatcher()
        : this(FreePort())
    {
    }

    /// <summary>
    /// Starts the server on <paramref name="port"/>: e.g. a port a runner has been sending to
    /// while nothing listened there (an SMTP outage that ends).
    /// </summary>
    public MailCatcher(int port)
    {
        Port = port;
        server = SimpleSmtpServer.Start(Port);
        server.MessageReceived += (_, e) =>
        {
            received.Enqueue(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(e.Message.Data))));
            Interlocked.Exchange(ref arrival, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        };
    }

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Every message so far.</summary>
    public IReadOnlyList<MimeMessage> All => [.. received];

    /// <summary>Messages to one address.</summary>
    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits until <paramref name="count"/> messages to <paramref name="address"/> have arrived; returns the newest.</summary>
    public Task<MimeMessage> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null) =>
        WaitForAsync(address, _ => true, $"message #{count}", skip: count - 1, timeout);

    /// <summary>
    /// Waits for the first message to <paramref name="address"/>, after its first <paramref name="skip"/>
    /// messages, that <paramref name="match"/>es; wakes on each arrival rather than polling.
    /// </summary>
    public async Task<MimeMessage> WaitForAsync(string address, Func<MimeMessage, bool> match, string what, int skip = 0, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            // Taken before looking, so a message arriving in between completes it.
            var next = Volatile.Read(ref arrival).Task;
            if (To(address).Skip(skip).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await next.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No {what} reached {address} ({To(address).Count} message(s) to it). All recipients so far: {string.Join(", ", All.SelectMany(m => m.To.Mailboxes).Select(b => b.Address).Distinct())}");
            }
        }
    }

    /// <summary>True for a message that carries a review link (requests and reminders; not notices).</summary>
    public static bool HasReviewLink(MimeMessage message) => ReviewLinkPattern().IsMatch(message.TextBody ?? string.Empty);

    /// <summary>The review link in a message's plain-text part.</summary>
    public static Uri ReviewLink(MimeMessage message) =>
        new(ReviewLinkPattern().Match(message.TextBody ?? string.Empty) is { Success: true } m ? m.Value : throw new InvalidOperationException("No review link in: " + message.TextBody));

    /// <summary>The proposal an emailed review link is for (read from the link's signed payload).</summary>
    public static string ProposalOf(Uri reviewLink)
    {
        var token = Uri.UnescapeDataString(reviewLink.Segments[^1]);
        var payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]);
        return System.Text.Json.Nodes.JsonNode.Parse(payload)!["proposalId"]!.GetValue<string>();
    }

    /// <inheritdoc/>
    public void Dispose() => server.Stop();

    /// <summary>A free TCP port on loopback.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"https?://\S+/review/[A-Za-z0-9._~%-]+")]
    private static partial Regex ReviewLinkPattern();
}
