using Awards.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Awards.Hosting;

/// <summary>
/// The runner's sweep for workflow events stored but never delivered (see
/// <see cref="EventDelivery"/>): every <see cref="Interval"/>. The Functions app runs the
/// same sweep from a timer trigger.
/// </summary>
public sealed partial class EventRedeliveryService(EventDelivery redelivery, DurableTaskClient client, ILogger<EventRedeliveryService> logger) : BackgroundService
{
    /// <summary>How often the sweep runs.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await redelivery.RedeliverAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage or workflow hiccups must not stop the sweep; the next round tries again.
                LogFailure(logger, e);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Event redelivery round failed")]
    private static partial void LogFailure(ILogger logger, Exception error);
}
