package io.tuplespace.javaspaces;

import io.tuplespace.client.Lease;
import io.tuplespace.client.Registration;
import io.tuplespace.client.Transaction;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.client.UnknownLeaseException;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * JavaSpace05's bulk take for several templates, which the server cannot wait on in one request. It sweeps the
 * templates in order, taking up to what is left of the maximum with each (a bulk take that does not wait). If none
 * matched and it may wait, it registers for availability events on every template (under the caller's
 * transaction, so that transaction's own writes count) and sweeps again each time one arrives, until something is
 * taken or the timeout passes; the registrations are cancelled before it returns.
 * <p>
 * Entries are only ever taken by the sweeps, so an event is a hint and cannot lose an entry; registering before
 * the second sweep means no transition after that sweep starts goes unseen. One case raises no event: a tuple
 * read-locked by the caller's transaction and by another one becomes takeable to the caller when the other lets
 * go, yet is still locked, so no availability fires. A sweep every {@link #BACKSTOP} without an event covers
 * it.
 */
final class MultiTemplateTake
{
    /** The longest wait between sweeps when no event comes. */
    static final Duration BACKSTOP = Duration.ofMillis(100);

    private final TupleSpace space;
    private final List<Template> templates;
    private final Transaction transaction;
    private final int maxTuples;
    private final long backstopNs;

    MultiTemplateTake(
        final TupleSpace space, final List<Template> templates, final Transaction transaction, final int maxTuples)
    {
        this(space, templates, transaction, maxTuples, BACKSTOP);
    }

    /**
     * @param backstop the longest wait between sweeps when no event comes.
     */
    MultiTemplateTake(
        final TupleSpace space,
        final List<Template> templates,
        final Transaction transaction,
        final int maxTuples,
        final Duration backstop)
    {
        this.space = space;
        this.templates = templates;
        this.transaction = transaction;
        this.maxTuples = maxTuples;
        this.backstopNs = backstop.toNanos();
    }

    /**
     * @param timeout how long to wait for a first match; null waits forever.
     * @return the tuples taken, empty if none matched in time.
     * @throws InterruptedException if interrupted while waiting.
     */
    List<Tuple> take(final Duration timeout) throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final List<Tuple> first = sweep();
        if (!first.isEmpty() || (null != timeout && timeout.isZero()))
        {
            return first;
        }
        final Semaphore available = new Semaphore(0);
        final List<Registration> registrations = new ArrayList<>(templates.size());
        try
        {
            for (final Template template : templates)
            {
                registrations.add(space.registerForAvailability(
                    template, false, Lease.FOREVER, transaction, event -> available.release()));
            }
            while (true)
            {
                final List<Tuple> taken = sweep();
                final long leftNs = null == timeout ? Long.MAX_VALUE :
                    timeout.toNanos() - (System.nanoTime() - startNs);
                if (!taken.isEmpty() || leftNs <= 0)
                {
                    return taken;
                }
                available.tryAcquire(Math.min(leftNs, backstopNs), TimeUnit.NANOSECONDS);
                available.drainPermits();
            }
        }
        finally
        {
            cancel(registrations);
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

    private void cancel(final List<Registration> registrations)
    {
        for (final Registration registration : registrations)
        {
            try
            {
                if (!space.isClosed())
                {
                    registration.cancel();
                }
            }
            catch (final UnknownLeaseException ignore)
            {
                // Its transaction ended meanwhile, and took the registration with it.
            }
        }
    }
}
