using System.Text.Json;
using Awards.Web;

namespace Awards.Domain;

/// <summary>
/// The sample campaign shipped in the repository (<c>samples/campaign.json</c>, modelled on the
/// 2019 programme-09 review), embedded in the assembly: the template the organisers' console
/// creates a new campaign from, and what the local runner loads on its first start. One copy,
/// read from the assembly, so the Functions app in Azure has it as well.
/// </summary>
public static class CampaignSample
{
    private const string ResourceName = "Awards.Samples.campaign.json";

    /// <summary>The sample's configuration, as stored in the repository (not yet normalised or validated).</summary>
    /// <exception cref="InvalidOperationException">The assembly was built without the sample.</exception>
    public static Campaign Load()
    {
        using var stream = typeof(CampaignSample).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The assembly carries no {ResourceName}.");
        return JsonSerializer.Deserialize<Campaign>(stream, AwardsJson.Options)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
    }
}
