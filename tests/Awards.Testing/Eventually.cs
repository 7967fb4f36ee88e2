namespace Awards.Testing;

/// <summary>
/// Waits for something stored to reach a state, for what gives no event to wait on (a table row,
/// a queue's length): reads it until <c>done</c> holds, and fails with what was last read.
/// </summary>
public static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds, or throws with <paramref name="failure"/> of the last read after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, Func<T, string> failure)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(failure);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(failure(value));
            }

            await Task.Delay(200);
        }
    }
}
