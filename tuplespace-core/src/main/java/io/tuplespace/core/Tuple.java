package io.tuplespace.core;

import io.tuplespace.codecs.FieldType;

import java.util.Arrays;

/**
 * An immutable ordered list of 1..255 fields of builtin types: boolean, int, long, double, String and byte[].
 * A bytes field may also be {@link SharedBytes}: its content stays in a shared-memory segment.
 * <p>
 * Equality is by value; byte[] fields compare by content. A byte[] passed in or returned is not copied, so do
 * not modify it once the tuple is built.
 */
public final class Tuple
{
    private final Object[] values;
    private final FieldType[] types;

    private Tuple(final Object[] values, final FieldType[] types)
    {
        this.values = values;
        this.types = types;
    }

    /**
     * Build a tuple from Java values.
     *
     * @param values Boolean, Integer, Long, Double, String, byte[] or SharedBytes; no nulls.
     * @return the tuple.
     * @throws InvalidTupleException if a value has another type, is null, or the arity is outside 1..255.
     */
    public static Tuple of(final Object... values)
    {
        if (null == values)
        {
            throw new InvalidTupleException("a tuple needs fields, got null");
        }
        Fields.checkArity(values.length, "a tuple");
        final Object[] copy = values.clone();
        final FieldType[] types = new FieldType[copy.length];
        for (int i = 0; i < copy.length; i++)
        {
            types[i] = Fields.typeOf(copy[i], i);
        }
        return new Tuple(copy, types);
    }

    /**
     * Build a tuple from values decoded from a valid encoding, whose types are known and checked already.
     */
    static Tuple ofDecoded(final Object[] values, final FieldType[] types)
    {
        return new Tuple(values, types);
    }

    /**
     * @return the number of fields.
     */
    public int size()
    {
        return values.length;
    }

    /**
     * @param index of the field.
     * @return its wire type.
     */
    public FieldType type(final int index)
    {
        return types[index];
    }

    /**
     * @param index of the field.
     * @return its value: Boolean, Integer, Long, Double, String, byte[] or SharedBytes.
     */
    public Object get(final int index)
    {
        return values[index];
    }

    public boolean getBoolean(final int index)
    {
        return (Boolean)values[index];
    }

    public int getInt(final int index)
    {
        return (Integer)values[index];
    }

    public long getLong(final int index)
    {
        return (Long)values[index];
    }

    public double getDouble(final int index)
    {
        return (Double)values[index];
    }

    public String getString(final int index)
    {
        return (String)values[index];
    }

    /**
     * @param index of a bytes field, inline or shared.
     * @return its content; a copy when it is {@link SharedBytes} (use {@link #getShared(int)} to read in place).
     * @throws SegmentUnavailableException if it is shared and its segment could not be mapped.
     */
    public byte[] getBytes(final int index)
    {
        final Object value = values[index];
        return value instanceof SharedBytes ? ((SharedBytes)value).toByteArray() : (byte[])value;
    }

    /**
     * @param index of a bytes field that lives in shared memory.
     * @return the shared bytes, to read in place.
     * @throws ClassCastException if the field is inline bytes or not bytes at all.
     */
    public SharedBytes getShared(final int index)
    {
        return (SharedBytes)values[index];
    }

    /**
     * @param index of the field.
     * @return true if it is a bytes field whose content lives in shared memory.
     */
    public boolean isShared(final int index)
    {
        return values[index] instanceof SharedBytes;
    }

    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Tuple))
        {
            return false;
        }
        final Tuple that = (Tuple)o;
        if (!Arrays.equals(types, that.types))
        {
            return false;
        }
        for (int i = 0; i < values.length; i++)
        {
            if (!Fields.valueEquals(values[i], that.values[i]))
            {
                return false;
            }
        }
        return true;
    }

    public int hashCode()
    {
        int hash = 1;
        for (final Object value : values)
        {
            hash = 31 * hash + Fields.valueHash(value);
        }
        return hash;
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < values.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(Fields.render(values[i]));
        }
        return sb.append(')').toString();
    }
}
