package io.tuplespace.core;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wraps that skip validation, for encodings validated before they were kept, see exactly what the validating
 * wraps see.
 */
class FieldsViewTest
{
    private static final int OFFSET = 24;

    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
    private final FieldsView validated = new FieldsView();
    private final FieldsView trusted = new FieldsView();

    static Stream<Tuple> tuples()
    {
        return Stream.of(
            Tuple.of("job", 42L, 2.5),
            Tuple.of(true, 7, -1L, Double.NaN, "na\u00efve", new byte[]{ 1, 2, 3 }),
            Tuple.of(""),
            Tuple.of(new byte[0], "tail"));
    }

    static Stream<Template> templates()
    {
        return Stream.of(
            Template.of("job", Formal.LONG, Formal.DOUBLE),
            Template.of(Formal.ANY, 7, Formal.STRING, new byte[]{ 9 }, Formal.ANY),
            Template.prefix("job", Formal.ANY),
            Template.of(Formal.BOOLEAN),
            Template.of(true, 1, 2L, 0.5, "x", new byte[0]));
    }

    @ParameterizedTest
    @MethodSource("tuples")
    void aStoredTupleWrapsAsItValidated(final Tuple tuple)
    {
        final int length = codec.encode(tuple, buffer, OFFSET);

        assertThat(validated.wrapTuple(buffer, OFFSET, length)).isNull();
        trusted.wrapStoredTuple(buffer, OFFSET);

        assertSameView(trusted, validated);
        assertThat(FieldsView.countOfValidTuple(buffer, OFFSET)).isEqualTo(tuple.size());
    }

    @ParameterizedTest
    @MethodSource("templates")
    void aKeptTemplateWrapsAsItValidated(final Template template)
    {
        final int length = codec.encode(template, buffer, OFFSET);

        assertThat(validated.wrapTemplate(buffer, OFFSET, length)).isNull();
        trusted.wrapValidTemplate(buffer, OFFSET);

        assertSameView(trusted, validated);
    }

    /**
     * Assert that two views see the same fields at the same places.
     */
    static void assertSameView(final FieldsView actual, final FieldsView expected)
    {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.isPrefix()).isEqualTo(expected.isPrefix());
        for (int i = 0; i < expected.count(); i++)
        {
            assertThat(actual.kind(i)).as("kind of field %d", i).isEqualTo(expected.kind(i));
            assertThat(actual.type(i)).as("type of field %d", i).isEqualTo(expected.type(i));
            assertThat(actual.typeCode(i)).as("type code of field %d", i).isEqualTo(expected.typeCode(i));
            assertThat(actual.numeric(i)).as("numeric of field %d", i).isEqualTo(expected.numeric(i));
            assertThat(actual.valueOffset(i)).as("value offset of field %d", i).isEqualTo(expected.valueOffset(i));
            assertThat(actual.valueLength(i)).as("value length of field %d", i).isEqualTo(expected.valueLength(i));
        }
    }
}
