using Awards.Workflow.Activities;
using Microsoft.DurableTask;

namespace Awards.Workflow;

/// <summary>The orchestration and activities, registered by name for the Durable Task worker (the local runner).</summary>
public static class WorkflowRegistration
{
    /// <summary>Every activity type; the Functions app exposes one [ActivityTrigger] per entry.</summary>
    public static IReadOnlyList<Type> ActivityTypes { get; } =
        [
            typeof(PrepareReview), typeof(OpenStage), typeof(RemindApprovers), typeof(EscalateStage), typeof(TellOtherApprovers),
            typeof(TellNominator), typeof(ReturnIncompleteDossier), typeof(CloseNomination), typeof(AddToAwardList),
            typeof(MarkNeedsAttention), typeof(ClearAttention),
        ];

    /// <summary>Adds the workflow to a worker's registry.</summary>
    public static void AddAwardsWorkflow(this DurableTaskRegistry registry)
    {
        registry.AddOrchestrator<NominationOrchestration>();
        foreach (var type in ActivityTypes)
        {
            registry.AddActivity(type);
        }
    }
}
