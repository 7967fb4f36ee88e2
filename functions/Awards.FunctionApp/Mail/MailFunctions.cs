using Awards.Mail;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Mail;

/// <summary>Delivers the mail outbox on a timer; the workflow only queues mail (see <see cref="MailDelivery"/>).</summary>
/// <param name="delivery">The shared outbox sender.</param>
public sealed class MailFunctions(MailDelivery delivery)
{
    /// <summary>Every ten seconds: delivers what is due, retrying failures with back-off.</summary>
    /// <param name="timer">Timer information (unused).</param>
    /// <param name="context">The invocation, for its cancellation token.</param>
    /// <returns>A task.</returns>
    [Function("DeliverMail")]
    public Task DeliverMail([TimerTrigger("*/10 * * * * *")] TimerInfo timer, FunctionContext context) =>
        delivery.DeliverDueAsync(context.CancellationToken);
}
