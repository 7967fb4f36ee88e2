using System.Security.Cryptography;
using Awards.Security;
using Microsoft.Extensions.Options;

namespace Awards.UnitTests;

[TestClass]
public sealed class ReviewLinksTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);
    private static readonly string KeyOne = NewKey();
    private static readonly string KeyTwo = NewKey();

    private static readonly ReviewLinkClaims Claims = new("ctr09-so-ket-5-nam", "prop-k3j9abcdefghmnpq", "provincial", 2, "thidua.py@example.vn", Now.AddDays(30));

    [TestMethod]
    public void An_issued_link_reads_back_valid_with_the_same_claims()
    {
        var links = Links("k1", ("k1", KeyOne));

        var (check, claims) = links.Read(links.Issue(Claims));

        Assert.AreEqual(LinkCheck.Valid, check);
        Assert.AreEqual(Claims, claims);
    }

    [TestMethod]
    public void A_link_token_is_safe_to_put_in_a_url_unescaped()
    {
        var token = Links("k1", ("k1", KeyOne)).Issue(Claims with { ApproverEmail = "trần.văn.phú+?&=/@example.vn" });

        Assert.MatchesRegex(@"^[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+$", token);
    }

    [TestMethod]
    public void Changing_any_single_character_of_a_link_makes_it_tampered()
    {
        var links = Links("k1", ("k1", KeyOne), ("k2", KeyTwo));
        var token = links.Issue(Claims);

        for (var i = 0; i < token.Length; i++)
        {
            var replacement = "Aa0-_".First(c => c != token[i]);
            var altered = string.Concat(token.AsSpan(0, i), replacement.ToString(), token.AsSpan(i + 1));

            var (check, claims) = links.Read(altered);

            Assert.AreEqual(LinkCheck.Tampered, check, $"character {i} ('{token[i]}' → '{replacement}') of {token}");
            Assert.IsNull(claims);
        }
    }

    [TestMethod]
    public void A_link_moved_to_another_configured_key_id_is_tampered()
    {
        var links = Links("k1", ("k1", KeyOne), ("k2", KeyTwo));
        var token = links.Issue(Claims);

        Assert.AreEqual(LinkCheck.Tampered, links.Read("k2" + token[2..]).Check);
    }

    [TestMethod]
    public void Claims_swapped_from_another_link_are_tampered()
    {
        var links = Links("k1", ("k1", KeyOne));
        var mine = links.Issue(Claims).Split('.');
        var other = links.Issue(Claims with { ProposalId = "prop-zzzzzzzzzzzzzzzz" }).Split('.');

        Assert.AreEqual(LinkCheck.Tampered, links.Read($"{mine[0]}.{other[1]}.{mine[2]}").Check);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("k1")]
    [DataRow("k1..")]
    [DataRow("k1.a.b.c")]
    public void Something_that_is_not_a_link_is_tampered(string? token)
    {
        var (check, claims) = Links("k1", ("k1", KeyOne)).Read(token);

        Assert.AreEqual(LinkCheck.Tampered, check);
        Assert.IsNull(claims);
    }

    [TestMethod]
    public void A_link_signed_with_another_secret_under_the_same_key_id_is_tampered()
    {
        var token = Links("k1", ("k1", KeyTwo)).Issue(Claims);

        Assert.AreEqual(LinkCheck.Tampered, Links("k1", ("k1", KeyOne)).Read(token).Check);
    }

    [TestMethod]
    public void A_link_works_until_its_expiry_and_is_expired_from_then_on()
    {
        var time = new FakeTime(Now);
        var links = Links(time, "k1", ("k1", KeyOne));
        var token = links.Issue(Claims);

        time.Now = Claims.ExpiresAt.AddTicks(-1);
        Assert.AreEqual(LinkCheck.Valid, links.Read(token).Check);

        time.Now = Claims.ExpiresAt;
        Assert.AreEqual(LinkCheck.Expired, links.Read(token).Check);

        time.Now = Claims.ExpiresAt.AddDays(3);
        var (check, claims) = links.Read(token);
        Assert.AreEqual(LinkCheck.Expired, check);
        Assert.AreEqual(Claims, claims, "an expired link still says which nomination it was for");
    }

    [TestMethod]
    public void A_link_signed_under_the_old_key_still_opens_after_rotation()
    {
        var token = Links("k1", ("k1", KeyOne)).Issue(Claims);
        var rotated = Links("k2", ("k1", KeyOne), ("k2", KeyTwo));

        var (check, claims) = rotated.Read(token);

        Assert.AreEqual(LinkCheck.Valid, check);
        Assert.AreEqual(Claims, claims);
    }

    [TestMethod]
    public void New_links_are_signed_with_the_active_key()
    {
        var rotated = Links("k2", ("k1", KeyOne), ("k2", KeyTwo));
        var token = rotated.Issue(Claims);

        Assert.StartsWith("k2.", token);
        Assert.AreEqual(LinkCheck.Valid, Links("k2", ("k2", KeyTwo)).Read(token).Check);
    }

    [TestMethod]
    public void A_link_signed_under_a_removed_key_is_tampered()
    {
        var token = Links("k1", ("k1", KeyOne)).Issue(Claims);

        Assert.AreEqual(LinkCheck.Tampered, Links("k2", ("k2", KeyTwo)).Read(token).Check);
    }

    [TestMethod]
    public void A_correctly_signed_token_longer_than_the_maximum_is_tampered()
    {
        var links = Links("k1", ("k1", KeyOne));
        var shortEnough = links.Issue(Claims with { ProposalId = new string('n', 500) });
        var tooLong = links.Issue(Claims with { ProposalId = new string('n', 800) });
        Assert.IsLessThanOrEqualTo(ReviewLinks.MaxTokenLength, shortEnough.Length);
        Assert.IsGreaterThan(ReviewLinks.MaxTokenLength, tooLong.Length);

        Assert.AreEqual(LinkCheck.Valid, links.Read(shortEnough).Check);
        var (check, claims) = links.Read(tooLong);
        Assert.AreEqual(LinkCheck.Tampered, check);
        Assert.IsNull(claims);
    }

    [TestMethod]
    public void Starting_without_the_active_key_fails_with_a_clear_message()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Links("k2", ("k1", KeyOne)));

        Assert.Contains("ActiveKeyId", e.Message);
        Assert.Contains("'k2'", e.Message);
    }

    [TestMethod]
    public void Starting_without_any_key_fails_with_a_clear_message()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Links(string.Empty));

        Assert.Contains("Configure at least one signing key", e.Message);
    }

    [TestMethod]
    public void Starting_with_a_key_shorter_than_32_bytes_fails_with_a_clear_message()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Links("k1", ("k1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(31)))));

        Assert.Contains("SigningKeys:k1", e.Message);
        Assert.Contains("at least 32", e.Message);
    }

    [TestMethod]
    public void Starting_with_a_key_that_is_not_base64_fails_with_a_clear_message()
    {
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => Links("k1", ("k1", "this is not base64 at all!!")));

        Assert.Contains("SigningKeys:k1", e.Message);
    }

    [TestMethod]
    public void A_key_of_exactly_32_bytes_is_enough()
    {
        var links = Links("k1", ("k1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));

        Assert.AreEqual(LinkCheck.Valid, links.Read(links.Issue(Claims)).Check);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static ReviewLinks Links(string activeKeyId, params (string Id, string Secret)[] keys) =>
        Links(new FakeTime(Now), activeKeyId, keys);

    private static ReviewLinks Links(FakeTime time, string activeKeyId, params (string Id, string Secret)[] keys)
    {
        var options = new LinkSigningOptions { ActiveKeyId = activeKeyId };
        foreach (var (id, secret) in keys)
        {
            options.SigningKeys[id] = secret;
        }

        return new ReviewLinks(Options.Create(options), time);
    }
}
