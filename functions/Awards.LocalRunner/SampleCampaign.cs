using System.Text.Json;
using Awards.Domain;
using Awards.Storage;
using Awards.Web;

namespace Awards.LocalRunner;

/// <summary>
/// On the runner's first start, loads the sample campaign that ships in the repository
/// (samples/campaign.json, modelled on the 2019 programme-09 review), so a newcomer has a
/// campaign to nominate into. An existing campaign with that id is left alone.
/// </summary>
public sealed partial class SampleCampaign(CampaignStore campaigns, AwardsStorage storage, TimeProvider time, ILogger<SampleCampaign> logger) : IHostedService
{
    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = Azurite.FindRepositoryRoot();
        var path = root is null ? null : Path.Combine(root, "samples", "campaign.json");
        if (path is null || !File.Exists(path))
        {
            return;
        }

        var campaign = JsonSerializer.Deserialize<Campaign>(await File.ReadAllTextAsync(path, cancellationToken), AwardsJson.Options);
        if (campaign is null)
        {
            return;
        }

        campaign = CampaignValidator.Normalize(campaign);
        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            // A broken sample must be noticed, not silently skipped.
            throw new InvalidOperationException($"{path} is not a valid campaign: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        if (await campaigns.CreateAsync(campaign, "sample", time.GetUtcNow(), cancellationToken))
        {
            LogLoaded(logger, campaign.Id, path);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loaded the sample campaign '{CampaignId}' from {Path}")]
    private static partial void LogLoaded(ILogger logger, string campaignId, string path);
}
