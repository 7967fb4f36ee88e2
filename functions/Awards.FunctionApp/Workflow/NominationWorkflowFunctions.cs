using Awards.Workflow;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
// Aliases: each function method carries its activity's name, which would hide the type inside the class.
using AddToAwardListActivity = Awards.Workflow.Activities.AddToAwardList;
using ClearAttentionActivity = Awards.Workflow.Activities.ClearAttention;
using CloseNominationActivity = Awards.Workflow.Activities.CloseNomination;
using EscalateStageActivity = Awards.Workflow.Activities.EscalateStage;
using MarkNeedsAttentionActivity = Awards.Workflow.Activities.MarkNeedsAttention;
using RemindApproversActivity = Awards.Workflow.Activities.RemindApprovers;
using TellOtherApproversActivity = Awards.Workflow.Activities.TellOtherApprovers;
using OpenStageActivity = Awards.Workflow.Activities.OpenStage;
using PrepareReviewActivity = Awards.Workflow.Activities.PrepareReview;
using ReturnIncompleteDossierActivity = Awards.Workflow.Activities.ReturnIncompleteDossier;
using TellNominatorActivity = Awards.Workflow.Activities.TellNominator;

namespace Awards.FunctionApp.Workflow;

/// <summary>
/// The nomination orchestration and its activities as Durable Functions. Each function is named
/// after its class in Awards.Core because the orchestrator calls activities by
/// <c>nameof(ClassName)</c>; the code that runs is the same the local runner registers.
/// </summary>
/// <remarks>
/// Written by hand because the <c>[DurableTask]</c> source generator package is not available.
/// </remarks>
/// <param name="prepareReview">Checks the dossier and reads the stage chain.</param>
/// <param name="openStage">Opens a stage round and emails the approvers.</param>
/// <param name="tellNominator">Tells the nominator of a return or reject.</param>
/// <param name="returnIncompleteDossier">Returns a dossier that lacks documents.</param>
/// <param name="addToAwardList">Adds an approved nominee to the award list.</param>
/// <param name="remindApprovers">Reminds a stage's approvers as the deadline nears.</param>
/// <param name="escalateStage">Tells the escalation contact and organiser when a deadline passes.</param>
/// <param name="tellOtherApprovers">Tells a stage's other approvers who decided.</param>
/// <param name="closeNomination">Ends a withdrawn or cancelled nomination.</param>
/// <param name="markNeedsAttention">Marks a workflow stopped by a failing step and tells the organiser.</param>
/// <param name="clearAttention">Clears the mark when an organiser retries.</param>
public sealed class NominationWorkflowFunctions(
    PrepareReviewActivity prepareReview,
    OpenStageActivity openStage,
    TellNominatorActivity tellNominator,
    ReturnIncompleteDossierActivity returnIncompleteDossier,
    AddToAwardListActivity addToAwardList,
    RemindApproversActivity remindApprovers,
    EscalateStageActivity escalateStage,
    TellOtherApproversActivity tellOtherApprovers,
    CloseNominationActivity closeNomination,
    MarkNeedsAttentionActivity markNeedsAttention,
    ClearAttentionActivity clearAttention)
{
    /// <summary>The orchestrator: one nomination's path through its award's stages.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>How the nomination ended.</returns>
    [Function(nameof(NominationOrchestration))]
    public static Task<NominationOutcome> RunNomination([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new NominationOrchestration().RunAsync(context, context.GetInput<NominationWorkflowInput>()!);
    }

    /// <summary>Activity <see cref="PrepareReviewActivity"/>.</summary>
    /// <param name="input">The workflow input.</param>
    /// <returns>The stage chain and any missing documents.</returns>
    [Function(nameof(PrepareReview))]
    public Task<ReviewPlan> PrepareReview([ActivityTrigger] NominationWorkflowInput input) => prepareReview.RunAsync(input);

    /// <summary>Activity <see cref="OpenStageActivity"/>.</summary>
    /// <param name="input">The stage round to open.</param>
    /// <returns>How many approvers were asked.</returns>
    [Function(nameof(OpenStage))]
    public Task<StageOpened> OpenStage([ActivityTrigger] OpenStageInput input) => openStage.RunAsync(input);

    /// <summary>Activity <see cref="TellNominatorActivity"/>.</summary>
    /// <param name="input">The decision to tell.</param>
    /// <returns><see langword="true"/> once sent.</returns>
    [Function(nameof(TellNominator))]
    public Task<bool> TellNominator([ActivityTrigger] NominatorNotice input) => tellNominator.RunAsync(input);

    /// <summary>Activity <see cref="ReturnIncompleteDossierActivity"/>.</summary>
    /// <param name="input">The missing documents.</param>
    /// <returns><see langword="true"/> once returned.</returns>
    [Function(nameof(ReturnIncompleteDossier))]
    public Task<bool> ReturnIncompleteDossier([ActivityTrigger] IncompleteDossier input) => returnIncompleteDossier.RunAsync(input);

    /// <summary>Activity <see cref="AddToAwardListActivity"/>.</summary>
    /// <param name="input">The approved nomination.</param>
    /// <returns><see langword="true"/> once listed.</returns>
    [Function(nameof(AddToAwardList))]
    public Task<bool> AddToAwardList([ActivityTrigger] AwardInput input) => addToAwardList.RunAsync(input);

    /// <summary>Activity <see cref="RemindApproversActivity"/>.</summary>
    /// <param name="input">The alarm.</param>
    /// <returns><see langword="true"/> once queued.</returns>
    [Function(nameof(RemindApprovers))]
    public Task<bool> RemindApprovers([ActivityTrigger] StageAlarm input) => remindApprovers.RunAsync(input);

    /// <summary>Activity <see cref="EscalateStageActivity"/>.</summary>
    /// <param name="input">The alarm at the deadline.</param>
    /// <returns><see langword="true"/> once queued.</returns>
    [Function(nameof(EscalateStage))]
    public Task<bool> EscalateStage([ActivityTrigger] StageAlarm input) => escalateStage.RunAsync(input);

    /// <summary>Activity <see cref="TellOtherApproversActivity"/>.</summary>
    /// <param name="input">The decision to tell.</param>
    /// <returns><see langword="true"/> once queued.</returns>
    [Function(nameof(TellOtherApprovers))]
    public Task<bool> TellOtherApprovers([ActivityTrigger] NominatorNotice input) => tellOtherApprovers.RunAsync(input);

    /// <summary>Activity <see cref="CloseNominationActivity"/>.</summary>
    /// <param name="input">The withdrawal or cancellation.</param>
    /// <returns><see langword="true"/> once queued.</returns>
    [Function(nameof(CloseNomination))]
    public Task<bool> CloseNomination([ActivityTrigger] Closing input) => closeNomination.RunAsync(input);

    /// <summary>Activity <see cref="MarkNeedsAttentionActivity"/>.</summary>
    /// <param name="input">The stop.</param>
    /// <returns><see langword="true"/> once marked.</returns>
    [Function(nameof(MarkNeedsAttention))]
    public Task<bool> MarkNeedsAttention([ActivityTrigger] AttentionNeeded input) => markNeedsAttention.RunAsync(input);

    /// <summary>Activity <see cref="ClearAttentionActivity"/>.</summary>
    /// <param name="input">The stop that ends.</param>
    /// <returns><see langword="true"/> once cleared.</returns>
    [Function(nameof(ClearAttention))]
    public Task<bool> ClearAttention([ActivityTrigger] AttentionResolved input) => clearAttention.RunAsync(input);
}
