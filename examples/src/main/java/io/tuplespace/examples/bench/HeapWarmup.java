package io.tuplespace.examples.bench;

/**
 * The heap's share of the bench's warm-up. A JVM's first pass through its heap touches every page for the first
 * time, and each first touch is a page fault of a microsecond or more; a tuple space client allocates its answers
 * (about 210 bytes an {@code rd}), so for its first few hundred megabytes of answers about one round trip in
 * twenty pays a fault. A client that has run a while is past that, as it is past the JIT's warm-up: allocating
 * and dropping the committed heap twice before measuring leaves the round trips the steady state's.
 */
final class HeapWarmup
{
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final int PASSES = 2;

    /** Each chunk goes here, so that no compiler can prove it unused and skip allocating it. */
    private static volatile byte[] lastChunk;

    private HeapWarmup()
    {
    }

    /**
     * @return the bytes allocated and dropped.
     */
    static long run()
    {
        final long bytes = PASSES * Runtime.getRuntime().totalMemory();
        for (long allocated = 0; allocated < bytes; allocated += CHUNK_BYTES)
        {
            lastChunk = new byte[CHUNK_BYTES];
        }
        lastChunk = null;
        return bytes;
    }
}
