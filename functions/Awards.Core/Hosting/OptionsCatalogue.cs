using System.Reflection;
using Awards.Documents;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Workflow.Activities;
using Microsoft.Extensions.Configuration;

namespace Awards.Hosting;

/// <summary>
/// Every setting the shared code reads, found from its options classes, so the set is
/// enumerable: the deployment checks compare it with the app settings the infrastructure gives
/// the Functions app and with <c>local.settings.json.example</c>. A new options class belongs
/// here (a test fails when <see cref="AwardsServices.AddAwards"/> binds one that is not), and a
/// new property of a listed class appears by itself. The local runner's own settings
/// (<c>Awards:Runner:*</c>) are not the Functions app's and are not listed.
/// </summary>
public static class OptionsCatalogue
{
    /// <summary>The placeholder for a dictionary entry's key in <see cref="SettingNames"/>.</summary>
    public const string KeyPlaceholder = "{key}";

    /// <summary>Each options class and the configuration section it is bound from ("" is the root).</summary>
    public static IReadOnlyList<OptionsSection> Sections { get; } =
    [
        new(typeof(StorageConnectionOptions), StorageConnectionOptions.SettingName),
        new(typeof(StorageOptions), "Awards:Storage"),
        new(typeof(TaskHubOptions), "Awards"),
        new(typeof(AwardsOptions), "Awards"),
        new(typeof(MailOptions), "Awards:Mail"),
        new(typeof(LinkSigningOptions), "Awards:Links"),
        new(typeof(AuditOptions), "Awards:Audit"),
        new(typeof(DocumentOptions), DocumentOptions.Section),
        new(typeof(TelemetryOptions), TelemetryOptions.Section),
        new(typeof(ConsoleTelemetryOptions), ConsoleTelemetryOptions.Section),
    ];

    /// <summary>
    /// Every setting name, in configuration form (<c>:</c>-separated; environment variables and app
    /// settings use <c>__</c>). A dictionary's entries appear once, with <see cref="KeyPlaceholder"/> for the key.
    /// </summary>
    public static IReadOnlyList<string> SettingNames { get; } = [.. Sections.SelectMany(s => Walk(s.Type, s.Section)).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// Settings not given in both places, with the reason; every other setting is given both by the
    /// infrastructure (Azure) and in <c>local.settings.json.example</c> (<c>func start</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, (SettingPlace Place, string Reason)> Exceptions { get; } =
        new Dictionary<string, (SettingPlace, string)>(StringComparer.OrdinalIgnoreCase)
        {
            [StorageConnectionOptions.SettingName] = (SettingPlace.LocalOnly, "a connection string needs shared-key access, which the storage account in Azure has off; there the identity-based settings are given instead"),
            [StorageConnectionOptions.SettingName + ":accountName"] = (SettingPlace.AzureOnly, "the identity-based form; locally the emulator's connection string is used"),
            [StorageConnectionOptions.SettingName + ":credential"] = (SettingPlace.AzureOnly, "the identity-based form; locally the emulator's connection string is used"),
            [StorageConnectionOptions.SettingName + ":clientId"] = (SettingPlace.AzureOnly, "the identity-based form; locally the emulator's connection string is used"),
            [StorageConnectionOptions.SettingName + ":blobServiceUri"] = (SettingPlace.Neither, "only instead of accountName, for endpoints the account name does not give (sovereign clouds, private DNS)"),
            [StorageConnectionOptions.SettingName + ":tableServiceUri"] = (SettingPlace.Neither, "only instead of accountName, for endpoints the account name does not give (sovereign clouds, private DNS)"),
            [StorageConnectionOptions.SettingName + ":queueServiceUri"] = (SettingPlace.Neither, "only instead of accountName, for endpoints the account name does not give (sovereign clouds, private DNS)"),
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = (SettingPlace.AzureOnly, "locally spans go to the console"),
            ["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] = (SettingPlace.AzureOnly, "locally spans go to the console"),
            [ConsoleTelemetryOptions.Section + ":ConsoleSpans"] = (SettingPlace.LocalOnly, "in Azure spans go to Application Insights, not the console"),
            ["Awards:Mail:OutboxPath"] = (SettingPlace.LocalOnly, "in Azure mail goes by SMTP: an instance's disk is not kept, so an outbox folder there would lose mail"),
        };

    /// <summary>Where <paramref name="settingName"/> (as in <see cref="SettingNames"/>) is given.</summary>
    public static SettingPlace PlaceOf(string settingName) =>
        Exceptions.TryGetValue(settingName, out var e) ? e.Place : SettingPlace.Both;

    /// <summary>
    /// True when a concrete name (e.g. <c>Awards:Links:SigningKeys:k1</c>) is the catalogued
    /// <paramref name="settingName"/> (e.g. <c>Awards:Links:SigningKeys:{key}</c>); case-insensitive, as configuration is.
    /// </summary>
    public static bool Matches(string settingName, string concreteName)
    {
        ArgumentNullException.ThrowIfNull(settingName);
        ArgumentNullException.ThrowIfNull(concreteName);
        if (!settingName.EndsWith(":" + KeyPlaceholder, StringComparison.Ordinal))
        {
            return string.Equals(settingName, concreteName, StringComparison.OrdinalIgnoreCase);
        }

        var prefix = settingName[..^KeyPlaceholder.Length];
        return concreteName.Length > prefix.Length
            && concreteName.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && !concreteName[prefix.Length..].Contains(':', StringComparison.Ordinal);
    }

    private static IEnumerable<string> Walk(Type type, string section)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            if (property.GetCustomAttribute<SectionValueAttribute>() is not null)
            {
                yield return section;
                continue;
            }

            var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var name = section.Length == 0 ? key : section + ":" + key;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsLeaf(propertyType))
            {
                yield return name;
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                yield return name + ":" + KeyPlaceholder;
            }
            else
            {
                foreach (var nested in Walk(propertyType, name))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(Uri) || type == typeof(TimeSpan) || type == typeof(DateTimeOffset);
}

/// <summary>An options class and its configuration section.</summary>
/// <param name="Type">The options class.</param>
/// <param name="Section">Its section; "" is the configuration root.</param>
public sealed record OptionsSection(Type Type, string Section);

/// <summary>Where a setting is given.</summary>
public enum SettingPlace
{
    /// <summary>In the infrastructure's app settings and in <c>local.settings.json.example</c>.</summary>
    Both,

    /// <summary>Only in the infrastructure's app settings.</summary>
    AzureOnly,

    /// <summary>Only in <c>local.settings.json.example</c>.</summary>
    LocalOnly,

    /// <summary>In neither: an alternative form for setups the template does not make.</summary>
    Neither,
}
