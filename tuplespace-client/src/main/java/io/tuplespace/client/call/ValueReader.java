package io.tuplespace.client.call;

import io.tuplespace.client.EntryMapper;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.TupleCodec;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.lang.reflect.Array;

/**
 * Decodes what {@link ValueWriter} encodes. Classes of entries, serialized values and object arrays are loaded
 * with the given class loader. Reusable through {@link #wrap(byte[])}. Not thread-safe.
 */
final class ValueReader
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final TupleCodec tupleCodec = new TupleCodec();
    private final ClassLoader loader;
    private int position;

    ValueReader(final ClassLoader loader)
    {
        this.loader = loader;
    }

    ValueReader wrap(final byte[] bytes)
    {
        buffer.wrap(bytes);
        position = 0;
        return this;
    }

    int readInt()
    {
        final int value = buffer.getInt(position);
        position += Integer.BYTES;
        return value;
    }

    Object read()
    {
        final byte tag = buffer.getByte(position++);
        switch (tag)
        {
            case ValueWriter.NULL:
                return null;
            case ValueWriter.BOOLEAN:
                return 0 != buffer.getByte(position++);
            case ValueWriter.INT:
                return readInt();
            case ValueWriter.LONG:
                return readLong();
            case ValueWriter.DOUBLE:
                return Double.longBitsToDouble(readLong());
            case ValueWriter.STRING:
                return readString();
            case ValueWriter.BYTES:
                return readBytes();
            default:
                return readComposite(tag);
        }
    }

    private Object readComposite(final byte tag)
    {
        switch (tag)
        {
            case ValueWriter.INTS:
            {
                final int[] array = new int[readInt()];
                for (int i = 0; i < array.length; i++)
                {
                    array[i] = readInt();
                }
                return array;
            }
            case ValueWriter.LONGS:
            {
                final long[] array = new long[readInt()];
                for (int i = 0; i < array.length; i++)
                {
                    array[i] = readLong();
                }
                return array;
            }
            case ValueWriter.DOUBLES:
            {
                final double[] array = new double[readInt()];
                for (int i = 0; i < array.length; i++)
                {
                    array[i] = Double.longBitsToDouble(readLong());
                }
                return array;
            }
            case ValueWriter.BOOLEANS:
            {
                final boolean[] array = new boolean[readInt()];
                for (int i = 0; i < array.length; i++)
                {
                    array[i] = 0 != buffer.getByte(position++);
                }
                return array;
            }
            case ValueWriter.OBJECTS:
                return readObjects();
            case ValueWriter.ENTRY:
            {
                final int length = readInt();
                final Object entry = EntryMapper.fromTuple(tupleCodec.decode(buffer, position, length), loader);
                position += length;
                return entry;
            }
            case ValueWriter.SERIALIZED:
                return deserialize(readBytes());
            default:
                throw new InvalidTupleException("not a call value: unknown tag " + tag + " at byte " + (position - 1));
        }
    }

    private Object readObjects()
    {
        final String componentName = readString();
        final Object[] array = (Object[])Array.newInstance(load(componentName), readInt());
        for (int i = 0; i < array.length; i++)
        {
            array[i] = read();
        }
        return array;
    }

    private long readLong()
    {
        final long value = buffer.getLong(position);
        position += Long.BYTES;
        return value;
    }

    private String readString()
    {
        final int length = buffer.getInt(position);
        final String value = buffer.getStringUtf8(position, length);
        position += Integer.BYTES + length;
        return value;
    }

    private byte[] readBytes()
    {
        final byte[] bytes = new byte[readInt()];
        buffer.getBytes(position, bytes);
        position += bytes.length;
        return bytes;
    }

    private Class<?> load(final String name)
    {
        try
        {
            return Class.forName(name, false, loader);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new InvalidTupleException("class " + name + " of a call value is not on the class path");
        }
    }

    private Object deserialize(final byte[] bytes)
    {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))
        {
            protected Class<?> resolveClass(final java.io.ObjectStreamClass desc)
                throws IOException, ClassNotFoundException
            {
                try
                {
                    return Class.forName(desc.getName(), false, loader);
                }
                catch (final ClassNotFoundException ex)
                {
                    return super.resolveClass(desc);
                }
            }
        })
        {
            return in.readObject();
        }
        catch (final IOException | ClassNotFoundException ex)
        {
            throw new InvalidTupleException("cannot deserialize a call value: " + ex);
        }
    }
}
