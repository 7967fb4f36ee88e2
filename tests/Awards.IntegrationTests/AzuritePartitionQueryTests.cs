using Azure.Data.Tables;

namespace Awards.IntegrationTests;

/// <summary>
/// The runner starts Azurite with a preload that answers single-partition queries through the
/// partition index instead of testing every entity, and finds the entity of a point operation by the
/// narrower of its two key indexes (tools/azurite/partition-queries.js). Whatever the filter, the rows
/// must be exactly those Table storage returns, in its order, page after page; and a point read,
/// replace, merge or delete touches the one entity its keys name, even when many partitions share
/// its RowKey.
/// </summary>
[TestClass]
public sealed class AzuritePartitionQueryTests
{
    private static readonly string TableName = "t" + Guid.NewGuid().ToString("N")[..12] + "Partitions";
    private static TableClient table = null!;
    private static List<TableEntity> all = null!;

    [ClassInitialize]
    public static async Task CreateAsync(TestContext context)
    {
        table = new TableClient(TestHost.Storage, TableName);
        await table.CreateIfNotExistsAsync(context.CancellationToken);
        all = [];
        foreach (var (partition, count) in new[] { ("Đặng 'Văn' Đức", 7), ("p2", 1100), ("p3", 12), ("p2x", 5) })
        {
            var rows = Enumerable.Range(0, count).Select(i => new TableEntity(partition, $"r{i:D4}") { ["Value"] = i % 5, ["Name"] = i % 3 == 0 ? "x or y" : "z" }).ToList();
            all.AddRange(rows);
            foreach (var batch in rows.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), context.CancellationToken);
            }
        }
    }

    [ClassCleanup]
    public static async Task DropAsync() => await table.DeleteAsync();

    [TestMethod]
    [DataRow("PartitionKey eq 'Đặng ''Văn'' Đức'")]
    [DataRow("PartitionKey eq 'p2'")]
    [DataRow("PartitionKey eq 'p2' and RowKey ge 'r0500' and RowKey lt 'r0600'")]
    [DataRow("(PartitionKey eq 'p3') and (Value gt 1)")]
    [DataRow("PartitionKey eq 'p3' and Name eq 'x or y'")]
    [DataRow("PartitionKey eq 'p2' or PartitionKey eq 'p3'")]
    [DataRow("PartitionKey eq 'p3' and Value eq 1 or PartitionKey eq 'p2x'")]
    [DataRow("PartitionKey ge 'p2' and PartitionKey lt 'p3'")]
    [DataRow("PartitionKey eq 'nobody'")]
    [DataRow("PartitionKey eq 'p2' and (RowKey eq 'r0007' or Value eq 4)")]
    [DataRow("Value eq 2 and PartitionKey eq 'p3'")]
    [DataRow("(PartitionKey eq 'p3' and Value eq 1) or PartitionKey eq 'p2x'")]
    [DataRow("not (PartitionKey eq 'p3') and Value eq 1")]
    [DataRow("PartitionKey eq 'p3' and PartitionKey eq 'p2x'")]
    public async Task A_query_returns_exactly_the_matching_rows_in_key_order_across_pages(string filter)
    {
        var expected = all.Where(Matches(filter)).OrderBy(e => e.PartitionKey, StringComparer.Ordinal).ThenBy(e => e.RowKey, StringComparer.Ordinal)
            .Select(e => $"{e.PartitionKey}/{e.RowKey}").ToList();
        var pages = 0;
        var read = new List<string>();
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: 300).AsPages())
        {
            pages++;
            read.AddRange(page.Values.Select(e => $"{e.PartitionKey}/{e.RowKey}"));
        }

        CollectionAssert.AreEqual(expected, read, $"{filter}: {read.Count} rows read in {pages} pages, {expected.Count} expected");
    }

    [TestMethod]
    public async Task Point_operations_touch_only_the_entity_their_keys_name_when_partitions_share_row_keys()
    {
        // Three partitions with the same RowKeys, one of them large, as the Durable backend's instance
        // rows (RowKey "") and the app's nomination rows (RowKey "nomination") are.
        var shared = new TableClient(TestHost.Storage, "t" + Guid.NewGuid().ToString("N")[..12] + "Shared");
        await shared.CreateIfNotExistsAsync();
        try
        {
            string[] partitions = ["small", "Đặng Văn Đức", "large"];
            foreach (var partition in partitions)
            {
                var rows = Enumerable.Range(0, partition == "large" ? 400 : 3).Select(i => new TableEntity(partition, i < 3 ? $"row{i}" : $"x{i:D4}") { ["Owner"] = partition }).ToList();
                foreach (var batch in rows.Chunk(100))
                {
                    await shared.SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
                }
            }

            foreach (var partition in partitions)
            {
                var read = await shared.GetEntityAsync<TableEntity>(partition, "row1");
                Assert.AreEqual(partition, read.Value.GetString("Owner"), $"point read of {partition}/row1");
            }

            var missing = await shared.GetEntityIfExistsAsync<TableEntity>("nobody", "row1");
            Assert.IsFalse(missing.HasValue, "a point read of a partition that does not exist finds nothing");

            await shared.UpdateEntityAsync(new TableEntity("Đặng Văn Đức", "row1") { ["Owner"] = "replaced" }, Azure.ETag.All, TableUpdateMode.Replace);
            await shared.UpsertEntityAsync(new TableEntity("small", "row2") { ["Extra"] = 1 }, TableUpdateMode.Merge);
            await shared.DeleteEntityAsync("large", "row0");
            await shared.AddEntityAsync(new TableEntity("small", "row9") { ["Owner"] = "small" });
            var conflict = await Assert.ThrowsExactlyAsync<Azure.RequestFailedException>(() => shared.AddEntityAsync(new TableEntity("large", "row1")));
            Assert.AreEqual(409, conflict.Status, "adding an entity whose keys exist is a conflict");

            var after = new List<string>();
            await foreach (var e in shared.QueryAsync<TableEntity>("RowKey lt 'x'"))
            {
                after.Add($"{e.PartitionKey}/{e.RowKey}={e.GetString("Owner")}{(e.ContainsKey("Extra") ? "+extra" : string.Empty)}");
            }

            CollectionAssert.AreEquivalent(
                new[] { "large/row1=large", "large/row2=large", "small/row0=small", "small/row1=small", "small/row2=small+extra", "small/row9=small", "Đặng Văn Đức/row0=Đặng Văn Đức", "Đặng Văn Đức/row1=replaced", "Đặng Văn Đức/row2=Đặng Văn Đức" },
                after,
                string.Join(", ", after));
        }
        finally
        {
            await shared.DeleteAsync();
        }
    }

    // The same filters, as C#.
    private static Func<TableEntity, bool> Matches(string filter) => filter switch
    {
        "PartitionKey eq 'Đặng ''Văn'' Đức'" => e => e.PartitionKey == "Đặng 'Văn' Đức",
        "PartitionKey eq 'p2'" => e => e.PartitionKey == "p2",
        "PartitionKey eq 'p2' and RowKey ge 'r0500' and RowKey lt 'r0600'" => e => e.PartitionKey == "p2" && string.CompareOrdinal(e.RowKey, "r0500") >= 0 && string.CompareOrdinal(e.RowKey, "r0600") < 0,
        "(PartitionKey eq 'p3') and (Value gt 1)" => e => e.PartitionKey == "p3" && e.GetInt32("Value") > 1,
        "PartitionKey eq 'p3' and Name eq 'x or y'" => e => e.PartitionKey == "p3" && e.GetString("Name") == "x or y",
        "PartitionKey eq 'p2' or PartitionKey eq 'p3'" => e => e.PartitionKey is "p2" or "p3",
        "PartitionKey eq 'p3' and Value eq 1 or PartitionKey eq 'p2x'" => e => (e.PartitionKey == "p3" && e.GetInt32("Value") == 1) || e.PartitionKey == "p2x",
        "PartitionKey ge 'p2' and PartitionKey lt 'p3'" => e => string.CompareOrdinal(e.PartitionKey, "p2") >= 0 && string.CompareOrdinal(e.PartitionKey, "p3") < 0,
        "PartitionKey eq 'nobody'" => _ => false,
        "PartitionKey eq 'p2' and (RowKey eq 'r0007' or Value eq 4)" => e => e.PartitionKey == "p2" && (e.RowKey == "r0007" || e.GetInt32("Value") == 4),
        "Value eq 2 and PartitionKey eq 'p3'" => e => e.PartitionKey == "p3" && e.GetInt32("Value") == 2,
        "(PartitionKey eq 'p3' and Value eq 1) or PartitionKey eq 'p2x'" => e => (e.PartitionKey == "p3" && e.GetInt32("Value") == 1) || e.PartitionKey == "p2x",
        "not (PartitionKey eq 'p3') and Value eq 1" => e => e.PartitionKey != "p3" && e.GetInt32("Value") == 1,
        "PartitionKey eq 'p3' and PartitionKey eq 'p2x'" => _ => false,
        _ => throw new ArgumentException(filter),
    };
}
