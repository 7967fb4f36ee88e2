using Azure.Data.Tables;

namespace Awards.IntegrationTests;

/// <summary>
/// The runner starts Azurite with a preload that answers single-partition queries through the
/// partition index instead of testing every entity (tools/azurite/partition-queries.js). Whatever
/// the filter, the rows must be exactly those Table storage returns, in its order, page after page.
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
        _ => throw new ArgumentException(filter),
    };
}
