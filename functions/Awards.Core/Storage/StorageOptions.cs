namespace Awards.Storage;

/// <summary>Where state and documents live. Bound from configuration.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration key of the storage connection (shared with the Functions host and the Durable backend).</summary>
    public const string ConnectionSettingName = "AzureWebJobsStorage";

    /// <summary>
    /// Connection string, e.g. <c>UseDevelopmentStorage=true</c> for Azurite. Read from
    /// <c>AzureWebJobsStorage</c>, the setting the Functions host and Durable backend use too.
    /// </summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prefix of every table and container name, so several installations can share an account.</summary>
    public string NamePrefix { get; set; } = "awards";
}
