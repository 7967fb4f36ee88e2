using Awards.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Awards.FunctionApp.Http;

/// <summary>HTTP adapters for nominator sign-in; the rules live in <see cref="SignInPages"/>.</summary>
/// <param name="pages">The shared sign-in page handler.</param>
public sealed class SignInFunctions(SignInPages pages)
{
    /// <summary><c>GET /signin</c>: the form asking for an email address.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowSignIn")]
    public Task<IActionResult> ShowSignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signin")] HttpRequest req)
        => ResultActionResult.From(pages.ShowFormAsync(req.HttpContext));

    /// <summary><c>POST /signin</c>: emails a sign-in link to a registered nominator; answers the same either way.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("RequestSignInLink")]
    public Task<IActionResult> RequestSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signin")] HttpRequest req)
        => ResultActionResult.From(pages.RequestLinkAsync(req.HttpContext));

    /// <summary><c>GET /signin/me</c>: who is signed in, or a page linking to the sign-in form.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowSignedIn")]
    public Task<IActionResult> ShowSignedIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "signin/me")] HttpRequest req)
        => ResultActionResult.From(pages.MeAsync(req.HttpContext));

    /// <summary><c>GET/HEAD /signin/{token}</c>: shows the sign-in button; never signs in (mail scanners fetch links).</summary>
    /// <param name="req">The request.</param>
    /// <param name="token">The signed sign-in link token, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("ShowSignInLink")]
    public Task<IActionResult> ShowSignInLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "signin/{token}")] HttpRequest req,
        string token)
        => ResultActionResult.From(pages.ShowLinkAsync(req.HttpContext, token));

    /// <summary><c>POST /signin/{token}</c>: uses the link once and sets the session cookie.</summary>
    /// <param name="req">The request.</param>
    /// <param name="token">The signed sign-in link token, from the route.</param>
    /// <returns>The handler's response.</returns>
    [Function("SignIn")]
    public Task<IActionResult> SignIn(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signin/{token}")] HttpRequest req,
        string token)
        => ResultActionResult.From(pages.SignInAsync(req.HttpContext, token));

    /// <summary><c>POST /signout</c>: clears the session cookie.</summary>
    /// <param name="req">The request.</param>
    /// <returns>The handler's response.</returns>
    [Function("SignOut")]
    public Task<IActionResult> SignOut(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "signout")] HttpRequest req)
        => ResultActionResult.From(pages.SignOutAsync(req.HttpContext));
}
