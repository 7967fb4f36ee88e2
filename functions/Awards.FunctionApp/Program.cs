using System.Diagnostics;
using Awards.FunctionApp.Http;
using Awards.Hosting;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure Functions host: the same shared services as the local runner; the [Function]
// classes in this project only adapt triggers to the handlers and activities in Awards.Core.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAwards(builder.Configuration);

// A span per invocation, joined to the host's trace; requests are tagged with the ids their path names.
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.Use(next => context =>
{
    if (context.GetHttpContext() is { } http)
    {
        AwardsTelemetry.TagRequest(Activity.Current, http.Request.Path);

        // Pages and the texts their handlers pick are in the visitor's chosen language, as in the local runner.
        Awards.Web.Pages.PageLanguage.Apply(http.Request);
    }

    return next(context);
});

// Registered after ConfigureFunctionsWebApplication, so it runs inside the integration's proxying
// middleware: a handler's exception becomes the shared problem document, as in the local runner.
builder.UseMiddleware<RequestFailureMiddleware>();
builder.Build().Run();
