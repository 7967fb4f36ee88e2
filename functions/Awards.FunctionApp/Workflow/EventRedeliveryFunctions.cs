using Awards.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Workflow;

/// <summary>Raises workflow events stored but never delivered (see <see cref="EventDelivery"/>).</summary>
/// <param name="redelivery">The shared sweep.</param>
public sealed class EventRedeliveryFunctions(EventDelivery redelivery)
{
    /// <summary>Every fifteen seconds, as the runner's sweep.</summary>
    /// <param name="timer">Timer information (unused).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="context">The invocation, for its cancellation token.</param>
    /// <returns>A task.</returns>
    [Function("RedeliverEvents")]
    public Task RedeliverEvents([TimerTrigger("*/15 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        redelivery.RedeliverAsync(client, context.CancellationToken);
}
