using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Awards.Hosting;
using Awards.Storage;
using Awards.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Awards.UnitTests;

/// <summary>
/// The settings the code reads (its options classes, listed by <see cref="OptionsCatalogue"/>)
/// are the settings the infrastructure gives the Functions app and the settings
/// <c>local.settings.json.example</c> gives <c>func start</c>: a setting added to the code and
/// forgotten in either place fails here, and so does a setting given that nothing reads.
/// </summary>
[TestClass]
public sealed class SettingsCatalogueTests
{
    /// <summary>
    /// Settings the Functions host reads and the code does not. Flex Consumption takes the
    /// runtime from <c>functionAppConfig.runtime</c> and the host version is fixed, so it refuses
    /// both as app settings; <c>func start</c> needs the worker runtime in local settings.
    /// </summary>
    private static readonly Dictionary<string, (bool InTemplate, bool InLocal, string Reason)> HostOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        ["FUNCTIONS_WORKER_RUNTIME"] = (false, true, "Flex Consumption sets it from functionAppConfig.runtime and refuses it as an app setting; func start needs it"),
        ["FUNCTIONS_EXTENSION_VERSION"] = (false, false, "Flex Consumption runs Functions v4 only and refuses it as an app setting; func start does not need it"),
    };

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void The_code_the_template_and_the_local_settings_example_name_the_same_settings()
    {
        var code = OptionsCatalogue.SettingNames;
        var template = InfrastructureTemplateTests.AppSettings().Keys.Select(ToConfigurationName).ToList();
        var local = LocalSettingsExample().Select(ToConfigurationName).ToList();
        TestContext.WriteLine("Code reads:\n  " + string.Join("\n  ", code.Select(n => $"{n} ({OptionsCatalogue.PlaceOf(n)})")));

        var problems = new List<string>();
        foreach (var setting in code)
        {
            var place = OptionsCatalogue.PlaceOf(setting);
            var inTemplate = template.Any(t => OptionsCatalogue.Matches(setting, t));
            var inLocal = local.Any(l => OptionsCatalogue.Matches(setting, l));
            if (place is SettingPlace.Both or SettingPlace.AzureOnly && !inTemplate)
            {
                problems.Add($"{setting}: the code reads it and the template does not give it.");
            }

            if (place is SettingPlace.Both or SettingPlace.LocalOnly && !inLocal)
            {
                problems.Add($"{setting}: the code reads it and local.settings.json.example does not give it.");
            }

            if (place is SettingPlace.LocalOnly or SettingPlace.Neither && inTemplate)
            {
                problems.Add($"{setting}: the template gives it, but it is listed as not for Azure ({OptionsCatalogue.Exceptions[setting].Reason}).");
            }

            if (place is SettingPlace.AzureOnly or SettingPlace.Neither && inLocal)
            {
                problems.Add($"{setting}: local.settings.json.example gives it, but it is listed as not for local use ({OptionsCatalogue.Exceptions[setting].Reason}).");
            }
        }

        foreach (var name in template.Where(t => !code.Any(c => OptionsCatalogue.Matches(c, t))))
        {
            problems.Add(HostOnly.TryGetValue(name, out var host) && host.InTemplate ? string.Empty : $"{name}: the template gives it and no options class reads it.");
        }

        foreach (var name in local.Where(l => !code.Any(c => OptionsCatalogue.Matches(c, l))))
        {
            problems.Add(HostOnly.TryGetValue(name, out var host) && host.InLocal ? string.Empty : $"{name}: local.settings.json.example gives it and no options class reads it.");
        }

        foreach (var (name, (inTemplate, inLocal, reason)) in HostOnly)
        {
            if (template.Contains(name, StringComparer.OrdinalIgnoreCase) != inTemplate || local.Contains(name, StringComparer.OrdinalIgnoreCase) != inLocal)
            {
                problems.Add($"{name}: host-only setting expected {(inTemplate ? "in" : "not in")} the template and {(inLocal ? "in" : "not in")} the local example ({reason}).");
            }
        }

        problems.RemoveAll(string.IsNullOrEmpty);
        Assert.IsEmpty(problems, string.Join("\n", problems));
    }

    [TestMethod]
    public void Every_options_class_the_app_binds_is_in_the_catalogue()
    {
        var services = new ServiceCollection();
        services.AddAwards(new ConfigurationBuilder().Build());
        var bound = services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("Awards", StringComparison.Ordinal) == true)
            .Distinct()
            .ToList();
        var catalogued = OptionsCatalogue.Sections.Select(s => s.Type).ToList();
        CollectionAssert.IsSubsetOf(bound, catalogued, "Options classes bound by AddAwards but missing from OptionsCatalogue.Sections: " + string.Join(", ", bound.Except(catalogued).Select(t => t.Name)));
    }

    [TestMethod]
    public void Every_catalogued_setting_reaches_its_options_property_through_the_app_registration()
    {
        // A distinct value per setting, in its configuration form; then the options the app
        // resolves must hold exactly those values: the catalogue names what the code reads.
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var expected = new List<(Type Type, string Path, PropertyInfo Property, string Value)>();
        foreach (var section in OptionsCatalogue.Sections)
        {
            Collect(section.Type, section.Section, string.Empty, values, expected, section.Type);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddAwards(configuration);
        using var provider = services.BuildServiceProvider();

        var problems = new List<string>();
        foreach (var group in expected.GroupBy(e => e.Type))
        {
            var accessor = provider.GetRequiredService(typeof(IOptions<>).MakeGenericType(group.Key));
            var options = accessor.GetType().GetProperty("Value")!.GetValue(accessor)!;
            foreach (var (_, path, _, value) in group)
            {
                var actual = Read(options, path);
                if (!string.Equals(actual, value, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{group.Key.Name}.{path}: expected '{value}' from configuration, got '{actual}'.");
                }
            }
        }

        Assert.IsEmpty(problems, string.Join("\n", problems));
        Assert.IsGreaterThanOrEqualTo(20, expected.Count, "the walk found the settings");
    }

    [TestMethod]
    public void An_unresolved_key_vault_reference_is_never_taken_as_the_bootstrap_organiser_key()
    {
        // Key Vault hands the app the reference text itself when it cannot resolve it; that text must not be a key.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Awards:BootstrapOrganiserKey"] = "@Microsoft.KeyVault(VaultName=kv-abc;SecretName=bootstrap-organiser-key)",
        }).Build();
        using var provider = new ServiceCollection().AddAwards(configuration).BuildServiceProvider();
        Assert.IsNull(provider.GetRequiredService<IOptions<Awards.Workflow.Activities.AwardsOptions>>().Value.BootstrapOrganiserKey);
    }

    /// <summary>Local settings use <c>__</c> like environment variables; configuration uses <c>:</c>.</summary>
    private static string ToConfigurationName(string name) => name.Replace("__", ":", StringComparison.Ordinal);

    private static List<string> LocalSettingsExample()
    {
        var path = Path.Combine(RepositoryPaths.Root, "functions", "Awards.FunctionApp", "local.settings.json.example");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        return [.. json["Values"]!.AsObject().Select(p => p.Key)];
    }

    private static void Collect(Type type, string section, string path, Dictionary<string, string?> values, List<(Type, string, PropertyInfo, string)> expected, Type root)
    {
        var counter = values.Count;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var key = property.GetCustomAttribute<ConfigurationKeyNameAttribute>()?.Name ?? property.Name;
            var isSectionValue = property.GetCustomAttribute<SectionValueAttribute>() is not null;
            var name = isSectionValue ? section : section.Length == 0 ? key : section + ":" + key;
            var propertyPath = path.Length == 0 ? property.Name : path + "." + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var sentinel = Sentinel(propertyType, property, ++counter);
            if (sentinel is not null)
            {
                values[name] = sentinel;
                expected.Add((root, propertyPath, property, sentinel));
            }
            else if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                values[name + ":zz1"] = "entry-" + counter.ToString(CultureInfo.InvariantCulture);
                expected.Add((root, propertyPath + "[zz1]", property, "entry-" + counter.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                Collect(propertyType, name, propertyPath, values, expected, root);
            }
        }
    }

    private static string? Sentinel(Type type, PropertyInfo property, int n)
    {
        var i = n.ToString(CultureInfo.InvariantCulture);
        if (type == typeof(string))
        {
            return "value-" + i;
        }

        if (type == typeof(int) || type == typeof(long))
        {
            return (1000 + n).ToString(CultureInfo.InvariantCulture);
        }

        if (type == typeof(TimeSpan))
        {
            return TimeSpan.FromSeconds(n + 7).ToString("c", CultureInfo.InvariantCulture);
        }

        if (type == typeof(Uri))
        {
            return $"https://setting-{i}.example/";
        }

        if (type == typeof(bool))
        {
            var current = property.GetValue(Activator.CreateInstance(property.DeclaringType!)) as bool? ?? false;
            return (!current).ToString();
        }

        if (type.IsEnum)
        {
            var names = Enum.GetNames(type);
            var current = property.GetValue(Activator.CreateInstance(property.DeclaringType!))?.ToString();
            return names.First(x => x != current);
        }

        return null;
    }

    private static string? Read(object options, string path)
    {
        object? current = options;
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            var propertyName = bracket < 0 ? part : part[..bracket];
            current = current?.GetType().GetProperty(propertyName)!.GetValue(current);
            if (bracket >= 0 && current is System.Collections.IDictionary dictionary)
            {
                current = dictionary[part[(bracket + 1)..^1]];
            }
        }

        return current switch
        {
            TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => current?.ToString(),
        };
    }
}
