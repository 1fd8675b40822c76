package io.tuplespace.examples;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.tuplespace.client.ClientContext;
import io.tuplespace.client.LimitExceededException;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.codecs.Limit;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server JVM with a small heap and no limit configured, flooded by a client until its default limits refuse:
 * first many small tuples (the stored tuples limit), then, after they are taken, large ones (the stored bytes
 * limit, with the arena already holding chunks of the small ones). The server never runs out of memory and keeps
 * serving.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DefaultLimitsFloodTest
{
    private static final Pattern LIMITS = Pattern.compile("maxStoredTuples=(\\d+) maxStoredBytes=(\\d+)");
    private static final Template ANY_SMALL = Template.of(Formal.STRING, Formal.LONG);
    private static final Template ANY_LARGE = Template.of(Formal.STRING, Formal.LONG, Formal.BYTES);
    private static final int CHUNK_BYTES = 4 * 1024 * 1024;

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
    void aSmallHeapServerRefusesAtItsDefaultLimitsAndKeepsServing() throws InterruptedException
    {
        server = JvmProcess.start("server", List.of("-XX:+UseG1GC", "-Xmx64m"),
            List.of("tuplespace.dir=" + dir, "tuplespace.term.length=64k"), line -> {}, "server");
        final String ready = server.awaitLine(line -> line.startsWith("tuplespace server ready"), 60, TimeUnit.SECONDS);
        final Matcher limits = LIMITS.matcher(ready);
        assertThat(limits.find()).as(ready).isTrue();
        final long maxStoredTuples = Long.parseLong(limits.group(1));
        final long maxStoredBytes = Long.parseLong(limits.group(2));
        assertThat(maxStoredBytes).isBetween(16L << 20, 32L << 20);
        observer = Aeron.connect(new Aeron.Context().aeronDirectoryName(dir));
        space = TupleSpace.connect(new ClientContext().dir(dir).termLength(64 * 1024));

        final LimitExceededException full = flood(new byte[0]);
        assertThat(full.limit()).isEqualTo(Limit.STORED_TUPLES);
        assertThat(full.value()).isEqualTo(maxStoredTuples);
        // Pipelined outs travel in batches of about 80 small tuples; the refused batch is out whole.
        final long small = takeAll(ANY_SMALL);
        assertThat(small).isLessThanOrEqualTo(maxStoredTuples).isGreaterThan(maxStoredTuples - 1000);

        final LimitExceededException fullOfLarge = flood(new byte[3000]);
        assertThat(fullOfLarge.limit()).isEqualTo(Limit.STORED_BYTES);
        assertThat(fullOfLarge.value()).isEqualTo(maxStoredBytes);
        assertThat(counter(TupleSpaceCounters.STORED_RECORD_BYTES_TYPE_ID)).isLessThanOrEqualTo(maxStoredBytes);
        assertThat(counter(TupleSpaceCounters.STORAGE_FOOTPRINT_BYTES_TYPE_ID))
            .isLessThanOrEqualTo(maxStoredBytes + CHUNK_BYTES + (1 << 20));

        System.out.printf("default limits at -Xmx64m: maxStoredTuples=%,d maxStoredBytes=%,d; stored %,d small " +
            "tuples, then %,d large ones (%,d record bytes); storage footprint %,d bytes, heap used %,d bytes%n",
            maxStoredTuples, maxStoredBytes, small, counter(TupleSpaceCounters.TUPLES_STORED_TYPE_ID),
            counter(TupleSpaceCounters.STORED_RECORD_BYTES_TYPE_ID),
            counter(TupleSpaceCounters.STORAGE_FOOTPRINT_BYTES_TYPE_ID), counter(TupleSpaceCounters.HEAP_USED_TYPE_ID));
        assertThat(space.inp(ANY_LARGE)).isPresent();
        space.out(Tuple.of("after", 1L));
        assertThat(space.inp(Template.of("after", Formal.LONG))).contains(Tuple.of("after", 1L));
        assertThat(server.outputText()).doesNotContain("OutOfMemoryError");
    }

    /**
     * Pipelined outs until a batch is refused.
     */
    private LimitExceededException flood(final byte[] payload)
    {
        for (long i = 0; ; i++)
        {
            try
            {
                space.outAsync(0 == payload.length ? Tuple.of("small", i) : Tuple.of("large", i, payload));
                if (0 == i % 10_000)
                {
                    space.flush();
                }
            }
            catch (final LimitExceededException ex)
            {
                return ex;
            }
            assertThat(i).as("never refused").isLessThan(100_000_000L);
        }
    }

    private long takeAll(final Template template)
    {
        long taken = 0;
        List<Tuple> batch;
        while (!(batch = space.inAll(template, 1000, Duration.ZERO)).isEmpty())
        {
            taken += batch.size();
        }
        return taken;
    }

    private long counter(final int typeId)
    {
        return TupleSpaceCounters.valueOf(observer.countersReader(), typeId);
    }
}
