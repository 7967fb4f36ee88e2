using System.Globalization;
using System.Text.Json;
using Awards.Domain;
using Awards.Security;
using Awards.Storage;
using Awards.Web.Api;
using Awards.Web.Pages.Organise;
using Awards.Web.Resources;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The Settings tab of the organisers' console: a new campaign from the sample
/// (<c>/organise/campaigns/new</c>, <c>POST /organise/campaigns</c>), the settings form
/// (<c>/organise/campaigns/{id}/settings</c>), a configuration uploaded as JSON, the current one
/// downloaded, and the list of versions with what each changed. Every change goes through
/// <see cref="CampaignService"/>, the code of <c>POST</c>/<c>PUT /api/campaigns</c>: the same
/// validation and store; a save names the version it was based on and is refused once another
/// is current. Every handler asks <see cref="OrganiserPages"/> who is asking first.
/// </summary>
public sealed class OrganiseSettingsPages(OrganiserPages organisers, CampaignService service, CampaignStore campaigns)
{
    // Versions whose changes the page lists (the newest); older ones are counted only.
    private const int ListedVersions = 30;

    // The settings form of 100 provinces' approvers is well under this; an uploaded configuration
    // may add its multipart framing to the API's limit.
    private const int MaxFormBytes = 1024 * 1024;
    private const int MaxUploadBytes = CampaignApi.MaxConfigurationBytes + (64 * 1024);

    private static readonly JsonSerializerOptions Indented = new(AwardsJson.Options) { WriteIndented = true };

    /// <summary><c>GET /organise/campaigns/new</c>: id and name of a new campaign, the rest from the sample.</summary>
    public async Task<IResult> NewAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, refusal) = await organisers.OrganiserAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var sample = CampaignSample.Load();
        return await NewPageAsync(http, caller, StatusCodes.Status200OK, new NewCampaignModel(sample, sample.Id, sample.Name, sample.NameEn ?? string.Empty, Errors()));
    }

    /// <summary><c>POST /organise/campaigns</c> (<c>id</c>, <c>name</c>, <c>nameEn</c>): creates the campaign from the sample and goes to its settings.</summary>
    public async Task<IResult> CreateAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, refusal) = await organisers.OrganiserAsync(http);
        if (caller is null)
        {
            return refusal!;
        }

        var sample = CampaignSample.Load();
        var form = await ReadFormAsync(http, MaxFormBytes);
        if (form is null)
        {
            var unread = new NewCampaignModel(sample, sample.Id, sample.Name, sample.NameEn ?? string.Empty, Errors());
            unread.Errors[string.Empty] = OrganiseSettingsTexts.ErrorUnreadable;
            return await NewPageAsync(http, caller, StatusCodes.Status400BadRequest, unread);
        }

        string Text(string name) => VietnameseText.Normalize(form[name].ToString().Trim()) ?? string.Empty;
        var model = new NewCampaignModel(sample, Text("id"), Text("name"), Text("nameEn"), Errors());
        var change = await service.CreateAsync(caller, sample with { Id = model.Id, Name = model.Name, NameEn = model.NameEn.Length == 0 ? null : model.NameEn }, http.RequestAborted);
        switch (change.Refusal)
        {
            case CampaignChangeRefusal.None:
                return Html.SeeOther(http, $"/organise/campaigns/{Uri.EscapeDataString(change.Campaign!.Id)}/settings?done=created");
            case CampaignChangeRefusal.Exists:
                model.Errors["id"] = OrganiseSettingsTexts.ErrorIdTaken;
                return await NewPageAsync(http, caller, StatusCodes.Status409Conflict, model);
            default:
                foreach (var (path, messages) in change.Errors)
                {
                    model.Errors[path is "id" or "name" or "nameEn" ? path : string.Empty] = path switch
                    {
                        "id" => OrganiseSettingsTexts.ErrorId,
                        "name" or "nameEn" => OrganiseSettingsTexts.ErrorCampaignName,
                        _ => $"{path}: {string.Join(" ", messages)}",
                    };
                }

                return await NewPageAsync(http, caller, StatusCodes.Status400BadRequest, model);
        }
    }

    /// <summary><c>GET /organise/campaigns/{campaignId}/settings</c>: the form, the upload, the download and the versions.</summary>
    public async Task<IResult> ShowAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await organisers.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var notice = http.Request.Query["done"].ToString() switch
        {
            "created" => OrganiseSettingsTexts.Created,
            "saved" => Texts.Format(OrganiseSettingsTexts.Saved, campaign.Version),
            _ => null,
        };
        return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status200OK, SettingsForm.From(campaign), notice: notice);
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{campaignId}/settings</c>: saves the form as the next version
    /// (or, for a "more rows" button, shows the form again with more empty approver rows). On a
    /// refusal the form comes back as typed with each error at its control, and nothing is stored.
    /// </summary>
    public async Task<IResult> SaveAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await organisers.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var posted = await ReadFormAsync(http, MaxFormBytes);
        if (posted is null)
        {
            return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status400BadRequest, SettingsForm.From(campaign), new Dictionary<string, string>(StringComparer.Ordinal) { [string.Empty] = OrganiseSettingsTexts.ErrorUnreadable });
        }

        var form = SettingsForm.Read(posted, campaign);
        if (posted["more"].ToString() is { Length: > 0 } more)
        {
            // Adds rows and stores nothing: the rows are for typing into, the save is another button.
            int? stage = int.TryParse(more, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s < campaign.Stages.Count ? s : null;
            return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status200OK, form.WithMoreRows(stage), focus: stage is { } i ? SettingsForm.Field.Row(i, form.Stages[i].Rows.Count, "email") : null);
        }

        if (form.BaseVersion != campaign.Version)
        {
            return await StaleAsync(http, caller!, campaign, form.BaseVersion);
        }

        var (next, errors, fieldOf) = form.Apply(campaign);
        if (errors.Count > 0)
        {
            return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status400BadRequest, form, errors);
        }

        var change = await service.UpdateAsync(caller!, campaign.Id, next, form.BaseVersion, http.RequestAborted);
        switch (change.Refusal)
        {
            case CampaignChangeRefusal.None:
                return Html.SeeOther(http, $"/organise/campaigns/{Uri.EscapeDataString(campaign.Id)}/settings?done=saved#versions");
            case CampaignChangeRefusal.Stale:
                return await StaleAsync(http, caller!, campaign, form.BaseVersion);
            case CampaignChangeRefusal.Invalid:
                var shown = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (path, messages) in change.Errors)
                {
                    var field = fieldOf.GetValueOrDefault(path) ?? string.Empty;
                    var message = field.Length == 0 ? $"{path}: {string.Join(" ", messages)}" : MessageFor(path, messages);
                    shown[field] = shown.TryGetValue(field, out var earlier) ? earlier + " " + message : message;
                }

                return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status400BadRequest, form, shown);
            default:
                // The campaign went away meanwhile: the console's own not-found page (an id that cannot exist asks for it).
                return (await organisers.CampaignAsync(http, string.Empty)).Refusal!;
        }
    }

    /// <summary>
    /// <c>POST /organise/campaigns/{campaignId}/settings/upload</c> (multipart: <c>file</c>,
    /// <c>baseVersion</c>): a whole configuration as JSON, read and validated as
    /// <c>PUT /api/campaigns/{id}</c> reads it; each error is listed by its JSON path at the file
    /// control and nothing is stored, or it becomes the next version.
    /// </summary>
    public async Task<IResult> UploadAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (caller, campaign, refusal) = await organisers.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        var form = await ReadFormAsync(http, MaxUploadBytes);
        if (form is null)
        {
            return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status400BadRequest, SettingsForm.From(campaign), uploadErrors: [("$", http.Request.ContentLength > MaxUploadBytes
                ? Texts.Format(OrganiseSettingsTexts.ErrorFileTooLarge, CampaignApi.MaxConfigurationBytes / 1024)
                : OrganiseSettingsTexts.ErrorUnreadable)]);
        }

        var basedOn = int.TryParse(form[SettingsForm.Field.BaseVersion], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        var file = form.Files.GetFile("file");
        List<(string Path, string Message)> problems = [];
        if (file is null || file.Length == 0)
        {
            problems.Add(("$", OrganiseSettingsTexts.ErrorNoFile));
        }
        else if (file.Length > CampaignApi.MaxConfigurationBytes)
        {
            problems.Add(("$", Texts.Format(OrganiseSettingsTexts.ErrorFileTooLarge, CampaignApi.MaxConfigurationBytes / 1024)));
        }
        else if (basedOn != campaign.Version)
        {
            return await StaleAsync(http, caller!, campaign, basedOn);
        }
        else
        {
            using var buffer = new MemoryStream((int)file.Length);
            await using (var stream = file.OpenReadStream())
            {
                await stream.CopyToAsync(buffer, http.RequestAborted);
            }

            var (body, field, message) = JsonBody.Parse<Campaign>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (body is null)
            {
                problems.Add((field!, message!));
            }
            else
            {
                var change = await service.UpdateAsync(caller!, campaign.Id, body, basedOn, http.RequestAborted);
                switch (change.Refusal)
                {
                    case CampaignChangeRefusal.None:
                        return Html.SeeOther(http, $"/organise/campaigns/{Uri.EscapeDataString(campaign.Id)}/settings?done=saved#versions");
                    case CampaignChangeRefusal.Stale:
                        return await StaleAsync(http, caller!, campaign, basedOn);
                    case CampaignChangeRefusal.IdChanged:
                        problems.Add(("id", Texts.Format(OrganiseSettingsTexts.ErrorUploadId, body.Id, campaign.Id)));
                        break;
                    default:
                        problems.AddRange(change.Errors.SelectMany(e => e.Value.Select(m => (e.Key, m))));
                        break;
                }
            }
        }

        return await SettingsPageAsync(http, caller!, campaign, StatusCodes.Status400BadRequest, SettingsForm.From(campaign), uploadErrors: problems);
    }

    /// <summary><c>GET /organise/campaigns/{campaignId}/settings/configuration</c>: the current configuration as a JSON file, the upload's format.</summary>
    public async Task<IResult> DownloadAsync(HttpContext http, string campaignId)
    {
        ArgumentNullException.ThrowIfNull(http);
        var (_, campaign, refusal) = await organisers.CampaignAsync(http, campaignId);
        if (campaign is null)
        {
            return refusal!;
        }

        return new StreamedFile("application/json; charset=utf-8", $"{campaign.Id}-v{campaign.Version}.json", (response, ct) =>
            JsonSerializer.SerializeAsync(response.Body, campaign, Indented, ct));
    }

    // Someone stored a version after the one the form showed: nothing is stored; the page shows
    // the current version, who stored what since, and asks for the change again.
    private async Task<IResult> StaleAsync(HttpContext http, Caller caller, Campaign current, int basedOn)
    {
        var versions = await campaigns.ListVersionsAsync(current.Id, http.RequestAborted);
        var since = versions.Where(v => v.Version > basedOn).ToList();
        var by = string.Join(", ", since.Select(v => v.By ?? "?").Distinct(StringComparer.OrdinalIgnoreCase));
        var message = Texts.Format(OrganiseSettingsTexts.Stale, basedOn, current.Version, by);
        return await SettingsPageAsync(http, caller, current, StatusCodes.Status409Conflict, SettingsForm.From(current), stale: message);
    }

    private async Task<IResult> SettingsPageAsync(
        HttpContext http,
        Caller caller,
        Campaign campaign,
        int status,
        SettingsForm form,
        Dictionary<string, string>? errors = null,
        string? notice = null,
        string? stale = null,
        IReadOnlyList<(string Path, string Message)>? uploadErrors = null,
        string? focus = null)
    {
        var ct = http.RequestAborted;
        var infos = await campaigns.ListVersionsAsync(campaign.Id, ct);
        var listed = infos.OrderByDescending(v => v.Version).Take(ListedVersions).ToList();
        var history = new List<SettingsVersion>();
        foreach (var info in listed)
        {
            var version = await campaigns.GetVersionAsync(campaign.Id, info.Version, ct);
            var previous = info.Version > 1 && infos.Any(v => v.Version == info.Version - 1) ? await campaigns.GetVersionAsync(campaign.Id, info.Version - 1, ct) : null;
            history.Add(new SettingsVersion(info, previous is null ? null : CampaignDiff.Compare(previous, version)));
        }

        var model = new SettingsModel(campaign, form, errors ?? Errors(), notice, stale, uploadErrors ?? [], history, infos.Count, focus);
        // The language switch comes back to the page: a GET's own address (with its notice), else the settings page.
        var path = HttpMethods.IsGet(http.Request.Method) ? null : $"/organise/campaigns/{Uri.EscapeDataString(campaign.Id)}/settings";
        return await organisers.PageAsync<SettingsPage>(http, caller, status, new Dictionary<string, object?> { [nameof(SettingsPage.Model)] = model }, returnTo: path);
    }

    private Task<IResult> NewPageAsync(HttpContext http, Caller caller, int status, NewCampaignModel model) =>
        organisers.PageAsync<SettingsNewCampaignPage>(http, caller, status, new Dictionary<string, object?> { [nameof(SettingsNewCampaignPage.Model)] = model }, returnTo: "/organise/campaigns/new");

    // The validator's finding for a control of the form, in the page's language where the form
    // knows what the control takes; otherwise the validator's own words.
    private static string MessageFor(string path, string[] messages)
    {
        var last = path[(path.LastIndexOf('.') + 1)..];
        return last switch
        {
            "deadlineWorkingDays" => OrganiseSettingsTexts.ErrorDeadline,
            "email" => OrganiseSettingsTexts.ErrorEmail,
            "name" => OrganiseSettingsTexts.ErrorName,
            "quotaPerUnit" or "collective" or "individual" => OrganiseSettingsTexts.ErrorQuota,
            "closesAt" => OrganiseSettingsTexts.ErrorIntakeOrder,
            _ when last.StartsWith("remindAt", StringComparison.Ordinal) => OrganiseSettingsTexts.ErrorRemind,
            _ when last.StartsWith("approvers", StringComparison.Ordinal) => Texts.Format(OrganiseSettingsTexts.ErrorApprovers, string.Join(" ", messages)),
            _ => string.Join(" ", messages),
        };
    }

    private static Dictionary<string, string> Errors() => new(StringComparer.Ordinal);

    // A form body (url-encoded or multipart) of at most maxBytes, or null when there is none or it does not parse.
    private static async Task<IFormCollection?> ReadFormAsync(HttpContext http, int maxBytes) =>
        http.Request.HasFormContentType && http.Request.ContentLength is >= 0 && http.Request.ContentLength <= maxBytes
            ? await FormBody.TryReadAsync(http.Request, http.RequestAborted)
            : null;
}
