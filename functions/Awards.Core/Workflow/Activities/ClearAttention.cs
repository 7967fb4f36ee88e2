using System.Globalization;
using Awards.Domain;
using Awards.Storage;

namespace Awards.Workflow.Activities;

/// <summary>An organiser retried a stopped workflow: the attention mark is cleared and the history says who retried.</summary>
public sealed class ClearAttention(NominationStore nominations) : WorkflowStep<AttentionResolved, bool>
{
    /// <inheritdoc/>
    protected override async Task<bool> ExecuteAsync(AttentionResolved input)
    {
        await nominations.ApplyAsync(
            input.NominationId,
            x => x.Attention?.Number == input.Number ? x with { Attention = null } : x,
            new AuditEntry(input.At, input.By, AuditActions.Resumed, null, null, string.Create(CultureInfo.InvariantCulture, $"stop {input.Number}; retried")),
            string.Create(CultureInfo.InvariantCulture, $"resumed|{input.Number}"),
            default);
        return true;
    }
}
