using System.Diagnostics;
using Awards.Hosting;
using Microsoft.DurableTask;

namespace Awards.Workflow.Activities;

/// <summary>What every workflow step's input names: the nomination it acts on.</summary>
public interface IStepInput
{
    /// <summary>The nomination (and orchestration instance) the step belongs to.</summary>
    string NominationId { get; }
}

/// <summary>
/// One activity of the nomination workflow. The runtime runs an activity at least once, so each
/// step is idempotent: its effects are keyed by what is the same however often it runs — the
/// nomination, stage, round, wave and step name — never by the orchestration's clock, which an
/// episode executed again after a crash reads anew. Each step is one span; the span is an error
/// only when the step fails (an expected conflict inside it, such as a mail already queued, is not).
/// </summary>
/// <typeparam name="TInput">The step's input record.</typeparam>
/// <typeparam name="TOutput">What it returns to the orchestration.</typeparam>
public abstract class WorkflowStep<TInput, TOutput> : TaskActivity<TInput, TOutput>
    where TInput : IStepInput
{
    /// <inheritdoc/>
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => RunAsync(input);

    /// <summary>Runs the step; the Functions app's <c>[ActivityTrigger]</c> adapters call this too.</summary>
    public async Task<TOutput> RunAsync(TInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var span = AwardsTelemetry.StartStep(GetType().Name, input.NominationId);
        try
        {
            return await ExecuteAsync(input);
        }
        catch (Exception e)
        {
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            span?.AddException(e);
            throw;
        }
    }

    /// <summary>The step itself.</summary>
    protected abstract Task<TOutput> ExecuteAsync(TInput input);
}
