using Awards.Mail;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Mail;

/// <summary>Delivers the mail outbox on a timer; the workflow and the sign-in page only queue (see <see cref="OutboxRound"/>).</summary>
/// <param name="round">The shared outbox round: sign-in requests into link mail, then delivery.</param>
public sealed class MailFunctions(OutboxRound round)
{
    /// <summary>Every ten seconds: turns sign-in requests into link mail, delivers what is due, retrying failures with back-off.</summary>
    /// <param name="timer">Timer information (unused).</param>
    /// <param name="context">The invocation, for its cancellation token.</param>
    /// <returns>A task.</returns>
    [Function("DeliverMail")]
    public Task DeliverMail([TimerTrigger("*/10 * * * * *")] TimerInfo timer, FunctionContext context) =>
        round.RunAsync(context.CancellationToken);
}
