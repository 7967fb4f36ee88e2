using Awards.Domain;
using Awards.Storage;

namespace Awards.Web.Pages.Organise;

/// <summary>The new-campaign form: the sample it copies, what was typed, and errors by control id (<c>id</c>, <c>name</c>, <c>nameEn</c>; empty key: the whole form).</summary>
/// <param name="Sample">The sample campaign the new one copies.</param>
/// <param name="Id">The id typed.</param>
/// <param name="Name">The Vietnamese name typed.</param>
/// <param name="NameEn">The English name typed.</param>
/// <param name="Errors">Control id → message.</param>
public sealed record NewCampaignModel(Campaign Sample, string Id, string Name, string NameEn, Dictionary<string, string> Errors);

/// <summary>One stored version as the settings page lists it.</summary>
/// <param name="Info">Its number, when and by whom.</param>
/// <param name="Changes">What changed against the previous version; null for the first.</param>
public sealed record SettingsVersion(CampaignVersionInfo Info, IReadOnlyList<ConfigurationChange>? Changes);

/// <summary>Everything the settings page shows.</summary>
/// <param name="Campaign">The current version.</param>
/// <param name="Form">The form's values (the current version's, or as posted).</param>
/// <param name="Errors">Control id → message; the empty key holds what belongs to no control.</param>
/// <param name="Notice">What the last action did (created, saved).</param>
/// <param name="Stale">Why the save was refused: another version is current.</param>
/// <param name="UploadErrors">The uploaded configuration's errors, JSON path → message.</param>
/// <param name="Versions">The newest versions, newest first, each with its changes.</param>
/// <param name="VersionCount">How many versions there are.</param>
/// <param name="Focus">The control to focus when the page opens (the first of the rows just added).</param>
public sealed record SettingsModel(
    Campaign Campaign,
    SettingsForm Form,
    Dictionary<string, string> Errors,
    string? Notice,
    string? Stale,
    IReadOnlyList<(string Path, string Message)> UploadErrors,
    IReadOnlyList<SettingsVersion> Versions,
    int VersionCount,
    string? Focus)
{
    /// <summary>The error at a control, or null.</summary>
    public string? ErrorOf(string field) => Errors.GetValueOrDefault(field);

    /// <summary>The aria-describedby of a control: its hint (if any) and its error (if any).</summary>
    public string? DescribedBy(string field, string? hint = null)
    {
        var ids = new[] { hint, ErrorOf(field) is null ? null : field + "-error" }.Where(i => i is not null).ToList();
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    /// <summary>aria-invalid of a control.</summary>
    public string Invalid(string field) => ErrorOf(field) is null ? "false" : "true";
}
