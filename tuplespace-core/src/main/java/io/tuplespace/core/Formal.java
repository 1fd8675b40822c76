package io.tuplespace.core;

import io.tuplespace.codecs.FieldType;

/**
 * Template field markers that match by type rather than by value.
 * <p>
 * A typed formal ({@link #LONG}, {@link #STRING}, ...) matches any value of that type; {@link #ANY} is a wildcard
 * that matches a field of any type and any value.
 * <pre>{@code
 * Template.of("task", Formal.LONG, Formal.ANY)
 * }</pre>
 */
public enum Formal
{
    BOOLEAN(FieldType.BOOLEAN),
    INT(FieldType.INT),
    LONG(FieldType.LONG),
    DOUBLE(FieldType.DOUBLE),
    STRING(FieldType.STRING),
    BYTES(FieldType.BYTES),
    /** Wildcard: any type, any value. */
    ANY(null);

    private final FieldType fieldType;

    Formal(final FieldType fieldType)
    {
        this.fieldType = fieldType;
    }

    /**
     * @return the wire type this formal matches, or null for the wildcard {@link #ANY}.
     */
    public FieldType fieldType()
    {
        return fieldType;
    }
}
