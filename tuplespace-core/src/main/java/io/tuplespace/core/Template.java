package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An immutable pattern that selects tuples: same arity, and per field an actual value (equal type and value), a
 * typed formal such as {@link Formal#LONG} (same type, any value) or the wildcard {@link Formal#ANY}.
 * <pre>{@code
 * Template.of("task", Formal.LONG, Formal.ANY)   // ("task", 7L, 2.5) matches, ("task", 7, 2.5) does not
 * }</pre>
 */
public final class Template
{
    private final Object[] values;
    private final FieldKind[] kinds;
    private final FieldType[] types;
    private final boolean isPrefix;
    private final UnsafeBuffer encoding;

    private Template(final Object[] values, final FieldKind[] kinds, final FieldType[] types, final boolean isPrefix)
    {
        this.values = values;
        this.kinds = kinds;
        this.types = types;
        this.isPrefix = isPrefix;
        this.encoding = new UnsafeBuffer(TupleCodec.encodeToArray(this));
    }

    /**
     * Build a prefix template: it matches tuples of its arity or more whose first fields match, and ignores the
     * rest. This is how a JavaSpaces template of a superclass matches entries of its subclasses, whose tuples
     * start with the superclass's fields.
     *
     * @param fields as for {@link #of(Object...)}.
     * @return the template.
     * @throws InvalidTupleException on an unsupported value, a null, or an arity outside 1..255.
     */
    public static Template prefix(final Object... fields)
    {
        return build(fields, true);
    }

    /**
     * @return true if this template also matches longer tuples that start with a match.
     */
    public boolean isPrefix()
    {
        return isPrefix;
    }

    /**
     * The SBE encoding of this template (a {@code Template} message, header included), made once when the template
     * is built, so a template reused in a loop is not encoded again per request.
     *
     * @return a buffer of exactly the encoding's length; do not modify it.
     */
    public DirectBuffer encoding()
    {
        return encoding;
    }

    /**
     * Build a template.
     *
     * @param fields actual values (as for {@link Tuple#of}) or {@link Formal} markers.
     * @return the template.
     * @throws InvalidTupleException on an unsupported value, a null, or an arity outside 1..255.
     */
    public static Template of(final Object... fields)
    {
        return build(fields, false);
    }

    private static Template build(final Object[] fields, final boolean isPrefix)
    {
        if (null == fields)
        {
            throw new InvalidTupleException("a template needs fields, got null");
        }
        Fields.checkArity(fields.length, "a template");
        final Object[] values = fields.clone();
        final FieldKind[] kinds = new FieldKind[values.length];
        final FieldType[] types = new FieldType[values.length];
        for (int i = 0; i < values.length; i++)
        {
            final Object value = values[i];
            if (value instanceof Formal)
            {
                final Formal formal = (Formal)value;
                kinds[i] = Formal.ANY == formal ? FieldKind.WILDCARD : FieldKind.FORMAL;
                types[i] = formal.fieldType();
            }
            else
            {
                kinds[i] = FieldKind.ACTUAL;
                types[i] = Fields.typeOf(value, i);
            }
        }
        return new Template(values, kinds, types, isPrefix);
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
     * @return whether the field is an actual value, a formal or a wildcard.
     */
    public FieldKind kind(final int index)
    {
        return kinds[index];
    }

    /**
     * @param index of the field.
     * @return the type an actual or formal field requires, or null for a wildcard.
     */
    public FieldType type(final int index)
    {
        return types[index];
    }

    /**
     * @param index of the field.
     * @return the actual value, or the {@link Formal} marker.
     */
    public Object get(final int index)
    {
        return values[index];
    }

    /**
     * Match against a tuple in memory, with the same rules as the server.
     *
     * @param tuple to test.
     * @return true if the tuple matches this template.
     */
    public boolean matches(final Tuple tuple)
    {
        if (isPrefix ? tuple.size() < values.length : tuple.size() != values.length)
        {
            return false;
        }
        for (int i = 0; i < values.length; i++)
        {
            if (FieldKind.WILDCARD == kinds[i])
            {
                continue;
            }
            if (tuple.type(i) != types[i])
            {
                return false;
            }
            if (FieldKind.ACTUAL == kinds[i] && !Fields.valueEquals(values[i], tuple.get(i)))
            {
                return false;
            }
        }
        return true;
    }

    public String toString()
    {
        final StringBuilder sb = new StringBuilder(isPrefix ? "prefix<" : "<");
        for (int i = 0; i < values.length; i++)
        {
            sb.append(i == 0 ? "" : ", ");
            final Object value = values[i];
            sb.append(value instanceof Formal ? "?" + ((Formal)value).name().toLowerCase() : Fields.render(value));
        }
        return sb.append('>').toString();
    }
}
