using Awards.Storage;
using Awards.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Awards.Hosting;

/// <summary>
/// The runner's sweep of the due-time index (see <see cref="StageAlarms"/>). It sleeps until the
/// earliest alarm it knows of — from the rows it read, or a round this process just opened — and
/// at most until the next minute's bucket begins, so with nothing due it queries storage about
/// once a minute, whatever the number of open stages. The Functions app runs the same sweep from
/// a timer trigger. Its clock is the app's <see cref="TimeProvider"/>.
/// </summary>
public sealed partial class AlarmSweepService(StageAlarms alarms, AlarmIndex index, DurableTaskClient client, TimeProvider time, ILogger<AlarmSweepService> logger) : BackgroundService
{
    /// <summary>How soon a failed round is tried again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            AlarmSweepReport? report = null;
            try
            {
                report = await alarms.SweepAsync(client, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Storage or workflow hiccups must not stop the sweep; it tries again shortly.
                LogFailure(logger, e);
            }

            try
            {
                await SleepAsync(report, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SleepAsync(AlarmSweepReport? report, CancellationToken ct)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var (nextWrite, earliestWritten) = index.Watch();
            var wake = AlarmIndex.BucketOf(now).AddMinutes(1);
            foreach (var at in new DateTimeOffset?[] { report?.NextDue, earliestWritten, report is null ? now + RetryAfter : null })
            {
                if (at is { } a && a < wake)
                {
                    wake = a;
                }
            }

            if (wake <= now)
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var delay = Task.Delay(wake - now, time, stop.Token);
            var first = await Task.WhenAny(delay, nextWrite);
            await stop.CancelAsync();
            ct.ThrowIfCancellationRequested();
            if (first == delay)
            {
                return;
            }

            // A round opened in this process: sleep again, now knowing its alarms.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Alarm sweep round failed")]
    private static partial void LogFailure(ILogger logger, Exception error);
}
