using System.Text.Json;
using Awards.Web;
using Azure.Data.Tables;

namespace Awards.Storage;

/// <summary>
/// Rows keep their record as JSON in one <c>Data</c> column (a string property holds up to
/// 32K characters; every text field we store is length-limited well below that), plus the
/// few columns queries filter on.
/// </summary>
internal static class JsonRow
{
    public const string DataColumn = "Data";

    public static TableEntity Create<T>(string partitionKey, string rowKey, T value, params (string Name, object? Value)[] columns)
    {
        var entity = new TableEntity(partitionKey, rowKey)
        {
            [DataColumn] = JsonSerializer.Serialize(value, AwardsJson.Options),
        };
        foreach (var (name, v) in columns)
        {
            entity[name] = v;
        }

        return entity;
    }

    public static T Read<T>(TableEntity entity) =>
        JsonSerializer.Deserialize<T>(entity.GetString(DataColumn), AwardsJson.Options)
        ?? throw new InvalidDataException($"Row {entity.PartitionKey}/{entity.RowKey} holds no {typeof(T).Name}.");

    /// <summary>Escapes a value for an OData filter string literal.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
