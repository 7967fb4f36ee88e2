using Awards.Documents;
using Awards.Mail;
using Awards.Security;
using Awards.Storage;
using Awards.Web;
using Awards.Web.Api;
using Awards.Web.Pages;
using Awards.Workflow;
using Awards.Workflow.Review;
using Awards.Workflow.Activities;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
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

        // Every setting is read through an options class (OptionsCatalogue lists them for the deployment checks).
        services.AddOptions<StorageConnectionOptions>().Configure(o => StorageConnectionOptions.Bind(configuration, o));
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection("Awards:Storage"));
        services.AddOptions<TaskHubOptions>().Bind(configuration.GetSection("Awards"));
        services.AddOptions<AwardsOptions>().Bind(configuration.GetSection("Awards"))
            .PostConfigure(o =>
            {
                // When Key Vault cannot resolve a reference (secret missing, role not yet granted), the
                // platform passes the reference text itself; as a bearer key that text would be guessable.
                if (o.BootstrapOrganiserKey?.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase) == true)
                {
                    o.BootstrapOrganiserKey = null;
                }
            });
        services.AddOptions<MailOptions>().Bind(configuration.GetSection("Awards:Mail"));
        services.AddOptions<LinkSigningOptions>().Bind(configuration.GetSection("Awards:Links"));
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection("Awards:Audit"));

        services.AddSingleton<AwardsStorage>();
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<NominationStore>();
        services.AddSingleton<ProposalStore>();
        services.AddSingleton<AwardListStore>();
        services.AddSingleton<DecisionStore>();
        services.AddSingleton<VerificationStore>();
        services.AddSingleton<Outputs.AwardDecisions>();
        services.AddSingleton<Outputs.AwardRevocations>();
        services.AddSingleton<DecisionApi>();
        services.AddSingleton<Outputs.CampaignProgress>();
        services.AddSingleton<ProgressApi>();
        services.AddSingleton<Outputs.DecisionPrints>();
        services.AddSingleton<DecisionOutputsApi>();
        services.AddSingleton<VerifyPages>();
        services.AddSingleton<NomineeIndex>();
        services.AddSingleton<ApiKeyStore>();
        services.AddSingleton<DocumentBlobs>();
        services.AddSingleton<ReviewLinks>();
        services.AddSingleton<AuditChain>();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<Mailer>();
        services.AddSingleton<MailDelivery>();
        services.AddSingleton<DeliveryIndex>();
        services.AddSingleton<EventDelivery>();
        services.AddSingleton<AlarmIndex>();
        services.AddSingleton<StageAlarms>();
        services.AddSingleton<OutboxRound>();
        services.AddSingleton<IMailTransport>(sp =>
            string.IsNullOrEmpty(sp.GetRequiredService<IOptions<MailOptions>>().Value.Smtp.Host)
                ? ActivatorUtilities.CreateInstance<OutboxFolderTransport>(sp)
                : ActivatorUtilities.CreateInstance<SmtpMailTransport>(sp));

        services.AddSingleton<Submissions>();
        services.AddSingleton<NominationChanges>();
        services.AddSingleton<WorkflowRetries>();
        services.AddSingleton<Authenticator>();
        services.AddSingleton<RequestFailures>();
        services.AddSingleton<VisibleNominations>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<CampaignApi>();
        services.AddSingleton<KeyApi>();
        services.AddSingleton<SessionApi>();
        services.AddSingleton<NominationApi>();
        services.AddSingleton<AuditApi>();
        services.AddSingleton<ProposalService>();
        services.AddSingleton<ProposalApi>();
        services.AddSingleton<CampaignTemplateApi>();
        services.AddSingleton<AwardListApi>();
        services.AddSingleton<HealthApi>();
        services.AddSingleton<StageReview>();
        services.AddSingleton<ReviewPages>();
        services.AddSingleton<HomePages>();
        services.AddSingleton<OrganiserPages>();
        services.AddSingleton<Workflow.StageReminders>();
        services.AddSingleton<KeyIssuing>();
        services.AddSingleton<Outputs.CampaignUnits>();
        services.AddSingleton<OrganiseDashboardPages>();
        services.AddSingleton<OrganiseUnitsPages>();
        services.AddSingleton<OrganiseSettingsPages>();
        services.AddSingleton<ProposalPages>();
        services.AddSingleton<NominationPages>();
        services.AddSingleton<OrganiseNominationsPages>();
        services.AddSingleton<OrganiseAwardsPages>();
        services.AddSingleton<PagePolicy>();
        services.AddSingleton<PageRenderer>();

        // Razor components render markup-encoded; Vietnamese letters stay letters, not numeric entities.
        services.AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All));
        services.AddDocuments(configuration);
        services.AddSignIn();

        services.AddAwardsTelemetry(configuration);

        foreach (var activity in WorkflowRegistration.ActivityTypes)
        {
            services.AddTransient(activity);
        }

        services.AddHostedService<StorageInitializer>();
        return services;
    }

    // Nominator sign-in: signed links, session cookies under a Data Protection key ring kept in
    // Blob storage (one ring for every instance and both hosts; application name fixed, so the
    // two hosts' different content roots do not isolate them from each other).
    private static void AddSignIn(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Awards");
        services.AddOptions<KeyManagementOptions>().Configure<AwardsStorage>((o, storage) => o.XmlRepository = new BlobXmlRepository(storage.DataProtectionKeys));
        services.AddSingleton<TokenSigner>();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<SignInStore>();
        services.AddSingleton<DecisionCodes>();
        services.AddSingleton<SignInSessions>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SignInRequests>();
        services.AddSingleton<SignInPages>();
    }

    /// <summary>Creates tables and containers before the first request, and checks the link and audit keys load.</summary>
    private sealed class StorageInitializer(AwardsStorage storage, ReviewLinks links, AuditChain audit) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            GC.KeepAlive(links);
            GC.KeepAlive(audit);
            return storage.EnsureCreatedAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
