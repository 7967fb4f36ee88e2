using Awards.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Azure Functions host: the same shared services as the local runner; the [Function]
// classes in this project only adapt triggers to the handlers and activities in Awards.Core.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddAwards(builder.Configuration);
builder.Build().Run();
