namespace Awards.Domain;

/// <summary>Vietnam time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), the zone every date in the product is written in.</summary>
public static class VietnamTime
{
    private static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>The Vietnam time zone.</summary>
    public static TimeZoneInfo TimeZone => Zone;

    /// <summary>Converts an instant to Vietnam local time.</summary>
    public static DateTimeOffset ToLocal(DateTimeOffset instant) => System.TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>Today's date in Vietnam.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(ToLocal(time.GetUtcNow()).DateTime);
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return System.TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
        }
        catch (TimeZoneNotFoundException)
        {
            // Containers without tzdata: Vietnam has had a fixed UTC+7 offset since 1975.
            return System.TimeZoneInfo.CreateCustomTimeZone("Asia/Ho_Chi_Minh", TimeSpan.FromHours(7), "Indochina Time", "Indochina Time");
        }
    }
}
