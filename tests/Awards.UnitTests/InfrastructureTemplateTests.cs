using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Awards.UnitTests;

/// <summary>
/// infra-bicep compiles and lints clean with the real bicep compiler, and what it deploys keeps
/// the promises the product relies on: storage reachable only by Entra ID, no public blobs,
/// TLS 1.2, and every secret-looking app setting a Key Vault reference.
/// </summary>
[TestClass]
public sealed partial class InfrastructureTemplateTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void Every_bicep_file_compiles_and_lints_without_a_single_warning()
    {
        Assert.IsTrue(BicepTool.BicepFiles.Count >= 5, "infra-bicep holds main.bicep and its modules.");
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();

        // bicep lint compiles the file and reports its errors and the linter's warnings; it exits 0
        // on warnings, so its output is what counts. One process per file, as many as there are cores.
        Parallel.ForEach(BicepTool.BicepFiles.Append(Path.Combine(BicepTool.InfraFolder, "main.bicepparam")), file =>
        {
            var (exit, output) = BicepTool.Run(BicepTool.InfraFolder, "lint", file);
            Report("lint", Path.GetRelativePath(BicepTool.InfraFolder, file), exit, output, problems);
        });

        // The deployable template builds to ARM JSON (every module compiled into it), and so do its parameters.
        var outDir = Directory.CreateTempSubdirectory("awards-bicep-").FullName;
        try
        {
            foreach (var (command, file) in new[] { ("build", "main.bicep"), ("build-params", "main.bicepparam") })
            {
                var target = Directory.CreateDirectory(Path.Combine(outDir, command)).FullName;
                var (exit, output) = BicepTool.Run(BicepTool.InfraFolder, command, file, "--outdir", target);
                Report(command, file, exit, output, problems);
                Assert.IsTrue(File.Exists(Path.Combine(target, "main.json")), $"bicep {command} {file} wrote no JSON:\n{output}");
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }

        Assert.IsEmpty(problems, string.Join("\n", problems.Order(StringComparer.Ordinal)));
    }

    [TestMethod]
    public void The_compiled_storage_account_allows_only_entra_id_over_tls_1_2_and_no_public_blobs()
    {
        var compiled = BicepTool.CompiledResources(BicepTool.MainTemplate, "Microsoft.Storage/storageAccounts").ToList();
        Assert.HasCount(1, compiled, "one storage account in the compiled template");
        var predicted = BicepTool.Single("Microsoft.Storage/storageAccounts");
        foreach (var (what, properties) in new[] { ("compiled template", compiled[0]["properties"]!), ("snapshot", predicted["properties"]!) })
        {
            Assert.IsFalse((bool)properties["allowSharedKeyAccess"]!, $"{what}: shared-key access must be off");
            Assert.IsFalse((bool)properties["allowBlobPublicAccess"]!, $"{what}: public blob access must be off");
            Assert.AreEqual("TLS1_2", (string?)properties["minimumTlsVersion"], $"{what}: TLS 1.2 minimum");
            Assert.IsTrue((bool)properties["supportsHttpsTrafficOnly"]!, $"{what}: HTTPS only");
        }

        var blob = BicepTool.Single("Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.IsTrue((bool)blob["isVersioningEnabled"]!, "blob versioning on");
        Assert.IsTrue((bool)blob["deleteRetentionPolicy"]!["enabled"]!, "blob soft delete on");
        Assert.IsTrue((bool)blob["containerDeleteRetentionPolicy"]!["enabled"]!, "container soft delete on");

        // The CORS rule is the one the app checks for at start (DocumentBlobs.AllowBrowserUploadsAsync), for the app's own origin.
        var rule = blob["cors"]!["corsRules"]!.AsArray().Single()!;
        var settings = AppSettings();
        var origin = new Uri(settings["Awards__PublicBaseUrl"]).GetLeftPart(UriPartial.Authority);
        CollectionAssert.AreEqual(new[] { origin }, Strings(rule["allowedOrigins"]));
        Assert.AreEqual("GET,HEAD,PUT,OPTIONS", string.Join(',', Strings(rule["allowedMethods"])));
        Assert.AreEqual("x-ms-*,content-type,content-length,content-md5", string.Join(',', Strings(rule["allowedHeaders"])));
        Assert.AreEqual("x-ms-*,etag,content-length", string.Join(',', Strings(rule["exposedHeaders"])));

        var containers = BicepTool.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => ((string)c["name"]!).Split('/')[^1]).ToList();
        var prefix = settings["Awards__Storage__NamePrefix"];
        CollectionAssert.IsSubsetOf(new[] { prefix + "-dossiers", prefix + "-config", prefix + "-keys" }, containers, "the product's containers");
        Assert.IsTrue(BicepTool.ResourcesOfType("Microsoft.Storage/storageAccounts/blobServices/containers").All(c => (string?)c["properties"]!["publicAccess"] == "None"), "every container private");
    }

    [TestMethod]
    public void Every_app_setting_named_like_a_key_password_secret_or_connection_string_is_a_key_vault_reference()
    {
        var settings = AppSettings();
        var secretLike = settings.Keys.Where(LooksSecret).ToList();
        TestContext.WriteLine("Secret-like settings: " + string.Join(", ", secretLike));
        CollectionAssert.IsSubsetOf(
            new[] { "Awards__BootstrapOrganiserKey", "Awards__Mail__Smtp__Password", "APPLICATIONINSIGHTS_CONNECTION_STRING" },
            secretLike,
            "the rule below must see the known secrets, or it proves nothing");
        Assert.IsTrue(secretLike.Any(n => n.StartsWith("Awards__Links__SigningKeys__", StringComparison.Ordinal)), "a link-signing key setting");
        Assert.IsTrue(secretLike.Any(n => n.StartsWith("Awards__Audit__Keys__", StringComparison.Ordinal)), "an audit key setting");

        var plain = secretLike.Where(n => !settings[n].StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(plain, "Not Key Vault references: " + string.Join(", ", plain.Select(n => $"{n} = {settings[n]}")));

        // The identity form of the storage connection carries no secret; a plain connection string would.
        Assert.IsFalse(settings.ContainsKey("AzureWebJobsStorage"), "no storage connection string in Azure: shared keys are off");
        Assert.AreEqual("managedidentity", settings["AzureWebJobsStorage__credential"]);

        // Every referenced secret is made by the template or by the script azd runs after provisioning.
        var script = File.ReadAllText(Path.Combine(BicepTool.InfraFolder, "scripts", "init-secrets.sh"));
        var made = BicepTool.ResourcesOfType("Microsoft.KeyVault/vaults/secrets").Select(s => ((string)s["name"]!).Split('/')[^1]).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in settings.Where(s => s.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal)))
        {
            var secret = SecretName().Match(value) is { Success: true } m ? m.Groups["name"].Value : throw new AssertFailedException($"{name}: no SecretName in {value}");
            var family = Regex.Replace(secret, "-(k|a)[0-9]+$", "-");
            Assert.IsTrue(made.Contains(secret) || script.Contains(secret, StringComparison.Ordinal) || script.Contains($"\"{family}$id\"", StringComparison.Ordinal),
                $"{name} refers to secret {secret}, which neither the template nor scripts/init-secrets.sh creates.");
        }
    }

    [TestMethod]
    public void The_function_app_is_flex_consumption_on_dotnet_10_isolated_with_its_identity_and_the_roles_it_needs()
    {
        var site = BicepTool.Single("Microsoft.Web/sites");
        var config = site["properties"]!["functionAppConfig"]!;
        Assert.AreEqual("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.AreEqual("10.0", (string?)config["runtime"]!["version"]);
        Assert.AreEqual("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.AreEqual("UserAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
        Assert.IsNotNull(site["properties"]!["keyVaultReferenceIdentity"], "Key Vault references need the user-assigned identity named");
        Assert.AreEqual("FlexConsumption", (string?)BicepTool.Single("Microsoft.Web/serverfarms")["sku"]!["tier"]);
        var vault = BicepTool.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.IsTrue((bool)vault["enableRbacAuthorization"]!, "Key Vault in RBAC mode");

        // Flex Consumption sets these itself and refuses them as app settings.
        var settings = AppSettings();
        Assert.IsFalse(settings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"));
        Assert.IsFalse(settings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));

        var roles = BicepTool.ResourcesOfType("Microsoft.Authorization/roleAssignments").Select(r => (string)r["properties"]!["roleDefinitionId"]!).ToList();
        foreach (var (role, name) in new[]
        {
            ("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner"),
            ("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor"),
            ("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor"),
            ("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User"),
            ("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher"),
        })
        {
            Assert.IsTrue(roles.Any(r => r.EndsWith(role, StringComparison.OrdinalIgnoreCase)), $"no {name} role assignment");
        }

        // Each role id in the source is followed by a comment naming the role.
        var unnamed = File.ReadAllLines(Path.Combine(BicepTool.InfraFolder, "app", "rbac.bicep"))
            .Where(l => RoleId().IsMatch(l) && !l.Contains("//", StringComparison.Ordinal)).ToList();
        Assert.IsEmpty(unnamed, "Role ids without a comment naming the role:\n" + string.Join("\n", unnamed));
    }

    /// <summary>The app settings the template gives the Functions app (evaluated by bicep snapshot).</summary>
    internal static Dictionary<string, string> AppSettings()
    {
        var config = BicepTool.ResourcesOfType("Microsoft.Web/sites/config").Single(r => ((string)r["name"]!).EndsWith("/appsettings", StringComparison.Ordinal));
        return config["properties"]!.AsObject().ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);
    }

    /// <summary>
    /// A name says it holds a key, password, secret or connection string when one of its words
    /// (split at <c>_</c> and at lower-to-upper case changes) is key(s), password or secret, or
    /// two neighbouring words are "connection string". A key's id (<c>…KeyId</c>) names a key
    /// without holding it, so "key" followed by "id" does not count.
    /// </summary>
    internal static bool LooksSecret(string name)
    {
        var words = Words().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
        for (var i = 0; i < words.Count; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1] : null;
            if (words[i] is "key" or "keys" && next != "id")
            {
                return true;
            }

            if (words[i] is "password" or "secret" or "secrets" || (words[i] == "connection" && next == "string"))
            {
                return true;
            }
        }

        return false;
    }

    [TestMethod]
    public void The_secret_name_rule_sees_what_it_should()
    {
        foreach (var name in new[] { "Awards__BootstrapOrganiserKey", "Awards__Links__SigningKeys__k1", "Awards__Audit__Keys__a1", "Awards__Mail__Smtp__Password", "APPLICATIONINSIGHTS_CONNECTION_STRING", "MY_SECRET", "ApiKey" })
        {
            Assert.IsTrue(LooksSecret(name), name);
        }

        foreach (var name in new[] { "Awards__Links__ActiveKeyId", "Awards__Audit__ActiveKeyId", "AzureWebJobsStorage__clientId", "Awards__PublicBaseUrl", "Awards__Mail__Smtp__Host", "Keyboard" })
        {
            Assert.IsFalse(LooksSecret(name), name);
        }
    }

    private static void Report(string command, string file, int exit, string output, System.Collections.Concurrent.ConcurrentBag<string> problems)
    {
        var lines = output.Split('\n').Where(l => WarningOrError().IsMatch(l)).ToList();
        if (exit != 0 || lines.Count > 0)
        {
            problems.Add($"bicep {command} {file} (exit {exit}):\n{(lines.Count > 0 ? string.Join("\n", lines) : output)}");
        }
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    [GeneratedRegex(@"\b(Warning|Error)\b", RegexOptions.IgnoreCase)]
    private static partial Regex WarningOrError();

    [GeneratedRegex(@"SecretName=(?<name>[^;)]+)")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex RoleId();

    [GeneratedRegex(@"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[0-9]+")]
    private static partial Regex Words();
}
