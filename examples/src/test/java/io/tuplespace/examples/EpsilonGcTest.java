package io.tuplespace.examples;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.server.TupleSpaceCounters;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's hot path allocates nothing: a server JVM under Epsilon GC (which never frees) with a small heap
 * serves ten million operations, and its heap grows by less than a byte per operation once warmed up.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EpsilonGcTest
{
    private static final long OPERATIONS = 10_000_000;
    private static final long WARMUP_OPERATIONS = 1_000_000;
    private static final Template TASK = Template.of("task", Formal.LONG, Formal.DOUBLE);

    private final String dir = CommonContext.generateRandomDirName();
    private JvmProcess server;
    private Aeron observer;
    private TupleSpace space;

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(space, observer, server);
        IoUtil.delete(new File(dir), true);
    }

    @Test
    void tenMillionOperationsOnASmallHeapThatIsNeverCollected() throws InterruptedException
    {
        server = JvmProcess.start(
            "server", List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+UseEpsilonGC", "-Xmx256m"),
            List.of("tuplespace.dir=" + dir), line -> {}, "server");
        server.awaitLine(line -> line.startsWith("tuplespace server ready"), 60, TimeUnit.SECONDS);
        observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        space = TupleSpace.connect(new ClientContext().dir(dir));

        drive(WARMUP_OPERATIONS);
        final long heapBefore = awaitFreshHeapSample();
        drive(OPERATIONS);
        final long heapAfter = awaitFreshHeapSample();

        assertThat(space.rdp(TASK)).isEmpty();
        final double bytesPerOperation = (heapAfter - heapBefore) / (double)OPERATIONS;
        System.out.printf("epsilon: %,d operations, server heap %,d -> %,d bytes, %.4f bytes/operation%n",
            OPERATIONS, heapBefore, heapAfter, bytesPerOperation);
        assertThat(bytesPerOperation).as(server.outputText()).isLessThan(1.0);
    }

    /**
     * Operations counted per tuple: each round outs a batch, reads one, takes one singly and the rest in bulk.
     */
    private void drive(final long operations)
    {
        final int batch = 1000;
        long done = 0;
        while (done < operations)
        {
            for (int i = 0; i < batch; i++)
            {
                space.outAsync(Tuple.of("task", done + i, 0.5));
            }
            space.flush();
            assertThat(space.rdp(TASK)).isPresent();
            assertThat(space.inp(TASK)).isPresent();
            int taken = 1;
            while (taken < batch)
            {
                taken += space.inAll(TASK, batch, Duration.ZERO).size();
            }
            done += 2L * batch + 2;
        }
    }

    private long awaitFreshHeapSample()
    {
        // The server samples its heap every 100 ms; wait for two more samples, so one was taken after the work.
        final long samples = counter(TupleSpaceCounters.HEAP_SAMPLES_TYPE_ID);
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counter(TupleSpaceCounters.HEAP_SAMPLES_TYPE_ID) < samples + 2)
        {
            assertThat(System.nanoTime() - deadlineNs).as("the server stopped sampling its heap").isNegative();
            Thread.onSpinWait();
        }
        return counter(TupleSpaceCounters.HEAP_USED_TYPE_ID);
    }

    private long counter(final int typeId)
    {
        return TupleSpaceCounters.valueOf(observer.countersReader(), typeId);
    }
}
