package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk takes under transactions and pages of reads against a plain list in arrival order, on random operations:
 * several transactions take and write at once, commit or abort, so every walk meets records other transactions
 * hold, and a transaction's bulk take meets the tuples it took or wrote itself. These are the walks that resume
 * after their last match rather than start again from the oldest record.
 */
class TransactionalWalksRandomTest
{
    private static final long SESSION = 1;
    private static final long NO_TRANSACTION = 0;
    private static final int MAX_OPEN = 3;

    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, 0).maxBatchBytes(1 << 20);
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final List<Entry> reference = new ArrayList<>();
    private final List<Long> open = new ArrayList<>();
    private RandomTuples random;
    private long correlationId;

    /**
     * A stored tuple and the transactions that hold it, if any.
     */
    private static final class Entry
    {
        final Tuple tuple;
        long writtenBy;
        long takenBy;

        Entry(final Tuple tuple, final long writtenBy)
        {
            this.tuple = tuple;
            this.writtenBy = writtenBy;
        }

        boolean isVisibleTo(final long requester)
        {
            return NO_TRANSACTION == takenBy && (NO_TRANSACTION == writtenBy || requester == writtenBy);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { 3, 11, 2025, 0xCAFE, 777, 123456 })
    void behavesLikeAScanInArrivalOrder(final long seed)
    {
        random = new RandomTuples(seed);
        for (int step = 0; step < 20_000; step++)
        {
            final int choice = random.nextInt(20);
            if (choice < 8)
            {
                out(random.tuple(), random.nextInt(3) == 0 ? anyOpenTransaction() : NO_TRANSACTION);
            }
            else if (choice < 13)
            {
                takeAll(seed, random.nextInt(3) == 0 ? NO_TRANSACTION : anyOpenTransaction());
            }
            else if (choice < 16)
            {
                readPage(seed);
            }
            else if (choice < 18 && open.size() < MAX_OPEN)
            {
                begin();
            }
            else if (!open.isEmpty())
            {
                end(open.remove(random.nextInt(open.size())), random.nextBoolean());
            }
        }
        while (!open.isEmpty())
        {
            end(open.remove(0), false);
        }
        assertThat(engine.storedCount()).as("seed %d", seed).isEqualTo(reference.size());
    }

    private long anyOpenTransaction()
    {
        return open.isEmpty() ? NO_TRANSACTION : open.get(random.nextInt(open.size()));
    }

    private void out(final Tuple tuple, final long transaction)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(SESSION, ++correlationId, buffer, 0, length, 0, transaction, 0);
        reference.add(new Entry(tuple, transaction));
        assertThat(listener.drain()).containsExactly(MatchingTest.Event.outAccepted(SESSION, correlationId));
    }

    private void takeAll(final long seed, final long transaction)
    {
        final Template template = template();
        final int maxTuples = 1 + random.nextInt(8);
        final int length = codec.encode(template, buffer, 0);
        engine.match(SESSION, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, maxTuples, transaction,
            buffer, 0, length, 0);

        final List<Tuple> expected = new ArrayList<>();
        for (int i = 0; i < reference.size() && expected.size() < maxTuples; i++)
        {
            final Entry entry = reference.get(i);
            if (entry.isVisibleTo(transaction) && template.matches(entry.tuple))
            {
                expected.add(entry.tuple);
                if (NO_TRANSACTION == transaction || transaction == entry.writtenBy)
                {
                    reference.remove(i--);
                }
                else
                {
                    entry.takenBy = transaction;
                }
            }
        }
        assertAnswered(seed, "take under " + transaction + " of " + template, expected);
    }

    private void readPage(final long seed)
    {
        final Template template = template();
        final int maxTuples = 1 + random.nextInt(8);
        final int length = codec.encode(template, buffer, 0);
        engine.readPage(SESSION, ++correlationId, maxTuples, 0, NO_TRANSACTION, buffer, 0, length);

        final List<Tuple> expected = new ArrayList<>();
        for (int i = 0; i < reference.size() && expected.size() < maxTuples; i++)
        {
            final Entry entry = reference.get(i);
            if (entry.isVisibleTo(NO_TRANSACTION) && template.matches(entry.tuple))
            {
                expected.add(entry.tuple);
            }
        }
        assertAnswered(seed, "page of " + template, expected);
    }

    private void begin()
    {
        engine.beginTransaction(SESSION, ++correlationId, Transactions.NEVER, 0);
        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(1);
        @SuppressWarnings("unchecked")
        final List<Long> detail = (List<Long>)events.get(0).detail();
        open.add(detail.get(0));
    }

    private void end(final long transaction, final boolean isCommit)
    {
        if (isCommit)
        {
            engine.commitTransaction(SESSION, ++correlationId, transaction);
        }
        else
        {
            engine.abortTransaction(SESSION, ++correlationId, transaction);
        }
        listener.drain();
        reference.removeIf(entry -> isCommit ? transaction == entry.takenBy : transaction == entry.writtenBy);
        for (final Entry entry : reference)
        {
            if (transaction == entry.takenBy)
            {
                entry.takenBy = NO_TRANSACTION;
            }
            if (transaction == entry.writtenBy)
            {
                entry.writtenBy = NO_TRANSACTION;
            }
        }
    }

    private Template template()
    {
        return random.nextInt(3) == 0 || reference.isEmpty() ?
            random.template() : random.templateFor(reference.get(random.nextInt(reference.size())).tuple);
    }

    private void assertAnswered(final long seed, final String what, final List<Tuple> expected)
    {
        final List<MatchingTest.Event> events = listener.drain();
        if (expected.isEmpty())
        {
            assertThat(events).as("seed %d, %s", seed, what)
                .containsExactly(MatchingTest.Event.noMatch(SESSION, correlationId, NoMatchReason.EMPTY));
        }
        else
        {
            final List<MatchingTest.Event> expectedEvents = new ArrayList<>();
            expected.forEach(tuple -> expectedEvents.add(MatchingTest.Event.tuple(SESSION, correlationId, tuple)));
            assertThat(events).as("seed %d, %s", seed, what).isEqualTo(expectedEvents);
        }
    }
}
