package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.Limit;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.tuplespace.core.Batches.batch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every limit of {@link Limits} in the engine: the request that would cross it is refused whole, naming the limit
 * and its value, nothing changes, and what comes back to the space (an abort's restore, a failed delivery) is
 * never refused.
 */
class LimitsTest
{
    private static final long A = 1;
    private static final long B = 2;
    private static final Template JOB = Template.of("job", Formal.LONG);
    private static final Template ANY_LONG = Template.of(Formal.ANY, Formal.LONG);
    /** Formals only, so no value index grows and the storage footprint is the arena and the initial tables. */
    private static final Template ANY_BLOB = Template.of(Formal.STRING, Formal.LONG, Formal.BYTES);
    private static final long VALUE_TABLE_BYTES = 1024 * Integer.BYTES * StoredTuples.INDEXED_FIELDS;

    private final LimitRecorder listener = new LimitRecorder();
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final long nowMs = 1_000;
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private long correlationId;

    @Test
    void aTupleOrTemplateLargerThanTheTupleBytesLimitIsRefused()
    {
        engine.limits(Limits.unbounded().maxTupleBytes(100));
        final Tuple large = Tuple.of("job", new byte[100]);

        out(A, large);
        assertRefused(Limit.TUPLE_BYTES, 100);
        assertThat(listener.lastMessage).isEqualTo("tuple bytes limit of 100 exceeded (tuplespace.max.tuple.bytes): " +
            "tuple has " + TupleCodec.encodedLength(large) + " encoded bytes");
        assertThat(engine.storedCount()).isZero();

        final Template largeTemplate = Template.of("job", new byte[100]);
        final int length = codec.encode(largeTemplate, buffer, 0);
        engine.match(A, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, buffer, 0, length, nowMs);
        assertRefused(Limit.TUPLE_BYTES, 100);
        engine.readPage(A, ++correlationId, 10, 0, Transactions.NONE, buffer, 0, length);
        assertRefused(Limit.TUPLE_BYTES, 100);
        engine.register(A, ++correlationId, EventKind.WRITE, false, -1, buffer, 0, length, nowMs);
        assertRefused(Limit.TUPLE_BYTES, 100);
        assertThat(engine.waitingCount()).isZero();

        out(A, Tuple.of("job", new byte[10]));
        assertThat(listener.drain()).containsExactly("out accepted");
    }

    @Test
    void aTupleOrTemplateWithMoreFieldsThanTheLimitIsRefused()
    {
        engine.limits(Limits.unbounded().maxTupleFields(3));

        out(A, Tuple.of("job", 1L, 2L, 3L));
        assertRefused(Limit.TUPLE_FIELDS, 3);
        assertThat(listener.lastMessage).endsWith("tuple has 4 fields");

        final int length = codec.encode(Template.of("job", 1L, 2L, Formal.LONG), buffer, 0);
        engine.match(A, ++correlationId, MatchOperation.READ, TupleSpaceEngine.NO_WAIT, buffer, 0, length, nowMs);
        assertRefused(Limit.TUPLE_FIELDS, 3);

        out(A, Tuple.of("job", 1L, 2L));
        assertThat(listener.drain()).containsExactly("out accepted");
        assertThat(engine.storedCount()).isOne();
    }

    @Test
    void anOutBeyondTheStoredTuplesLimitIsRefusedUntilATupleLeaves()
    {
        engine.limits(Limits.unbounded().maxStoredTuples(3));
        for (long i = 0; i < 3; i++)
        {
            out(A, Tuple.of("job", i));
        }
        listener.drain();

        out(B, Tuple.of("job", 3L));
        assertRefused(Limit.STORED_TUPLES, 3);
        assertThat(listener.lastMessage).startsWith("stored tuples limit of 3 reached (tuplespace.max.stored.tuples)");
        out(B, Tuple.of("job", 3L), 60_000, Transactions.NONE);
        assertRefused(Limit.STORED_TUPLES, 3);
        assertThat(engine.storedCount()).isEqualTo(3);

        assertThat(take(B, Transactions.NONE)).isEqualTo(Tuple.of("job", 0L));
        out(B, Tuple.of("job", 3L));
        assertThat(listener.drain()).containsExactly("out accepted");
        assertThat(engine.storedCount()).isEqualTo(3);
    }

    @Test
    void storedRecordsNeverHoldMoreBytesThanTheStoredBytesLimit()
    {
        final long limit = 8 * 1024 * 1024;
        engine.limits(Limits.unbounded().maxStoredBytes(limit));
        final byte[] payload = new byte[1000];
        long accepted = 0;
        while (true)
        {
            out(A, Tuple.of("blob", accepted, payload));
            if (!listener.drain().contains("out accepted"))
            {
                break;
            }
            accepted++;
            assertThat(engine.storedBytes()).isLessThanOrEqualTo(limit);
        }

        assertThat(listener.refusals).containsExactly(Limit.STORED_BYTES + "=" + limit);
        assertThat(listener.lastMessage)
            .startsWith("stored bytes limit of 8388608 reached (tuplespace.max.stored.bytes): stored records hold ");
        assertThat(engine.storedCount()).isEqualTo(accepted);
        // A bit over 1 KiB of encoding plus 44 bytes of header and links take a 2 KiB block: the limit counts the
        // memory the records hold, not their encodings.
        assertThat(accepted).isEqualTo(limit / 2048);
        assertThat(engine.storageFootprintBytes())
            .as("the arena grows by 4 MiB chunks: at most one beyond the limit, plus the value tables")
            .isLessThanOrEqualTo(limit + TupleArena.CHUNK_BYTES + 1024 * Integer.BYTES * StoredTuples.INDEXED_FIELDS);
    }

    @Test
    void theArenaStaysWithinTheStoredBytesLimitWhenTupleSizesChange()
    {
        final long limit = 8 * 1024 * 1024;
        final long maxArenaBytes = 3L * TupleArena.CHUNK_BYTES; // the limit rounded up to whole chunks
        engine.limits(Limits.unbounded().maxStoredBytes(limit));
        final long small = floodUntilRefused(new byte[1000]);
        assertThat(engine.storageFootprintBytes()).isLessThanOrEqualTo(maxArenaBytes + VALUE_TABLE_BYTES);
        for (long i = 1; i < small; i++)
        {
            take(A, ANY_BLOB);
        }

        // While one tuple is stored, free blocks of 2 KiB cannot hold records of 4 KiB, and the arena may not grow:
        // refused below the limit.
        final long large = floodUntilRefused(new byte[3000]);
        assertThat(large).isLessThan(limit / 4096);
        assertThat(listener.refusals).containsOnly(Limit.STORED_BYTES + "=" + limit);
        assertThat(listener.lastMessage).contains("the free blocks, of other sizes, cannot hold this tuple");
        assertThat(engine.storageFootprintBytes()).isLessThanOrEqualTo(maxArenaBytes + VALUE_TABLE_BYTES);
        takeAll();

        // Once the space is empty, its chunks serve any size again: tuples of 4 KiB blocks fill it to the limit.
        assertThat(floodUntilRefused(new byte[3000])).isEqualTo(limit / 4096);
        assertThat(engine.storageFootprintBytes()).isLessThanOrEqualTo(maxArenaBytes + VALUE_TABLE_BYTES);
        takeAll();

        // And tuples of the first size, up to the limit again.
        assertThat(floodUntilRefused(new byte[1000])).isEqualTo(small);
        assertThat(engine.storageFootprintBytes()).isLessThanOrEqualTo(maxArenaBytes + VALUE_TABLE_BYTES);
    }

    @Test
    void aBatchThatFreeBlocksCanHoldIsAdmittedWhenTheArenaIsAtItsLimit()
    {
        engine.limits(Limits.unbounded().maxStoredBytes(4 * 1024 * 1024));
        final long stored = floodUntilRefused(new byte[1000]);
        listener.drain();
        final Tuple[] taken = new Tuple[3];
        for (int i = 0; i < taken.length; i++)
        {
            taken[i] = take(A, ANY_BLOB);
        }

        engine.outBatch(A, ++correlationId, batch(taken), 0, 0, nowMs);
        assertThat(listener.drain()).containsExactly("out accepted");
        assertThat(engine.storedCount()).isEqualTo(stored);
        engine.outBatch(A, ++correlationId, batch(Tuple.of("blob", -1L, new byte[1000])), 0, 0, nowMs);
        assertRefused(Limit.STORED_BYTES, 4 * 1024 * 1024);
    }

    @Test
    void aBatchThatWouldCrossALimitIsRefusedWhole()
    {
        engine.limits(Limits.unbounded().maxStoredTuples(4).maxTupleBytes(100));
        out(A, Tuple.of("job", 0L));
        out(A, Tuple.of("job", 1L));
        listener.drain();

        engine.outBatch(
            A, ++correlationId, batch(Tuple.of("job", 2L), Tuple.of("job", 3L), Tuple.of("job", 4L)), 0, 0, nowMs);
        assertRefused(Limit.STORED_TUPLES, 4);
        assertThat(listener.lastMessage).contains("the space holds 2 tuples and this batch adds 3; nothing added");
        assertThat(engine.storedCount()).isEqualTo(2);

        engine.outBatch(A, ++correlationId, batch(Tuple.of("job", 2L), Tuple.of("job", new byte[100])), 0, 0, nowMs);
        assertRefused(Limit.TUPLE_BYTES, 100);
        assertThat(listener.lastMessage).contains("tuple 1 of the batch has");
        assertThat(engine.storedCount()).isEqualTo(2);

        engine.outBatch(A, ++correlationId, batch(Tuple.of("job", 2L), Tuple.of("job", 3L)), 0, 0, nowMs);
        assertThat(listener.drain()).containsExactly("out accepted");
        assertThat(engine.storedCount()).isEqualTo(4);
    }

    @Test
    void aTransactionsOutsCountWhenStagedSoItsCommitIsNeverRefused()
    {
        engine.limits(Limits.unbounded().maxStoredTuples(2));
        final long txn = begin(A);
        out(A, Tuple.of("job", 0L), 0, txn);
        out(A, Tuple.of("job", 1L), 0, txn);
        assertThat(listener.drain()).containsExactly("out accepted", "out accepted");

        out(B, Tuple.of("job", 2L));
        assertRefused(Limit.STORED_TUPLES, 2);
        out(A, Tuple.of("job", 2L), 0, txn);
        assertRefused(Limit.STORED_TUPLES, 2);

        engine.commitTransaction(A, ++correlationId, txn);
        assertThat(listener.drain()).containsExactly("transaction " + txn + " 0");
        assertThat(take(B, Transactions.NONE)).isEqualTo(Tuple.of("job", 0L));
        assertThat(take(B, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));

        final long aborted = begin(A);
        out(A, Tuple.of("job", 3L), 0, aborted);
        out(A, Tuple.of("job", 4L), 0, aborted);
        engine.abortTransaction(A, ++correlationId, aborted);
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void aTakeRestoredByAbortIsNeverRefusedEvenWhenTheSpaceIsFull()
    {
        engine.limits(Limits.unbounded().maxStoredTuples(2));
        out(B, Tuple.of("job", 0L));
        out(B, Tuple.of("job", 1L));
        final long txn = begin(A);
        assertThat(take(A, txn)).isEqualTo(Tuple.of("job", 0L));

        // A tuple taken under a transaction still counts until the commit: abort must be able to restore it.
        out(B, Tuple.of("job", 2L));
        assertRefused(Limit.STORED_TUPLES, 2);

        engine.abortTransaction(A, ++correlationId, txn);
        assertThat(listener.drain()).containsExactly("transaction " + txn + " 0");
        assertThat(engine.storedCount()).isEqualTo(2);
        assertThat(take(B, Transactions.NONE)).isEqualTo(Tuple.of("job", 0L));
    }

    @Test
    void anArrivingTupleHeldByAWaitingTransactionalTakeIsRestoredByAbortAtTheLimit()
    {
        engine.limits(Limits.unbounded().maxStoredTuples(2));
        out(B, Tuple.of("other", 0L));
        final long txn = begin(A);
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(A, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, 1, txn, buffer, 0,
            length, nowMs);

        out(B, Tuple.of("job", 1L));
        assertThat(listener.drain()).containsExactly("tuple (\"job\", 1L)", "out accepted");
        assertThat(engine.storedCount()).isEqualTo(2);
        out(B, Tuple.of("job", 2L));
        assertRefused(Limit.STORED_TUPLES, 2);

        engine.abortTransaction(A, ++correlationId, txn);
        assertThat(engine.storedCount()).isEqualTo(2);
        assertThat(take(B, Transactions.NONE)).isEqualTo(Tuple.of("other", 0L));
        assertThat(take(B, Transactions.NONE)).isEqualTo(Tuple.of("job", 1L));
    }

    @Test
    void tuplesOfAFailedBulkTakeGoBackEvenWhenTheSpaceIsFull()
    {
        engine.limits(Limits.unbounded().maxStoredTuples(3));
        for (long i = 0; i < 3; i++)
        {
            out(B, Tuple.of("job", i));
        }
        listener.drain();
        listener.refuseDelivery = true;

        final int length = codec.encode(JOB, buffer, 0);
        engine.match(A, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, 3, buffer, 0, length, nowMs);

        assertThat(listener.refusals).isEmpty();
        assertThat(engine.storedCount()).isEqualTo(3);
    }

    @Test
    void aClientCannotHaveMoreRequestsWaitingThanTheLimit()
    {
        engine.limits(Limits.unbounded().maxWaitingPerClient(2));
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(A, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, buffer, 0, length, nowMs);
        engine.match(A, ++correlationId, MatchOperation.READ, 60_000, buffer, 0, length, nowMs);
        assertThat(listener.drain()).isEmpty();

        engine.match(A, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, buffer, 0, length, nowMs);
        assertRefused(Limit.WAITING_REQUESTS_PER_CLIENT, 2);
        assertThat(listener.lastMessage).startsWith(
            "waiting requests per client limit of 2 reached (tuplespace.max.waiting.per.client)");
        assertThat(engine.waitingCount()).isEqualTo(2);

        // A request that finds its match at once never waits, so the limit does not apply to it.
        out(B, Tuple.of("other", 1L));
        engine.match(A, ++correlationId, MatchOperation.READ, TupleSpaceEngine.WAIT_FOREVER,
            buffer, 0, codec.encode(Template.of("other", Formal.LONG), buffer, 0), nowMs);
        assertThat(listener.drain()).containsExactly("out accepted", "tuple (\"other\", 1L)");
        // Another client is not affected.
        engine.match(B, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER,
            buffer, 0, codec.encode(JOB, buffer, 0), nowMs);
        assertThat(listener.drain()).isEmpty();

        out(B, Tuple.of("job", 1L));
        assertThat(listener.drain()).containsExactly("tuple (\"job\", 1L)", "tuple (\"job\", 1L)", "out accepted");
        engine.match(A, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER,
            buffer, 0, codec.encode(JOB, buffer, 0), nowMs);
        assertThat(listener.drain()).isEmpty();
        assertThat(engine.waitingCount()).isEqualTo(2);
    }

    @Test
    void aClientCannotHaveMoreTransactionsOpenThanTheLimit()
    {
        engine.limits(Limits.unbounded().maxTransactionsPerClient(2));
        final long first = begin(A);
        begin(A);

        engine.beginTransaction(A, ++correlationId, -1, nowMs);
        assertRefused(Limit.TRANSACTIONS_PER_CLIENT, 2);
        assertThat(engine.openTransactionCount()).isEqualTo(2);
        begin(B);

        engine.commitTransaction(A, ++correlationId, first);
        listener.drain();
        begin(A);

        engine.removeSession(A);
        assertThat(engine.openTransactionCount()).isOne();
        begin(A);
        begin(A);
    }

    @Test
    void aClientCannotHoldMoreEventRegistrationsThanTheLimit()
    {
        engine.limits(Limits.unbounded().maxRegistrationsPerClient(2));
        final long first = register(A);
        register(A);

        final int length = codec.encode(ANY_LONG, buffer, 0);
        engine.register(A, ++correlationId, EventKind.WRITE, false, -1, buffer, 0, length, nowMs);
        assertRefused(Limit.REGISTRATIONS_PER_CLIENT, 2);
        register(B);

        engine.cancelRegistration(A, ++correlationId, first);
        listener.drain();
        register(A);

        engine.removeSession(A);
        register(A);
        register(A);
    }

    @Test
    void concludeResolvesTheTupleBytesDefaultAndRejectsImpossibleValues()
    {
        assertThat(new Limits().maxTupleBytes(0).conclude(32_000).maxTupleBytes()).isEqualTo(32_000);
        assertThat(new Limits().maxTupleBytes(1_000).conclude(32_000).maxTupleBytes()).isEqualTo(1_000);
        assertThatThrownBy(() -> new Limits().maxTupleBytes(64_000).conclude(32_000))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("tuplespace.max.tuple.bytes=64000")
            .hasMessageContaining("tuplespace.term.length");
        assertThatThrownBy(() -> new Limits().maxTupleFields(256).conclude(32_000))
            .hasMessageContaining("tuplespace.max.tuple.fields=256: must be 1..255");
        assertThatThrownBy(() -> new Limits().maxStoredBytes(0).conclude(32_000))
            .hasMessageContaining("tuplespace.max.stored.bytes=0: must be positive");
        assertThatThrownBy(() -> new Limits().maxWaitingPerClient(-1).conclude(32_000))
            .hasMessageContaining("tuplespace.max.waiting.per.client=-1");
    }

    @Test
    void theTupleBytesLimitIsAtMostWhatAStoredRecordHolds()
    {
        assertThat(new Limits().maxTupleBytes(0).conclude(8 * 1024 * 1024).maxTupleBytes())
            .isEqualTo(StoredTuples.MAX_ENCODED_LENGTH)
            .isEqualTo(TupleArena.CHUNK_BYTES - 84);
        assertThatThrownBy(() -> new Limits().maxTupleBytes(StoredTuples.MAX_ENCODED_LENGTH + 1).conclude(8 << 20))
            .hasMessageContaining("the most a stored record holds");
    }

    @Test
    void defaultsBoundMemoryByTheHeap()
    {
        final Limits limits = new Limits();
        assertThat(limits.maxStoredBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 2);
        assertThat(limits.maxStoredTuples()).isEqualTo(Runtime.getRuntime().maxMemory() / 256);
        assertThat(limits.maxTupleFields()).isEqualTo(255);
        assertThat(limits.valueOf(Limit.WAITING_REQUESTS_PER_CLIENT)).isEqualTo(4096);
        assertThat(limits.valueOf(Limit.TRANSACTIONS_PER_CLIENT)).isEqualTo(1024);
        assertThat(limits.valueOf(Limit.REGISTRATIONS_PER_CLIENT)).isEqualTo(1024);
        assertThat(limits.valueOf(Limit.CLIENTS)).isEqualTo(1024);
        assertThat(Limits.propertyName(Limit.CLIENTS)).isEqualTo("tuplespace.max.clients");
        assertThatThrownBy(() -> new Limits().maxClients(0).conclude(8 << 20))
            .hasMessageContaining("tuplespace.max.clients=0");
    }

    private long floodUntilRefused(final byte[] payload)
    {
        listener.drain();
        listener.refusals.clear();
        for (long accepted = 0; ; accepted++)
        {
            out(A, Tuple.of("blob", accepted, payload));
            if (!listener.drain().contains("out accepted"))
            {
                return accepted;
            }
        }
    }

    private void takeAll()
    {
        final int length = codec.encode(ANY_BLOB, buffer, 0);
        while (engine.storedCount() > 0)
        {
            engine.match(B, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, 1000, buffer, 0, length,
                nowMs);
        }
        listener.drain();
    }

    private void assertRefused(final Limit limit, final long value)
    {
        assertThat(listener.drain()).containsExactly("limit " + limit + "=" + value);
    }

    private long begin(final long session)
    {
        listener.drain();
        engine.beginTransaction(session, ++correlationId, -1, nowMs);
        final List<String> events = listener.drain();
        assertThat(events).hasSize(1).allMatch(event -> event.startsWith("transaction "));
        return Long.parseLong(events.get(0).split(" ")[1]);
    }

    private long register(final long session)
    {
        listener.drain();
        final int length = codec.encode(ANY_LONG, buffer, 0);
        engine.register(session, ++correlationId, EventKind.AVAILABILITY, false, -1, buffer, 0, length, nowMs);
        final List<String> events = listener.drain();
        assertThat(events).hasSize(1).allMatch(event -> event.startsWith("registration "));
        return Long.parseLong(events.get(0).split(" ")[1]);
    }

    private void out(final long session, final Tuple tuple)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(session, ++correlationId, buffer, 0, length);
    }

    private void out(final long session, final Tuple tuple, final long leaseMs, final long txn)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(session, ++correlationId, buffer, 0, length, leaseMs, txn, nowMs);
    }

    private Tuple take(final long session, final long txn)
    {
        return take(session, txn, ANY_LONG);
    }

    private Tuple take(final long session, final Template template)
    {
        return take(session, Transactions.NONE, template);
    }

    private Tuple take(final long session, final long txn, final Template template)
    {
        listener.drain();
        final int length = codec.encode(template, buffer, 0);
        engine.match(session, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, 1, txn, buffer, 0,
            length, nowMs);
        final List<String> events = listener.drain();
        assertThat(events).hasSize(1);
        return listener.lastTuple;
    }

    /**
     * Records results as short strings, and limit refusals with their limit and value.
     */
    private static final class LimitRecorder implements ResponseListener
    {
        final List<String> refusals = new ArrayList<>();
        private final List<String> events = new ArrayList<>();
        private final TupleCodec codec = new TupleCodec();
        boolean refuseDelivery;
        String lastMessage;
        Tuple lastTuple;

        public void onOutAccepted(final long sessionId, final long correlationId)
        {
            events.add("out accepted");
        }

        public void onLease(final long sessionId, final long correlationId, final long leaseId, final long grantedMs)
        {
            events.add("out accepted");
        }

        public void onTransaction(
            final long sessionId, final long correlationId, final long transactionId, final long grantedMs)
        {
            events.add("transaction " + transactionId + " " + grantedMs);
        }

        public void onRegistration(
            final long sessionId, final long correlationId, final long registrationId, final long grantedMs)
        {
            events.add("registration " + registrationId);
        }

        public void onEvent(
            final long sessionId,
            final long registrationId,
            final long sequenceNumber,
            final DirectBuffer tuple,
            final int offset,
            final int length)
        {
            events.add("event");
        }

        public boolean onTuple(
            final long sessionId, final long correlationId, final DirectBuffer tuple, final int offset,
            final int length)
        {
            lastTuple = codec.decode(tuple, offset, length);
            events.add("tuple " + lastTuple);
            return !refuseDelivery;
        }

        public boolean onTuples(final long sessionId, final long correlationId, final TupleBatch tuples)
        {
            for (int i = 0; i < tuples.count(); i++)
            {
                onTuple(sessionId, correlationId, tuples.buffer(i), tuples.offset(i), tuples.length(i));
            }
            return !refuseDelivery;
        }

        public void onNoMatch(final long sessionId, final long correlationId, final NoMatchReason reason)
        {
            events.add("no match " + reason);
        }

        public void onError(final long sessionId, final long correlationId, final ErrorCode code, final String message)
        {
            events.add("error " + code);
            lastMessage = message;
        }

        public void onLimitExceeded(
            final long sessionId, final long correlationId, final Limit limit, final long value, final String message)
        {
            events.add("limit " + limit + "=" + value);
            refusals.add(limit + "=" + value);
            lastMessage = message;
        }

        List<String> drain()
        {
            final List<String> drained = new ArrayList<>(events);
            events.clear();
            return drained;
        }
    }
}
