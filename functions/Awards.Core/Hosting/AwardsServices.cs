using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Web;
using Awards.Web.Api;
using Awards.Web.Pages;
using Awards.Workflow;
using Awards.Workflow.Activities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Awards.Hosting;

/// <summary>Registers everything both hosts share, from configuration, once.</summary>
public static class AwardsServices
{
    /// <summary>Adds storage, mail, links, workflow activities and HTTP handlers.</summary>
    public static IServiceCollection AddAwards(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<StorageOptions>().Configure(o =>
        {
            o.ConnectionString = configuration[StorageOptions.ConnectionSettingName] ?? o.ConnectionString;
            o.NamePrefix = configuration["Awards:Storage:NamePrefix"] ?? o.NamePrefix;
        });
        services.AddOptions<AwardsOptions>().Bind(configuration.GetSection("Awards"));
        services.AddOptions<MailOptions>().Bind(configuration.GetSection("Awards:Mail"));
        services.AddOptions<LinkSigningOptions>().Bind(configuration.GetSection("Awards:Links"));

        services.AddSingleton<AwardsStorage>();
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<NominationStore>();
        services.AddSingleton<ProposalStore>();
        services.AddSingleton<AwardListStore>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DocumentBlobs>();
        services.AddSingleton<ReviewLinks>();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<Mailer>();
        services.AddSingleton<IMailTransport>(sp =>
            string.IsNullOrEmpty(sp.GetRequiredService<IOptions<MailOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<OutboxFolderTransport>(sp)
                : ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp));

        services.AddSingleton<Authenticator>();
        services.AddSingleton<CampaignApi>();
        services.AddSingleton<KeyApi>();
        services.AddSingleton<NominationApi>();
        services.AddSingleton<AwardListApi>();
        services.AddSingleton<ReviewPages>();

        foreach (var activity in WorkflowRegistration.ActivityTypes)
        {
            services.AddTransient(activity);
        }

        services.AddHostedService<StorageInitializer>();
        return services;
    }

    /// <summary>Creates tables and containers before the first request, and checks the link keys load.</summary>
    private sealed class StorageInitializer(AwardsStorage storage, ReviewLinks links) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(links);
            return storage.EnsureCreatedAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
