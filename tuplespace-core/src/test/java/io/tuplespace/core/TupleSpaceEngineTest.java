package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import io.tuplespace.core.MatchingTest.Event;
import io.tuplespace.core.MatchingTest.RecordingListener;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import static io.tuplespace.codecs.MatchOperation.READ;
import static io.tuplespace.codecs.MatchOperation.TAKE;
import static io.tuplespace.core.TupleSpaceEngine.NO_WAIT;
import static io.tuplespace.core.TupleSpaceEngine.WAIT_FOREVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ordering, blocking and timeout semantics of the engine, driven by hand with an injected clock.
 */
class TupleSpaceEngineTest
{
    private static final int OFFSET = 5;
    private static final long A = 1;
    private static final long B = 2;
    private static final long C = 3;
    private static final Template JOB = Template.of("job", Formal.INT);

    private long nowMs = 1_700_000_000_000L;
    private final RecordingListener listener = new RecordingListener();
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, nowMs);
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    @Test
    void storedMatchesAreReturnedOldestFirstAndOnlyInRemovesThem()
    {
        out(A, 1, job(1));
        out(A, 2, Tuple.of("other", 1));
        out(A, 3, job(2));
        out(A, 4, job(3));
        assertThat(engine.storedCount()).isEqualTo(4);
        final long allBytes = TupleCodec.encodedLength(job(1)) * 3L + TupleCodec.encodedLength(Tuple.of("other", 1));
        assertThat(engine.storedBytes()).isEqualTo(allBytes);
        listener.drain();

        match(B, 10, READ, NO_WAIT, JOB);
        match(B, 11, READ, WAIT_FOREVER, JOB);
        assertThat(listener.drain()).containsExactly(Event.tuple(B, 10, job(1)), Event.tuple(B, 11, job(1)));
        assertThat(engine.storedCount()).isEqualTo(4);

        match(B, 12, TAKE, NO_WAIT, JOB);
        assertThat(engine.storedCount()).isEqualTo(3);
        assertThat(engine.storedBytes()).isEqualTo(allBytes - TupleCodec.encodedLength(job(1)));
        match(B, 13, TAKE, WAIT_FOREVER, JOB);
        match(B, 14, TAKE, 500, JOB);
        match(B, 15, TAKE, NO_WAIT, JOB);
        match(B, 16, READ, NO_WAIT, Template.of("other", Formal.ANY));

        assertThat(listener.drain()).containsExactly(
            Event.tuple(B, 12, job(1)),
            Event.tuple(B, 13, job(2)),
            Event.tuple(B, 14, job(3)),
            Event.noMatch(B, 15, NoMatchReason.EMPTY),
            Event.tuple(B, 16, Tuple.of("other", 1)));
        assertThat(engine.storedCount()).isOne();
        assertThat(engine.storedBytes()).isEqualTo(TupleCodec.encodedLength(Tuple.of("other", 1)));
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void nonBlockingRequestsOnEmptySpaceAnswerEmptyAtOnce()
    {
        match(A, 1, TAKE, NO_WAIT, JOB);
        match(A, 2, READ, NO_WAIT, JOB);
        out(B, 3, Tuple.of("job", 1L));
        match(A, 4, TAKE, NO_WAIT, JOB);

        assertThat(listener.drain()).containsExactly(
            Event.noMatch(A, 1, NoMatchReason.EMPTY),
            Event.noMatch(A, 2, NoMatchReason.EMPTY),
            Event.outAccepted(B, 3),
            Event.noMatch(A, 4, NoMatchReason.EMPTY));
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.expireTimeouts(nowMs + 1_000_000)).isZero();
    }

    @Test
    void blockingInWaitsAndTakesALaterOutWhichIsNotStored()
    {
        match(A, 1, TAKE, WAIT_FOREVER, JOB);
        assertThat(listener.drain()).isEmpty();
        assertThat(engine.waitingCount()).isOne();

        out(B, 2, Tuple.of("job", 1L));
        assertThat(listener.drain()).containsExactly(Event.outAccepted(B, 2));
        assertThat(engine.waitingCount()).isOne();

        out(B, 3, job(7));
        assertThat(listener.drain()).containsExactly(Event.tuple(A, 1, job(7)), Event.outAccepted(B, 3));
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.storedCount()).isOne();
        assertThat(engine.storedBytes()).isEqualTo(TupleCodec.encodedLength(Tuple.of("job", 1L)));

        out(B, 4, job(8));
        assertThat(listener.drain()).containsExactly(Event.outAccepted(B, 4));
        assertThat(engine.storedCount()).isEqualTo(2);
    }

    @Test
    void waitingTakersAreServedInArrivalOrder()
    {
        match(A, 1, TAKE, WAIT_FOREVER, JOB);
        match(B, 1, TAKE, 10_000, JOB);
        match(C, 1, TAKE, WAIT_FOREVER, JOB);

        out(C, 2, job(1));
        out(A, 2, job(2));
        out(B, 2, job(3));

        assertThat(listener.drain()).containsExactly(
            Event.tuple(A, 1, job(1)), Event.outAccepted(C, 2),
            Event.tuple(B, 1, job(2)), Event.outAccepted(A, 2),
            Event.tuple(C, 1, job(3)), Event.outAccepted(B, 2));
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void olderTakerWhoseTemplateDoesNotMatchIsSkipped()
    {
        match(A, 1, TAKE, WAIT_FOREVER, Template.of("x", Formal.INT));
        match(B, 1, TAKE, WAIT_FOREVER, Template.of("y", Formal.INT));
        match(C, 1, TAKE, WAIT_FOREVER, Template.of(Formal.STRING, Formal.ANY));

        out(A, 2, Tuple.of("y", 1));
        out(A, 3, Tuple.of("y", 2));
        out(A, 4, Tuple.of("x", 3));

        assertThat(listener.drain()).containsExactly(
            Event.tuple(B, 1, Tuple.of("y", 1)), Event.outAccepted(A, 2),
            Event.tuple(C, 1, Tuple.of("y", 2)), Event.outAccepted(A, 3),
            Event.tuple(A, 1, Tuple.of("x", 3)), Event.outAccepted(A, 4));
    }

    @Test
    void everyMatchingWaitingRdSeesTheTupleThenTheOldestMatchingInTakesIt()
    {
        match(A, 1, READ, WAIT_FOREVER, JOB);
        match(B, 1, TAKE, WAIT_FOREVER, Template.of("job", 99));
        match(B, 2, TAKE, WAIT_FOREVER, JOB);
        match(C, 1, READ, 1_000, Template.of(Formal.ANY, 5));
        match(C, 2, TAKE, WAIT_FOREVER, Template.of(Formal.STRING, Formal.INT));
        match(A, 2, READ, WAIT_FOREVER, Template.of("job", 6));

        out(A, 3, job(5));

        assertThat(listener.drain()).containsExactly(
            Event.tuple(A, 1, job(5)),
            Event.tuple(C, 1, job(5)),
            Event.tuple(B, 2, job(5)),
            Event.outAccepted(A, 3));
        assertThat(engine.waitingCount()).isEqualTo(3);
        assertThat(engine.storedCount()).isZero();

        out(A, 4, job(6));
        assertThat(listener.drain()).containsExactly(
            Event.tuple(A, 2, job(6)), Event.tuple(C, 2, job(6)), Event.outAccepted(A, 4));
    }

    @Test
    void tupleSeenOnlyByWaitingRdsIsStored()
    {
        match(A, 1, READ, WAIT_FOREVER, JOB);
        match(B, 1, READ, 100, Template.of(Formal.ANY, Formal.ANY));

        out(C, 1, job(1));

        assertThat(listener.drain()).containsExactly(
            Event.tuple(A, 1, job(1)), Event.tuple(B, 1, job(1)), Event.outAccepted(C, 1));
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.storedCount()).isOne();
        match(C, 2, TAKE, NO_WAIT, JOB);
        assertThat(listener.drain()).containsExactly(Event.tuple(C, 2, job(1)));
    }

    @Test
    void timedRequestDoesNotExpireBeforeItsDeadline()
    {
        match(A, 1, TAKE, 100, JOB);

        nowMs += 99;
        assertThat(engine.expireTimeouts(nowMs)).isZero();

        assertThat(listener.drain()).isEmpty();
        assertThat(engine.waitingCount()).isOne();
    }

    @Test
    void timedRequestExpiresAtExactlyItsDeadline()
    {
        match(A, 1, READ, 100, JOB);
        nowMs += 99;
        engine.expireTimeouts(nowMs);

        nowMs += 1;
        assertThat(engine.expireTimeouts(nowMs)).isOne();

        assertThat(listener.drain()).containsExactly(Event.noMatch(A, 1, NoMatchReason.TIMED_OUT));
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void expireAfterLongGapExpiresEveryDueRequest()
    {
        match(A, 1, TAKE, 100, JOB);
        match(B, 1, READ, 5_000, JOB);
        match(C, 1, TAKE, 9_000, JOB);
        match(A, 2, TAKE, 20_000, JOB);
        match(B, 2, TAKE, WAIT_FOREVER, JOB);

        nowMs += 10_000;
        assertThat(engine.expireTimeouts(nowMs)).isEqualTo(3);

        assertThat(listener.drain()).containsExactlyInAnyOrder(
            Event.noMatch(A, 1, NoMatchReason.TIMED_OUT),
            Event.noMatch(B, 1, NoMatchReason.TIMED_OUT),
            Event.noMatch(C, 1, NoMatchReason.TIMED_OUT));
        assertThat(engine.waitingCount()).isEqualTo(2);

        nowMs += 60_000;
        assertThat(engine.expireTimeouts(nowMs)).isOne();
        assertThat(listener.drain()).containsExactly(Event.noMatch(A, 2, NoMatchReason.TIMED_OUT));
        out(C, 2, job(1));
        assertThat(listener.drain()).containsExactly(Event.tuple(B, 2, job(1)), Event.outAccepted(C, 2));
    }

    @Test
    void outBeforeDeadlineIsDeliveredAndTheTimerNeverFires()
    {
        match(A, 1, TAKE, 100, JOB);
        nowMs += 50;
        engine.expireTimeouts(nowMs);

        out(B, 1, job(1));
        nowMs += 10_000;

        assertThat(engine.expireTimeouts(nowMs)).isZero();
        assertThat(listener.drain()).containsExactly(Event.tuple(A, 1, job(1)), Event.outAccepted(B, 1));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void cancelAnswersCancelledAndRemovesTheWaiter()
    {
        match(A, 1, TAKE, 1_000, JOB);
        match(A, 2, TAKE, WAIT_FOREVER, JOB);

        engine.cancel(A, 1);
        engine.cancel(A, 2);
        assertThat(listener.drain()).containsExactly(
            Event.noMatch(A, 1, NoMatchReason.CANCELLED), Event.noMatch(A, 2, NoMatchReason.CANCELLED));
        assertThat(engine.waitingCount()).isZero();

        nowMs += 5_000;
        assertThat(engine.expireTimeouts(nowMs)).isZero();
        out(B, 1, job(1));
        assertThat(listener.drain()).containsExactly(Event.outAccepted(B, 1));
        assertThat(engine.storedCount()).isOne();
    }

    @Test
    void cancelOfUnknownOrAnsweredRequestDoesNothing()
    {
        match(A, 1, TAKE, WAIT_FOREVER, JOB);
        match(A, 2, TAKE, NO_WAIT, JOB);
        listener.drain();

        engine.cancel(A, 2);
        engine.cancel(A, 99);
        engine.cancel(B, 1);
        assertThat(listener.drain()).isEmpty();
        assertThat(engine.waitingCount()).isOne();

        out(B, 1, job(1));
        engine.cancel(A, 1);
        engine.cancel(A, 1);
        assertThat(listener.drain()).containsExactly(Event.tuple(A, 1, job(1)), Event.outAccepted(B, 1));
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void removeSessionDropsItsWaitersSilently()
    {
        match(A, 1, TAKE, WAIT_FOREVER, JOB);
        match(B, 1, TAKE, WAIT_FOREVER, JOB);
        match(A, 2, READ, 100, JOB);
        match(A, 3, TAKE, 100, Template.of(Formal.ANY));

        assertThat(engine.removeSession(A)).isEqualTo(3);
        assertThat(engine.removeSession(A)).isZero();
        assertThat(engine.waitingCount()).isOne();

        out(C, 1, job(1));
        nowMs += 1_000;
        assertThat(engine.expireTimeouts(nowMs)).isZero();
        assertThat(listener.drain()).containsExactly(Event.tuple(B, 1, job(1)), Event.outAccepted(C, 1));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void outRefusedByWaitingTakerGoesToTheNextMatchingTaker()
    {
        listener.refusingSessions.add(A);
        match(A, 1, TAKE, WAIT_FOREVER, JOB);
        match(B, 1, READ, WAIT_FOREVER, Template.of("other", Formal.INT));
        match(C, 1, TAKE, 100, JOB);

        out(B, 2, job(1));

        assertThat(listener.drain()).containsExactly(
            Event.refused(A, 1, job(1)), Event.tuple(C, 1, job(1)), Event.outAccepted(B, 2));
        assertThat(engine.storedCount()).isZero();
        assertThat(engine.waitingCount()).isOne();
    }

    @Test
    void outRefusedByEveryWaiterIsStored()
    {
        listener.refusingSessions.add(A);
        match(A, 1, TAKE, WAIT_FOREVER, JOB);
        match(A, 2, READ, WAIT_FOREVER, JOB);
        match(A, 3, TAKE, 100, JOB);

        out(B, 1, job(1));

        assertThat(listener.drain()).containsExactly(
            Event.refused(A, 2, job(1)), Event.refused(A, 1, job(1)), Event.refused(A, 3, job(1)),
            Event.outAccepted(B, 1));
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.storedCount()).isOne();
        nowMs += 1_000;
        assertThat(engine.expireTimeouts(nowMs)).isZero();
        match(B, 2, TAKE, NO_WAIT, JOB);
        assertThat(listener.drain()).containsExactly(Event.tuple(B, 2, job(1)));
    }

    @Test
    void storedMatchRefusedByRequesterStaysStored()
    {
        out(B, 1, job(1));
        listener.refusingSessions.add(A);

        match(A, 1, TAKE, NO_WAIT, JOB);
        match(A, 2, TAKE, WAIT_FOREVER, JOB);

        assertThat(engine.storedCount()).isOne();
        assertThat(engine.waitingCount()).isZero();
        match(B, 2, TAKE, NO_WAIT, JOB);
        assertThat(listener.drain()).containsExactly(
            Event.outAccepted(B, 1), Event.refused(A, 1, job(1)), Event.refused(A, 2, job(1)),
            Event.tuple(B, 2, job(1)));
    }

    @Test
    void invalidTupleIsRejectedAndChangesNothing()
    {
        out(A, 1, job(1));
        match(B, 1, TAKE, WAIT_FOREVER, Template.of(Formal.ANY));
        listener.drain();
        final int templateLength = codec.encode(JOB, buffer, 0);
        final int tupleLength = codec.encode(job(2), buffer, 100);

        engine.out(C, 1, buffer, 0, templateLength);
        engine.out(C, 2, buffer, 100, tupleLength - 1);
        engine.out(C, 3, buffer, 100, 0);
        buffer.putByte(100 + 8 + 4, (byte)9);
        engine.out(C, 4, buffer, 100, tupleLength);

        assertErrors(ErrorCode.INVALID_TUPLE, C, 1, 2, 3, 4);
        assertThat(engine.storedCount()).isOne();
        assertThat(engine.waitingCount()).isOne();
        assertThat(engine.storedBytes()).isEqualTo(TupleCodec.encodedLength(job(1)));
    }

    @Test
    void aRepeatedTemplateIsAnsweredAsTheFirstAndAnEmptyOrBrokenOneIsRejected()
    {
        out(A, 1, job(1));
        listener.drain();
        engine.match(C, 1, READ, NO_WAIT, buffer, 100, 0, nowMs);
        assertThat(listener.drain()).containsExactly(Event.error(C, 1, ErrorCode.INVALID_TEMPLATE));

        match(C, 2, READ, NO_WAIT, JOB);
        match(C, 3, READ, NO_WAIT, JOB);
        assertThat(listener.drain()).containsExactly(Event.tuple(C, 2, job(1)), Event.tuple(C, 3, job(1)));

        final int templateLength = codec.encode(JOB, buffer, 100);
        buffer.putByte(100 + 8 + 4, (byte)4);
        engine.match(C, 4, TAKE, NO_WAIT, buffer, 100, templateLength, nowMs);
        engine.match(C, 5, TAKE, NO_WAIT, buffer, 100, 0, nowMs);
        assertThat(listener.drain()).containsExactly(
            Event.error(C, 4, ErrorCode.INVALID_TEMPLATE), Event.error(C, 5, ErrorCode.INVALID_TEMPLATE));
        assertThat(engine.storedCount()).isOne();
    }

    @Test
    void invalidTemplateIsRejectedAndChangesNothing()
    {
        out(A, 1, job(1));
        listener.drain();
        final int tupleLength = codec.encode(job(1), buffer, 0);
        final int templateLength = codec.encode(JOB, buffer, 100);

        engine.match(C, 1, TAKE, NO_WAIT, buffer, 0, tupleLength, nowMs);
        engine.match(C, 2, TAKE, WAIT_FOREVER, buffer, 100, templateLength - 1, nowMs);
        engine.match(C, 3, READ, 100, buffer, 100, templateLength + 1, nowMs);
        buffer.putByte(100 + 8 + 4, (byte)4);
        engine.match(C, 4, TAKE, NO_WAIT, buffer, 100, templateLength, nowMs);

        assertErrors(ErrorCode.INVALID_TEMPLATE, C, 1, 2, 3, 4);
        assertThat(engine.storedCount()).isOne();
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void timeoutBelowWaitForeverIsRejected()
    {
        match(A, 1, TAKE, -2, JOB);

        final List<Event> events = listener.drain();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).kind()).isEqualTo(Event.Kind.ERROR);
        assertThat(engine.waitingCount()).isZero();
    }

    @Test
    void manyWaitersEachGetExactlyOneTupleInArrivalOrder()
    {
        final int sessions = 100;
        final int waiters = 10_000;
        for (int i = 0; i < waiters; i++)
        {
            match(i % sessions, i, TAKE, i % 2 == 0 ? WAIT_FOREVER : 60_000, JOB);
        }
        assertThat(engine.waitingCount()).isEqualTo(waiters);

        final List<Event> expected = new ArrayList<>();
        for (int i = 0; i < waiters; i++)
        {
            out(sessions, i, job(i));
            expected.add(Event.tuple(i % sessions, i, job(i)));
            expected.add(Event.outAccepted(sessions, i));
        }

        assertThat(listener.drain()).containsExactlyElementsOf(expected);
        assertThat(engine.waitingCount()).isZero();
        assertThat(engine.storedCount()).isZero();
        nowMs += 120_000;
        assertThat(engine.expireTimeouts(nowMs)).isZero();
    }

    @ParameterizedTest
    @ValueSource(longs = { 1L, 42L, 0xC0FFEEL, -1L })
    void behavesLikeAReferenceModel(final long fixedSeed)
    {
        final long seed = -1L == fixedSeed ? System.nanoTime() : fixedSeed;
        final Random random = new Random(seed);
        final ReferenceModel model = new ReferenceModel();
        final List<long[]> issued = new ArrayList<>();

        for (int step = 0; step < 4_000; step++)
        {
            final long session = random.nextInt(4);
            final long correlationId = step;
            final int choice = random.nextInt(100);
            final String description;
            if (choice < 40)
            {
                final Tuple tuple = randomTuple(random);
                description = "out " + tuple;
                out(session, correlationId, tuple);
                model.out(session, correlationId, tuple);
            }
            else if (choice < 94)
            {
                final MatchOperation operation = random.nextBoolean() ? TAKE : READ;
                final long timeout = choice < 84 ? NO_WAIT : WAIT_FOREVER;
                final Template template = randomTemplate(random, model.stored);
                description = operation + " timeout=" + timeout + " " + template;
                match(session, correlationId, operation, timeout, template);
                model.match(session, correlationId, operation, timeout, template);
                issued.add(new long[]{ session, correlationId });
            }
            else if (choice < 99 && !issued.isEmpty())
            {
                final long[] target = issued.get(random.nextInt(issued.size()));
                final long owner = random.nextInt(5) > 0 ? target[0] : session;
                description = "cancel session=" + owner + " correlationId=" + target[1];
                engine.cancel(owner, target[1]);
                model.cancel(owner, target[1]);
            }
            else
            {
                description = "removeSession " + session;
                assertThat(engine.removeSession(session)).isEqualTo(model.removeSession(session));
            }

            final String context = "seed=" + seed + " step=" + step + " " + description;
            assertThat(listener.drain()).as(context).containsExactlyElementsOf(model.events);
            model.events.clear();
            assertThat(engine.storedCount()).as(context).isEqualTo(model.stored.size());
            assertThat(engine.waitingCount()).as(context).isEqualTo(model.waiting.size());
        }
    }

    private static Tuple randomTuple(final Random random)
    {
        final Object[] values = new Object[1 + random.nextInt(3)];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = switch (random.nextInt(6))
            {
                case 0 -> random.nextBoolean();
                case 1 -> random.nextInt(3);
                case 2 -> (long)random.nextInt(2);
                case 3 -> new double[]{ 0.0, -0.0, Double.NaN }[random.nextInt(3)];
                case 4 -> new String[]{ "", "a", "\u00e9" }[random.nextInt(3)];
                default -> new byte[random.nextInt(2)];
            };
        }
        return Tuple.of(values);
    }

    private static Template randomTemplate(final Random random, final List<Tuple> stored)
    {
        final boolean fromStored = !stored.isEmpty() && random.nextInt(3) > 0;
        final Tuple base = fromStored ? stored.get(random.nextInt(stored.size())) : randomTuple(random);
        final Object[] fields = new Object[base.size()];
        for (int i = 0; i < fields.length; i++)
        {
            final int pick = random.nextInt(4);
            fields[i] = 0 == pick ? Formal.ANY : 1 == pick ? Formal.values()[base.type(i).value() - 1] : base.get(i);
        }
        return Template.of(fields);
    }

    private void out(final long sessionId, final long correlationId, final Tuple tuple)
    {
        final int length = codec.encode(tuple, buffer, OFFSET);
        engine.out(sessionId, correlationId, buffer, OFFSET, length);
        buffer.setMemory(0, OFFSET + length, (byte)0x55);
    }

    private void match(
        final long sessionId,
        final long correlationId,
        final MatchOperation operation,
        final long timeoutMs,
        final Template template)
    {
        final int length = codec.encode(template, buffer, OFFSET);
        engine.match(sessionId, correlationId, operation, timeoutMs, buffer, OFFSET, length, nowMs);
        buffer.setMemory(0, OFFSET + length, (byte)0x55);
    }

    private void assertErrors(final ErrorCode code, final long sessionId, final long... correlationIds)
    {
        final List<Event> expected = new ArrayList<>();
        for (final long correlationId : correlationIds)
        {
            expected.add(Event.error(sessionId, correlationId, code));
        }
        assertThat(listener.drain()).containsExactlyElementsOf(expected);
        assertThat(listener.errorMessages).hasSize(correlationIds.length).allSatisfy(m -> assertThat(m).isNotBlank());
    }

    private static Tuple job(final int n)
    {
        return Tuple.of("job", n);
    }

    /**
     * The documented semantics in the plainest form: lists in arrival order and {@link Template#matches}.
     */
    private static final class ReferenceModel
    {
        record Waiter(long sessionId, long correlationId, MatchOperation operation, Template template)
        {
        }

        final List<Tuple> stored = new ArrayList<>();
        final List<Waiter> waiting = new ArrayList<>();
        final List<Event> events = new ArrayList<>();

        void out(final long sessionId, final long correlationId, final Tuple tuple)
        {
            for (final Iterator<Waiter> it = waiting.iterator(); it.hasNext(); )
            {
                final Waiter waiter = it.next();
                if (READ == waiter.operation && waiter.template.matches(tuple))
                {
                    it.remove();
                    events.add(Event.tuple(waiter.sessionId, waiter.correlationId, tuple));
                }
            }
            boolean taken = false;
            for (final Iterator<Waiter> it = waiting.iterator(); it.hasNext() && !taken; )
            {
                final Waiter waiter = it.next();
                if (waiter.template.matches(tuple))
                {
                    it.remove();
                    events.add(Event.tuple(waiter.sessionId, waiter.correlationId, tuple));
                    taken = true;
                }
            }
            if (!taken)
            {
                stored.add(tuple);
            }
            events.add(Event.outAccepted(sessionId, correlationId));
        }

        void match(
            final long sessionId,
            final long correlationId,
            final MatchOperation operation,
            final long timeoutMs,
            final Template template)
        {
            for (final Iterator<Tuple> it = stored.iterator(); it.hasNext(); )
            {
                final Tuple tuple = it.next();
                if (template.matches(tuple))
                {
                    if (TAKE == operation)
                    {
                        it.remove();
                    }
                    events.add(Event.tuple(sessionId, correlationId, tuple));
                    return;
                }
            }
            if (NO_WAIT == timeoutMs)
            {
                events.add(Event.noMatch(sessionId, correlationId, NoMatchReason.EMPTY));
            }
            else
            {
                waiting.add(new Waiter(sessionId, correlationId, operation, template));
            }
        }

        void cancel(final long sessionId, final long correlationId)
        {
            if (waiting.removeIf(w -> w.sessionId == sessionId && w.correlationId == correlationId))
            {
                events.add(Event.noMatch(sessionId, correlationId, NoMatchReason.CANCELLED));
            }
        }

        int removeSession(final long sessionId)
        {
            final int before = waiting.size();
            waiting.removeIf(w -> w.sessionId == sessionId);
            return before - waiting.size();
        }
    }
}
