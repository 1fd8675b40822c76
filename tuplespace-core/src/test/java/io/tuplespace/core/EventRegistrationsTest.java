package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.EventKind;
import io.tuplespace.codecs.MatchOperation;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Write (notify) and availability events: what fires them, their sequence numbers, their leases, and when a
 * transaction makes a tuple visible.
 */
class EventRegistrationsTest
{
    private static final long LISTENER = 1;
    private static final long WRITER = 2;
    private static final Template JOB = Template.of("job", Formal.LONG);

    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private long nowMs = 1_000;
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private long correlationId;

    @Test
    void notifyFiresForEveryMatchingWriteNumberedFromOne()
    {
        final long registration = register(EventKind.WRITE, false, EventRegistrations.NEVER);

        out(Tuple.of("job", 1L), 0);
        out(Tuple.of("other", 1L), 0);
        out(Tuple.of("job", 2L), 0);

        assertThat(listener.drain()).filteredOn(event -> MatchingTest.Event.Kind.EVENT == event.kind())
            .containsExactly(
                MatchingTest.Event.event(LISTENER, registration, 1, Tuple.of("job", 1L)),
                MatchingTest.Event.event(LISTENER, registration, 2, Tuple.of("job", 2L)));
    }

    @Test
    void aWriteUnderATransactionFiresAtCommitNotBefore()
    {
        final long registration = register(EventKind.WRITE, false, EventRegistrations.NEVER);
        engine.beginTransaction(WRITER, ++correlationId, 10_000, nowMs);
        @SuppressWarnings("unchecked")
        final long txn = ((List<Long>)listener.drain().get(0).detail()).get(0);

        out(Tuple.of("job", 1L), txn);
        assertThat(events()).isEmpty();

        engine.commitTransaction(WRITER, ++correlationId, txn);
        assertThat(events()).containsExactly(MatchingTest.Event.event(LISTENER, registration, 1, Tuple.of("job", 1L)));
    }

    @Test
    void availabilityFiresWhenAnAbortRestoresATupleAndWhenALockIsReleasedUnlessVisibilityOnly()
    {
        out(Tuple.of("job", 1L), 0);
        final long any = register(EventKind.AVAILABILITY, false, EventRegistrations.NEVER);
        final long visibleOnly = register(EventKind.AVAILABILITY, true, EventRegistrations.NEVER);

        final long taker = begin();
        match(MatchOperation.TAKE, taker);
        engine.abortTransaction(WRITER, ++correlationId, taker);
        assertThat(events()).containsExactlyInAnyOrder(
            MatchingTest.Event.event(LISTENER, any, 1, Tuple.of("job", 1L)),
            MatchingTest.Event.event(LISTENER, visibleOnly, 1, Tuple.of("job", 1L)));

        final long reader = begin();
        match(MatchOperation.READ, reader);
        engine.commitTransaction(WRITER, ++correlationId, reader);
        assertThat(events()).containsExactly(MatchingTest.Event.event(LISTENER, any, 2, Tuple.of("job", 1L)));
    }

    @Test
    void aCancelledOrExpiredRegistrationFiresNoMore()
    {
        final long cancelled = register(EventKind.WRITE, false, EventRegistrations.NEVER);
        register(EventKind.WRITE, false, 100);

        engine.cancelRegistration(LISTENER, ++correlationId, cancelled);
        nowMs += 100;
        engine.expireTimeouts(nowMs);
        out(Tuple.of("job", 1L), 0);

        assertThat(events()).isEmpty();
        engine.cancelRegistration(LISTENER, ++correlationId, cancelled);
        assertThat(listener.drain()).containsExactly(
            MatchingTest.Event.error(LISTENER, correlationId, ErrorCode.UNKNOWN_REGISTRATION));
    }

    @Test
    void aSessionsRegistrationsGoWithIt()
    {
        register(EventKind.WRITE, false, EventRegistrations.NEVER);

        engine.removeSession(LISTENER);
        out(Tuple.of("job", 1L), 0);

        assertThat(events()).isEmpty();
    }

    private long register(final EventKind kind, final boolean isVisibilityOnly, final long leaseMs)
    {
        listener.drain();
        final int length = codec.encode(JOB, buffer, 0);
        engine.register(LISTENER, ++correlationId, kind, isVisibilityOnly, leaseMs, buffer, 0, length, nowMs);
        final List<MatchingTest.Event> events = listener.drain();
        assertThat(events).hasSize(1);
        @SuppressWarnings("unchecked")
        final List<Long> detail = (List<Long>)events.get(0).detail();
        return detail.get(0);
    }

    private long begin()
    {
        engine.beginTransaction(WRITER, ++correlationId, 10_000, nowMs);
        @SuppressWarnings("unchecked")
        final long txn = ((List<Long>)listener.drain().get(0).detail()).get(0);
        return txn;
    }

    private void out(final Tuple tuple, final long txn)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(WRITER, ++correlationId, buffer, 0, length, 0, txn, nowMs);
    }

    private void match(final MatchOperation operation, final long txn)
    {
        final int length = codec.encode(JOB, buffer, 0);
        engine.match(WRITER, ++correlationId, operation, TupleSpaceEngine.NO_WAIT, 1, txn, buffer, 0, length, nowMs);
        listener.drain();
    }

    private List<MatchingTest.Event> events()
    {
        return listener.drain().stream().filter(event -> MatchingTest.Event.Kind.EVENT == event.kind()).toList();
    }
}
