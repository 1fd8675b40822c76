package io.tuplespace.core;

import io.tuplespace.codecs.MatchOperation;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prefix templates match tuples of their arity or longer whose first fields match: the basis of JavaSpaces
 * subtype matching, where a subclass entry's tuple starts with its superclass's fields.
 */
class PrefixTemplateTest
{
    private final MatchingTest.RecordingListener listener = new MatchingTest.RecordingListener();
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, 0);
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();

    @Test
    void aPrefixTemplateMatchesLongerTuplesOldestFirstAndAnExactOneDoesNot()
    {
        out(Tuple.of("Animal", "rex", "Dog", 4L));
        out(Tuple.of("Animal", "tom"));
        final Template animals = Template.prefix("Animal", Formal.STRING);

        assertThat(animals.matches(Tuple.of("Animal", "rex", "Dog", 4L))).isTrue();
        assertThat(take(Template.of("Animal", Formal.STRING))).isEqualTo(Tuple.of("Animal", "tom"));
        assertThat(take(animals)).isEqualTo(Tuple.of("Animal", "rex", "Dog", 4L));
        assertThat(take(animals)).isNull();
    }

    @Test
    void aWaitingPrefixTakeIsWokenByALongerTuple()
    {
        final int length = codec.encode(Template.prefix("Animal"), buffer, 0);
        engine.match(1, 1, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, buffer, 0, length, 0);

        out(Tuple.of("Plant", "oak"));
        out(Tuple.of("Animal", "rex", "Dog"));

        assertThat(listener.drain()).contains(MatchingTest.Event.tuple(1, 1, Tuple.of("Animal", "rex", "Dog")));
        assertThat(engine.storedCount()).isOne();
    }

    private void out(final Tuple tuple)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(2, 0, buffer, 0, length);
    }

    private Tuple take(final Template template)
    {
        listener.drain();
        final int length = codec.encode(template, buffer, 0);
        engine.match(2, 0, MatchOperation.TAKE, TupleSpaceEngine.NO_WAIT, buffer, 0, length, 0);
        final MatchingTest.Event event = listener.drain().get(0);
        return MatchingTest.Event.Kind.TUPLE == event.kind() ? (Tuple)event.detail() : null;
    }
}
