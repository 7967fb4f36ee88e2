using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Awards.Web;

namespace Awards.Domain;

/// <summary>One step of the path to a changed value: a property, and in a list the entry's key (its code, type or address) or position.</summary>
/// <param name="Property">The JSON property name (for a map such as <c>approversByProvince</c>, the map's key).</param>
/// <param name="Key">In a list, which entry: its <c>code</c>, <c>type</c> or <c>email</c>, else its position from 1; null outside lists.</param>
public sealed record DiffStep(string Property, string? Key = null)
{
    /// <inheritdoc/>
    public override string ToString() => Key is null ? Property : $"{Property}[{Key}]";
}

/// <summary>What happened to a value between two versions.</summary>
public enum DiffKind
{
    /// <summary>It is new.</summary>
    Added,

    /// <summary>It is gone.</summary>
    Removed,

    /// <summary>It has another value.</summary>
    Changed,
}

/// <summary>One value that differs between two configurations.</summary>
/// <param name="Path">Where it is.</param>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="Old">The earlier value as JSON (null when added).</param>
/// <param name="New">The later value as JSON (null when removed).</param>
public sealed record ConfigurationChange(IReadOnlyList<DiffStep> Path, DiffKind Kind, JsonNode? Old, JsonNode? New)
{
    /// <summary>The path as text, e.g. <c>stages[provincial].deadlineWorkingDays</c>.</summary>
    public string PathText => string.Join('.', Path);
}

/// <summary>
/// What changed between two versions of a campaign's configuration, field by field: both are
/// compared as the JSON they are stored as, lists of entries with a code (stages, awards,
/// documents, provinces), a type or an address (approvers) matched by it — so inserting a stage
/// reads as one stage added, not every later stage changed — and other lists by position.
/// </summary>
public static class CampaignDiff
{
    // Properties that identify an entry of a list, in order of preference.
    private static readonly string[] Keys = ["code", "type", "email", "name"];

    /// <summary>The changes from <paramref name="before"/> to <paramref name="after"/> (the version number itself left out).</summary>
    public static IReadOnlyList<ConfigurationChange> Compare(Campaign before, Campaign after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<ConfigurationChange>();
        Walk(ToJson(before), ToJson(after), [], changes);
        return changes;
    }

    private static JsonObject ToJson(Campaign campaign)
    {
        var json = JsonSerializer.SerializeToNode(campaign, AwardsJson.Options)!.AsObject();
        json.Remove("version");
        return json;
    }

    private static void Walk(JsonNode? before, JsonNode? after, List<DiffStep> path, List<ConfigurationChange> changes)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        if (IsEmpty(before) && IsEmpty(after))
        {
            // null and an empty list or object say the same: nothing configured.
            return;
        }

        if (IsEmpty(before))
        {
            changes.Add(new ConfigurationChange([.. path], DiffKind.Added, null, after!.DeepClone()));
            return;
        }

        if (IsEmpty(after))
        {
            changes.Add(new ConfigurationChange([.. path], DiffKind.Removed, before!.DeepClone(), null));
            return;
        }

        switch (before, after)
        {
            case (JsonObject b, JsonObject a):
                foreach (var name in b.Select(p => p.Key).Concat(a.Select(p => p.Key).Where(k => !b.ContainsKey(k))).ToList())
                {
                    Walk(b[name], a[name], [.. path, new DiffStep(name)], changes);
                }

                break;
            case (JsonArray b, JsonArray a) when KeyOf(b, a) is { } key:
                var last = path[^1];
                var earlier = b.ToDictionary(e => e![key]!.ToString(), StringComparer.Ordinal);
                var later = a.ToDictionary(e => e![key]!.ToString(), StringComparer.Ordinal);
                foreach (var id in earlier.Keys.Concat(later.Keys.Where(k => !earlier.ContainsKey(k))).ToList())
                {
                    var step = last with { Key = id };
                    Walk(earlier.GetValueOrDefault(id), later.GetValueOrDefault(id), [.. path[..^1], step], changes);
                }

                break;
            case (JsonArray b, JsonArray a) when b.Concat(a).All(e => e is JsonObject):
                for (var i = 0; i < Math.Max(b.Count, a.Count); i++)
                {
                    var step = path[^1] with { Key = (i + 1).ToString(CultureInfo.InvariantCulture) };
                    Walk(i < b.Count ? b[i] : null, i < a.Count ? a[i] : null, [.. path[..^1], step], changes);
                }

                break;
            default:
                // A value, or a list of values (reminder points, a stage chain, formats): read as one value.
                changes.Add(new ConfigurationChange([.. path], DiffKind.Changed, before!.DeepClone(), after!.DeepClone()));
                break;
        }
    }

    // The property every entry of both lists has, with values unique in each; null when there is none.
    private static string? KeyOf(JsonArray before, JsonArray after) =>
        Keys.FirstOrDefault(key =>
            before.Concat(after).All(e => e is JsonObject o && o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            && before.Select(e => e![key]!.ToString()).Distinct(StringComparer.Ordinal).Count() == before.Count
            && after.Select(e => e![key]!.ToString()).Distinct(StringComparer.Ordinal).Count() == after.Count);

    private static bool IsEmpty(JsonNode? node) =>
        node is null || node is JsonArray { Count: 0 } || node is JsonObject { Count: 0 };
}
