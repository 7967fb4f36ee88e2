using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Awards.Hosting;

/// <summary>
/// OpenTelemetry for both hosts: the <c>Awards</c> spans and the Durable Task SDK's, logs
/// carrying the spans' ids, exported to Azure Monitor when Application Insights is configured
/// and to the console otherwise. Each host adds what only it has (the runner: ASP.NET Core
/// request spans; the Functions app: the worker's invocation spans).
/// </summary>
public static class TelemetryServices
{
    /// <summary>The Durable Task SDK's own source (orchestration and activity spans in the runner).</summary>
    public const string DurableTaskSourceName = "Microsoft.DurableTask";

    /// <summary>Adds tracing and logging with the exporter the configuration chooses.</summary>
    public static IOpenTelemetryBuilder AddAwardsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new TelemetryOptions();
        configuration.Bind(options);
        var console = configuration.GetSection(ConsoleTelemetryOptions.Section).Get<ConsoleTelemetryOptions>() ?? new ConsoleTelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration);
        services.AddOptions<ConsoleTelemetryOptions>().Bind(configuration.GetSection(ConsoleTelemetryOptions.Section));

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("awards", serviceVersion: AwardsTelemetry.Version))
            .WithTracing(t => t
                // A span is an error only when something failed: steps set it themselves when an
                // exception leaves them (WorkflowStep), never for an exception caught inside — an
                // expected conflict such as a mail already queued is normal operation.
                .AddSource(AwardsTelemetry.SourceName, DurableTaskSourceName))
            .WithLogging(l => l.AddProcessor(new SpanIdsOnLogs()), o =>
            {
                o.IncludeScopes = true;
                o.IncludeFormattedMessage = true;
            });

        if (options.UsesAzureMonitor)
        {
            var clientId = options.EntraClientId();
            otel.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = options.ConnectionString;
                if (clientId is not null)
                {
                    // Application Insights with local authentication off takes only Entra ID tokens.
                    o.Credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId.Length == 0 ? null : clientId });
                }

                // An approval pipeline has few requests; keep every span so a nomination's path is whole.
                o.SamplingRatio = 1.0F;
                o.TracesPerSecond = null;
            });
        }
        else if (console.ConsoleSpans != ConsoleSpans.None)
        {
            otel.WithTracing(t => t.AddProcessor(new ConsoleSpanFilter(console.ConsoleSpans, new SimpleActivityExportProcessor(new ConsoleActivityExporter(new ConsoleExporterOptions())))));
        }

        return otel;
    }

    /// <summary>
    /// A span for every HTTP request served by ASP.NET Core (the local runner), tagged at its
    /// start with the ids its path names, so the request's logs carry them too. The gRPC calls
    /// between the runner's Durable worker and its backend are left out: they are the engine's
    /// plumbing (the Durable Task SDK's own spans show the workflow), not product requests.
    /// </summary>
    public static IOpenTelemetryBuilder WithAwardsHttpRequests(this IOpenTelemetryBuilder otel) =>
        otel.WithTracing(t => t.AddAspNetCoreInstrumentation(o =>
        {
            o.Filter = http => http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true;
            o.EnrichWithHttpRequest = (span, request) => AwardsTelemetry.TagRequest(span, request.Path);
        }));

    /// <summary>
    /// Copies the Awards ids of the span a log is written under (or of its nearest ancestor that
    /// has them) onto the log record, so logs are found by nomination like spans are.
    /// </summary>
    private sealed class SpanIdsOnLogs : BaseProcessor<LogRecord>
    {
        public override void OnEnd(LogRecord data)
        {
            List<KeyValuePair<string, object?>>? added = null;
            foreach (var name in AwardsTelemetry.AttributeNames)
            {
                for (var span = Activity.Current; span is not null; span = span.Parent)
                {
                    if (span.GetTagItem(name) is { } value)
                    {
                        (added ??= []).Add(new(name, value));
                        break;
                    }
                }
            }

            if (added is not null)
            {
                data.Attributes = [.. data.Attributes ?? [], .. added];
            }
        }
    }

    /// <summary>Passes to the console only the spans <see cref="ConsoleSpans"/> asks for, so local output stays readable.</summary>
    private sealed class ConsoleSpanFilter(ConsoleSpans which, BaseProcessor<Activity> inner) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (which == ConsoleSpans.All || data.Status == ActivityStatusCode.Error)
            {
                inner.OnEnd(data);
            }
        }

        protected override bool OnForceFlush(int timeoutMilliseconds) => inner.ForceFlush(timeoutMilliseconds);

        protected override bool OnShutdown(int timeoutMilliseconds) => inner.Shutdown(timeoutMilliseconds);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
