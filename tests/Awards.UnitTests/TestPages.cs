using Awards.Hosting;
using Awards.Web.Pages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.UnitTests;

/// <summary>
/// The product's own page renderer, from its own service registration (so its HTML encoder is the
/// one the hosts use): it renders mail as the mailer does. Nothing it resolves holds a connection.
/// </summary>
internal static class TestPages
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().AddAwards(new ConfigurationBuilder().Build()).BuildServiceProvider();

    /// <summary>The renderer.</summary>
    public static PageRenderer Renderer => Services.GetRequiredService<PageRenderer>();
}
