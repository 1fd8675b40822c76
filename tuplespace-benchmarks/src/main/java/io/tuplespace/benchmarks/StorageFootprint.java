package io.tuplespace.benchmarks;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.TupleCodec;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.ExpandableArrayBuffer;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;

/**
 * Memory an engine holds for N stored sample tuples (String of 8 characters, long, double; see
 * {@link SampleTuples}), measured from outside the engine: JVM heap used after {@link System#gc()} and the
 * {@code direct} buffer pool's capacity, before and after the fill. The overhead per tuple is what the engine holds
 * beyond the tuples' encoded bytes:
 * {@code (heapAfter - heapBefore + directAfter - directBefore - encodedBytes) / N}.
 * <p>
 * Prints a table, then one machine-readable last line:
 * {@code stored=N encoded_bytes=... total_bytes=... overhead_per_tuple=...}. Run from the repository root, after
 * building the benchmarks jar:
 * <pre>
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -Xmx8g \
 *     -cp tuplespace-benchmarks/target/benchmarks.jar io.tuplespace.benchmarks.StorageFootprint 1_000_000
 * </pre>
 * N defaults to 10,000,000 (give it {@code -Xmx12g}). Memory not in the heap or the direct pool (mapped files,
 * {@code Unsafe.allocateMemory}) is not seen. Heap figures move by a few hundred KiB with the JIT's and GC's own
 * allocations, which is noise only at small N.
 */
public final class StorageFootprint
{
    private static final int DEFAULT_TUPLES = 10_000_000;
    private static final int GC_ROUNDS = 5;

    private StorageFootprint()
    {
    }

    /**
     * A field is indexed by value the first time a template has an actual value there: read once with an actual
     * value in each field, so the footprint includes all three value indexes.
     */
    private static void indexEveryField(final TupleSpaceEngine engine)
    {
        final Object[][] templates = {
            { "k0000000", Formal.LONG, Formal.DOUBLE }, { Formal.STRING, 0L, Formal.DOUBLE },
            { Formal.STRING, Formal.LONG, 0.0 } };
        final TupleCodec codec = new TupleCodec();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        for (final Object[] fields : templates)
        {
            final int length = codec.encode(Template.of(fields), buffer, 0);
            engine.match(1, 1, MatchOperation.READ, TupleSpaceEngine.NO_WAIT, buffer, 0, length, 0);
        }
    }

    /**
     * @param args optional tuple count N (underscores allowed, e.g. {@code 1_000_000}), then optionally
     *             {@code --index-all-fields} to measure with every field indexed by value.
     * @throws InterruptedException if interrupted while letting the collector settle.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : DEFAULT_TUPLES;
        if (count < 1 || count > SampleTuples.MAX_INDEX + 1)
        {
            throw new IllegalArgumentException("N must be 1.." + (SampleTuples.MAX_INDEX + 1) + ", got " + count);
        }
        final SampleTuples samples = new SampleTuples();
        final SinkListener listener = new SinkListener(null);

        settle();
        final long heapBefore = heapUsed();
        final long directBefore = directUsed();

        final long startNs = System.nanoTime();
        final TupleSpaceEngine engine = new TupleSpaceEngine(listener, 0);
        samples.fill(engine, count);
        final long fillNs = System.nanoTime() - startNs;
        final boolean indexAllFields = args.length > 1 && "--index-all-fields".equals(args[1]);
        if (indexAllFields)
        {
            indexEveryField(engine);
        }

        settle();
        final long heapAfter = heapUsed();
        final long directAfter = directUsed();

        final long stored = engine.storedCount();
        final long encoded = engine.storedBytes();
        if (stored != count || 0 != listener.errors)
        {
            throw new IllegalStateException(
                "stored " + stored + " of " + count + ", errors " + listener.errors + ", last " + listener.lastError);
        }
        final long heap = heapAfter - heapBefore;
        final long direct = directAfter - directBefore;
        final long total = heap + direct;
        final double overheadPerTuple = (double)(total - encoded) / count;

        final Runtime runtime = Runtime.getRuntime();
        System.out.println(indexAllFields ? "every field indexed by value" : "no field indexed by value yet");
        System.out.printf("StorageFootprint: %,d tuples (String 8 chars, long, double), max heap %,d MiB%n",
            count, runtime.maxMemory() >> 20);
        System.out.printf("  %-34s %,18d%n", "stored tuples", stored);
        System.out.printf("  %-34s %,18d  (%.1f per tuple)%n", "encoded bytes (storedBytes)", encoded,
            (double)encoded / count);
        System.out.printf("  %-34s %,18d  (%,d -> %,d)%n", "heap used, after gc", heap, heapBefore, heapAfter);
        System.out.printf("  %-34s %,18d  (%,d -> %,d)%n", "direct buffers (capacity)", direct, directBefore,
            directAfter);
        System.out.printf("  %-34s %,18d  (%.1f per tuple)%n", "total", total, (double)total / count);
        System.out.printf("  %-34s %18.1f%n", "overhead per tuple beyond encoded", overheadPerTuple);
        System.out.printf("  %-34s %,18d  (%.0f ns per out)%n", "fill time, ms", fillNs / 1_000_000,
            (double)fillNs / count);
        System.out.printf("stored=%d encoded_bytes=%d total_bytes=%d overhead_per_tuple=%.1f%n",
            stored, encoded, total, overheadPerTuple);

        Reference.reachabilityFence(engine);
    }

    private static void settle() throws InterruptedException
    {
        for (int i = 0; i < GC_ROUNDS; i++)
        {
            System.gc();
            Thread.sleep(50);
        }
    }

    private static long heapUsed()
    {
        final Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long directUsed()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getTotalCapacity();
            }
        }
        return 0;
    }
}
