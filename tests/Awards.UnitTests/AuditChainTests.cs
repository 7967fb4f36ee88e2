using System.Security.Cryptography;
using Awards.Domain;
using Awards.Security;
using Microsoft.Extensions.Options;

namespace Awards.UnitTests;

[TestClass]
public sealed class AuditChainTests
{
    private const string Nomination = "nom-k3j9abcdefghmnpq";
    private static readonly string KeyOne = NewKey();
    private static readonly string KeyTwo = NewKey();
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 30, 15, TimeSpan.FromHours(7));

    private static readonly AuditEntry[] Entries =
    [
        new(At, "thidua.py@example.vn", AuditActions.Created, null, null, "campaign v1"),
        new(At.AddMinutes(5), "thidua.py@example.vn", AuditActions.DocumentUploaded, null, null, "achievement-report v1: Báo cáo thành tích.pdf"),
        new(At.AddMinutes(9), "thidua.py@example.vn", AuditActions.Submitted),
        new(At.AddMinutes(9).AddTicks(1), "system", AuditActions.StageOpened, "provincial", null, "round 1; approvers: ubnd.py@example.vn"),
        new(At.AddDays(2), "ubnd.py@example.vn", AuditActions.Returned, "provincial", "Thiếu bản sao quyết định khen thưởng năm 2024.", "round 1; wave 1; Nguyễn Văn Đức; seen: achievement-report v1"),
    ];

    [TestMethod]
    public void The_canonical_form_is_exactly_this()
    {
        // Pinned on purpose: every seal ever made depends on it, so a change must be a new format.
        var text = AuditChain.Canonical(Nomination, 5, "k1", Entries[4], "prev-seal");

        Assert.AreEqual(
            "awards-audit-v1\n"
            + "nomination:20:nom-k3j9abcdefghmnpq\n"
            + "seq:5\n"
            + "key:2:k1\n"
            + "at:2026-03-04T01:30:15.0000000Z\n"
            + "actor:18:ubnd.py@example.vn\n"
            + "action:8:returned\n"
            + "stage:10:provincial\n"
            + "reason:59:Thiếu bản sao quyết định khen thưởng năm 2024.\n"
            + "detail:66:round 1; wave 1; Nguyễn Văn Đức; seen: achievement-report v1\n"
            + "previous:9:prev-seal\n",
            text);
    }

    [TestMethod]
    public void The_canonical_time_is_the_instant_in_utc_whatever_offset_it_was_recorded_with()
    {
        var local = Entries[3];
        var utc = local with { At = local.At.ToUniversalTime() };

        Assert.AreEqual(AuditChain.Canonical(Nomination, 4, "k1", local, "p"), AuditChain.Canonical(Nomination, 4, "k1", utc, "p"));
        StringAssert.Contains(AuditChain.Canonical(Nomination, 4, "k1", local, "p"), "at:2026-03-02T01:39:15.0000001Z\n", StringComparison.Ordinal);
    }

    [TestMethod]
    public void An_absent_value_and_an_empty_one_have_different_canonical_forms()
    {
        var absent = Entries[0] with { Reason = null };
        var empty = Entries[0] with { Reason = string.Empty };

        Assert.AreNotEqual(AuditChain.Canonical(Nomination, 1, "k1", absent, null), AuditChain.Canonical(Nomination, 1, "k1", empty, null));
        Assert.AreNotEqual(AuditChain.Canonical(Nomination, 1, "k1", absent, null), AuditChain.Canonical(Nomination, 1, "k1", absent, string.Empty));
    }

    [TestMethod]
    public void Text_cannot_move_from_one_field_into_the_next()
    {
        var one = Entries[4] with { Stage = "provincial", Reason = "x\nreason:1:y" };
        var two = Entries[4] with { Stage = "provincial\nreason:1:x", Reason = "y" };

        Assert.AreNotEqual(AuditChain.Canonical(Nomination, 5, "k1", one, "p"), AuditChain.Canonical(Nomination, 5, "k1", two, "p"));
    }

    [TestMethod]
    public void Text_is_sealed_exactly_as_stored_so_an_invisible_change_of_normalisation_shows()
    {
        var nfc = Entries[4];
        var nfd = nfc with { Reason = nfc.Reason!.Normalize(System.Text.NormalizationForm.FormD) };

        Assert.AreNotEqual(AuditChain.Canonical(Nomination, 5, "k1", nfc, "p"), AuditChain.Canonical(Nomination, 5, "k1", nfd, "p"));
    }

    [TestMethod]
    public void An_untouched_log_verifies()
    {
        var chain = Chain("k1", ("k1", KeyOne));
        var (rows, head) = Seal(chain, Entries);

        Assert.AreEqual(AuditVerification.Intact, chain.Verify(Nomination, rows, head));
        Assert.AreEqual(AuditVerification.Intact, chain.Verify(Nomination, [], null), "a log with no entries and no head");
        CollectionAssert.AreEqual(new int?[] { 1, 2, 3, 4, 5 }, rows.Select(r => r.Seq).ToList());
        Assert.IsTrue(rows.All(r => r.KeyId == "k1"));
        Assert.AreEqual(rows.Count, rows.Select(r => r.Hmac).Distinct().Count());
    }

    [TestMethod]
    public void Changing_any_field_of_an_entry_is_named_at_that_entry()
    {
        var chain = Chain("k1", ("k1", KeyOne));
        var (rows, head) = Seal(chain, Entries);
        var edits = new (string Field, Func<AuditEntry, AuditEntry> Edit)[]
        {
            ("at", e => e with { At = e.At.AddSeconds(1) }),
            ("at (one tick)", e => e with { At = e.At.AddTicks(1) }),
            ("actor", e => e with { Actor = "someone.else@example.vn" }),
            ("action", e => e with { Action = AuditActions.Approved }),
            ("stage", e => e with { Stage = "ministry" }),
            ("reason", e => e with { Reason = "Đủ hồ sơ." }),
            ("reason removed", e => e with { Reason = null }),
            ("detail", e => e with { Detail = e.Detail + " " }),
        };

        foreach (var (field, edit) in edits)
        {
            var tampered = rows.ToList();
            tampered[4] = tampered[4] with { Entry = edit(tampered[4].Entry!) };

            var verdict = chain.Verify(Nomination, tampered, head);

            Assert.IsFalse(verdict.Verified, field);
            Assert.AreEqual(5, verdict.FirstBrokenSeq, field);
            StringAssert.Contains(verdict.Problem, "Entry 5", StringComparison.Ordinal, field);
        }
    }

    [TestMethod]
    public void Changing_a_seal_or_a_key_id_or_the_log_it_belongs_to_is_detected()
    {
        var chain = Chain("k1", ("k1", KeyOne), ("k2", KeyTwo));
        var (rows, head) = Seal(chain, Entries);

        var otherSeal = rows.ToList();
        otherSeal[1] = otherSeal[1] with { Hmac = rows[2].Hmac };
        Assert.AreEqual(2, chain.Verify(Nomination, otherSeal, head).FirstBrokenSeq);

        var otherKey = rows.ToList();
        otherKey[2] = otherKey[2] with { KeyId = "k2" };
        Assert.AreEqual(3, chain.Verify(Nomination, otherKey, head).FirstBrokenSeq);

        // The same rows copied under another nomination do not verify there.
        Assert.AreEqual(1, chain.Verify("nom-someoneelse0000000", rows, head).FirstBrokenSeq);
    }

    [TestMethod]
    public void A_removed_entry_is_named_whether_it_was_first_in_the_middle_or_last()
    {
        var chain = Chain("k1", ("k1", KeyOne));
        var (rows, head) = Seal(chain, Entries);

        var middle = chain.Verify(Nomination, [.. rows.Where(r => r.Seq != 3)], head);
        Assert.IsFalse(middle.Verified);
        Assert.AreEqual(3, middle.FirstBrokenSeq);
        StringAssert.Contains(middle.Problem, "Entry 3 is missing", StringComparison.Ordinal);

        var two = chain.Verify(Nomination, [.. rows.Where(r => r.Seq is not (2 or 3))], head);
        Assert.AreEqual(2, two.FirstBrokenSeq);
        StringAssert.Contains(two.Problem, "Entries 2 to 3 are missing", StringComparison.Ordinal);

        var first = chain.Verify(Nomination, [.. rows.Skip(1)], head);
        Assert.AreEqual(1, first.FirstBrokenSeq);
        StringAssert.Contains(first.Problem, "Entry 1 is missing", StringComparison.Ordinal);

        // Only the head shows that the end was cut off.
        var last = chain.Verify(Nomination, [.. rows.Take(4)], head);
        Assert.IsFalse(last.Verified);
        Assert.AreEqual(5, last.FirstBrokenSeq);
        StringAssert.Contains(last.Problem, "Entry 5 is missing", StringComparison.Ordinal);

        var all = chain.Verify(Nomination, [], head);
        Assert.AreEqual(1, all.FirstBrokenSeq);
        StringAssert.Contains(all.Problem, "Entries 1 to 5 are missing", StringComparison.Ordinal);
    }

    [TestMethod]
    public void Reordered_rows_are_named_as_reordered()
    {
        var chain = Chain("k1", ("k1", KeyOne));
        var (rows, head) = Seal(chain, Entries);

        // Whole rows swapped between two places (the row keys stay; everything in them moves).
        var swapped = rows.ToList();
        swapped[1] = rows[2] with { RowKey = rows[1].RowKey, Seq = 2 };
        swapped[2] = rows[1] with { RowKey = rows[2].RowKey, Seq = 3 };
        var verdict = chain.Verify(Nomination, swapped, head);
        Assert.IsFalse(verdict.Verified);
        Assert.AreEqual(2, verdict.FirstBrokenSeq);
        StringAssert.Contains(verdict.Problem, "written as entry 3", StringComparison.Ordinal);
        StringAssert.Contains(verdict.Problem, "reordered", StringComparison.Ordinal);

        // Only the contents swapped, each row keeping its recorded place and seal.
        var contents = rows.ToList();
        contents[1] = rows[1] with { Entry = rows[2].Entry };
        contents[2] = rows[2] with { Entry = rows[1].Entry };
        Assert.AreEqual(2, chain.Verify(Nomination, contents, head).FirstBrokenSeq);

        // Swapped with their recorded places rewritten to match: the seals still give it away.
        var rewritten = rows.ToList();
        rewritten[1] = rows[2] with { RowKey = rows[1].RowKey, Seq = 2, WrittenSeq = 2 };
        rewritten[2] = rows[1] with { RowKey = rows[2].RowKey, Seq = 3, WrittenSeq = 3 };
        Assert.AreEqual(2, chain.Verify(Nomination, rewritten, head).FirstBrokenSeq);
    }

    [TestMethod]
    public void Entries_added_or_rows_not_made_by_the_application_are_named()
    {
        var chain = Chain("k1", ("k1", KeyOne));
        var (rows, head) = Seal(chain, Entries);

        // A sixth entry sealed with the right key but never recorded in the head.
        var (longer, _) = Seal(chain, [.. Entries, Entries[0]]);
        var added = chain.Verify(Nomination, longer, head);
        Assert.AreEqual(6, added.FirstBrokenSeq);
        StringAssert.Contains(added.Problem, "not appended by the application", StringComparison.Ordinal);

        var foreign = chain.Verify(Nomination, [.. rows, new StoredAuditRow("audit|0638770000000000000|created", null, null, Entries[0], null, null)], head);
        Assert.IsFalse(foreign.Verified);
        Assert.IsNull(foreign.FirstBrokenSeq);
        StringAssert.Contains(foreign.Problem, "'audit|0638770000000000000|created'", StringComparison.Ordinal);

        var unreadable = rows.ToList();
        unreadable[3] = unreadable[3] with { Entry = null };
        Assert.AreEqual(4, chain.Verify(Nomination, unreadable, head).FirstBrokenSeq);

        var headless = chain.Verify(Nomination, rows, null);
        Assert.IsFalse(headless.Verified);
        StringAssert.Contains(headless.Problem, "head is missing", StringComparison.Ordinal);

        var otherHead = chain.Verify(Nomination, rows, head with { Hmac = rows[3].Hmac });
        Assert.AreEqual(5, otherHead.FirstBrokenSeq);
    }

    [TestMethod]
    public void After_a_key_rotation_old_and_new_entries_verify_and_each_names_its_key()
    {
        var before = Chain("k1", ("k1", KeyOne));
        var after = Chain("k2", ("k1", KeyOne), ("k2", KeyTwo));
        var (first, firstHead) = Seal(before, Entries[..3]);
        var (rows, head) = Seal(after, Entries[3..], first, firstHead);

        CollectionAssert.AreEqual(new[] { "k1", "k1", "k1", "k2", "k2" }, rows.Select(r => r.KeyId).ToList());
        Assert.AreEqual(AuditVerification.Intact, after.Verify(Nomination, rows, head));

        // Without the retired key its entries cannot be checked, and the verdict says which key is missing.
        var forgotten = Chain("k2", ("k2", KeyTwo)).Verify(Nomination, rows, head);
        Assert.IsFalse(forgotten.Verified);
        Assert.AreEqual(1, forgotten.FirstBrokenSeq);
        StringAssert.Contains(forgotten.Problem, "'k1'", StringComparison.Ordinal);

        // The same key id with another secret is not the same key.
        Assert.AreEqual(1, Chain("k1", ("k1", KeyTwo), ("k2", KeyTwo)).Verify(Nomination, rows, head).FirstBrokenSeq);
    }

    [TestMethod]
    public void An_audit_seal_is_not_a_link_signature_under_the_same_key()
    {
        var chain = Chain("k1", ("k1", KeyOne));
        var signer = new TokenSigner(new Dictionary<string, string> { ["k1"] = KeyOne }, "k1", "Awards:Audit", "Keys");
        var sealedEntry = chain.Seal(Nomination, 1, Entries[0], null);
        var content = System.Text.Encoding.UTF8.GetBytes(AuditChain.Canonical(Nomination, 1, "k1", Entries[0], null));

        Assert.IsTrue(signer.IsSealed("k1", content, AuditChain.Purpose, sealedEntry.Hmac));
        Assert.IsFalse(signer.IsSealed("k1", content, "sign-in", sealedEntry.Hmac));
    }

    [TestMethod]
    public void Missing_or_weak_audit_keys_stop_the_app_with_a_message_naming_the_setting()
    {
        var none = Assert.ThrowsExactly<InvalidOperationException>(() => Chain(string.Empty));
        StringAssert.Contains(none.Message, "Awards:Audit:ActiveKeyId", StringComparison.Ordinal);

        var inactive = Assert.ThrowsExactly<InvalidOperationException>(() => Chain("k2", ("k1", KeyOne)));
        StringAssert.Contains(inactive.Message, "'k2'", StringComparison.Ordinal);

        var weak = Assert.ThrowsExactly<InvalidOperationException>(() => Chain("k1", ("k1", Convert.ToBase64String(RandomNumberGenerator.GetBytes(31)))));
        StringAssert.Contains(weak.Message, "Awards:Audit:Keys:k1", StringComparison.Ordinal);
        StringAssert.Contains(weak.Message, "at least 32", StringComparison.Ordinal);
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static AuditChain Chain(string activeKeyId, params (string Id, string Secret)[] keys)
    {
        var options = new AuditOptions { ActiveKeyId = activeKeyId };
        foreach (var (id, secret) in keys)
        {
            options.Keys[id] = secret;
        }

        return new AuditChain(Options.Create(options));
    }

    /// <summary>Appends entries as the store does, and returns the rows as they would be read back, with the head.</summary>
    private static (List<StoredAuditRow> Rows, AuditHead Head) Seal(AuditChain chain, IEnumerable<AuditEntry> entries, List<StoredAuditRow>? existing = null, AuditHead? head = null)
    {
        var rows = existing?.ToList() ?? [];
        foreach (var entry in entries)
        {
            var seq = (head?.Seq ?? 0) + 1;
            var sealedEntry = chain.Seal(Nomination, seq, entry, head?.Hmac);
            rows.Add(new StoredAuditRow($"audit|{seq:D6}", seq, seq, entry, sealedEntry.KeyId, sealedEntry.Hmac));
            head = new AuditHead(seq, sealedEntry.Hmac);
        }

        return (rows, head!);
    }
}
