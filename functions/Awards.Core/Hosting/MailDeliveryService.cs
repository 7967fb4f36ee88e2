using Awards.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Awards.Hosting;

/// <summary>
/// The runner's mail sender: runs the outbox round (sign-in requests, then delivery) when woken
/// by a new message or request, and at least every second for retries. (The Functions app runs
/// the same round from a timer trigger.)
/// </summary>
public sealed partial class MailDeliveryService(OutboxRound round, MailDelivery delivery, ILogger<MailDeliveryService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await round.RunAsync(stoppingToken);
                await delivery.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
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
