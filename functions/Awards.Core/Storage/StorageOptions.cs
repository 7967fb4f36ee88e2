namespace Awards.Storage;

/// <summary>
/// How the product names its tables and containers. Bound from <c>Awards:Storage</c>; where
/// the account is and how to reach it is <see cref="StorageConnectionOptions"/>.
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Prefix of every table and container name, so several installations can share an account.</summary>
    public string NamePrefix { get; set; } = "awards";
}
