package io.tuplespace.core;

import io.tuplespace.codecs.FieldType;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Conversions between Java values and the builtin field types, shared by {@link Tuple} and {@link Template}.
 */
final class Fields
{
    /** Largest arity a tuple or template may have. */
    static final int MAX_FIELDS = 255;

    private Fields()
    {
    }

    static FieldType typeOf(final Object value, final int index)
    {
        if (value instanceof Boolean)
        {
            return FieldType.BOOLEAN;
        }
        if (value instanceof Integer)
        {
            return FieldType.INT;
        }
        if (value instanceof Long)
        {
            return FieldType.LONG;
        }
        if (value instanceof Double)
        {
            return FieldType.DOUBLE;
        }
        if (value instanceof String)
        {
            checkWellFormed((String)value, index);
            return FieldType.STRING;
        }
        if (value instanceof byte[] || value instanceof SharedBytes)
        {
            return FieldType.BYTES;
        }
        throw new InvalidTupleException("field " + index + ": unsupported type " +
            (null == value ? "null" : value.getClass().getName()) +
            " (supported: boolean, int, long, double, String, byte[], SharedBytes)");
    }

    /**
     * Strings travel as UTF-8, which cannot carry an unpaired surrogate: reject one rather than let the encoder
     * turn it into '?' and match something else.
     */
    private static void checkWellFormed(final String value, final int index)
    {
        for (int i = 0, length = value.length(); i < length; i++)
        {
            final char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                throw new InvalidTupleException("field " + index + ": string has an unpaired surrogate at char " + i +
                    " and cannot be encoded as UTF-8");
            }
        }
    }

    static void checkArity(final int arity, final String what)
    {
        if (arity < 1 || arity > MAX_FIELDS)
        {
            throw new InvalidTupleException(what + " must have 1.." + MAX_FIELDS + " fields, got " + arity);
        }
    }

    static long numericOf(final Object value)
    {
        if (value instanceof Boolean)
        {
            return (Boolean)value ? 1 : 0;
        }
        if (value instanceof Integer)
        {
            return (Integer)value;
        }
        if (value instanceof Long)
        {
            return (Long)value;
        }
        if (value instanceof Double)
        {
            // doubleToLongBits folds every NaN into one, so equality of bits is Double.equals.
            return Double.doubleToLongBits((Double)value);
        }
        if (value instanceof SharedBytes)
        {
            return SharedBytes.MARKER;
        }
        return 0;
    }

    /**
     * @return the length of {@link #bytesOf} the value, without encoding an ASCII string to find it.
     */
    static int bytesLengthOf(final Object value)
    {
        if (value instanceof String)
        {
            final String text = (String)value;
            return isAscii(text) ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
        }
        final byte[] bytes = bytesOf(value);
        return null == bytes ? 0 : bytes.length;
    }

    private static boolean isAscii(final String text)
    {
        for (int i = 0, length = text.length(); i < length; i++)
        {
            if (text.charAt(i) >= 0x80)
            {
                return false;
            }
        }
        return true;
    }

    static byte[] bytesOf(final Object value)
    {
        if (value instanceof String)
        {
            return ((String)value).getBytes(StandardCharsets.UTF_8);
        }
        if (value instanceof byte[])
        {
            return (byte[])value;
        }
        if (value instanceof SharedBytes)
        {
            return ((SharedBytes)value).reference();
        }
        return null;
    }

    static boolean valueEquals(final Object a, final Object b)
    {
        if (a instanceof byte[] && b instanceof byte[])
        {
            return Arrays.equals((byte[])a, (byte[])b);
        }
        return a.equals(b);
    }

    static int valueHash(final Object value)
    {
        return value instanceof byte[] ? Arrays.hashCode((byte[])value) : value.hashCode();
    }

    static String render(final Object value)
    {
        if (value instanceof String)
        {
            return '"' + (String)value + '"';
        }
        if (value instanceof byte[])
        {
            final byte[] bytes = (byte[])value;
            return "bytes[" + bytes.length + "]";
        }
        if (value instanceof Long)
        {
            return value + "L";
        }
        return String.valueOf(value);
    }
}
