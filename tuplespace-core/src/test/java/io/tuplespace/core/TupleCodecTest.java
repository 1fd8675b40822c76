package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.TemplateDecoder;
import io.tuplespace.codecs.TupleDecoder;
import io.tuplespace.codecs.TupleEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class TupleCodecTest
{
    private static final int OFFSET = 7;
    /** Header, tuple block (empty) and the group header. */
    private static final int PREAMBLE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + TupleEncoder.BLOCK_LENGTH +
        TupleEncoder.FieldsEncoder.sbeHeaderSize();
    private static final int FIELD_LENGTH = TupleEncoder.FieldsEncoder.sbeBlockLength() +
        TupleEncoder.FieldsEncoder.valueHeaderLength();

    private final TupleCodec codec = new TupleCodec();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);

    static Stream<Object> fieldValues()
    {
        final byte[] large = new byte[64 * 1024];
        new Random(11).nextBytes(large);
        return Stream.of(
            true, false,
            0, 1, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
            0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, (long)Integer.MAX_VALUE + 1,
            0.0, -0.0, 2.5, Double.NaN, Double.longBitsToDouble(0x7FF8_0000_0000_0001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE,
            "", "task", "na\u00efve \u65e5\u672c \ud83d\ude80", "nul\u0000inside", "\u007f", "\u0080",
            new byte[0], new byte[]{ 0, -1, 127, -128 }, large);
    }

    @ParameterizedTest
    @MethodSource("fieldValues")
    void roundTripsEveryFieldType(final Object value)
    {
        final Tuple tuple = Tuple.of(value);

        final Tuple decoded = roundTrip(tuple);

        assertThat(decoded).isEqualTo(tuple);
        assertThat(decoded.type(0)).isEqualTo(tuple.type(0));
        assertThat(decoded.get(0)).isInstanceOf(value.getClass());
    }

    @Test
    void roundTripsSpecialDoublesBitForBit()
    {
        final Tuple decoded = roundTrip(Tuple.of(-0.0, 0.0, Double.NaN, Double.NEGATIVE_INFINITY));

        assertThat(Double.doubleToRawLongBits(decoded.getDouble(0))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(decoded.getDouble(1))).isZero();
        assertThat(decoded.getDouble(2)).isNaN();
        assertThat(decoded.getDouble(3)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void roundTripsArityOneAndMaxArity()
    {
        final Object[] values = new Object[Fields.MAX_FIELDS];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = switch (i % 6)
            {
                case 0 -> i % 4 == 0;
                case 1 -> i;
                case 2 -> (long)-i;
                case 3 -> i / 3.0;
                case 4 -> "f" + i;
                default -> new byte[]{ (byte)i };
            };
        }

        assertThat(roundTrip(Tuple.of(values))).isEqualTo(Tuple.of(values));
        assertThat(roundTrip(Tuple.of(values)).size()).isEqualTo(255);
        assertThat(roundTrip(Tuple.of(42L))).isEqualTo(Tuple.of(42L));
    }

    @ParameterizedTest
    @MethodSource("fieldValues")
    void decodeValidGivesWhatTheCheckingDecodeGives(final Object value)
    {
        final Tuple tuple = Tuple.of("head", value, 3, -0.5);
        final int written = codec.encode(tuple, buffer, OFFSET);

        final Tuple decoded = codec.decodeValid(buffer, OFFSET);

        assertThat(decoded).isEqualTo(codec.decode(buffer, OFFSET, written)).isEqualTo(tuple);
        assertThat(decoded.type(1)).isEqualTo(tuple.type(1));
    }

    @ParameterizedTest
    @MethodSource("fieldValues")
    void encodedLengthEqualsBytesWritten(final Object value)
    {
        final Tuple tuple = Tuple.of(value, "tail", 3);

        final int written = codec.encode(tuple, buffer, OFFSET);

        assertThat(TupleCodec.encodedLength(tuple)).isEqualTo(written);
        final byte[] bytes = Fields.bytesOf(value);
        assertThat(written).isEqualTo(PREAMBLE_LENGTH + 3 * FIELD_LENGTH + 4 + (null == bytes ? 0 : bytes.length));
    }

    @Test
    void encodesIntoExactlySizedBufferAndDecodesAtOffset()
    {
        final Tuple tuple = Tuple.of("exact", new byte[]{ 1, 2, 3 }, 9L);
        final UnsafeBuffer exact = new UnsafeBuffer(new byte[OFFSET + TupleCodec.encodedLength(tuple)]);

        final int written = codec.encode(tuple, exact, OFFSET);

        assertThat(OFFSET + written).isEqualTo(exact.capacity());
        assertThat(codec.decode(exact, OFFSET, written)).isEqualTo(tuple);
    }

    @Test
    void encodesTemplateFields()
    {
        final Template template = Template.of(
            "task", Formal.LONG, Formal.ANY, -2.5, new byte[]{ 9, 8 }, true, Formal.BYTES, 7);

        final int written = codec.encode(template, buffer, OFFSET);

        final TemplateDecoder decoder = new TemplateDecoder().wrapAndApplyHeader(
            buffer, OFFSET, new io.tuplespace.codecs.MessageHeaderDecoder());
        final TemplateDecoder.FieldsDecoder fields = decoder.fields();
        assertThat(fields.count()).isEqualTo(template.size());
        assertTemplateField(fields.next(), FieldKind.ACTUAL, FieldType.STRING, 0, "task".getBytes());
        assertTemplateField(fields.next(), FieldKind.FORMAL, FieldType.LONG, 0, new byte[0]);
        final TemplateDecoder.FieldsDecoder wildcard = fields.next();
        assertThat(wildcard.kind()).isEqualTo(FieldKind.WILDCARD);
        assertThat(wildcard.valueLength()).isZero();
        wildcard.skipValue();
        assertTemplateField(
            fields.next(), FieldKind.ACTUAL, FieldType.DOUBLE, Double.doubleToLongBits(-2.5), new byte[0]);
        assertTemplateField(fields.next(), FieldKind.ACTUAL, FieldType.BYTES, 0, new byte[]{ 9, 8 });
        assertTemplateField(fields.next(), FieldKind.ACTUAL, FieldType.BOOLEAN, 1, new byte[0]);
        assertTemplateField(fields.next(), FieldKind.FORMAL, FieldType.BYTES, 0, new byte[0]);
        assertTemplateField(fields.next(), FieldKind.ACTUAL, FieldType.INT, 7, new byte[0]);
        assertThat(MessageHeaderEncoder.ENCODED_LENGTH + decoder.encodedLength()).isEqualTo(written);
    }

    @Test
    void encodesMaxArityTemplate()
    {
        final Object[] fields = new Object[Fields.MAX_FIELDS];
        Arrays.fill(fields, Formal.ANY);
        fields[254] = "last";

        final int written = codec.encode(Template.of(fields), buffer, 0);

        final FieldsView view = new FieldsView();
        assertThat(view.wrapTemplate(buffer, 0, written)).isNull();
        assertThat(view.count()).isEqualTo(255);
        assertThat(view.kind(0)).isEqualTo(FieldKind.WILDCARD);
        assertThat(view.kind(254)).isEqualTo(FieldKind.ACTUAL);
        assertThat(view.type(254)).isEqualTo(FieldType.STRING);
    }

    @Test
    void rejectsNullField()
    {
        assertInvalid(() -> Tuple.of("a", null), "field 1", "null");
        assertInvalid(() -> Tuple.of((Object)null), "field 0", "null");
        assertInvalid(() -> Template.of(Formal.ANY, Formal.INT, null), "field 2", "null");
    }

    @Test
    void rejectsUnsupportedTypes()
    {
        assertInvalid(() -> Tuple.of(1, 2.5f), "field 1", "java.lang.Float");
        assertInvalid(() -> Tuple.of(new Object()), "field 0", "java.lang.Object");
        assertInvalid(() -> Tuple.of((short)3), "field 0", "java.lang.Short");
        assertInvalid(() -> Tuple.of('c'), "field 0", "java.lang.Character");
        assertInvalid(() -> Tuple.of((Object)new int[]{ 1 }), "field 0", "[I");
        assertInvalid(() -> Template.of("x", Formal.ANY, 1.5f), "field 2", "java.lang.Float");
        assertInvalid(() -> Template.of(new Object()), "field 0", "java.lang.Object");
    }

    @Test
    void rejectsArityOutsideOneTo255()
    {
        assertInvalid(Tuple::of, "1..255", "got 0");
        assertInvalid(() -> Tuple.of(new Object[256]), "1..255", "got 256");
        assertInvalid(Template::of, "1..255", "got 0");
        final Object[] anys = new Object[256];
        Arrays.fill(anys, Formal.ANY);
        assertInvalid(() -> Template.of(anys), "1..255", "got 256");
        assertThat(Template.of(Arrays.copyOf(anys, 255)).size()).isEqualTo(255);
    }

    @Test
    void rejectsEveryTruncation()
    {
        final byte[] encoded = encode(Tuple.of("task", 7L, new byte[]{ 1, 2, 3 }, 2.5, true, 9));

        for (int length = 0; length < encoded.length; length++)
        {
            final int truncated = length;
            final UnsafeBuffer exact = new UnsafeBuffer(Arrays.copyOf(encoded, truncated));
            assertDecodeFails(() -> codec.decode(exact, 0, truncated), "length " + truncated);
            final UnsafeBuffer whole = new UnsafeBuffer(encoded);
            assertDecodeFails(() -> codec.decode(whole, 0, truncated), "length " + truncated + " of whole buffer");
        }
        assertThat(codec.decode(new UnsafeBuffer(encoded), 0, encoded.length)).isNotNull();
    }

    @Test
    void rejectsTrailingBytes()
    {
        final byte[] encoded = encode(Tuple.of("task", 7L));
        final UnsafeBuffer padded = new UnsafeBuffer(Arrays.copyOf(encoded, encoded.length + 3));

        assertDecodeFails(() -> codec.decode(padded, 0, encoded.length + 1), "trailing");
        assertDecodeFails(() -> codec.decode(padded, 0, encoded.length + 3), "trailing");
    }

    @Test
    void rejectsTemplateEncodingAndForeignTemplateIds()
    {
        final int templateLength = codec.encode(Template.of(Formal.ANY), buffer, 0);
        assertDecodeFails(() -> codec.decode(buffer, 0, templateLength), "template");

        for (final int templateId : new int[]{ 0, 2, 20, 0xFFFF })
        {
            final UnsafeBuffer corrupt = new UnsafeBuffer(encode(Tuple.of(1)));
            corrupt.putShort(2, (short)templateId, TupleDecoder.BYTE_ORDER);
            assertDecodeFails(() -> codec.decode(corrupt, 0, corrupt.capacity()), "templateId " + templateId);
        }
        final UnsafeBuffer wrongSchema = new UnsafeBuffer(encode(Tuple.of(1)));
        wrongSchema.putShort(4, (short)(TupleDecoder.SCHEMA_ID + 1), TupleDecoder.BYTE_ORDER);
        assertDecodeFails(() -> codec.decode(wrongSchema, 0, wrongSchema.capacity()), "schemaId");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 7, 8, 0x7F, 0x80, 0xFF })
    void rejectsUnknownFieldTypeCode(final int code)
    {
        final UnsafeBuffer corrupt = new UnsafeBuffer(encode(Tuple.of("a", 1)));
        corrupt.putByte(fieldOffset(corrupt, 1), (byte)code);

        assertDecodeFails(() -> codec.decode(corrupt, 0, corrupt.capacity()), "type " + code);
    }

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 1000, 0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL })
    void rejectsValueLengthPastTheEnd(final long excess)
    {
        final byte[] encoded = encode(Tuple.of(5, "abc"));
        final UnsafeBuffer corrupt = new UnsafeBuffer(encoded);
        final int lengthOffset = fieldOffset(corrupt, 1) + TupleEncoder.FieldsEncoder.sbeBlockLength();
        corrupt.putInt(lengthOffset, (int)Math.min(3 + excess, 0xFFFF_FFFFL), TupleDecoder.BYTE_ORDER);

        assertDecodeFails(() -> codec.decode(corrupt, 0, corrupt.capacity()), "excess " + excess);
    }

    @Test
    void rejectsInconsistentStructure()
    {
        final byte[] valid = encode(Tuple.of(true, 5, 6L));
        final int groupHeader = MessageHeaderEncoder.ENCODED_LENGTH;

        assertCorruptionRejected(valid, b -> b.putShort(0, (short)0xFFFF, TupleDecoder.BYTE_ORDER), "block length");
        assertCorruptionRejected(valid, b -> b.putShort(groupHeader, (short)8, TupleDecoder.BYTE_ORDER), "entry");
        assertCorruptionRejected(valid, b -> b.putShort(groupHeader, (short)0xFFFF, TupleDecoder.BYTE_ORDER), "entry");
        assertCorruptionRejected(valid, b -> b.putShort(groupHeader + 2, (short)0, TupleDecoder.BYTE_ORDER), "arity");
        assertCorruptionRejected(valid, b -> b.putShort(groupHeader + 2, (short)4, TupleDecoder.BYTE_ORDER), "arity");
        assertCorruptionRejected(valid, b -> b.putShort(groupHeader + 2, (short)256, TupleDecoder.BYTE_ORDER), "256");
        assertCorruptionRejected(valid, b -> b.putLong(fieldOffset(b, 0) + 1, 2L, TupleDecoder.BYTE_ORDER), "bool");
        assertCorruptionRejected(
            valid, b -> b.putLong(fieldOffset(b, 1) + 1, 1L << 31, TupleDecoder.BYTE_ORDER), "int");
    }

    @Test
    void rejectsNumericFieldCarryingValueBytes()
    {
        final ExpandableArrayBuffer raw = new ExpandableArrayBuffer(64);
        final TupleEncoder encoder = new TupleEncoder().wrapAndApplyHeader(raw, 0, new MessageHeaderEncoder());
        encoder.fieldsCount(1).next().fieldType(FieldType.LONG).numeric(1L).putValue(new byte[]{ 1 }, 0, 1);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();

        assertDecodeFails(() -> codec.decode(raw, 0, length), "value bytes");
    }

    @Test
    void everySingleByteCorruptionDecodesOrThrowsInvalidTupleException()
    {
        final byte[] encoded = encode(Tuple.of("s\u00e9", 7L, new byte[]{ 1, 2 }, -0.0, false, 3));

        for (int index = 0; index < encoded.length; index++)
        {
            for (int value = 0; value < 256; value++)
            {
                final byte[] corrupt = encoded.clone();
                corrupt[index] = (byte)value;
                final Throwable thrown = catchThrowable(
                    () -> codec.decode(new UnsafeBuffer(corrupt), 0, corrupt.length));
                if (null != thrown)
                {
                    assertThat(thrown).as("byte %d set to %d", index, value).isExactlyInstanceOf(
                        InvalidTupleException.class);
                }
            }
        }
    }

    @Test
    void randomBytesDecodeOrThrowInvalidTupleException()
    {
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final byte[] prefix = encode(Tuple.of(1));
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length >= 8)
            {
                System.arraycopy(prefix, 0, bytes, 0, 8);
            }
            final Throwable thrown = catchThrowable(() -> codec.decode(new UnsafeBuffer(bytes), 0, bytes.length));
            if (null != thrown)
            {
                assertThat(thrown).as("seed=%d iteration=%d bytes=%s", seed, i, Arrays.toString(bytes))
                    .isExactlyInstanceOf(InvalidTupleException.class);
            }
        }
    }

    @Test
    void stringWithUnpairedSurrogateIsRejected()
    {
        assertThatThrownBy(() -> Tuple.of("a\uD800")).isInstanceOf(InvalidTupleException.class);
        assertThat(roundTrip(Tuple.of("a\uD83D\uDE00")).getString(0)).isEqualTo("a\uD83D\uDE00");
    }

    private Tuple roundTrip(final Tuple tuple)
    {
        final int written = codec.encode(tuple, buffer, OFFSET);
        return codec.decode(buffer, OFFSET, written);
    }

    private byte[] encode(final Tuple tuple)
    {
        final int written = codec.encode(tuple, buffer, 0);
        final byte[] bytes = new byte[written];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    /**
     * Offset of the fixed block of field {@code index}, walking the var data of the fields before it.
     */
    private static int fieldOffset(final org.agrona.DirectBuffer encoded, final int index)
    {
        int position = PREAMBLE_LENGTH;
        for (int i = 0; i < index; i++)
        {
            position += TupleEncoder.FieldsEncoder.sbeBlockLength();
            position += TupleEncoder.FieldsEncoder.valueHeaderLength() +
                encoded.getInt(position, TupleDecoder.BYTE_ORDER);
        }
        return position;
    }

    private interface Corruption
    {
        void apply(UnsafeBuffer buffer);
    }

    private void assertCorruptionRejected(final byte[] valid, final Corruption corruption, final String what)
    {
        final UnsafeBuffer corrupt = new UnsafeBuffer(valid.clone());
        corruption.apply(corrupt);
        assertDecodeFails(() -> codec.decode(corrupt, 0, corrupt.capacity()), what);
    }

    private static void assertDecodeFails(final Runnable decode, final String what)
    {
        final Throwable thrown = catchThrowable(decode::run);
        assertThat(thrown).as(what).isExactlyInstanceOf(InvalidTupleException.class);
        assertThat(thrown.getMessage()).as(what).isNotBlank();
    }

    private static void assertInvalid(final Runnable build, final String... messageParts)
    {
        assertThatThrownBy(build::run).isExactlyInstanceOf(InvalidTupleException.class)
            .hasMessageContainingAll(messageParts);
    }

    private static void assertTemplateField(
        final TemplateDecoder.FieldsDecoder field,
        final FieldKind kind,
        final FieldType type,
        final long numeric,
        final byte[] value)
    {
        assertThat(field.kind()).isEqualTo(kind);
        assertThat(field.fieldType()).isEqualTo(type);
        assertThat(field.numeric()).isEqualTo(numeric);
        final byte[] decoded = new byte[field.valueLength()];
        field.getValue(decoded, 0, decoded.length);
        assertThat(decoded).isEqualTo(value);
    }

    @Test
    void decodingOneTupleAfterAnotherGivesEachItsOwnValuesAndTypes()
    {
        final Tuple[] tuples = {
            Tuple.of("job", 1L, "x".repeat(70)), Tuple.of("jab", 2L, "x".repeat(70)), Tuple.of("job", 3, "y"),
            Tuple.of("job", 3, "y"), Tuple.of("na\u00efve", 4L), Tuple.of("na\u00efvf", 4L), Tuple.of("", 5L),
            Tuple.of("job", 1L, "x".repeat(69) + "z")};
        for (final Tuple tuple : tuples)
        {
            final int length = codec.encode(tuple, buffer, OFFSET);
            assertThat(codec.decodeValid(buffer, OFFSET)).isEqualTo(tuple);
            assertThat(codec.decode(buffer, OFFSET, length)).isEqualTo(tuple);
        }
        codec.encode(Tuple.of(9, "job", 9), buffer, OFFSET);
        final Tuple shifted = codec.decodeValid(buffer, OFFSET);
        assertThat(shifted.type(0)).isEqualTo(FieldType.INT);
        assertThat(shifted.getString(1)).isEqualTo("job");
    }
}
