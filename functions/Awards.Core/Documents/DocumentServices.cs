using Awards.Storage;
using Awards.Web.Api;
using Awards.Workflow.Activities;
using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Awards.Documents;

/// <summary>Registers document validation, upload sessions, logged reads and the Blob CORS set-up.</summary>
public static class DocumentServices
{
    /// <summary>Adds what dossier documents need beyond <see cref="DocumentBlobs"/> and the stores.</summary>
    public static IServiceCollection AddDocuments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DocumentOptions>().Bind(configuration.GetSection(DocumentOptions.Section));
        services.AddSingleton<UploadSessionStore>();
        services.AddSingleton<DocumentReads>();
        services.AddSingleton<DocumentUploads>();
        services.AddSingleton<NominationDocumentApi>();
        services.AddHostedService<BlobCorsSetup>();
        return services;
    }

    /// <summary>
    /// Lets browsers on the public origin send upload-session blocks straight to Blob storage.
    /// Runs in the background so start-up does not wait on it; where the identity may not change
    /// service properties (in Azure the infrastructure sets CORS) it logs a warning and carries on.
    /// </summary>
    private sealed class BlobCorsSetup(DocumentBlobs blobs, IOptions<AwardsOptions> options, ILogger<BlobCorsSetup> log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var origin = options.Value.PublicBaseUrl;
            try
            {
                await blobs.AllowBrowserUploadsAsync(origin, stoppingToken);
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException or InvalidOperationException)
            {
                log.LogWarning(e, "Could not allow {Origin} in the Blob service's CORS rules; browsers cannot upload blocks straight to storage until the rule exists.", origin.GetLeftPart(UriPartial.Authority));
            }
        }
    }
}
