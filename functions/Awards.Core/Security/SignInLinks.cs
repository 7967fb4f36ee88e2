using System.Security.Cryptography;

namespace Awards.Security;

/// <summary>What a sign-in link is bound to.</summary>
/// <param name="Email">The address the link was sent to; it signs in as a nominator key held by that address.</param>
/// <param name="Nonce">Random id of this one link; using the link claims it, so it works once.</param>
/// <param name="ExpiresAt">When it stops working.</param>
public sealed record SignInLinkClaims(string Email, string Nonce, DateTimeOffset ExpiresAt);

/// <summary>
/// Makes and checks sign-in link tokens with the same signing keys (and rotation) as approval
/// links, under their own purpose so that neither kind of token is accepted as the other.
/// </summary>
public sealed class SignInLinks(TokenSigner signer, TimeProvider time)
{
    /// <summary>How long an emailed sign-in link works.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const string Purpose = "signin";

    /// <summary>Signs a new link for <paramref name="email"/>, expiring after <see cref="Lifetime"/>.</summary>
    public (string Token, SignInLinkClaims Claims) Issue(string email) => Issue(email, time.GetUtcNow() + Lifetime);

    /// <summary>Signs a new link for <paramref name="email"/> that expires at <paramref name="expiresAt"/>.</summary>
    public (string Token, SignInLinkClaims Claims) Issue(string email, DateTimeOffset expiresAt)
    {
        var claims = new SignInLinkClaims(email, Base64Url.Encode(RandomNumberGenerator.GetBytes(16)), expiresAt);
        return (signer.Issue(claims, Purpose), claims);
    }

    /// <summary>Checks a token's signature and expiry; claims are returned only when valid or expired.</summary>
    public (LinkCheck Check, SignInLinkClaims? Claims) Read(string? token)
    {
        var claims = signer.Read<SignInLinkClaims>(token, Purpose);
        if (claims is null || string.IsNullOrEmpty(claims.Email) || string.IsNullOrEmpty(claims.Nonce))
        {
            return (LinkCheck.Tampered, null);
        }

        return claims.ExpiresAt <= time.GetUtcNow() ? (LinkCheck.Expired, claims) : (LinkCheck.Valid, claims);
    }
}
