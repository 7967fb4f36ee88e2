using Awards.Domain;
using Awards.Storage;

namespace Awards.LocalRunner;

/// <summary>
/// On the runner's first start, loads the sample campaign that ships in the repository
/// (samples/campaign.json, modelled on the 2019 programme-09 review, embedded in Awards.Core as
/// <see cref="CampaignSample"/>), so a newcomer has a campaign to nominate into. An existing campaign with that id is left alone.
/// </summary>
public sealed partial class SampleCampaign(CampaignStore campaigns, AwardsStorage storage, TimeProvider time, ILogger<SampleCampaign> logger) : IHostedService
{
    /// <inheritdoc/>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The copy embedded in Awards.Core: the same one the organisers' console creates campaigns from.
        var campaign = CampaignSample.Load();
        campaign = CampaignValidator.Normalize(campaign);
        var errors = CampaignValidator.Validate(campaign);
        if (errors.Count > 0)
        {
            // A broken sample must be noticed, not silently skipped.
            throw new InvalidOperationException("samples/campaign.json is not a valid campaign: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }

        await storage.EnsureCreatedAsync(cancellationToken);
        if (await campaigns.CreateAsync(campaign, "sample", time.GetUtcNow(), cancellationToken))
        {
            LogLoaded(logger, campaign.Id);
        }
    }

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Loaded the sample campaign '{CampaignId}' (samples/campaign.json)")]
    private static partial void LogLoaded(ILogger logger, string campaignId);
}
