using System.Text.Json.Serialization;
using Awards.Security;
using Awards.Storage;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Api;

/// <summary>A nomination's audit log with the verdict of its chain: <c>GET /api/nominations/{id}/audit</c>.</summary>
public sealed class AuditApi(VisibleNominations visible, NominationStore nominations)
{
    /// <summary>
    /// <c>GET /api/nominations/{id}/audit</c>: every entry with its place, key id and seal, and
    /// whether the chain verifies (organisers, or the nominating unit that owns the nomination).
    /// A log that does not verify is still a 200: the answer is the verdict, not a failure.
    /// </summary>
    public async Task<IResult> GetAsync(HttpContext http, string id)
    {
        var ct = http.RequestAborted;
        var (nomination, _, problem) = await visible.FindAsync(http, id, ct);
        if (nomination is null)
        {
            return problem!;
        }

        var trail = await nominations.ReadAuditTrailAsync(nomination.Id, ct);
        return Results.Json(AuditLogView.Of(trail), AwardsJson.Options);
    }
}

/// <summary>A nomination's audit log and whether its chain verifies.</summary>
/// <param name="Entries">The entries in log order, as stored (a tampered entry is shown as it now reads).</param>
/// <param name="Verified">True when every entry is intact, in place, and none is missing.</param>
/// <param name="FirstBrokenSeq">The first place that does not verify; null when verified (or when the break has no place, e.g. a foreign row).</param>
/// <param name="Problem">What is wrong there; null when verified.</param>
public sealed record AuditLogView(
    IReadOnlyList<AuditLogEntryView> Entries,
    bool Verified,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? FirstBrokenSeq,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Problem)
{
    /// <summary>The view of a log read back.</summary>
    public static AuditLogView Of(AuditTrail trail)
    {
        ArgumentNullException.ThrowIfNull(trail);
        return new AuditLogView(
            [.. trail.Rows.Select(r => new AuditLogEntryView(r.Seq, r.Entry?.At, r.Entry?.Actor, r.Entry?.Action, r.Entry?.Stage, r.Entry?.Reason, r.Entry?.Detail, r.KeyId, r.Hmac))],
            trail.Verification.Verified,
            trail.Verification.FirstBrokenSeq,
            trail.Verification.Problem);
    }
}

/// <summary>One audit entry with its seal. Fields are null only where a tampered row cannot be read.</summary>
/// <param name="Seq">Its place in the log (1, 2, 3…).</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who did it: an email, or "system".</param>
/// <param name="Action">What happened.</param>
/// <param name="Stage">The stage it concerns, if any.</param>
/// <param name="Reason">The written reason, if any.</param>
/// <param name="Detail">Anything else kept, e.g. the document versions the approver saw.</param>
/// <param name="KeyId">The audit key it was sealed with.</param>
/// <param name="Hmac">Its seal: URL-safe base64 HMAC-SHA256 over the entry and the previous seal.</param>
public sealed record AuditLogEntryView(int? Seq, DateTimeOffset? At, string? Actor, string? Action, string? Stage, string? Reason, string? Detail, string? KeyId, string? Hmac);
