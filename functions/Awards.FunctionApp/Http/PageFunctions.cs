using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for the home page, the language switch and the pages' own assets.</summary>
/// <param name="home">The shared home page handler.</param>
/// <param name="console">The organisers' console's home.</param>
public sealed class PageFunctions(HomePages home, OrganiserPages console)
{
    /// <summary><c>GET /organise</c>: the award rounds the signed-in organiser runs.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowConsole")]
    public Task<IActionResult> ShowConsole(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "organise")] HttpRequest req)
        => ResultActionResult.From(console.HomeAsync(req.HttpContext));

    /// <summary>The route of the site's root: Functions routes cannot be empty, so an optional segment that must be empty stands for it.</summary>
    public const string RootRoute = "{ignored:maxlength(0)?}";

    /// <summary><c>GET /</c>: the home page.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowHome")]
    public Task<IActionResult> ShowHome(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = RootRoute)] HttpRequest req)
        => ResultActionResult.From(home.ShowAsync(req.HttpContext));

    /// <summary><c>POST /language</c>: remembers the page language chosen with the switch and goes back.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("SwitchLanguage")]
    public Task<IActionResult> SwitchLanguage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "language")] HttpRequest req)
        => ResultActionResult.From(home.SwitchLanguageAsync(req.HttpContext));

    /// <summary><c>GET /assets/{name}</c>: a stylesheet or script of the pages.</summary>
    /// <param name="req">The request.</param>
    /// <param name="name">The asset, from the route.</param>
    /// <returns>The asset.</returns>
    [Function("GetAsset")]
    public static Task<IActionResult> GetAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "assets/{name}")] HttpRequest req,
        string name)
        => ResultActionResult.From(Task.FromResult(SiteAssets.Get(req.HttpContext, name)));
}
