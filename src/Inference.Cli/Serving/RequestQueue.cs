namespace AsymVLM.Inference.Cli.Serving;

/// <summary>
/// Admission to the engine: one request is answered while at most <c>length</c> wait (the engine serves them in turn);
/// past that a request is turned away at once (429) instead of waiting without bound.
/// </summary>
public sealed class RequestQueue(int length)
{
    int admitted;

    public int Admitted => Volatile.Read(ref admitted);

    /// <returns>a ticket to dispose when the request ends, or null when the queue is full</returns>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref admitted) <= length + 1) return new Ticket(this);
        Interlocked.Decrement(ref admitted);
        return null;
    }

    sealed class Ticket(RequestQueue queue) : IDisposable
    {
        int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0) Interlocked.Decrement(ref queue.admitted);
        }
    }
}
