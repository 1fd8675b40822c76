package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Event registrations under a transaction: they see the transaction's own writes as they are made, and the writes
 * visible to all; others' registrations do not see them until commit; they end when the transaction ends.
 */
class TransactionRegistrationsTest
{
    private static final long CLIENT = 1;
    private static final long OTHER = 2;
    private static final Template JOB = Template.of("job", Formal.LONG);

    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private long nowMs = 1_000;
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private long correlationId;

    @Test
    void notifyUnderATransactionSeesItsWritesAtOnceAndOthersWritesButNotOtherTransactionsWrites()
    {
        final long txn = begin();
        final long other = begin();
        final long inside = register(EventKind.WRITE, false, txn);
        final long outside = register(EventKind.WRITE, false, 0);

        out(Tuple.of("job", 1L), txn);
        out(Tuple.of("job", 2L), other);
        out(Tuple.of("job", 3L), 0);

        assertThat(events()).containsExactly(
            MatchingTest.Event.event(CLIENT, inside, 1, Tuple.of("job", 1L)),
            MatchingTest.Event.event(CLIENT, inside, 2, Tuple.of("job", 3L)),
            MatchingTest.Event.event(CLIENT, outside, 1, Tuple.of("job", 3L)));
    }

    @Test
    void theRegistrationEndsAtCommitBeforeTheCommitPublishesTheWrites()
    {
        final long txn = begin();
        final long inside = register(EventKind.WRITE, false, txn);
        final long outside = register(EventKind.WRITE, false, 0);
        out(Tuple.of("job", 1L), txn);
        events();

        engine.commitTransaction(OTHER, ++correlationId, txn);
        out(Tuple.of("job", 2L), 0);

        assertThat(events()).containsExactly(
            MatchingTest.Event.event(CLIENT, outside, 1, Tuple.of("job", 1L)),
            MatchingTest.Event.event(CLIENT, outside, 2, Tuple.of("job", 2L)));
        engine.renewRegistration(CLIENT, ++correlationId, inside, 1_000, nowMs);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(CLIENT, correlationId, ErrorCode.UNKNOWN_REGISTRATION));
    }

    @Test
    void theRegistrationEndsAtAbortAndAtTheTransactionsExpiry()
    {
        final long aborted = begin();
        final long expiring = begin(100);
        final long first = register(EventKind.AVAILABILITY, false, aborted);
        final long second = register(EventKind.AVAILABILITY, false, expiring);

        engine.abortTransaction(OTHER, ++correlationId, aborted);
        nowMs += 100;
        engine.expireTimeouts(nowMs);
        out(Tuple.of("job", 1L), 0);

        assertThat(events()).isEmpty();
        engine.cancelRegistration(CLIENT, ++correlationId, first);
        engine.cancelRegistration(CLIENT, ++correlationId, second);
        assertThat(listener.drain()).extracting(MatchingTest.Event::kind)
            .containsExactly(MatchingTest.Event.Kind.ERROR, MatchingTest.Event.Kind.ERROR);
    }

    @Test
    void availabilityUnderATransactionSeesItsWritesAndTuplesRestoredByAnotherTransactionsAbort()
    {
        out(Tuple.of("job", 1L), 0);
        final long txn = begin();
        final long taker = begin();
        final long registration = register(EventKind.AVAILABILITY, true, txn);
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(OTHER, ++correlationId, MatchOperation.TAKE, 0, 1, taker, buffer, 0, length, nowMs);

        out(Tuple.of("job", 2L), txn);
        engine.abortTransaction(OTHER, ++correlationId, taker);

        assertThat(events()).containsExactly(
            MatchingTest.Event.event(CLIENT, registration, 1, Tuple.of("job", 2L)),
            MatchingTest.Event.event(CLIENT, registration, 2, Tuple.of("job", 1L)));
    }

    @Test
    void anUnknownTransactionIsRefused()
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.register(CLIENT, ++correlationId, EventKind.WRITE, false, -1, 99, buffer, 0, length, nowMs);

        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(CLIENT, correlationId, ErrorCode.UNKNOWN_TRANSACTION));
    }

    private long register(final EventKind kind, final boolean isVisibilityOnly, final long txn)
    {
        listener.drain();
        final int length = codec.encode(JOB, buffer, 0);
        engine.register(CLIENT, ++correlationId, kind, isVisibilityOnly, -1, txn, buffer, 0, length, nowMs);
        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(1);
        @SuppressWarnings("unchecked")
        final List<Long> detail = (List<Long>)events.get(0).detail();
        return detail.get(0);
    }

    private long begin()
    {
        return begin(60_000);
    }

    private long begin(final long leaseMs)
    {
        listener.drain();
        engine.beginTransaction(OTHER, ++correlationId, leaseMs, nowMs);
        @SuppressWarnings("unchecked")
        final long txn = ((List<Long>)listener.drain().get(0).detail()).get(0);
        return txn;
    }

    private void out(final Tuple tuple, final long txn)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(OTHER, ++correlationId, buffer, 0, length, 0, txn, nowMs);
    }

    private List<MatchingTest.Event> events()
    {
        return listener.drain().stream().filter(event -> MatchingTest.Event.Kind.EVENT == event.kind()).toList();
    }
}
