using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Awards.Storage;

/// <summary>
/// How to reach the storage account, read the way the Functions host reads its own
/// <c>AzureWebJobsStorage</c> connection, so the app, the host and the Durable backend always
/// agree: either a connection string (<c>AzureWebJobsStorage</c>, e.g.
/// <c>UseDevelopmentStorage=true</c> locally), or the identity-based form
/// (<c>AzureWebJobsStorage__accountName</c> or <c>__blobServiceUri</c>/<c>__tableServiceUri</c>/<c>__queueServiceUri</c>,
/// with <c>__credential</c> and <c>__clientId</c>) used in Azure, where shared keys are off.
/// This class is the one place that decides between them.
/// </summary>
public sealed class StorageConnectionOptions
{
    /// <summary>The configuration key (and section) of the storage connection.</summary>
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>What the settings mean when none is given: the local emulator.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>The connection string: the value of <c>AzureWebJobsStorage</c> itself (not a child key).</summary>
    [SectionValue]
    public string? ConnectionString { get; set; }

    /// <summary>Account name; with no service URIs, the public-cloud endpoints of this account are used.</summary>
    [ConfigurationKeyName("accountName")]
    public string? AccountName { get; set; }

    /// <summary>Blob endpoint, for clouds or endpoints the account name alone does not give.</summary>
    [ConfigurationKeyName("blobServiceUri")]
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Table endpoint.</summary>
    [ConfigurationKeyName("tableServiceUri")]
    public Uri? TableServiceUri { get; set; }

    /// <summary>Queue endpoint (the Durable backend's work queues).</summary>
    [ConfigurationKeyName("queueServiceUri")]
    public Uri? QueueServiceUri { get; set; }

    /// <summary><c>managedidentity</c> in Azure; read by the Functions host. The app's credential chain finds the identity either way.</summary>
    [ConfigurationKeyName("credential")]
    public string? Credential { get; set; }

    /// <summary>Client id of the user-assigned managed identity to use (the app has no system-assigned one).</summary>
    [ConfigurationKeyName("clientId")]
    public string? ClientId { get; set; }

    /// <summary>True when the identity-based settings are given; they win over a connection string, as in the Functions host.</summary>
    public bool UsesIdentity =>
        !string.IsNullOrWhiteSpace(AccountName) || BlobServiceUri is not null || TableServiceUri is not null || QueueServiceUri is not null;

    /// <summary>The connection string to use when <see cref="UsesIdentity"/> is false (the emulator when none is set).</summary>
    public string EffectiveConnectionString => string.IsNullOrWhiteSpace(ConnectionString) ? DevelopmentStorage : ConnectionString.Trim();

    /// <summary>Reads the connection from configuration: the section's own value and its identity keys.</summary>
    public static StorageConnectionOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new StorageConnectionOptions();
        Bind(configuration, options);
        return options;
    }

    /// <summary>Binds <paramref name="options"/> from <c>AzureWebJobsStorage</c> and <c>AzureWebJobsStorage:*</c>.</summary>
    public static void Bind(IConfiguration configuration, StorageConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(SettingName);
        options.ConnectionString = section.Value ?? options.ConnectionString;
        section.Bind(options);
    }

    /// <summary>The endpoint of <paramref name="service"/> (<c>blob</c>, <c>table</c> or <c>queue</c>) for the identity-based form.</summary>
    public Uri ServiceUri(string service)
    {
        var explicitUri = service switch
        {
            "blob" => BlobServiceUri,
            "table" => TableServiceUri,
            "queue" => QueueServiceUri,
            _ => throw new ArgumentOutOfRangeException(nameof(service), service, "blob, table or queue"),
        };
        if (explicitUri is not null)
        {
            return explicitUri;
        }

        return string.IsNullOrWhiteSpace(AccountName)
            ? throw new InvalidOperationException($"{SettingName}__{service}ServiceUri or {SettingName}__accountName must be set for identity-based storage.")
            : new Uri($"https://{AccountName.Trim()}.{service}.core.windows.net");
    }

    /// <summary>
    /// The credential for the identity-based form: the default chain (managed identity in Azure,
    /// a developer's sign-in elsewhere), pinned to the user-assigned identity when a client id is given.
    /// </summary>
    public TokenCredential CreateCredential() => new DefaultAzureCredential(new DefaultAzureCredentialOptions
    {
        ManagedIdentityClientId = string.IsNullOrWhiteSpace(ClientId) ? null : ClientId.Trim(),
    });

    /// <summary>A Blob service client for this connection.</summary>
    public BlobServiceClient CreateBlobServiceClient(TokenCredential? credential = null) =>
        UsesIdentity ? new BlobServiceClient(ServiceUri("blob"), credential ?? CreateCredential()) : new BlobServiceClient(EffectiveConnectionString);

    /// <summary>A Table service client for this connection.</summary>
    public TableServiceClient CreateTableServiceClient(TokenCredential? credential = null) =>
        UsesIdentity ? new TableServiceClient(ServiceUri("table"), credential ?? CreateCredential()) : new TableServiceClient(EffectiveConnectionString);
}

/// <summary>Marks the property that receives the configuration section's own value rather than a child key's.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SectionValueAttribute : Attribute;
