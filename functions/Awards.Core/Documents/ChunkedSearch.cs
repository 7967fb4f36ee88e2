namespace Awards.Documents;

/// <summary>
/// Finds short markers in bytes that arrive in chunks of any size, and lets a check look up to a
/// fixed number of bytes from each match — also when the match, or what follows it, straddles
/// two chunks. Large chunks are searched where they lie; only the seams are copied, into a
/// buffer of twice the lookahead.
/// </summary>
internal sealed class ChunkedSearch
{
    private readonly int lookahead;
    private readonly byte[][] markers;
    private readonly byte[] pending;
    private int pendingLength;
    private long pendingStart;
    private bool stopped;

    /// <summary>Creates a search for <paramref name="markers"/>, each at most <paramref name="lookahead"/> bytes long.</summary>
    public ChunkedSearch(int lookahead, params byte[][] markers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lookahead, markers.Max(m => m.Length));
        this.lookahead = lookahead;
        this.markers = markers;
        pending = new byte[2 * lookahead];
    }

    /// <summary>Looks at one match.</summary>
    /// <param name="from">The bytes from the match on: at least the lookahead, unless the input ends sooner.</param>
    /// <param name="offset">Where the match is in the whole input.</param>
    /// <returns>True to stop searching.</returns>
    public delegate bool Check(ReadOnlySpan<byte> from, long offset);

    /// <summary>Searches the next chunk (matches near its end are checked once the following bytes arrive).</summary>
    public void Push(ReadOnlySpan<byte> chunk, Check check)
    {
        var window = 2 * lookahead;
        while (!chunk.IsEmpty && !stopped)
        {
            var n = Math.Min(window - pendingLength, chunk.Length);
            chunk[..n].CopyTo(pending.AsSpan(pendingLength));
            pendingLength += n;
            chunk = chunk[n..];
            if (pendingLength < window)
            {
                return;
            }

            // Every match in the first half now has its lookahead; the second half waits for more.
            if (Scan(pending, lookahead, pendingStart, check))
            {
                return;
            }

            pending.AsSpan(lookahead, lookahead).CopyTo(pending);
            pendingLength = lookahead;
            pendingStart += lookahead;
            if (chunk.Length >= window)
            {
                // A large chunk: finish the seam with its first bytes, then search it in place.
                chunk[..lookahead].CopyTo(pending.AsSpan(lookahead));
                if (Scan(pending, lookahead, pendingStart, check) || Scan(chunk, chunk.Length - lookahead, pendingStart + lookahead, check))
                {
                    return;
                }

                chunk[^lookahead..].CopyTo(pending);
                pendingStart += chunk.Length;
                return;
            }
        }
    }

    /// <summary>Checks the matches among the last bytes, whose lookahead is cut short by the end of the input.</summary>
    public void Flush(Check check)
    {
        if (!stopped)
        {
            Scan(pending.AsSpan(0, pendingLength), pendingLength, pendingStart, check);
        }
    }

    /// <summary>Checks every match that starts before <paramref name="limit"/> in <paramref name="window"/>.</summary>
    private bool Scan(ReadOnlySpan<byte> window, int limit, long windowStart, Check check)
    {
        foreach (var marker in markers)
        {
            var at = 0;
            while (at < limit)
            {
                var found = window[at..].IndexOf(marker);
                if (found < 0 || (at += found) >= limit)
                {
                    break;
                }

                if (check(window[at..], windowStart + at))
                {
                    stopped = true;
                    return true;
                }

                at++;
            }
        }

        return false;
    }
}
