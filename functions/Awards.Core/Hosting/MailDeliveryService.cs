using Awards.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Awards.Hosting;

/// <summary>
/// The runner's mail sender: runs the outbox round (sign-in requests, then delivery) at once when
/// woken by a new message or request (every one queued in this process wakes it), and otherwise
/// polls for retries and for mail another process queued — every second while there is mail,
/// backing off to <see cref="IdlePoll"/> when rounds find nothing, so an idle runner costs
/// storage almost nothing. (The Functions app runs the same round from a timer trigger.)
/// </summary>
public sealed partial class MailDeliveryService(OutboxRound round, MailDelivery delivery, ILogger<MailDeliveryService> logger) : BackgroundService
{
    /// <summary>The poll interval while mail is flowing.</summary>
    public static readonly TimeSpan BusyPoll = TimeSpan.FromSeconds(1);

    /// <summary>The longest poll interval when idle (a retry is due at most this late).</summary>
    public static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(8);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = BusyPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await round.RunAsync(stoppingToken);
                poll = delivered > 0 ? BusyPoll : TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, IdlePoll.Ticks));
                if (await delivery.WaitAsync(poll, stoppingToken))
                {
                    // Woken by new mail: poll briskly again.
                    poll = BusyPoll;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage hiccups must not stop the sender; the next round tries again.
                LogFailure(logger, e);
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Mail delivery round failed")]
    private static partial void LogFailure(ILogger logger, Exception error);
}
