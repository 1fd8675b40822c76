package io.tuplespace.client;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.server.ServerFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A synchronous call allocates what it returns and nothing else: an {@code rd} of (String, long, double) returns a
 * {@code Tuple}, its {@code Object[]} and a {@code Double}, 80 bytes with compressed references. The bound leaves
 * room for a JVM laying them out differently, not for a request slot (about 110 bytes) or an {@code Optional}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAllocationTest
{
    private static final Template BENCH = Template.of("bench", Formal.LONG, Formal.DOUBLE);
    private static final int WARMUP_CALLS = 50_000;
    private static final int MEASURED_CALLS = 50_000;
    private static final double MAX_BYTES_PER_RD = 128;

    private final ServerFixture fixture = new ServerFixture();

    @AfterEach
    void close()
    {
        fixture.close();
    }

    @Test
    void aBlockingRdAllocatesOnlyTheTupleItReturns()
    {
        final TupleSpace space = fixture.connect();
        space.out(Tuple.of("bench", 1L, 2.5));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();

        long sum = 0;
        for (int i = 0; i < WARMUP_CALLS; i++)
        {
            sum += space.rd(BENCH).getLong(1);
        }
        final long beforeBytes = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < MEASURED_CALLS; i++)
        {
            sum += space.rd(BENCH).getLong(1);
        }
        final double bytesPerRd = (threads.getThreadAllocatedBytes(threadId) - beforeBytes) / (double)MEASURED_CALLS;

        assertThat(sum).isEqualTo(WARMUP_CALLS + MEASURED_CALLS);
        assertThat(bytesPerRd).isLessThan(MAX_BYTES_PER_RD);
    }
}
