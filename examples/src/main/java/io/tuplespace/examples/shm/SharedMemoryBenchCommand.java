package io.tuplespace.examples.shm;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.CommonConfiguration;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import io.tuplespace.examples.JvmProcess;
import io.tuplespace.server.ServerContext;
import io.tuplespace.server.TupleSpaceServer;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench-shm}: where a payload in a shared-memory segment beats the same bytes inline in the tuple, and how
 * long a 64 MiB argument takes to reach a worker process against one memcpy of 64 MiB, in one run.
 * <p>
 * A server runs in this process, a {@code shm-peer --serve} worker in a child JVM. A round trip is: this client
 * puts a job carrying the payload (inline, or copied into a new segment by {@code space.shared}), the worker takes
 * it, reads every byte and answers with a checksum, this client takes the answer.
 */
@Command(name = "bench-shm", mixinStandardHelpOptions = true,
    description = "Shared-memory payloads: inline vs segment round trips by size, and a 64 MiB handover vs memcpy.")
public final class SharedMemoryBenchCommand implements Callable<Integer>
{
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;

    @Option(names = "--rounds", defaultValue = "2000",
        description = "Round trips per size and mode (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--handovers", defaultValue = "7",
        description = "Large handovers per mode (default ${DEFAULT-VALUE}).")
    int handovers;

    @Option(names = "--handover-mib", defaultValue = "64", description = "Size of the large argument in MiB.")
    int handoverMib;

    @Option(names = "--handover-only", description = "Skip the inline vs shared table.")
    boolean isHandoverOnly;

    public Integer call() throws InterruptedException
    {
        final String dir = new File(CommonConfiguration.dir()).getParent() + "/aeron-" +
            System.getProperty("user.name") + "-bench-shm-" + ProcessHandle.current().pid();
        TupleSpaceServer server = null;
        JvmProcess peer = null;
        TupleSpace space = null;
        try
        {
            server = TupleSpaceServer.launch(new ServerContext().dir(dir).deleteDirOnStart(true));
            peer = JvmProcess.start("shm-peer", List.of("tuplespace.dir=" + dir), line -> {}, "shm-peer", "--serve");
            peer.awaitLine(line -> line.startsWith(SharedPeerCommand.READY), 60, TimeUnit.SECONDS);
            space = TupleSpace.connect(new ClientContext().dir(dir).segmentThreshold(0).clientName("bench-shm"));
            if (!isHandoverOnly)
            {
                crossover(space);
            }
            handover(space, "new segment per call", 0);
            try (TupleSpace prefaulting = TupleSpace.connect(new ClientContext().dir(dir).segmentThreshold(0)
                .segmentPrefault(handoverMib * MIB).clientName("bench-shm-prefault")))
            {
                handover(prefaulting, "segment prefaulted in the background (tuplespace.segment.prefault=" +
                    handoverMib + "m), 1 s between calls", 1000);
            }
            space.out(SharedPayloads.job(-1, new byte[0], false));
            peer.awaitExit(30, TimeUnit.SECONDS);
            return 0;
        }
        finally
        {
            CloseHelper.quietClose(space);
            CloseHelper.quietClose(peer);
            CloseHelper.quietClose(server);
            IoUtil.delete(new File(dir), true);
            IoUtil.delete(new File(CommonConfiguration.segmentsDir(dir)), true);
        }
    }

    private void crossover(final TupleSpace space)
    {
        final int emptyJob = TupleCodec.encodedLength(SharedPayloads.job(0, new byte[0], true));
        final int largestInline = space.maxTupleLength() - emptyJob;
        System.out.printf("largest inline payload: %,d bytes (tuple limit %,d, term %s)%n",
            largestInline, space.maxTupleLength(), System.getProperty(CommonConfiguration.TERM_LENGTH_PROP_NAME,
            "256k"));
        System.out.printf("%10s %14s %14s %14s %14s %10s%n",
            "payload", "inline p50 us", "inline p90 us", "shared p50 us", "shared p90 us", "shared/inl");
        // Sizes up to the largest inline payload, which is measured last.
        final int[] sizes = { KIB, 4 * KIB, 16 * KIB, 32 * KIB, 64 * KIB, 128 * KIB, 256 * KIB, MIB, 2 * MIB };
        long id = 1;
        for (int s = 0; s < sizes.length && (0 == s || sizes[s - 1] < largestInline); s++)
        {
            final int size = Math.min(sizes[s], largestInline);
            final byte[] payload = SharedPayloads.pattern(size);
            final long expected = SharedPayloads.checksum(new UnsafeBuffer(payload), size);
            final long[] inline = new long[rounds];
            final long[] shared = new long[rounds];
            for (int i = -rounds / 4; i < rounds; i++)
            {
                final long inlineNs = roundTrip(space, id++, payload, false, expected);
                final long sharedNs = roundTrip(space, id++, payload, true, expected);
                if (i >= 0)
                {
                    inline[i] = inlineNs;
                    shared[i] = sharedNs;
                }
            }
            Arrays.sort(inline);
            Arrays.sort(shared);
            System.out.printf("%10s %14.1f %14.1f %14.1f %14.1f %10.2f%n", size + " B",
                inline[rounds / 2] / 1e3, inline[rounds * 9 / 10] / 1e3,
                shared[rounds / 2] / 1e3, shared[rounds * 9 / 10] / 1e3,
                (double)shared[rounds / 2] / inline[rounds / 2]);
        }
    }

    private static long roundTrip(
        final TupleSpace space, final long id, final byte[] payload, final boolean isShared, final long expected)
    {
        final long startNs = System.nanoTime();
        space.out(SharedPayloads.job(id, isShared ? space.shared(payload) : payload, true));
        final Tuple done = space.in(SharedPayloads.done(id));
        final long elapsedNs = System.nanoTime() - startNs;
        if (done.getLong(2) != expected)
        {
            throw new IllegalStateException("worker read a wrong payload: checksum " + done.getLong(2) + " != " +
                expected);
        }
        return elapsedNs;
    }

    private void handover(final TupleSpace space, final String label, final long pauseMs)
        throws InterruptedException
    {
        final int length = handoverMib * MIB;
        final byte[] payload = SharedPayloads.pattern(length);
        final byte[] copy = new byte[length];
        final long expected = SharedPayloads.checksum(new UnsafeBuffer(payload), length);
        final long[] memcpy = new long[handovers];
        final long[] write = new long[handovers];
        final long[] mapped = new long[handovers];
        final long[] read = new long[handovers];
        for (int i = -1; i < handovers; i++)
        {
            Thread.sleep(pauseMs);
            final int slot = Math.max(0, i);
            long startNs = System.nanoTime();
            System.arraycopy(payload, 0, copy, 0, length);
            memcpy[slot] = System.nanoTime() - startNs;

            startNs = System.nanoTime();
            final SharedBytes shared = space.shared(payload);
            write[slot] = System.nanoTime() - startNs;
            space.out(SharedPayloads.job(1_000_000_000L + i + pauseMs, shared, false));
            space.in(SharedPayloads.done(1_000_000_000L + i + pauseMs));
            mapped[slot] = System.nanoTime() - startNs;

            Thread.sleep(pauseMs);
            startNs = System.nanoTime();
            space.out(SharedPayloads.job(2_000_000_000L + i + pauseMs, space.shared(payload), true));
            final long checksum = space.in(SharedPayloads.done(2_000_000_000L + i + pauseMs)).getLong(2);
            read[slot] = System.nanoTime() - startNs;
            if (checksum != expected)
            {
                throw new IllegalStateException("worker read a wrong 64 MiB payload");
            }
        }
        Arrays.sort(memcpy);
        Arrays.sort(write);
        Arrays.sort(mapped);
        Arrays.sort(read);
        final double memcpyMs = memcpy[handovers / 2] / 1e6;
        System.out.printf("%n%d MiB argument, %s; medians of %d after one warmup:%n", handoverMib, label, handovers);
        System.out.printf("  memcpy (System.arraycopy)                          %8.2f ms%n", memcpyMs);
        System.out.printf("  space.shared(bytes): copy into a new segment       %8.2f ms  %5.2fx memcpy%n",
            write[handovers / 2] / 1e6, write[handovers / 2] / 1e6 / memcpyMs);
        System.out.printf("  handover: shared + out + worker takes and maps it  %8.2f ms  %5.2fx memcpy%n",
            mapped[handovers / 2] / 1e6, mapped[handovers / 2] / 1e6 / memcpyMs);
        System.out.printf("  handover + worker reads every byte                 %8.2f ms  %5.2fx memcpy%n",
            read[handovers / 2] / 1e6, read[handovers / 2] / 1e6 / memcpyMs);
    }
}
