using System.Diagnostics;
using System.Reflection;
using Awards.Domain;
using Awards.Web;
using Microsoft.AspNetCore.Http;

namespace Awards.Hosting;

/// <summary>
/// The product's spans: one <see cref="ActivitySource"/> named <c>Awards</c>, and the four
/// attributes that let one query follow a nomination through requests, workflow steps and logs
/// (<c>awards.nomination_id</c>, <c>awards.proposal_id</c>, <c>awards.stage</c>,
/// <c>awards.decision</c>). Handlers and activities call these helpers; nothing here does I/O.
/// </summary>
public static class AwardsTelemetry
{
    /// <summary>The activity source (and OpenTelemetry tracer) name.</summary>
    public const string SourceName = "Awards";

    /// <summary>Attribute: the nomination.</summary>
    public const string NominationId = "awards.nomination_id";

    /// <summary>Attribute: the proposal (tờ trình).</summary>
    public const string ProposalId = "awards.proposal_id";

    /// <summary>Attribute: the stage code.</summary>
    public const string Stage = "awards.stage";

    /// <summary>Attribute: the decision (<c>approve</c>, <c>return</c>, <c>reject</c>, …).</summary>
    public const string Decision = "awards.decision";

    /// <summary>Every attribute this class sets, in a fixed order (log records copy them from the span).</summary>
    public static IReadOnlyList<string> AttributeNames { get; } = [NominationId, ProposalId, Stage, Decision];

    /// <summary>The build's informational version (e.g. <c>1.0.0+3f2c…</c>): shown by the health endpoint and on every span's resource.</summary>
    public static string Version { get; } =
        typeof(AwardsTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(AwardsTelemetry).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>The source every Awards span comes from.</summary>
    public static ActivitySource Source { get; } = new(SourceName, Version);

    /// <summary>
    /// Starts a span for one workflow step or decision (named <paramref name="name"/>) with the
    /// ids it concerns; dispose it when the step ends. Null when nobody listens.
    /// </summary>
    public static Activity? StartStep(string name, string nominationId, string? proposalId = null, string? stage = null, DecisionOutcome? decision = null)
    {
        var span = Source.StartActivity(name, ActivityKind.Internal);
        Set(span, nominationId, proposalId, stage, decision);
        return span;
    }

    /// <summary>Adds whichever ids are given to the current span (a request or a step).</summary>
    public static void Tag(string? nominationId = null, string? proposalId = null, string? stage = null, DecisionOutcome? decision = null) =>
        Set(Activity.Current, nominationId, proposalId, stage, decision);

    /// <summary>
    /// Tags a request's span with the ids its path names (<c>/api/nominations/{id}/…</c>,
    /// <c>/api/proposals/{id}/…</c>). Both hosts call it when a request starts, so every log
    /// written while serving it carries the same ids; handlers add what only they know.
    /// </summary>
    public static void TagRequest(Activity? span, PathString path)
    {
        if (span is null || path.Value is not { } value)
        {
            return;
        }

        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["api", "nominations", var nominationId, ..] && Ids.LooksValid(nominationId))
        {
            span.SetTag(NominationId, nominationId);
        }
        else if (segments is ["api", "proposals", var proposalId, ..] && Ids.LooksValid(proposalId))
        {
            span.SetTag(ProposalId, proposalId);
        }
    }

    /// <summary>The attribute value of a decision: its name in lower case, as the review form sends it.</summary>
    public static string DecisionValue(DecisionOutcome decision) => decision.ToString().ToLowerInvariant();

    private static void Set(Activity? span, string? nominationId, string? proposalId, string? stage, DecisionOutcome? decision)
    {
        if (span is null)
        {
            return;
        }

        if (nominationId is not null)
        {
            span.SetTag(NominationId, nominationId);
        }

        if (proposalId is not null)
        {
            span.SetTag(ProposalId, proposalId);
        }

        if (stage is not null)
        {
            span.SetTag(Stage, stage);
        }

        if (decision is { } d)
        {
            span.SetTag(Decision, DecisionValue(d));
        }
    }
}
