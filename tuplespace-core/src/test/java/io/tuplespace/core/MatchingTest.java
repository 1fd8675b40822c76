package io.tuplespace.core;

import io.tuplespace.codecs.ErrorCode;
import io.tuplespace.codecs.MatchOperation;
import io.tuplespace.codecs.NoMatchReason;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The matching rule, checked through the engine (out, then rdp and inp) and through {@link Template#matches}, on
 * the same table of cases, so the two implementations cannot drift apart.
 */
class MatchingTest
{
    private static final long SESSION = 3;

    /** One sample value per builtin type, in {@link Formal} order. */
    private static final Object[] SAMPLES = { true, 7, 7L, 7.0, "7", new byte[]{ 7 } };
    private static final Formal[] TYPED_FORMALS =
        { Formal.BOOLEAN, Formal.INT, Formal.LONG, Formal.DOUBLE, Formal.STRING, Formal.BYTES };

    private final RecordingListener listener = new RecordingListener();
    private final TupleSpaceEngine engine = new TupleSpaceEngine(listener, 0);
    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    static Stream<Arguments> cases()
    {
        final List<Arguments> cases = new ArrayList<>();
        // actual values, per type
        cases.add(arguments(Tuple.of(true), Template.of(true), true));
        cases.add(arguments(Tuple.of(false), Template.of(false), true));
        cases.add(arguments(Tuple.of(true), Template.of(false), false));
        cases.add(arguments(Tuple.of(7), Template.of(7), true));
        cases.add(arguments(Tuple.of(7), Template.of(8), false));
        cases.add(arguments(Tuple.of(Integer.MIN_VALUE), Template.of(Integer.MIN_VALUE), true));
        cases.add(arguments(Tuple.of(-1), Template.of(Integer.MAX_VALUE), false));
        cases.add(arguments(Tuple.of(7L), Template.of(7L), true));
        cases.add(arguments(Tuple.of(7L), Template.of(8L), false));
        cases.add(arguments(Tuple.of(Long.MIN_VALUE), Template.of(Long.MAX_VALUE), false));
        cases.add(arguments(Tuple.of(2.5), Template.of(2.5), true));
        cases.add(arguments(Tuple.of(2.5), Template.of(2.5000000000000004), false));
        cases.add(arguments(Tuple.of(Double.NaN), Template.of(Double.NaN), true));
        cases.add(arguments(Tuple.of(Double.longBitsToDouble(0x7FF0_0000_0000_0001L)), Template.of(Double.NaN), true));
        cases.add(arguments(Tuple.of(Double.NaN), Template.of(Double.POSITIVE_INFINITY), false));
        cases.add(arguments(Tuple.of(0.0), Template.of(-0.0), false));
        cases.add(arguments(Tuple.of(-0.0), Template.of(0.0), false));
        cases.add(arguments(Tuple.of(-0.0), Template.of(-0.0), true));
        cases.add(arguments(Tuple.of(Double.NEGATIVE_INFINITY), Template.of(Double.NEGATIVE_INFINITY), true));
        cases.add(arguments(Tuple.of("task"), Template.of(new String("task")), true));
        cases.add(arguments(Tuple.of("task"), Template.of("Task"), false));
        cases.add(arguments(Tuple.of("task"), Template.of("tas"), false));
        cases.add(arguments(Tuple.of("tas"), Template.of("task"), false));
        cases.add(arguments(Tuple.of(""), Template.of(""), true));
        cases.add(arguments(Tuple.of(""), Template.of(" "), false));
        final String nonAscii = "\u65e5\u672c \u00e9 \ud83d\ude80";
        cases.add(arguments(Tuple.of(nonAscii), Template.of(new String(nonAscii.toCharArray())), true));
        cases.add(arguments(Tuple.of("\u00e9"), Template.of("e\u0301"), false));
        cases.add(arguments(Tuple.of(new byte[]{ 1, 2, 3 }), Template.of(new byte[]{ 1, 2, 3 }), true));
        cases.add(arguments(Tuple.of(new byte[]{ 1, 2, 3 }), Template.of(new byte[]{ 1, 2, 4 }), false));
        cases.add(arguments(Tuple.of(new byte[]{ 1, 2, 3 }), Template.of(new byte[]{ 1, 2 }), false));
        cases.add(arguments(Tuple.of(new byte[0]), Template.of(new byte[0]), true));
        cases.add(arguments(Tuple.of(new byte[0]), Template.of(new byte[]{ 0 }), false));
        cases.add(arguments(Tuple.of(filled(64, 0)), Template.of(filled(64, 0)), true));
        cases.add(arguments(Tuple.of(filled(64, 0)), Template.of(filled(64, 63)), false));
        cases.add(arguments(Tuple.of(filled(13, 0)), Template.of(filled(13, 9)), false));
        cases.add(arguments(Tuple.of(filled(13, 0)), Template.of(filled(13, 2)), false));
        // same number or content, different type
        cases.add(arguments(Tuple.of(7), Template.of(7L), false));
        cases.add(arguments(Tuple.of(7L), Template.of(7), false));
        cases.add(arguments(Tuple.of(7.0), Template.of(7L), false));
        cases.add(arguments(Tuple.of(1), Template.of(true), false));
        cases.add(arguments(Tuple.of(0L), Template.of(0.0), false));
        cases.add(arguments(Tuple.of("abc"), Template.of("abc".getBytes()), false));
        cases.add(arguments(Tuple.of(new byte[0]), Template.of(""), false));
        // formals and the wildcard: every type against every typed formal, and against ANY
        for (int t = 0; t < SAMPLES.length; t++)
        {
            for (int f = 0; f < TYPED_FORMALS.length; f++)
            {
                cases.add(arguments(Tuple.of(SAMPLES[t]), Template.of(TYPED_FORMALS[f]), t == f));
            }
            cases.add(arguments(Tuple.of(SAMPLES[t]), Template.of(Formal.ANY), true));
            cases.add(arguments(Tuple.of("x", SAMPLES[t]), Template.of("x", Formal.ANY), true));
            cases.add(arguments(Tuple.of("y", SAMPLES[t]), Template.of("x", Formal.ANY), false));
        }
        // arity
        cases.add(arguments(Tuple.of(1, 2), Template.of(Formal.ANY), false));
        cases.add(arguments(Tuple.of(1), Template.of(Formal.ANY, Formal.ANY), false));
        cases.add(arguments(Tuple.of(1, 2), Template.of(Formal.ANY, Formal.ANY, Formal.ANY), false));
        cases.add(arguments(Tuple.of(1, 2), Template.of(1, 2), true));
        cases.add(arguments(Tuple.of(1, 2), Template.of(2, 1), false));
        cases.add(arguments(max(-1, "last"), maxTemplate("last"), true));
        cases.add(arguments(max(-1, "lasT"), maxTemplate("last"), false));
        cases.add(arguments(max(100, 0.5), maxTemplate(Formal.STRING), false));
        // mixed templates
        cases.add(arguments(Tuple.of("task", 7L, 2.5), Template.of("task", Formal.LONG, Formal.ANY), true));
        cases.add(arguments(Tuple.of("task", 7, 2.5), Template.of("task", Formal.LONG, Formal.ANY), false));
        cases.add(arguments(Tuple.of("task", 7L, "x"), Template.of("task", 7L, Formal.ANY), true));
        cases.add(arguments(Tuple.of("task", 7L, "x"), Template.of("task", 7L, Formal.DOUBLE), false));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("cases")
    void engineMatchesAsExpected(final Tuple tuple, final Template template, final boolean expected)
    {
        out(tuple);
        assertThat(listener.drain()).containsExactly(Event.outAccepted(SESSION, 0));

        match(1, MatchOperation.READ, template);
        match(2, MatchOperation.TAKE, template);
        match(3, MatchOperation.TAKE, template);

        if (expected)
        {
            assertThat(listener.drain()).containsExactly(
                Event.tuple(SESSION, 1, tuple),
                Event.tuple(SESSION, 2, tuple),
                Event.noMatch(SESSION, 3, NoMatchReason.EMPTY));
            assertThat(engine.storedCount()).isZero();
        }
        else
        {
            assertThat(listener.drain()).containsExactly(
                Event.noMatch(SESSION, 1, NoMatchReason.EMPTY),
                Event.noMatch(SESSION, 2, NoMatchReason.EMPTY),
                Event.noMatch(SESSION, 3, NoMatchReason.EMPTY));
            assertThat(engine.storedCount()).isOne();
        }
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("cases")
    void waitingTemplateMatchesAsExpected(final Tuple tuple, final Template template, final boolean expected)
    {
        final int length = codec.encode(template, buffer, 0);
        engine.match(SESSION, 1, MatchOperation.TAKE, TupleSpaceEngine.WAIT_FOREVER, buffer, 0, length, 0);

        out(tuple);

        assertThat(listener.drain()).containsExactly(expected ?
            new Event[]{ Event.tuple(SESSION, 1, tuple), Event.outAccepted(SESSION, 0) } :
            new Event[]{ Event.outAccepted(SESSION, 0) });
        assertThat(engine.waitingCount()).isEqualTo(expected ? 0 : 1);
        assertThat(engine.storedCount()).isEqualTo(expected ? 0 : 1);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("cases")
    void templateMatchesAgreesWithEngine(final Tuple tuple, final Template template, final boolean expected)
    {
        assertThat(template.matches(tuple)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @MethodSource("cases")
    void matchingAStoredTupleInPlaceAgreesWithTheRule(final Tuple tuple, final Template template, final boolean expected)
    {
        final FieldsView tupleView = wrappedTuple(tuple);
        final FieldsView templateView = wrappedTemplate(template);
        final Signature signature = new Signature(0, tupleView);
        // The engine asks only of signatures of the template's arity (or longer, for a prefix template) that admit
        // it; no other can hold a match.
        final boolean isArityAsked = templateView.isPrefix() ?
            templateView.count() <= signature.arity() : templateView.count() == signature.arity();
        if (!isArityAsked || !signature.admits(templateView))
        {
            assertThat(expected).isFalse();
            return;
        }
        assertThat(Matcher.matchesStored(templateView, signature, tupleView.buffer(), 0)).isEqualTo(expected);
    }

    @Test
    void aStoredTupleOfAnotherSignatureNeverMatchesInPlaceThoughItsActualFieldsAreEqual()
    {
        final FieldsView template = wrappedTemplate(Template.of("k", Formal.DOUBLE));
        final Signature doubles = new Signature(0, wrappedTuple(Tuple.of("k", 7.0)));
        final FieldsView longTuple = wrappedTuple(Tuple.of("k", 7L));
        final FieldsView longerTuple = wrappedTuple(Tuple.of("k", 7.0, 1));

        assertThat(Matcher.matchesStored(template, doubles, longTuple.buffer(), 0)).isFalse();
        assertThat(Matcher.matchesStored(template, doubles, longerTuple.buffer(), 0)).isFalse();
        assertThat(Matcher.matchesStored(
            template, doubles, wrappedTuple(Tuple.of("k", 8.5)).buffer(), 0)).isTrue();
    }

    @Test
    void engineFindsTheMatchAmongOthersOfOtherTypes()
    {
        for (final Object sample : SAMPLES)
        {
            out(Tuple.of("k", sample));
        }
        listener.drain();

        for (int i = 0; i < TYPED_FORMALS.length; i++)
        {
            match(i, MatchOperation.TAKE, Template.of("k", TYPED_FORMALS[i]));
        }

        assertThat(listener.drain()).containsExactly(
            Event.tuple(SESSION, 0, Tuple.of("k", true)),
            Event.tuple(SESSION, 1, Tuple.of("k", 7)),
            Event.tuple(SESSION, 2, Tuple.of("k", 7L)),
            Event.tuple(SESSION, 3, Tuple.of("k", 7.0)),
            Event.tuple(SESSION, 4, Tuple.of("k", "7")),
            Event.tuple(SESSION, 5, Tuple.of("k", new byte[]{ 7 })));
        assertThat(engine.storedCount()).isZero();
    }

    @Test
    void stringsWithAnUnpairedSurrogateAreRejectedSoUtf8MatchingNeverDiffersFromJava()
    {
        assertThatThrownBy(() -> Tuple.of("\uD800")).isInstanceOf(InvalidTupleException.class)
            .hasMessageContaining("unpaired surrogate");
        assertThatThrownBy(() -> Template.of("a\uDC00")).isInstanceOf(InvalidTupleException.class)
            .hasMessageContaining("unpaired surrogate");
        assertThat(Tuple.of("\uD83D\uDE00").getString(0)).isEqualTo("\uD83D\uDE00");
    }

    private void out(final Tuple tuple)
    {
        final int length = codec.encode(tuple, buffer, 0);
        engine.out(SESSION, 0, buffer, 0, length);
    }

    private void match(final long correlationId, final MatchOperation operation, final Template template)
    {
        final int length = codec.encode(template, buffer, 0);
        engine.match(SESSION, correlationId, operation, TupleSpaceEngine.NO_WAIT, buffer, 0, length, 0);
    }

    private static byte[] filled(final int length, final int differingIndex)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)0x5A);
        bytes[differingIndex] = (byte)(differingIndex == 0 ? 0x5A : 0x5B);
        return bytes;
    }

    private static Tuple max(final int differingIndex, final Object differingValue)
    {
        final Object[] values = new Object[Fields.MAX_FIELDS];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = i;
        }
        values[differingIndex < 0 ? values.length - 1 : differingIndex] = differingValue;
        return Tuple.of(values);
    }

    private static Template maxTemplate(final Object last)
    {
        final Object[] fields = new Object[Fields.MAX_FIELDS];
        Arrays.fill(fields, Formal.ANY);
        fields[0] = 0;
        fields[1] = Formal.INT;
        fields[fields.length - 1] = last;
        return Template.of(fields);
    }

    /**
     * What a {@link TupleSpaceEngine} reported, with tuples decoded so that they compare by value. Shared with
     * {@link TupleSpaceEngineTest}.
     */
    record Event(Kind kind, long sessionId, long correlationId, Object detail)
    {
        enum Kind
        {
            OUT_ACCEPTED, LEASE, TRANSACTION, REGISTRATION, EVENT, TUPLE, REFUSED, NO_MATCH, ERROR
        }

        static Event outAccepted(final long sessionId, final long correlationId)
        {
            return new Event(Kind.OUT_ACCEPTED, sessionId, correlationId, null);
        }

        static Event lease(final long sessionId, final long correlationId, final long leaseId, final long grantedMs)
        {
            return new Event(Kind.LEASE, sessionId, correlationId, List.of(leaseId, grantedMs));
        }

        static Event transaction(
            final long sessionId, final long correlationId, final long transactionId, final long grantedMs)
        {
            return new Event(Kind.TRANSACTION, sessionId, correlationId, List.of(transactionId, grantedMs));
        }

        static Event registration(
            final long sessionId, final long correlationId, final long registrationId, final long grantedMs)
        {
            return new Event(Kind.REGISTRATION, sessionId, correlationId, List.of(registrationId, grantedMs));
        }

        static Event event(final long sessionId, final long registrationId, final long sequence, final Tuple tuple)
        {
            return new Event(Kind.EVENT, sessionId, registrationId, List.of(sequence, tuple));
        }

        static Event tuple(final long sessionId, final long correlationId, final Tuple tuple)
        {
            return new Event(Kind.TUPLE, sessionId, correlationId, tuple);
        }

        static Event refused(final long sessionId, final long correlationId, final Tuple tuple)
        {
            return new Event(Kind.REFUSED, sessionId, correlationId, tuple);
        }

        static Event noMatch(final long sessionId, final long correlationId, final NoMatchReason reason)
        {
            return new Event(Kind.NO_MATCH, sessionId, correlationId, reason);
        }

        static Event error(final long sessionId, final long correlationId, final ErrorCode code)
        {
            return new Event(Kind.ERROR, sessionId, correlationId, code);
        }
    }

    /**
     * Records every result; {@link #onTuple} refuses delivery to the sessions in {@link #refusingSessions}.
     */
    static final class RecordingListener implements ResponseListener
    {
        final Set<Long> refusingSessions = new HashSet<>();
        final List<String> errorMessages = new ArrayList<>();
        private final List<Event> events = new ArrayList<>();
        private final TupleCodec codec = new TupleCodec();

        public void onOutAccepted(final long sessionId, final long correlationId)
        {
            events.add(Event.outAccepted(sessionId, correlationId));
        }

        public void onLease(final long sessionId, final long correlationId, final long leaseId, final long grantedMs)
        {
            events.add(Event.lease(sessionId, correlationId, leaseId, grantedMs));
        }

        public void onTransaction(
            final long sessionId, final long correlationId, final long transactionId, final long grantedMs)
        {
            events.add(Event.transaction(sessionId, correlationId, transactionId, grantedMs));
        }

        public void onRegistration(
            final long sessionId, final long correlationId, final long registrationId, final long grantedMs)
        {
            events.add(Event.registration(sessionId, correlationId, registrationId, grantedMs));
        }

        public void onEvent(
            final long sessionId,
            final long registrationId,
            final long sequenceNumber,
            final DirectBuffer tuple,
            final int offset,
            final int length)
        {
            events.add(Event.event(sessionId, registrationId, sequenceNumber, codec.decode(tuple, offset, length)));
        }

        public boolean onTuple(
            final long sessionId,
            final long correlationId,
            final DirectBuffer tuple,
            final int offset,
            final int length)
        {
            final Tuple decoded = codec.decode(tuple, offset, length);
            final boolean accepted = !refusingSessions.contains(sessionId);
            events.add(accepted ?
                Event.tuple(sessionId, correlationId, decoded) : Event.refused(sessionId, correlationId, decoded));
            return accepted;
        }

        public boolean onTuples(final long sessionId, final long correlationId, final TupleBatch tuples)
        {
            boolean accepted = true;
            for (int i = 0; i < tuples.count(); i++)
            {
                accepted = onTuple(sessionId, correlationId, tuples.buffer(i), tuples.offset(i), tuples.length(i));
            }
            return accepted;
        }

        public void onNoMatch(final long sessionId, final long correlationId, final NoMatchReason reason)
        {
            events.add(Event.noMatch(sessionId, correlationId, reason));
        }

        public void onError(final long sessionId, final long correlationId, final ErrorCode code, final String message)
        {
            events.add(Event.error(sessionId, correlationId, code));
            errorMessages.add(message);
        }

        List<Event> drain()
        {
            final List<Event> drained = new ArrayList<>(events);
            events.clear();
            return drained;
        }
    }

    private static FieldsView wrappedTuple(final Tuple tuple)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = new TupleCodec().encode(tuple, buffer, 0);
        final FieldsView view = new FieldsView();
        assertThat(view.wrapTuple(buffer, 0, length)).isNull();
        return view;
    }

    private static FieldsView wrappedTemplate(final Template template)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = new TupleCodec().encode(template, buffer, 0);
        final FieldsView view = new FieldsView();
        assertThat(view.wrapTemplate(buffer, 0, length)).isNull();
        return view;
    }
}
