package io.tuplespace.javaspaces;

import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * JavaSpace05's bulk take for several templates, which the server cannot wait on in one request. It sweeps the
 * templates in order, taking up to what is left of the maximum with each (a bulk take that does not wait). If none
 * matched it sweeps again, pausing between sweeps for 10 µs at first, doubling up to {@value #MAX_PAUSE_US} µs, until
 * something is taken or the timeout passes: a match is found at most about a millisecond after it becomes
 * available, at the cost of up to a thousand small requests a second per template while it waits.
 * <p>
 * Why not wait on availability events: the server sends them unsolicited, and a burst of them (every write that
 * matches, while several workers wait) can overflow a client's response stream, which ends its session.
 */
final class MultiTemplateTake
{
    static final long MAX_PAUSE_US = 1000;
    private static final long MIN_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(10);
    private static final long MAX_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(MAX_PAUSE_US);

    private final TupleSpace space;
    private final List<Template> templates;
    private final Transaction transaction;
    private final int maxTuples;

    MultiTemplateTake(
        final TupleSpace space, final List<Template> templates, final Transaction transaction, final int maxTuples)
    {
        this.space = space;
        this.templates = templates;
        this.transaction = transaction;
        this.maxTuples = maxTuples;
    }

    /**
     * @param timeout how long to wait for a first match; null waits forever.
     * @return the tuples taken, empty if none matched in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    List<Tuple> take(final Duration timeout) throws InterruptedException
    {
        final long startNs = System.nanoTime();
        long pauseNs = MIN_PAUSE_NS;
        while (true)
        {
            final List<Tuple> taken = sweep();
            final long waitedNs = System.nanoTime() - startNs;
            if (!taken.isEmpty() || (null != timeout && waitedNs >= timeout.toNanos()))
            {
                return taken;
            }
            final long leftNs = null == timeout ? Long.MAX_VALUE : timeout.toNanos() - waitedNs;
            LockSupport.parkNanos(Math.min(pauseNs, leftNs));
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while waiting to take");
            }
            pauseNs = Math.min(pauseNs * 2, MAX_PAUSE_NS);
        }
    }

    private List<Tuple> sweep()
    {
        final List<Tuple> taken = new ArrayList<>();
        for (final Template template : templates)
        {
            final int left = maxTuples - taken.size();
            if (left <= 0)
            {
                break;
            }
            taken.addAll(space.inAll(template, left, Duration.ZERO, transaction));
        }
        return taken;
    }
}
