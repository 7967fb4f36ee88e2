using Microsoft.Extensions.Options;

namespace Awards.Security;

/// <summary>Signing keys for approval links. Secrets come from configuration (Key Vault in Azure), never from the repository.</summary>
public sealed class LinkSigningOptions
{
    /// <summary>The key id new links are signed with.</summary>
    public string ActiveKeyId { get; set; } = string.Empty;

    /// <summary>
    /// Key id → base64 secret of at least 32 bytes. Keep a retired key here until the last
    /// link it signed has expired, so rotation never breaks a link in someone's inbox.
    /// </summary>
    public Dictionary<string, string> SigningKeys { get; set; } = [];
}

/// <summary>What an approval link is bound to: one proposal, one stage, one wave, one approver.</summary>
/// <param name="CampaignId">The proposal's campaign.</param>
/// <param name="ProposalId">The proposal (tờ trình) whose nominees the link lets the approver decide.</param>
/// <param name="Stage">The stage.</param>
/// <param name="Wave">The proposal's submission wave; a return and resubmission starts a new wave and older links stop deciding.</param>
/// <param name="ApproverEmail">The approver the link was sent to.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record ReviewLinkClaims(string CampaignId, string ProposalId, string Stage, int Wave, string ApproverEmail, DateTimeOffset ExpiresAt);

/// <summary>The result of reading a link.</summary>
public enum LinkCheck
{
    /// <summary>Signed by a known key and not expired.</summary>
    Valid,

    /// <summary>Not a link we made, or altered after signing.</summary>
    Tampered,

    /// <summary>Past its expiry.</summary>
    Expired,
}

/// <summary>
/// Makes and checks approval-link tokens: <c>{keyId}.{payload}.{signature}</c>, the payload
/// URL-safe base64 JSON, the signature HMAC-SHA256 over key id and payload (see <see cref="TokenSigner"/>).
/// </summary>
public sealed class ReviewLinks
{
    /// <summary>Longest token accepted; anything longer is refused before any work.</summary>
    public const int MaxTokenLength = TokenSigner.MaxTokenLength;

    private readonly TokenSigner signer;
    private readonly TimeProvider time;

    /// <summary>Loads and checks the keys; a missing or short key stops the app with a clear message.</summary>
    public ReviewLinks(IOptions<LinkSigningOptions> options, TimeProvider time)
    {
        signer = new TokenSigner(options);
        this.time = time;
    }

    /// <summary>Signs a link with the active key.</summary>
    public string Issue(ReviewLinkClaims claims) => signer.Issue(claims, purpose: null);

    /// <summary>Checks a token's signature and expiry; claims are returned only when valid or expired.</summary>
    public (LinkCheck Check, ReviewLinkClaims? Claims) Read(string? token)
    {
        var claims = signer.Read<ReviewLinkClaims>(token, purpose: null);
        if (claims is null)
        {
            return (LinkCheck.Tampered, null);
        }

        return claims.ExpiresAt <= time.GetUtcNow() ? (LinkCheck.Expired, claims) : (LinkCheck.Valid, claims);
    }
}
