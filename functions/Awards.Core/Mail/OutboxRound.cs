using System.Runtime.ExceptionServices;
using Awards.Security;

namespace Awards.Mail;

/// <summary>
/// One round of the mail sender, the same in both hosts (a background service in the runner, the
/// <c>DeliverMail</c> timer in Azure): first the queued sign-in requests become link mail (for
/// registered addresses only, see <see cref="SignInRequests"/>), then everything due is delivered.
/// </summary>
public sealed class OutboxRound(SignInRequests signIns, MailDelivery delivery)
{
    /// <summary>Runs the round; returns how many messages were delivered.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        ExceptionDispatchInfo? failed = null;
        try
        {
            await signIns.ProcessAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A failure with the requests (a storage hiccup) must not hold up the rest of the mail; it is reported after.
            failed = ExceptionDispatchInfo.Capture(e);
        }

        var delivered = await delivery.DeliverDueAsync(ct);
        failed?.Throw();
        return delivered;
    }
}
