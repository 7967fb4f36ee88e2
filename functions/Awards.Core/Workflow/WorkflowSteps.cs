using Awards.Workflow.Activities;
using Microsoft.DurableTask;

namespace Awards.Workflow;

/// <summary>
/// How the orchestration calls its steps: each activity with a retry policy; a step that still
/// fails stops the workflow for attention — the nomination is marked with the error and the
/// organiser told — until an organiser retries it, and then the same step runs again. Nothing is
/// decided and nothing is lost meanwhile. Deterministic: the stops are counted in orchestration state.
/// </summary>
internal sealed class WorkflowSteps(TaskOrchestrationContext context, string nominationId, int stopsBefore)
{
    /// <summary>
    /// Five attempts over about a minute (5, 10, 20, 40 s apart) for what may pass — a storage
    /// timeout, a throttled request; none for what cannot: a missing row or a configuration that
    /// lacks what the step needs, which a person must fix first.
    /// </summary>
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 5,
        firstRetryInterval: TimeSpan.FromSeconds(5),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromMinutes(1))
    {
        HandleFailure = failure => !(failure.IsCausedBy<KeyNotFoundException>() || failure.IsCausedBy<InvalidOperationException>()),
    });

    // Marking a stop must itself not fail the workflow: after its retries it tries again this much later.
    private static readonly TimeSpan MarkAgainAfter = TimeSpan.FromMinutes(5);

    /// <summary>How many times this workflow has stopped for attention so far.</summary>
    public int Stops { get; private set; } = stopsBefore;

    /// <summary>Runs a step; one that keeps failing stops the workflow until an organiser retries, then runs again.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows a person's action (a stale event, an organiser's retry, a storage outage being waited out): history grows with what people do, not by itself, and a nomination's life holds few of them.")]
    public async Task<T> RunAsync<T>(string step, IStepInput input)
    {
        while (true)
        {
            try
            {
                return await context.CallActivityAsync<T>(step, input, Retry);
            }
            catch (TaskFailedException failed)
            {
                await StopForAttentionAsync(step, Describe(failed), unlessDone: null);
            }
        }
    }

    /// <summary>
    /// Runs a step that only matters while <paramref name="unlessDone"/> has not completed (a
    /// reminder, while the decision has not come): if it keeps failing and the task completes
    /// during the stop, the step is given up instead of holding the decision back.
    /// </summary>
    /// <returns>True when the step ran; false when it was given up.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows a person's action (a stale event, an organiser's retry, a storage outage being waited out): history grows with what people do, not by itself, and a nomination's life holds few of them.")]
    public async Task<bool> RunUnlessAsync(string step, IStepInput input, Task unlessDone)
    {
        while (true)
        {
            try
            {
                await context.CallActivityAsync<bool>(step, input, Retry);
                return true;
            }
            catch (TaskFailedException failed)
            {
                if (!await StopForAttentionAsync(step, Describe(failed), unlessDone))
                {
                    return false;
                }
            }
        }
    }

    /// <summary>
    /// Stops the workflow: marks the nomination, tells the organiser, waits for their retry (or
    /// for <paramref name="unlessDone"/>), then clears the mark. False when it ended because <paramref name="unlessDone"/> completed.
    /// </summary>
    public async Task<bool> StopForAttentionAsync(string step, string error, Task? unlessDone)
    {
        var number = ++Stops;
        await MarkAsync(nameof(MarkNeedsAttention), new AttentionNeeded(nominationId, step, error, number, context.CurrentUtcDateTime));
        var retry = WaitForRetryAsync(number);
        if (unlessDone is not null && await Task.WhenAny(retry, unlessDone) == unlessDone)
        {
            await MarkAsync(nameof(ClearAttention), new AttentionResolved(nominationId, number, "system (no longer needed)", context.CurrentUtcDateTime));
            return false;
        }

        var by = (await retry).By;
        await MarkAsync(nameof(ClearAttention), new AttentionResolved(nominationId, number, by, context.CurrentUtcDateTime));
        return true;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows a person's action (a stale event, an organiser's retry, a storage outage being waited out): history grows with what people do, not by itself, and a nomination's life holds few of them.")]
    private async Task MarkAsync(string step, IStepInput input)
    {
        while (true)
        {
            try
            {
                await context.CallActivityAsync<bool>(step, input, Retry);
                return;
            }
            catch (TaskFailedException)
            {
                // Storage itself is failing: try again later rather than fail the workflow unseen.
                await context.CreateTimer(context.CurrentUtcDateTime.Add(MarkAgainAfter), CancellationToken.None);
            }
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "DURABLE0011", Justification = "Each turn of the loop follows a person's action (a stale event, an organiser's retry, a storage outage being waited out): history grows with what people do, not by itself, and a nomination's life holds few of them.")]
    private async Task<RetryRequest> WaitForRetryAsync(int number)
    {
        while (true)
        {
            var retry = await context.WaitForExternalEvent<RetryRequest>(WorkflowEvents.RetryRequested);
            if (retry.Number == number)
            {
                return retry;
            }
        }
    }

    private static string Describe(TaskFailedException failed) =>
        failed.FailureDetails is { } details ? $"{details.ErrorType}: {details.ErrorMessage}" : failed.Message;
}
