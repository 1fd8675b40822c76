package io.tuplespace.client.call;

import io.tuplespace.core.SharedBytes;

/**
 * How the encoded arguments or results of a call travel in their tuple: the seam for large payloads. The default,
 * {@link #INLINE}, puts the bytes in a {@code byte[]} field, which the space itself sends through shared memory
 * when it is at least {@code tuplespace.segment.threshold} or the tuple would not fit a message (see
 * {@link io.tuplespace.core.SharedBytes}); the receiver then reads them from the mapped segment. A
 * carrier for large payloads can instead write bytes above a threshold somewhere all processes share and put a
 * reference (for example a {@code String}) in the field; the receiving side gets the bytes back through
 * {@link #fromField(Object)} and calls {@link #consumed(Object)} once it has read them.
 * <p>
 * Callers and workers must use carriers that understand each other's fields. Implementations must be thread-safe.
 */
public interface PayloadCarrier
{
    /** Bytes as a {@code byte[]} field: in the tuple, or in a shared-memory segment when large. */
    PayloadCarrier INLINE = new PayloadCarrier()
    {
        public Object toField(final byte[] payload)
        {
            return payload;
        }

        public byte[] fromField(final Object field)
        {
            if (field instanceof SharedBytes)
            {
                return ((SharedBytes)field).toByteArray();
            }
            if (!(field instanceof byte[]))
            {
                throw new IllegalArgumentException("the inline carrier reads byte[] payload fields, got " +
                    (null == field ? "null" : field.getClass().getName()) + ": is another carrier in use?");
            }
            return (byte[])field;
        }
    };

    /**
     * @param payload encoded arguments or results; not modified afterwards.
     * @return the tuple field that carries them: a {@code byte[]}, or any other builtin field type.
     */
    Object toField(byte[] payload);

    /**
     * @param field a field made by {@link #toField(byte[])}, possibly in another process.
     * @return the payload it carries.
     */
    byte[] fromField(Object field);

    /**
     * The tuple carrying this field has been taken and read; release whatever holds its payload. Not called for
     * tuples that expire or are never taken: a carrier reclaims those by other means (their lease).
     *
     * @param field a field made by {@link #toField(byte[])}.
     */
    default void consumed(final Object field)
    {
    }
}
