namespace Mash.Testing;

/// <summary>Waits for something asynchronous (a message crossing the bus) to become true.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        T value;
        while (!done(value = await probe()))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Timed out waiting for {what}; last value: {value}");
            await Task.Delay(100);
        }
        return value;
    }
}
