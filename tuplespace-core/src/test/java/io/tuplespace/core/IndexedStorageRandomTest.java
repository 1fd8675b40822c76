package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indexed storage against a plain list scanned in arrival order, on random operations that grow the space
 * past the index tables' first resizes, reuse freed records, span many signatures (arity 1 to 10, so beyond the
 * indexed fields), collide on values, and mix actual, formal and wildcard fields, single and bulk takes.
 */
class IndexedStorageRandomTest
{
    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, 0).maxBatchBytes(1 << 20);
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final List<Tuple> reference = new ArrayList<>();
    private RandomTuples random;
    private long correlationId;

    @ParameterizedTest
    @ValueSource(longs = { 1, 7, 1234, 0xBEEF, 42, 99, 2024, 31337 })
    void behavesLikeAScanInArrivalOrder(final long seed)
    {
        random = new RandomTuples(seed);
        for (int round = 0; round < 4; round++)
        {
            final int outs = 2000 + random.nextInt(4000);
            for (int i = 0; i < outs; i++)
            {
                out(random.tuple());
                if (random.nextInt(4) == 0)
                {
                    takeOrRead(seed);
                }
            }
            for (int i = 0; i < outs; i++)
            {
                takeOrRead(seed);
            }
            assertThat(engine.storedCount()).as("seed %d", seed).isEqualTo(reference.size());
        }
        drainEverything(seed);
        assertThat(engine.storedCount()).isZero();
        assertThat(engine.storedBytes()).isZero();
    }

    private void out(final Tuple tuple)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(1, ++correlationId, buffer, 0, length);
        reference.add(tuple);
        listener.drain();
    }

    private void takeOrRead(final long seed)
    {
        final Template template = random.nextInt(3) == 0 || reference.isEmpty() ?
            random.template() : random.templateFor(reference.get(random.nextInt(reference.size())));
        final int choice = random.nextInt(3);
        final MatchOperation operation = 0 == choice ? MatchOperation.READ : MatchOperation.TAKE;
        final int maxTuples = 2 == choice ? 1 + random.nextInt(5) : 1;
        final int length = codec.encode(template, buffer, 0);
        engine.match(2, ++correlationId, operation, TupleSpaceEngine.NO_WAIT, maxTuples, buffer, 0, length, 0);

        final List<Tuple> expected = new ArrayList<>();
        for (final Iterator<Tuple> it = reference.iterator(); it.hasNext() && expected.size() < maxTuples; )
        {
            final Tuple tuple = it.next();
            if (template.matches(tuple))
            {
                expected.add(tuple);
                if (MatchOperation.TAKE == operation)
                {
                    it.remove();
                }
            }
        }
        final List<MatchingTest.Event> events = listener.drain();
        if (expected.isEmpty())
        {
            assertThat(events).as("seed %d, %s", seed, template)
                .containsExactly(MatchingTest.Event.noMatch(2, correlationId, NoMatchReason.EMPTY));
        }
        else
        {
            final List<MatchingTest.Event> expectedEvents = new ArrayList<>();
            expected.forEach(tuple -> expectedEvents.add(MatchingTest.Event.tuple(2, correlationId, tuple)));
            assertThat(events).as("seed %d, %s %s", seed, operation, template).isEqualTo(expectedEvents);
        }
    }

    private void drainEverything(final long seed)
    {
        while (!reference.isEmpty())
        {
            final Tuple oldest = reference.get(0);
            final Template any = RandomTuples.wildcards(oldest.size());
            final int length = codec.encode(any, buffer, 0);
            engine.match(2, ++correlationId, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, buffer, 0, length, 0);
            final Tuple expected = reference.stream().filter(any::matches).findFirst().orElseThrow();
            reference.remove(expected);
            assertThat(listener.drain()).as("seed %d", seed)
                .containsExactly(MatchingTest.Event.tuple(2, correlationId, expected));
        }
    }
}
