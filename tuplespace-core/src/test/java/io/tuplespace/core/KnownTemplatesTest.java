package io.tuplespace.core;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template is found again only by exactly its bytes, wherever they lie, and its kept view matches what a view of
 * the template just validated matches.
 */
class KnownTemplatesTest
{
    private static final Template TEMPLATE = Template.of("job", Formal.LONG, Formal.ANY);
    private static final List<Tuple> TUPLES = List.of(
        Tuple.of("job", 1L, 2.5), Tuple.of("job", 1L, "x"), Tuple.of("job", 1, 2.5), Tuple.of("jab", 1L, 2.5),
        Tuple.of("job", 1L));

    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final KnownTemplates known = new KnownTemplates();

    @Test
    void aTemplateSentAgainIsFoundWhereverItLiesAndMatchesAsValidated()
    {
        final int length = codec.encode(TEMPLATE, buffer, 8);
        assertThat(known.find(buffer, 8, length)).isNull();
        assertThat(known.keep(buffer, 8, length)).isNotNull();
        codec.encode(TEMPLATE, buffer, 501);

        final FieldsView found = known.find(buffer, 501, length);

        final FieldsView validated = new FieldsView();
        assertThat(validated.wrapTemplate(buffer, 501, length)).isNull();
        assertThat(found).isNotNull();
        final FieldsView tuple = new FieldsView();
        final ExpandableArrayBuffer tupleBuffer = new ExpandableArrayBuffer();
        for (final Tuple candidate : TUPLES)
        {
            final int tupleLength = codec.encode(candidate, tupleBuffer, 0);
            assertThat(tuple.wrapTuple(tupleBuffer, 0, tupleLength)).isNull();
            assertThat(Matcher.matches(found, tuple)).as("%s", candidate)
                .isEqualTo(Matcher.matches(validated, tuple));
        }
    }

    @Test
    void aTemplateDifferingInAnyByteOrInLengthIsNotFound()
    {
        final int length = codec.encode(TEMPLATE, buffer, 0);
        known.keep(buffer, 0, length);
        buffer.putBytes(100, buffer, 0, length);

        for (int i = 0; i < length; i++)
        {
            buffer.putByte(100 + i, (byte)(buffer.getByte(100 + i) ^ 1));
            assertThat(known.find(buffer, 100, length)).as("byte %d changed", i).isNull();
            buffer.putByte(100 + i, (byte)(buffer.getByte(100 + i) ^ 1));
        }
        assertThat(known.find(buffer, 100, length)).isNotNull();
        assertThat(known.find(buffer, 100, length - 1)).isNull();
    }

    @Test
    void aNewTemplateReplacesTheOneKeptLongest()
    {
        final int[] offsets = new int[KnownTemplates.CAPACITY + 1];
        final int[] lengths = new int[offsets.length];
        for (int i = 0; i < offsets.length; i++)
        {
            offsets[i] = i * 200;
            lengths[i] = codec.encode(Template.of("job", (long)i), buffer, offsets[i]);
            known.keep(buffer, offsets[i], lengths[i]);
        }

        assertThat(known.find(buffer, offsets[0], lengths[0])).isNull();
        for (int i = 1; i < offsets.length; i++)
        {
            assertThat(known.find(buffer, offsets[i], lengths[i])).as("template %d", i).isNotNull();
        }
    }

    @Test
    void aTemplateLongerThanTheLimitIsNotKept()
    {
        final int length = codec.encode(Template.of("x".repeat(KnownTemplates.MAX_LENGTH)), buffer, 0);

        assertThat(known.keep(buffer, 0, length)).isNull();
        assertThat(known.find(buffer, 0, length)).isNull();
    }
}
