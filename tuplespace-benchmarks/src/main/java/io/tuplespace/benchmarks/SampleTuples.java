package io.tuplespace.benchmarks;

import io.tuplespace.core.Formal;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import io.tuplespace.core.TupleCodec;
import io.tuplespace.core.TupleSpaceEngine;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The tuples the benchmarks store, and the templates that select them.
 * <p>
 * Sample tuple {@code i} is {@code (key('k', i), (long)i, i * 0.5)}: an 8-character string, a long and a double.
 * Keys made with other prefixes ({@link #FRESH_PREFIX}, {@link #MISSING_PREFIX}) are never stored by
 * {@link #fill}, so tuples and templates built from them are fresh or miss.
 * <p>
 * Not thread-safe: use from one thread.
 */
final class SampleTuples
{
    /** Prefix of the keys that {@link #fill} stores. */
    static final char STORED_PREFIX = 'k';
    /** Prefix of keys for tuples put in and taken back during a measurement. */
    static final char FRESH_PREFIX = 'f';
    /** Prefix of keys that are never stored. */
    static final char MISSING_PREFIX = 'm';
    /** Keys have one prefix character and this many digits. */
    static final int KEY_DIGITS = 7;
    /** Largest index a key can hold. */
    static final int MAX_INDEX = 9_999_999;
    /** Room for one encoded sample tuple or template; checked on every encode. */
    static final int MAX_ENCODED_LENGTH = 128;
    /** The session the fill outs its tuples under. */
    static final long FILL_SESSION_ID = 1;

    private static final Formal[] NO_ACTUAL_SIGNATURE = { Formal.STRING, Formal.LONG, Formal.DOUBLE };

    private final TupleCodec codec = new TupleCodec();
    private final char[] keyChars = new char[1 + KEY_DIGITS];

    /**
     * @param prefix first character of the key.
     * @param index  0 to {@link #MAX_INDEX}, written as 7 zero-padded digits.
     * @return the 8-character key.
     */
    String key(final char prefix, final int index)
    {
        if (index < 0 || index > MAX_INDEX)
        {
            throw new IllegalArgumentException("key index must be 0.." + MAX_INDEX + ", got " + index);
        }
        keyChars[0] = prefix;
        int rest = index;
        for (int i = KEY_DIGITS; i > 0; i--)
        {
            keyChars[i] = (char)('0' + rest % 10);
            rest /= 10;
        }
        return new String(keyChars);
    }

    /**
     * @return sample tuple {@code (key(prefix, keyIndex), value, value * 0.5)}.
     */
    Tuple tuple(final char prefix, final int keyIndex, final long value)
    {
        return Tuple.of(key(prefix, keyIndex), value, value * 0.5);
    }

    /**
     * Out sample tuples 0 to {@code count - 1}, encoding each into one reused buffer.
     *
     * @param engine to fill.
     * @param count  how many tuples; at most {@link #MAX_INDEX} + 1.
     */
    void fill(final TupleSpaceEngine engine, final int count)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_ENCODED_LENGTH]);
        for (int i = 0; i < count; i++)
        {
            final int length = encode(tuple(STORED_PREFIX, i, i), buffer, 0);
            engine.out(FILL_SESSION_ID, i, buffer, 0, length);
        }
    }

    /**
     * A template of the given shape that matches exactly the tuple with this key and value (or, for
     * {@link TemplateShape#FORMALS_ONLY}, every sample tuple).
     */
    static Template matching(final TemplateShape shape, final String key, final long value)
    {
        switch (shape)
        {
            case ACTUAL_FIRST:
                return Template.of(key, Formal.LONG, Formal.DOUBLE);
            case ACTUAL_NON_FIRST:
                return Template.of(Formal.STRING, value, Formal.DOUBLE);
            case FORMALS_ONLY:
                return Template.of((Object[])NO_ACTUAL_SIGNATURE);
            default:
                throw new IllegalArgumentException("unknown shape " + shape);
        }
    }

    /**
     * A template of the given shape that matches no sample tuple, provided {@code missingKey} and
     * {@code missingValue} are not stored: for {@link TemplateShape#FORMALS_ONLY} a signature, (STRING, LONG, LONG),
     * that no sample tuple has.
     */
    static Template missing(final TemplateShape shape, final String missingKey, final long missingValue)
    {
        if (TemplateShape.FORMALS_ONLY == shape)
        {
            return Template.of(Formal.STRING, Formal.LONG, Formal.LONG);
        }
        return matching(shape, missingKey, missingValue);
    }

    int encode(final Tuple tuple, final MutableDirectBuffer buffer, final int offset)
    {
        return checked(codec.encode(tuple, buffer, offset));
    }

    int encode(final Template template, final MutableDirectBuffer buffer, final int offset)
    {
        return checked(codec.encode(template, buffer, offset));
    }

    private static int checked(final int length)
    {
        if (length > MAX_ENCODED_LENGTH)
        {
            throw new IllegalStateException("encoded " + length + " bytes, more than " + MAX_ENCODED_LENGTH);
        }
        return length;
    }
}
