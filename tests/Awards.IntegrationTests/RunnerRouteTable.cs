using Awards.Hosting;
using Awards.LocalRunner;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Awards.IntegrationTests;

/// <summary>The runner's HTTP endpoints as it maps them (<see cref="RunnerRoutes"/> and the dev pages), read without starting it.</summary>
internal static class RunnerRouteTable
{
    /// <summary>(method, route pattern as mapped) of every endpoint; a new route appears here by itself.</summary>
    public static List<(string Method, string Pattern)> Read()
    {
        var builder = WebApplication.CreateBuilder();

        // Minimal APIs decide whether a handler parameter is a service or the request body from
        // the service registrations, so register the handlers; nothing is resolved or started.
        builder.Services.AddAwards(new ConfigurationBuilder().Build());
        builder.Services.AddSingleton<DurableTaskClient>(_ => throw new InvalidOperationException("Routing table only: no durable client."));
        using var app = builder.Build();
        app.MapAwardsRoutes();
        app.MapDevPages();

        var routes = new List<(string, string)>();
        foreach (var endpoint in ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"];
            routes.AddRange(methods.Select(m => (m.ToUpperInvariant(), endpoint.RoutePattern.RawText ?? string.Empty)));
        }

        return routes;
    }
}
