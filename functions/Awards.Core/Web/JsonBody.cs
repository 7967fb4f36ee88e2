using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Awards.Web;

/// <summary>Reads a JSON request body with a size limit; bad input becomes a problem, never an exception.</summary>
public static class JsonBody
{
    /// <summary>Reads and deserialises the body, or returns the problem to send.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken ct)
        where T : class
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Send JSON.", "Set 'Content-Type: application/json' and send a JSON body."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, TooLarge(maxBytes));
            }

            buffer.Write(chunk, 0, read);
        }

        var (value, field, message) = Parse<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return value is null ? (null, Problems.Field(field!, message!)) : (value, null);
    }

    /// <summary>
    /// Deserialises JSON bytes; when they do not make a <typeparamref name="T"/>, the JSON path
    /// of the field that failed (<c>$</c> for the whole) and what it takes, in words.
    /// </summary>
    public static (T? Value, string? Field, string? Message) Parse<T>(ReadOnlySpan<byte> json)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(json, AwardsJson.Options);
            return value is null ? (null, "$", "The body is empty; send a JSON object.") : (value, null, null);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) ? "$" : e.Path;
            var message = FirstLine(e.Message);

            // "The JSON value could not be converted to <a .NET type>" tells a caller nothing: say what the field takes.
            return (null, field, message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
                ? "Could not read this field: " + Expected(typeof(T), field)
                : "Could not read this field: " + message);
        }
    }

    /// <summary>What the field at a JSON path of <paramref name="root"/> accepts, in words (the allowed values of an enum).</summary>
    internal static string Expected(Type root, string path)
    {
        var type = root;
        foreach (var part in path.TrimStart('$').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Split('[')[0];
            var property = type.GetProperty(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.IgnoreCase);
            if (property is null)
            {
                return "the value is not one this field accepts.";
            }

            type = property.PropertyType;
            if (part.Contains('[', StringComparison.Ordinal) && ElementType(type) is { } element)
            {
                type = element;
            }
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type.IsEnum => "use one of " + string.Join(", ", Enum.GetNames(type).Select(n => $"\"{JsonNamingPolicy.CamelCase.ConvertName(n)}\"")) + ".",
            _ when type == typeof(string) => "use text.",
            _ when type == typeof(bool) => "use true or false.",
            _ when type == typeof(DateOnly) => "use a date, yyyy-MM-dd.",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "use a date and time with its offset (ISO 8601).",
            _ when type == typeof(TimeSpan) => "use a duration, hh:mm:ss.",
            _ when type.IsPrimitive || type == typeof(decimal) => "use a number.",
            _ when ElementType(type) is not null => "use a list.",
            _ => "use an object.",
        };
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericArguments() is [var element] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? element
        : null;

    private static IResult TooLarge(int maxBytes) =>
        Problems.Of(StatusCodes.Status413PayloadTooLarge, "The body is too large.", $"Send at most {maxBytes} bytes of JSON.");

    private static string FirstLine(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
