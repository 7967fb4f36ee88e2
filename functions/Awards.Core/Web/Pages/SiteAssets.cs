using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace Awards.Web.Pages;

/// <summary>
/// The styles and scripts pages use, embedded in the assembly (<c>Web/Assets</c>) and served by the
/// app itself — never from a CDN, so nothing needs the internet and the CSP allows only 'self'.
/// Each URL carries a digest of the file's content, so a browser may keep it for a year and
/// a new version is a new URL.
/// </summary>
public static class SiteAssets
{
    private const string Prefix = "Awards.Assets.";

    private static readonly FrozenDictionary<string, (byte[] Content, string Digest, string ContentType)> Files = Load();

    /// <summary>The URL of an asset, with its content digest.</summary>
    public static string Url(string name) =>
        Files.TryGetValue(name, out var file) ? $"/assets/{name}?v={file.Digest}" : throw new KeyNotFoundException($"No asset '{name}' is embedded (Web/Assets).");

    /// <summary><c>GET /assets/{name}</c>: the file, or a 404 problem.</summary>
    public static IResult Get(HttpContext http, string name)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!Files.TryGetValue(name, out var file))
        {
            return Problems.NotFound($"There is no asset '{name}'.");
        }

        var etag = $"\"{file.Digest}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers.CacheControl = http.Request.Query["v"] == file.Digest ? "public, max-age=31536000, immutable" : "no-cache";
        return http.Request.Headers.IfNoneMatch == etag
            ? Results.StatusCode(StatusCodes.Status304NotModified)
            : Results.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string, string)> Load()
    {
        var assembly = typeof(SiteAssets).Assembly;
        var files = new Dictionary<string, (byte[], string, string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var name = resource[Prefix.Length..];
            var type = name.EndsWith(".css", StringComparison.Ordinal) ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            files[name] = (content, Convert.ToHexStringLower(SHA256.HashData(content))[..16], type);
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
