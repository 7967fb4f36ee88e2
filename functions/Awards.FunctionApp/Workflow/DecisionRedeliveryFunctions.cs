using Awards.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Awards.FunctionApp.Workflow;

/// <summary>Raises decisions claimed but never delivered to their workflow (see <see cref="DecisionRedelivery"/>).</summary>
/// <param name="redelivery">The shared sweep.</param>
public sealed class DecisionRedeliveryFunctions(DecisionRedelivery redelivery)
{
    /// <summary>Every fifteen seconds, as the runner's sweep.</summary>
    /// <param name="timer">Timer information (unused).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="context">The invocation, for its cancellation token.</param>
    /// <returns>A task.</returns>
    [Function("RedeliverDecisions")]
    public Task RedeliverDecisions([TimerTrigger("*/15 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, FunctionContext context) =>
        redelivery.RedeliverAsync(client, context.CancellationToken);
}
