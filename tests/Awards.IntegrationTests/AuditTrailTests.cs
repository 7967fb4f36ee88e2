using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Awards.Domain;
using Awards.Testing;
using Awards.Web;
using Awards.Web.Api;
using Azure;
using Azure.Data.Tables;

namespace Awards.IntegrationTests;

/// <summary>
/// The audit log is tamper-evident: a nomination run through a stage verifies, and rows changed
/// directly in storage — as someone with access to the table could — are detected and named.
/// </summary>
[TestClass]
public sealed class AuditTrailTests
{
    private const string Reason = "Thiếu bản sao quyết định khen thưởng năm 2024.";

    private static readonly TableClient Nominations = new(TestHost.Storage, "awardsNominations");

    [TestMethod]
    public async Task A_nomination_returned_at_a_stage_has_a_log_that_verifies_and_only_its_unit_and_organisers_may_read_it()
    {
        using var s = await Scenario.StartAsync("audit-ok");
        const string nominee = "Phạm Thị Hồng Nhung";
        var (id, log) = await ReturnedAtProvincialAsync(s, nominee);

        Assert.IsTrue(log.Verified, log.Problem);
        Assert.IsNull(log.FirstBrokenSeq);
        Assert.IsNull(log.Problem);
        CollectionAssert.AreEqual(Enumerable.Range(1, log.Entries.Count).Select(i => (int?)i).ToList(), log.Entries.Select(e => e.Seq).ToList());
        Assert.IsTrue(log.Entries.All(e => e.KeyId == "test" && !string.IsNullOrEmpty(e.Hmac)));
        Assert.AreEqual(log.Entries.Count, log.Entries.Select(e => e.Hmac).Distinct().Count());

        // The same log the nomination shows as its history, oldest first; no second copy.
        var history = (await s.Nominator.GetNominationAsync(id)).History;
        CollectionAssert.AreEqual(
            history.Select(h => $"{h.At:O} {h.Actor} {h.Action} {h.Stage} {h.Reason} {h.Detail}").ToList(),
            log.Entries.Select(e => $"{e.At:O} {e.Actor} {e.Action} {e.Stage} {e.Reason} {e.Detail}").ToList());
        var returned = log.Entries.Single(e => e.Action == AuditActions.Returned);
        Assert.AreEqual(Reason, returned.Reason);
        StringAssert.Contains(returned.Detail, "seen:", StringComparison.Ordinal);

        // In storage: rows by place, one step marker per entry, and the head on the last entry.
        var rows = await PartitionAsync(id);
        CollectionAssert.AreEqual(
            Enumerable.Range(1, log.Entries.Count).Select(i => $"audit|{i:D6}").ToList(),
            rows.Keys.Where(k => k.StartsWith("audit|", StringComparison.Ordinal)).ToList());
        Assert.AreEqual(log.Entries.Count, rows.Keys.Count(k => k.StartsWith("step|", StringComparison.Ordinal)));
        Assert.AreEqual(log.Entries.Count, rows["audithead"].GetInt32("Seq"));
        Assert.AreEqual(log.Entries[^1].Hmac, rows["audithead"].GetString("Hmac"));

        // The nominating unit may read it; another unit and an anonymous caller may not.
        Assert.IsTrue((await ReadAsync(s.Nominator, id)).Verified);
        var otherKey = await s.Organiser.IssueNominatorKeyAsync(TestCampaigns.Address("other-unit", s.Campaign.Id), "Công an tỉnh Khánh Hòa", "KH");
        using (var other = s.Organiser.As(otherKey))
        using (var response = await other.Http.GetAsync(AuditUri(id)))
        {
            Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var anonymous = s.Organiser.As(null))
        using (var response = await anonymous.Http.GetAsync(AuditUri(id)))
        {
            Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [TestMethod]
    public async Task Concurrent_uploads_each_take_their_own_place_in_the_log()
    {
        using var s = await Scenario.StartAsync("audit-race");
        var id = (await s.NominateAsync(NomineeKind.Collective, "Phòng Cảnh sát cơ động")).Nomination.Id;
        var before = (await ReadAsync(s.Organiser, id)).Entries.Count;

        // Eight appends at once on one log: two per document type, so versions race as well.
        string[] types = [.. TestCampaigns.RequiredDocuments, "evidence"];
        var uploads = types.Concat(types).Select(async (type, i) =>
        {
            using var response = await s.Nominator.UploadAsync(id, type, AwardsClient.SamplePdf($"{type} #{i}"), $"{type} {i}.pdf");
            await AwardsClient.EnsureAsync(response);
        });
        await Task.WhenAll(uploads);

        var log = await ReadAsync(s.Organiser, id);
        Assert.IsTrue(log.Verified, log.Problem);
        Assert.HasCount(before + 8, log.Entries);
        CollectionAssert.AreEqual(Enumerable.Range(1, before + 8).Select(i => (int?)i).ToList(), log.Entries.Select(e => e.Seq).ToList());
    }

    [TestMethod]
    public async Task An_edited_reason_is_detected_and_named_by_its_place_and_verifies_again_when_put_back()
    {
        using var s = await Scenario.StartAsync("audit-edit");
        var (id, log) = await ReturnedAtProvincialAsync(s, "Võ Minh Khôi");
        var seq = log.Entries.Single(e => e.Action == AuditActions.Returned).Seq!.Value;
        var original = (await PartitionAsync(id))[$"audit|{seq:D6}"];

        var edited = Copy(original);
        var data = JsonNode.Parse(edited.GetString("Data"))!.AsObject();
        data["reason"] = "Hồ sơ đầy đủ.";
        edited["Data"] = data.ToJsonString();
        await Nominations.UpdateEntityAsync(edited, ETag.All, TableUpdateMode.Replace);

        var tampered = await ReadAsync(s.Organiser, id);
        Assert.IsFalse(tampered.Verified);
        Assert.AreEqual(seq, tampered.FirstBrokenSeq);
        StringAssert.Contains(tampered.Problem, $"Entry {seq} ", StringComparison.Ordinal);
        Assert.AreEqual("Hồ sơ đầy đủ.", tampered.Entries.Single(e => e.Seq == seq).Reason, "the log shows what storage now holds");

        // Another field of another entry, this time a column rather than the content: the key id.
        await Nominations.UpdateEntityAsync(original, ETag.All, TableUpdateMode.Replace);
        Assert.IsTrue((await ReadAsync(s.Organiser, id)).Verified, "the untouched row put back verifies again");
        var first = Copy((await PartitionAsync(id))["audit|000001"]);
        first["KeyId"] = "other";
        await Nominations.UpdateEntityAsync(first, ETag.All, TableUpdateMode.Replace);
        var wrongKey = await ReadAsync(s.Organiser, id);
        Assert.IsFalse(wrongKey.Verified);
        Assert.AreEqual(1, wrongKey.FirstBrokenSeq);
    }

    [TestMethod]
    public async Task A_deleted_row_is_detected_in_the_middle_and_at_the_end()
    {
        using var s = await Scenario.StartAsync("audit-delete");
        var (id, log) = await ReturnedAtProvincialAsync(s, "Đặng Quốc Bảo");
        var rows = await PartitionAsync(id);
        var last = log.Entries.Count;

        await Nominations.DeleteEntityAsync(id, "audit|000002");
        var middle = await ReadAsync(s.Organiser, id);
        Assert.IsFalse(middle.Verified);
        Assert.AreEqual(2, middle.FirstBrokenSeq);
        StringAssert.Contains(middle.Problem, "Entry 2 is missing", StringComparison.Ordinal);

        // Put back, then cut the last entry: only the head can tell.
        await Nominations.AddEntityAsync(Copy(rows["audit|000002"]));
        Assert.IsTrue((await ReadAsync(s.Organiser, id)).Verified);
        await Nominations.DeleteEntityAsync(id, $"audit|{last:D6}");
        var end = await ReadAsync(s.Organiser, id);
        Assert.IsFalse(end.Verified);
        Assert.AreEqual(last, end.FirstBrokenSeq);
        StringAssert.Contains(end.Problem, $"Entry {last} is missing", StringComparison.Ordinal);
    }

    [TestMethod]
    public async Task Swapped_rows_are_detected_as_reordered()
    {
        using var s = await Scenario.StartAsync("audit-swap");
        var (id, _) = await ReturnedAtProvincialAsync(s, "Huỳnh Thị Lan");
        var rows = await PartitionAsync(id);
        var (two, three) = (rows["audit|000002"], rows["audit|000003"]);

        // Everything in the two rows trades places; the row keys (the places) stay.
        await Nominations.UpdateEntityAsync(Moved(three, two.RowKey), ETag.All, TableUpdateMode.Replace);
        await Nominations.UpdateEntityAsync(Moved(two, three.RowKey), ETag.All, TableUpdateMode.Replace);
        var swapped = await ReadAsync(s.Organiser, id);
        Assert.IsFalse(swapped.Verified);
        Assert.AreEqual(2, swapped.FirstBrokenSeq);
        StringAssert.Contains(swapped.Problem, "reordered", StringComparison.Ordinal);

        // Only the contents traded, each row keeping its recorded place and seal.
        var contentOnly = Copy(two);
        contentOnly["Data"] = three.GetString("Data");
        var contentOnlyToo = Copy(three);
        contentOnlyToo["Data"] = two.GetString("Data");
        await Nominations.UpdateEntityAsync(contentOnly, ETag.All, TableUpdateMode.Replace);
        await Nominations.UpdateEntityAsync(contentOnlyToo, ETag.All, TableUpdateMode.Replace);
        var contents = await ReadAsync(s.Organiser, id);
        Assert.IsFalse(contents.Verified);
        Assert.AreEqual(2, contents.FirstBrokenSeq);
    }

    /// <summary>Submits a nomination, has the provincial approver return it with <see cref="Reason"/>, and waits until its log is settled.</summary>
    private static async Task<(string Id, AuditLogView Log)> ReturnedAtProvincialAsync(Scenario s, string nominee)
    {
        var id = await s.SubmitNewAsync(NomineeKind.Individual, nominee);
        using (var returned = await s.DecideAsync(await s.ReviewLinkAsync("provincial", nominee), "return", Reason))
        {
            Assert.AreEqual(HttpStatusCode.SeeOther, returned.StatusCode);
        }

        await s.WaitForNominatorMailAsync(nominee, "Trả lại");

        // Tampering while the workflow still appends would race it: wait until two reads agree.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var log = await ReadAsync(s.Organiser, id);
        while (true)
        {
            await Task.Delay(500);
            var again = await ReadAsync(s.Organiser, id);
            if (again.Entries.Count == log.Entries.Count && again.Verified && again.Entries.Any(e => e.Action == AuditActions.Returned))
            {
                return (id, again);
            }

            Assert.IsLessThan(deadline, DateTime.UtcNow, $"The log of {id} did not settle: {again.Problem}");
            log = again;
        }
    }

    private static Uri AuditUri(string id) => new($"api/nominations/{id}/audit", UriKind.Relative);

    private static async Task<AuditLogView> ReadAsync(AwardsClient client, string id)
    {
        using var response = await client.Http.GetAsync(AuditUri(id));
        await AwardsClient.EnsureAsync(response);
        var json = await response.Content.ReadAsStringAsync();
        return JsonSerializer.Deserialize<AuditLogView>(json, AwardsJson.Options) ?? throw new JsonException("No audit log: " + json);
    }

    private static async Task<Dictionary<string, TableEntity>> PartitionAsync(string id)
    {
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in Nominations.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {id}")))
        {
            rows[row.RowKey] = row;
        }

        return rows;
    }

    private static TableEntity Copy(TableEntity row) => Moved(row, row.RowKey);

    // The row's properties under another row key; Timestamp and odata annotations are the service's.
    private static TableEntity Moved(TableEntity row, string rowKey)
    {
        var copy = new TableEntity(row.PartitionKey, rowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && !name.Contains("@odata", StringComparison.Ordinal))
            {
                copy[name] = value;
            }
        }

        return copy;
    }
}
