package io.tuplespace.examples.bench;

import io.tuplespace.client.ClientContext;
import io.tuplespace.client.TupleSpace;
import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.javaspaces.TupleSpaceJavaSpace;
import net.jini.core.entry.UnusableEntryException;
import net.jini.core.lease.Lease;
import net.jini.core.transaction.TransactionException;

import java.rmi.RemoteException;
import java.time.Duration;
import java.util.Optional;

/**
 * One side's connection for {@code bench-wakeup}, through one of the two APIs it compares: writes the other side's
 * wake-ups and takes its own. Not thread-safe.
 */
interface WakeUpSpace extends AutoCloseable
{
    /** How long a take waits before the bench gives up: far beyond any wake-up, so only a broken run hits it. */
    Duration TAKE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Connect through an API.
     *
     * @param api     {@code js} (the JavaSpace05 adapter: write / take with a timeout) or {@code native}
     *                (out / in with a timeout).
     * @param ctx     where the server is.
     * @param self    the name of this side: the wake-ups it takes are addressed to it.
     * @param partner the name of the other side.
     * @return the connection.
     * @throws IllegalArgumentException for another api.
     */
    static WakeUpSpace connect(final String api, final ClientContext ctx, final String self, final String partner)
    {
        switch (api)
        {
            case "js":
                return new JavaSpaceWakeUps(TupleSpaceJavaSpace.connect(ctx), self, partner);
            case "native":
                return new TupleSpaceWakeUps(TupleSpace.connect(ctx), self, partner);
            default:
                throw new IllegalArgumentException("no such api: " + api + " (js or native)");
        }
    }

    /**
     * Write the partner's wake-up of a round; returns once the server has it, as the API's write does.
     *
     * @param round  of the protocol.
     * @param sentNs the stamp to carry.
     */
    void write(long round, long sentNs);

    /**
     * Take this side's wake-up of a round, waiting for it.
     *
     * @param round the one expected.
     * @return its stamp.
     * @throws IllegalStateException if none comes within {@link #TAKE_TIMEOUT}, or another round's comes.
     */
    long take(long round);

    void close();

    private static long checkRound(final long expected, final long round, final long sentNs)
    {
        if (expected != round)
        {
            throw new IllegalStateException("took the wake-up of round " + round + ", expected round " + expected);
        }
        return sentNs;
    }

    /**
     * Through the JavaSpace05 adapter, as a JavaSpaces program would: write with {@link Lease#FOREVER}, take with a
     * timeout, no transaction.
     */
    final class JavaSpaceWakeUps implements WakeUpSpace
    {
        private final TupleSpaceJavaSpace space;
        private final String partner;
        private final WakeUpEntry template;

        JavaSpaceWakeUps(final TupleSpaceJavaSpace space, final String self, final String partner)
        {
            this.space = space;
            this.partner = partner;
            this.template = new WakeUpEntry(self, null, null);
        }

        public void write(final long round, final long sentNs)
        {
            try
            {
                space.write(new WakeUpEntry(partner, round, sentNs), null, Lease.FOREVER);
            }
            catch (final TransactionException | RemoteException ex)
            {
                throw new IllegalStateException("write of round " + round + " failed: " + ex, ex);
            }
        }

        public long take(final long round)
        {
            final WakeUpEntry entry;
            try
            {
                entry = (WakeUpEntry)space.take(template, null, TAKE_TIMEOUT.toMillis());
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for round " + round, ex);
            }
            catch (final UnusableEntryException | TransactionException | RemoteException ex)
            {
                throw new IllegalStateException("take of round " + round + " failed: " + ex, ex);
            }
            if (null == entry)
            {
                throw new IllegalStateException("no wake-up of round " + round + " within " + TAKE_TIMEOUT);
            }
            return checkRound(round, entry.round, entry.sentNs);
        }

        public void close()
        {
            space.close();
        }
    }

    /**
     * Through the native client: out and a timed in.
     */
    final class TupleSpaceWakeUps implements WakeUpSpace
    {
        private static final String NAME = "bench-wakeup";

        private final TupleSpace space;
        private final String partner;
        private final Template template;

        TupleSpaceWakeUps(final TupleSpace space, final String self, final String partner)
        {
            this.space = space;
            this.partner = partner;
            this.template = Template.of(NAME, self, Formal.LONG, Formal.LONG);
        }

        public void write(final long round, final long sentNs)
        {
            space.out(Tuple.of(NAME, partner, round, sentNs));
        }

        public long take(final long round)
        {
            final Optional<Tuple> tuple = space.in(template, TAKE_TIMEOUT);
            if (tuple.isEmpty())
            {
                throw new IllegalStateException("no wake-up of round " + round + " within " + TAKE_TIMEOUT);
            }
            return checkRound(round, tuple.get().getLong(2), tuple.get().getLong(3));
        }

        public void close()
        {
            space.close();
        }
    }
}
