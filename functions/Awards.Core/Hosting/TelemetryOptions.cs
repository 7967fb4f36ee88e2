using Microsoft.Extensions.Configuration;

namespace Awards.Hosting;

/// <summary>
/// Where telemetry goes in Azure. Bound from the configuration root, because these are the
/// names Application Insights and the Functions host already use: with a connection string,
/// spans and logs go to Azure Monitor; without one, to the console (see <see cref="ConsoleTelemetryOptions"/>).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section: the root.</summary>
    public const string Section = "";

    /// <summary>Application Insights connection string (from Key Vault in Azure); empty locally.</summary>
    [ConfigurationKeyName("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// <c>Authorization=AAD;ClientId={managed identity client id}</c> when Application Insights
    /// takes only Entra ID (local authentication off): the exporter then signs in as that identity.
    /// </summary>
    [ConfigurationKeyName("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")]
    public string? AuthenticationString { get; set; }

    /// <summary>True when telemetry goes to Azure Monitor.</summary>
    public bool UsesAzureMonitor => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>
    /// The managed identity's client id when <see cref="AuthenticationString"/> asks for Entra ID
    /// (empty for a system-assigned identity), or null when the exporter uses the connection string alone.
    /// </summary>
    public string? EntraClientId()
    {
        if (string.IsNullOrWhiteSpace(AuthenticationString))
        {
            return null;
        }

        var parts = AuthenticationString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) ? clientId : string.Empty;
    }
}

/// <summary>What the console shows when there is no Application Insights. Bound from <c>Awards:Telemetry</c>.</summary>
public sealed class ConsoleTelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Awards:Telemetry";

    /// <summary>
    /// Which spans are printed: <see cref="ConsoleSpans.Failed"/> by default, so a test run or a
    /// developer's terminal shows what went wrong and nothing else; <see cref="ConsoleSpans.All"/>
    /// to follow a nomination's path locally. Logs keep going to the host's own console logger.
    /// </summary>
    public ConsoleSpans ConsoleSpans { get; set; } = ConsoleSpans.Failed;
}

/// <summary>Which spans the console exporter prints.</summary>
public enum ConsoleSpans
{
    /// <summary>None.</summary>
    None,

    /// <summary>Only spans that ended in error (the default).</summary>
    Failed,

    /// <summary>Every span.</summary>
    All,
}
