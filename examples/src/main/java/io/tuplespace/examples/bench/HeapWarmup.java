package io.tuplespace.examples.bench;

/**
 * The heap's share of the bench's warm-up. A JVM's first pass through its heap touches every page for the first
 * time, and each first touch is a page fault of a microsecond or more; a tuple space client allocates its answers
 * (about 90 bytes an {@code rd}), so for its first few hundred megabytes of answers one round trip in fifty or so
 * pays a fault. A client that has run a while is past that, as it is past the JIT's warm-up: allocating and
 * dropping the committed heap, pass after pass until a pass ends with the heap no larger than it began, leaves the
 * round trips the steady state's. A pass is not enough on its own: the collector may grow the heap at its end, and
 * the young generation then takes regions no one has touched yet.
 */
final class HeapWarmup
{
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int MIN_PASSES = 2;
    private static final int MAX_PASSES = 8;

    /** Each chunk goes here, so that no compiler can prove it unused and skip allocating it. */
    private static volatile byte[] lastChunk;

    /**
     * @param allocatedBytes allocated and dropped in all.
     * @param passes         through the committed heap.
     * @param committedBytes the committed heap at the end.
     */
    record Result(long allocatedBytes, int passes, long committedBytes)
    {
    }

    private HeapWarmup()
    {
    }

    static Result run()
    {
        final Runtime runtime = Runtime.getRuntime();
        long allocated = 0;
        int passes = 0;
        long committedBefore;
        do
        {
            committedBefore = runtime.totalMemory();
            for (long passBytes = 0; passBytes < committedBefore; passBytes += CHUNK_BYTES)
            {
                lastChunk = new byte[CHUNK_BYTES];
            }
            allocated += committedBefore;
            passes++;
        }
        while (passes < MAX_PASSES && (passes < MIN_PASSES || runtime.totalMemory() > committedBefore));
        lastChunk = null;
        return new Result(allocated, passes, runtime.totalMemory());
    }
}
