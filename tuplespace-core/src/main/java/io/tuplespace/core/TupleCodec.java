package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;
import io.tuplespace.codecs.MessageHeaderEncoder;
import io.tuplespace.codecs.TemplateEncoder;
import io.tuplespace.codecs.TupleEncoder;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * Encodes {@link Tuple}s and {@link Template}s into their SBE form (a {@code Tuple} or {@code Template} message,
 * header included) and decodes tuples back.
 * <p>
 * Not thread-safe: it holds reusable flyweights. Use one per thread.
 */
public final class TupleCodec
{
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final TupleEncoder tupleEncoder = new TupleEncoder();
    private final TemplateEncoder templateEncoder = new TemplateEncoder();
    private static final ThreadLocal<TupleCodec> THREAD_CODEC = ThreadLocal.withInitial(TupleCodec::new);

    private static final int KEPT_STRING_FIELDS = 8;
    private static final int KEPT_STRING_MAX_LENGTH = 64;

    private final FieldsView view = new FieldsView();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
    private final String[] lastStrings = new String[KEPT_STRING_FIELDS];
    private final byte[][] lastStringBytes = new byte[KEPT_STRING_FIELDS][];
    private FieldType[] lastTypes;
    private SegmentResolver segmentResolver = TupleCodec::unmapped;

    /**
     * @param segmentResolver maps the segment references found by {@link #decode}; by default they decode as
     *                        {@link SharedBytes#unavailable unavailable} shared bytes.
     * @return this.
     */
    public TupleCodec segmentResolver(final SegmentResolver segmentResolver)
    {
        this.segmentResolver = segmentResolver;
        return this;
    }

    /**
     * The encoded length of a tuple, to size a buffer before {@link #encode(Tuple, MutableDirectBuffer, int)}.
     *
     * @param tuple to measure.
     * @return bytes needed, header included.
     */
    public static int encodedLength(final Tuple tuple)
    {
        int length = MessageHeaderEncoder.ENCODED_LENGTH + TupleEncoder.BLOCK_LENGTH +
            TupleEncoder.FieldsEncoder.sbeHeaderSize();
        for (int i = 0; i < tuple.size(); i++)
        {
            length += TupleEncoder.FieldsEncoder.sbeBlockLength() + TupleEncoder.FieldsEncoder.valueHeaderLength() +
                Fields.bytesLengthOf(tuple.get(i));
        }
        return length;
    }

    /**
     * Encode a tuple.
     *
     * @param tuple  to encode.
     * @param buffer to write into; must have room for {@link #encodedLength(Tuple)} bytes.
     * @param offset at which to write.
     * @return the number of bytes written.
     */
    public int encode(final Tuple tuple, final MutableDirectBuffer buffer, final int offset)
    {
        tupleEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder);
        final TupleEncoder.FieldsEncoder fields = tupleEncoder.fieldsCount(tuple.size());
        for (int i = 0; i < tuple.size(); i++)
        {
            final Object value = tuple.get(i);
            fields.next().fieldType(tuple.type(i)).numeric(Fields.numericOf(value));
            final byte[] bytes = Fields.bytesOf(value);
            if (null == bytes)
            {
                fields.putValue(buffer, 0, 0);
            }
            else
            {
                fields.putValue(bytes, 0, bytes.length);
            }
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + tupleEncoder.encodedLength();
    }

    /**
     * Encode a template.
     *
     * @param template to encode.
     * @param buffer   to write into.
     * @param offset   at which to write.
     * @return the number of bytes written.
     */
    public int encode(final Template template, final MutableDirectBuffer buffer, final int offset)
    {
        templateEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .matchPrefix((short)(template.isPrefix() ? 1 : 0));
        final TemplateEncoder.FieldsEncoder fields = templateEncoder.fieldsCount(template.size());
        for (int i = 0; i < template.size(); i++)
        {
            final FieldKind kind = template.kind(i);
            final Object value = template.get(i);
            fields.next()
                .kind(kind)
                .fieldType(FieldKind.WILDCARD == kind ? FieldType.BOOLEAN : template.type(i))
                .numeric(FieldKind.ACTUAL == kind ? Fields.numericOf(value) : 0);
            final byte[] bytes = FieldKind.ACTUAL == kind ? Fields.bytesOf(value) : null;
            if (null == bytes)
            {
                fields.putValue(buffer, 0, 0);
            }
            else
            {
                fields.putValue(bytes, 0, bytes.length);
            }
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + templateEncoder.encodedLength();
    }

    /**
     * Encode a template into a new array, with a codec of the calling thread's own.
     *
     * @param template to encode.
     * @return its encoding.
     */
    static byte[] encodeToArray(final Template template)
    {
        final TupleCodec codec = THREAD_CODEC.get();
        final int length = codec.encode(template, codec.scratch, 0);
        final byte[] encoding = new byte[length];
        codec.scratch.getBytes(0, encoding);
        return encoding;
    }

    /**
     * Decode a tuple, checking every length against the buffer.
     *
     * @param buffer holding an encoded Tuple message.
     * @param offset of its header.
     * @param length of the encoded tuple.
     * @return the tuple.
     * @throws InvalidTupleException if the bytes are not a valid encoded tuple.
     */
    public Tuple decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final String error = view.wrapTuple(buffer, offset, length);
        if (null != error)
        {
            throw new InvalidTupleException(error);
        }
        return decodeWrapped(buffer);
    }

    /**
     * Decode a tuple that was checked when it was written, such as one a server sends back: its values are read
     * without being checked again (a client's handshake has matched its protocol version to the server's).
     *
     * @param buffer holding a valid encoded Tuple message.
     * @param offset of its header.
     * @return the tuple.
     */
    public Tuple decodeValid(final DirectBuffer buffer, final int offset)
    {
        view.wrapStoredTuple(buffer, offset);
        return decodeWrapped(buffer);
    }

    private Tuple decodeWrapped(final DirectBuffer buffer)
    {
        final Object[] values = new Object[view.count()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = valueAt(i, buffer);
        }
        return Tuple.ofDecoded(values, viewTypes());
    }

    /**
     * The wrapped tuple's field types: the array of the tuple decoded before when the types are the same, since a
     * tuple never hands its array out.
     */
    private FieldType[] viewTypes()
    {
        final int count = view.count();
        FieldType[] types = lastTypes;
        if (null != types && types.length == count)
        {
            int i = 0;
            while (i < count && types[i] == view.type(i))
            {
                i++;
            }
            if (i == count)
            {
                return types;
            }
        }
        types = new FieldType[count];
        for (int i = 0; i < count; i++)
        {
            types[i] = view.type(i);
        }
        lastTypes = types;
        return types;
    }

    /**
     * A short string equal to the one decoded last at the same field is that same instance: a worker taking
     * ("task", id) tuples decodes "task" once, not once a tuple.
     */
    private String stringAt(final int index, final DirectBuffer buffer, final int offset, final int length)
    {
        if (index >= KEPT_STRING_FIELDS || length > KEPT_STRING_MAX_LENGTH)
        {
            return buffer.getStringWithoutLengthUtf8(offset, length);
        }
        final byte[] last = lastStringBytes[index];
        if (null != last && last.length == length && isCopyOf(last, buffer, offset))
        {
            return lastStrings[index];
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final String string = new String(bytes, StandardCharsets.UTF_8);
        lastStringBytes[index] = bytes;
        lastStrings[index] = string;
        return string;
    }

    private static boolean isCopyOf(final byte[] bytes, final DirectBuffer buffer, final int offset)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static SharedBytes unmapped(final long segmentId, final int length)
    {
        return SharedBytes.unavailable(segmentId, length, "segment " + Long.toHexString(segmentId) +
            " is not mapped: the tuple was decoded without a segment resolver");
    }

    private Object valueAt(final int index, final DirectBuffer buffer)
    {
        final long numeric = view.numeric(index);
        switch (view.type(index))
        {
            case BOOLEAN:
                return 0 != numeric;
            case INT:
                return (int)numeric;
            case LONG:
                return numeric;
            case DOUBLE:
                return Double.longBitsToDouble(numeric);
            case STRING:
                return stringAt(index, buffer, view.valueOffset(index), view.valueLength(index));
            case BYTES:
                if (SharedBytes.MARKER == numeric)
                {
                    return segmentResolver.resolve(
                        SharedBytes.segmentIdAt(buffer, view.valueOffset(index)),
                        (int)SharedBytes.lengthAt(buffer, view.valueOffset(index)));
                }
                final byte[] bytes = new byte[view.valueLength(index)];
                buffer.getBytes(view.valueOffset(index), bytes);
                return bytes;
            default:
                throw new InvalidTupleException("field " + index + ": unknown type " + view.type(index));
        }
    }
}
