using Awards.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Workflow;

/// <summary>Raises the reminders and deadlines of open stage rounds as they fall due (see <see cref="StageAlarms"/>).</summary>
/// <param name="alarms">The shared sweep.</param>
public sealed class AlarmSweepFunctions(StageAlarms alarms)
{
    /// <summary>Every fifteen seconds: reminders and deadlines are in working days, so a few seconds late is on time.</summary>
    /// <param name="timer">Timer information (unused).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="context">The invocation, for its cancellation token.</param>
    /// <returns>A task.</returns>
    [Function("SweepAlarms")]
    public Task SweepAlarms([TimerTrigger("*/15 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        alarms.SweepAsync(client, context.CancellationToken);
}
