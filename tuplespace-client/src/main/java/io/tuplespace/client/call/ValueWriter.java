package io.tuplespace.client.call;

import io.tuplespace.client.EntryMapper;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import org.agrona.ExpandableArrayBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Encodes call arguments and results into bytes: a tag byte per value, then its contents (little-endian). Builtin
 * types and their arrays are written directly, records and JavaSpaces-style entries through {@link EntryMapper}, and
 * any other {@link Serializable} value with Java serialization. Reusable: {@link #reset()} starts over. Not
 * thread-safe.
 * <pre>
 *   value   = tag:int8 body
 *   NULL    (no body)            BOOLEAN int8          INT int32        LONG int64      DOUBLE float64
 *   STRING  length:int32 utf8    BYTES length:int32 bytes
 *   INTS / LONGS / DOUBLES / BOOLEANS  count:int32 elements
 *   OBJECTS componentClass:STRING-body count:int32 value*
 *   ENTRY   length:int32 encoded-Tuple       SERIALIZED length:int32 java-serialization
 * </pre>
 */
final class ValueWriter
{
    static final byte NULL = 0;
    static final byte BOOLEAN = 1;
    static final byte INT = 2;
    static final byte LONG = 3;
    static final byte DOUBLE = 4;
    static final byte STRING = 5;
    static final byte BYTES = 6;
    static final byte INTS = 7;
    static final byte LONGS = 8;
    static final byte DOUBLES = 9;
    static final byte BOOLEANS = 10;
    static final byte OBJECTS = 11;
    static final byte ENTRY = 12;
    static final byte SERIALIZED = 13;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final TupleCodec tupleCodec = new TupleCodec();
    private int position;

    void reset()
    {
        position = 0;
    }

    int position()
    {
        return position;
    }

    void writeInt(final int value)
    {
        buffer.putInt(position, value);
        position += Integer.BYTES;
    }

    /**
     * @return the bytes in {@code [0, to)}.
     */
    byte[] copy(final int to)
    {
        return Arrays.copyOf(buffer.byteArray(), to);
    }

    /**
     * @return a count (int32) followed by the bytes in {@code [0, to)}: a list of {@code count} values.
     */
    byte[] copyAsList(final int count, final int to)
    {
        final byte[] bytes = new byte[Integer.BYTES + to];
        new org.agrona.concurrent.UnsafeBuffer(bytes).putInt(0, count);
        System.arraycopy(buffer.byteArray(), 0, bytes, Integer.BYTES, to);
        return bytes;
    }

    /**
     * Move the bytes in {@code [from, position)} to the start and continue after them.
     */
    void keepFrom(final int from)
    {
        final int length = position - from;
        System.arraycopy(buffer.byteArray(), from, buffer.byteArray(), 0, length);
        position = length;
    }

    void write(final Object value)
    {
        if (null == value)
        {
            tag(NULL);
        }
        else if (value instanceof Long)
        {
            tag(LONG);
            buffer.putLong(position, (Long)value);
            position += Long.BYTES;
        }
        else if (value instanceof Integer)
        {
            tag(INT);
            writeInt((Integer)value);
        }
        else if (value instanceof Double)
        {
            tag(DOUBLE);
            buffer.putDouble(position, (Double)value);
            position += Double.BYTES;
        }
        else if (value instanceof Boolean)
        {
            tag(BOOLEAN);
            buffer.putByte(position++, (byte)((Boolean)value ? 1 : 0));
        }
        else if (value instanceof String)
        {
            tag(STRING);
            writeString((String)value);
        }
        else if (value instanceof byte[])
        {
            tag(BYTES);
            writeBytes((byte[])value);
        }
        else
        {
            writeComposite(value);
        }
    }

    private void writeComposite(final Object value)
    {
        if (value instanceof int[])
        {
            final int[] array = (int[])value;
            tag(INTS);
            writeInt(array.length);
            for (final int element : array)
            {
                writeInt(element);
            }
        }
        else if (value instanceof long[])
        {
            final long[] array = (long[])value;
            tag(LONGS);
            writeInt(array.length);
            for (final long element : array)
            {
                buffer.putLong(position, element);
                position += Long.BYTES;
            }
        }
        else if (value instanceof double[])
        {
            final double[] array = (double[])value;
            tag(DOUBLES);
            writeInt(array.length);
            for (final double element : array)
            {
                buffer.putDouble(position, element);
                position += Double.BYTES;
            }
        }
        else if (value instanceof boolean[])
        {
            final boolean[] array = (boolean[])value;
            tag(BOOLEANS);
            writeInt(array.length);
            for (final boolean element : array)
            {
                buffer.putByte(position++, (byte)(element ? 1 : 0));
            }
        }
        else if (value instanceof Object[])
        {
            final Object[] array = (Object[])value;
            tag(OBJECTS);
            writeString(array.getClass().getComponentType().getName());
            writeInt(array.length);
            for (final Object element : array)
            {
                write(element);
            }
        }
        else if (value.getClass().isRecord() || !(value instanceof Serializable))
        {
            final Tuple tuple = EntryMapper.toTuple(value);
            final int length = TupleCodec.encodedLength(tuple);
            tag(ENTRY);
            writeInt(length);
            buffer.checkLimit(position + length);
            tupleCodec.encode(tuple, buffer, position);
            position += length;
        }
        else
        {
            tag(SERIALIZED);
            writeBytes(serialize(value));
        }
    }

    private void tag(final byte tag)
    {
        buffer.putByte(position++, tag);
    }

    private void writeString(final String value)
    {
        position += buffer.putStringUtf8(position, value);
    }

    private void writeBytes(final byte[] bytes)
    {
        writeInt(bytes.length);
        buffer.putBytes(position, bytes);
        position += bytes.length;
    }

    private static byte[] serialize(final Object value)
    {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(value);
            out.flush();
            return bytes.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new InvalidTupleException("cannot serialize a " + value.getClass().getName() + ": " + ex);
        }
    }
}
