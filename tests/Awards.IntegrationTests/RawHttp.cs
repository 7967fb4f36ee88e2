using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Awards.IntegrationTests;

/// <summary>
/// HTTP/1.1 over a bare socket, for requests HttpClient refuses to send: a Content-Length the
/// body does not match, a body cut off mid-part, headers that do not parse.
/// </summary>
internal static class RawHttp
{
    /// <summary>The answer: status (0 when the server closed without one), headers (names in lower case) and body (de-chunked).</summary>
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string ContentType => Headers.TryGetValue("content-type", out var v) ? v : string.Empty;

        public string Text => Encoding.UTF8.GetString(Body);
    }

    /// <summary>
    /// Sends one request on its own connection (<c>Connection: close</c>) and reads the answer to
    /// the end. With <paramref name="cutOff"/>, the client stops sending after the body it has
    /// (half-closes the connection), whatever Content-Length said.
    /// </summary>
    public static async Task<Answer> SendAsync(Uri baseUrl, string method, string target, IEnumerable<(string Name, string Value)> headers, byte[]? body, bool cutOff = false, long? contentLength = null)
    {
        using var client = new TcpClient { NoDelay = true };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await client.ConnectAsync(baseUrl.Host, baseUrl.Port, timeout.Token);
        var stream = client.GetStream();

        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {baseUrl.Authority}\r\n")
            .Append("Connection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        if (body is not null || contentLength is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength ?? body!.Length}\r\n");
        }

        head.Append("\r\n");

        // Write and read at once: a server may answer (413, 401…) and close before taking the whole body.
        var reading = ReadToEndAsync(stream, timeout.Token);
        try
        {
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), timeout.Token);
            if (body is { Length: > 0 })
            {
                await stream.WriteAsync(body, timeout.Token);
            }

            if (cutOff)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }
        }
        catch (IOException)
        {
            // The server stopped reading (it answered early); what it said is read below.
        }
        catch (SocketException)
        {
        }

        return Parse(await reading);
    }

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset after the answer (unread request bytes): keep what arrived.
        }

        return buffer.ToArray();
    }

    private static Answer Parse(byte[] raw)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return new Answer(0, new Dictionary<string, string>(), raw);
        }

        var lines = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = raw[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }

        return new Answer(status, headers, body);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var output = new MemoryStream();
        var at = 0;
        while (at < body.Length)
        {
            var lineEnd = body.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var size = int.Parse(Encoding.Latin1.GetString(body, at, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0)
            {
                break;
            }

            output.Write(body, at, Math.Min(size, body.Length - at));
            at += size + 2;
        }

        return output.ToArray();
    }
}
