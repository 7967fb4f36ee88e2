using System.Security.Cryptography;
using System.Text;
using Awards.Security;
using Awards.Workflow.Activities;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Awards.Web;

/// <summary>Turns <c>Authorization: Bearer &lt;key&gt;</c> into a <see cref="Caller"/>.</summary>
public sealed class Authenticator(ApiKeyStore keys, IOptions<AwardsOptions> options)
{
    private const int MaxKeyLength = 200;

    /// <summary>The caller, or a 401 problem.</summary>
    public async Task<(Caller? Caller, IResult? Problem)> AuthenticateAsync(HttpRequest request, CancellationToken ct)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Unauthorized("Send your API key as 'Authorization: Bearer <key>'."));
        }

        var key = header["Bearer ".Length..].Trim();
        if (key.Length is 0 or > MaxKeyLength)
        {
            return (null, Unauthorized("The API key is not valid."));
        }

        var bootstrap = options.Value.BootstrapOrganiserKey;
        if (!string.IsNullOrEmpty(bootstrap)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(bootstrap))))
        {
            return (new Caller(Role.Organiser, "bootstrap-organiser", null, null), null);
        }

        var record = await keys.FindAsync(key, ct);
        return record is null
            ? (null, Unauthorized("The API key is not valid. Ask an organiser for a key."))
            : (new Caller(record.Role, record.Email, record.UnitName, record.ProvinceCode), null);
    }

    private static IResult Unauthorized(string detail) =>
        new WithHeader(Problems.Of(StatusCodes.Status401Unauthorized, "Sign-in required.", detail), "WWW-Authenticate", "Bearer");

    private sealed class WithHeader(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers[name] = value;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
