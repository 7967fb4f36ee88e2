using System.Security.Cryptography;
using Awards.Security;
using Microsoft.Extensions.Options;

namespace Awards.UnitTests;

[TestClass]
public sealed class SignInLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private const string Email = "thidua@congan.phuyen.example.vn";

    [TestMethod]
    public void An_issued_link_reads_back_valid_for_its_address_until_it_expires()
    {
        var time = new FakeTime(Now);
        var links = Links(time);
        var (token, issued) = links.Issue(Email);

        Assert.AreEqual(Now + SignInLinks.Lifetime, issued.ExpiresAt);
        var (check, claims) = links.Read(token);
        Assert.AreEqual(LinkCheck.Valid, check);
        Assert.AreEqual(issued, claims);

        time.Now = issued.ExpiresAt;
        Assert.AreEqual(LinkCheck.Expired, links.Read(token).Check);
    }

    [TestMethod]
    public void Two_links_for_one_address_are_different_links()
    {
        var links = Links(new FakeTime(Now));

        Assert.AreNotEqual(links.Issue(Email).Claims.Nonce, links.Issue(Email).Claims.Nonce);
    }

    [TestMethod]
    public void Changing_any_single_character_of_a_sign_in_link_makes_it_tampered()
    {
        var links = Links(new FakeTime(Now));
        var (token, _) = links.Issue(Email);

        for (var i = 0; i < token.Length; i++)
        {
            var replacement = "Aa0-_".First(c => c != token[i]);
            var altered = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));
            Assert.AreEqual(LinkCheck.Tampered, links.Read(altered).Check, $"character {i} of {token}");
        }
    }

    [TestMethod]
    public void An_approval_link_is_not_a_sign_in_link_and_a_sign_in_link_is_not_an_approval_link()
    {
        var options = Options.Create(new LinkSigningOptions { ActiveKeyId = "k1", SigningKeys = { ["k1"] = Key } });
        var review = new ReviewLinks(options, new FakeTime(Now));
        var signIn = new SignInLinks(new TokenSigner(options), new FakeTime(Now));

        // Exactly a sign-in link's claims, correctly signed, but as an approval link.
        var signedForReview = new TokenSigner(options).Issue(new SignInLinkClaims(Email, "n0nce", Now.AddMinutes(5)), purpose: null);

        Assert.AreEqual(LinkCheck.Tampered, signIn.Read(signedForReview).Check);
        Assert.AreEqual(LinkCheck.Tampered, review.Read(signIn.Issue(Email).Token).Check);
    }

    [TestMethod]
    public void A_sign_in_link_is_signed_with_the_active_key_and_survives_rotation()
    {
        var other = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (token, _) = Links(new FakeTime(Now)).Issue(Email);
        var rotated = new SignInLinks(new TokenSigner(Options.Create(new LinkSigningOptions { ActiveKeyId = "k2", SigningKeys = { ["k1"] = Key, ["k2"] = other } })), new FakeTime(Now));

        Assert.AreEqual(LinkCheck.Valid, rotated.Read(token).Check);
        Assert.StartsWith("k2.", rotated.Issue(Email).Token);
    }

    [TestMethod]
    [DataRow("")]
    [DataRow("Sign-In")]
    [DataRow("sign:in")]
    [DataRow("sign.in")]
    public void A_token_purpose_other_than_lower_case_letters_digits_and_dashes_is_refused(string purpose)
    {
        var signer = new TokenSigner(Options.Create(new LinkSigningOptions { ActiveKeyId = "k1", SigningKeys = { ["k1"] = Key } }));

        Assert.ThrowsExactly<ArgumentException>(() => signer.Issue(new { a = 1 }, purpose));
    }

    private static SignInLinks Links(TimeProvider time) =>
        new(new TokenSigner(Options.Create(new LinkSigningOptions { ActiveKeyId = "k1", SigningKeys = { ["k1"] = Key } })), time);
}
