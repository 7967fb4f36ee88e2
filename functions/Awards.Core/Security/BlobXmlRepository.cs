using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Awards.Security;

/// <summary>
/// The ASP.NET Core Data Protection key ring in a private Blob container, one blob per element
/// (key or revocation), so every instance of both hosts protects and unprotects with the same
/// keys (the ready-made Azure Blob key store package is not available here).
/// </summary>
/// <remarks>
/// The elements are stored as Data Protection writes them. In Azure the key ring must also be
/// protected at rest — <c>ProtectKeysWithAzureKeyVault</c> or an equivalent
/// <c>IXmlEncryptor</c> over a Key Vault key (issue 5); until then anyone who can read this
/// container can forge session cookies, so it stays private and apart from documents.
/// </remarks>
/// <param name="container">The container (created at start by <c>AwardsStorage.EnsureCreatedAsync</c>).</param>
public sealed partial class BlobXmlRepository(BlobContainerClient container) : IXmlRepository
{
    // Data Protection asks synchronously (IXmlRepository has no async members), rarely: at first
    // use, when its cached ring is older than a day, and when it creates a key. So the
    // synchronous Blob calls below block only those few requests.

    /// <inheritdoc/>
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var elements = new List<XElement>();
        try
        {
            foreach (var item in container.GetBlobs())
            {
                var content = container.GetBlobClient(item.Name).DownloadContent().Value.Content;
                using var stream = content.ToStream();
                elements.Add(XElement.Load(stream));
            }
        }
        catch (RequestFailedException e) when (e.Status == (int)HttpStatusCode.NotFound && e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            // Not created yet: no keys; the first StoreElement creates it.
        }

        return elements;
    }

    /// <inheritdoc/>
    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        var bytes = Encoding.UTF8.GetBytes(element.ToString(SaveOptions.DisableFormatting));
        var name = BlobName(element, friendlyName);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // If-None-Match: * — an element once written is never overwritten.
                container.GetBlobClient(name).Upload(new BinaryData(bytes), new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml; charset=utf-8" },
                });
                return;
            }
            catch (RequestFailedException e) when (attempt < 2 && e.ErrorCode == BlobErrorCode.ContainerNotFound)
            {
                container.CreateIfNotExists(PublicAccessType.None);
            }
            catch (RequestFailedException e) when (attempt < 2 && (e.Status is (int)HttpStatusCode.Conflict or (int)HttpStatusCode.PreconditionFailed))
            {
                // A different element under the same name (names come from Data Protection and
                // are unique per key, so only a duplicate revocation could do this): keep both.
                name = $"{Path.GetFileNameWithoutExtension(name)}-{Guid.NewGuid():N}.xml";
            }
        }
    }

    // Data Protection names keys "key-{id}" and revocations "revocation-{time}"; the element's
    // id attribute or a fresh guid stands in when the friendly name is not a safe blob name.
    private static string BlobName(XElement element, string? friendlyName)
    {
        if (friendlyName is not null && SafeName().IsMatch(friendlyName))
        {
            return friendlyName + ".xml";
        }

        var id = element.Attribute("id")?.Value;
        return (id is not null && SafeName().IsMatch(id) ? element.Name.LocalName + "-" + id : Guid.NewGuid().ToString("N")) + ".xml";
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$")]
    private static partial Regex SafeName();
}
