package io.tuplespace.core;

import io.tuplespace.codecs.FieldKind;
import io.tuplespace.codecs.FieldType;

/**
 * The arity and field types shared by a set of stored tuples, with the FIFO chain of those tuples. A template
 * whose typed fields agree with a signature can only match tuples of that signature.
 */
final class Signature
{
    final int id;
    final FieldType[] types;
    private final byte[] typeCodes;
    int head = TupleArena.NULL;
    long count;
    /** Bit i set: the value chains of field i hold this signature's tuples. */
    int indexedFields;
    Signature nextWithSameKey;

    Signature(final int id, final FieldsView tuple)
    {
        this.id = id;
        this.types = new FieldType[tuple.count()];
        this.typeCodes = new byte[tuple.count()];
        for (int i = 0; i < types.length; i++)
        {
            types[i] = tuple.type(i);
            typeCodes[i] = (byte)tuple.typeCode(i);
        }
    }

    /**
     * @return field {@code index}'s type as its schema code.
     */
    int typeCode(final int index)
    {
        return typeCodes[index];
    }

    int arity()
    {
        return types.length;
    }

    boolean isSignatureOf(final FieldsView tuple)
    {
        if (tuple.count() != types.length)
        {
            return false;
        }
        for (int i = 0; i < types.length; i++)
        {
            if (tuple.type(i) != types[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return true if the template's formal and actual fields have this signature's types (wildcards fit any).
     */
    boolean admits(final FieldsView template)
    {
        for (int i = 0, count = template.count(); i < count; i++)
        {
            if (FieldKind.WILDCARD != template.kind(i) && template.type(i) != types[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * A key for the signature map: the types packed 3 bits each beside the arity (a different range of keys for
     * each arity), exact up to 19 fields; a negative hash beyond, where {@link #nextWithSameKey} chains the
     * signatures that share it.
     */
    static long keyOf(final FieldsView tuple)
    {
        final int arity = tuple.count();
        long key = arity;
        if (arity <= 19)
        {
            for (int i = 0; i < arity; i++)
            {
                key = (key << 3) | tuple.typeCode(i);
            }
            return key;
        }
        for (int i = 0; i < arity; i++)
        {
            key = key * 31 + tuple.typeCode(i);
        }
        return key | Long.MIN_VALUE;
    }

    /**
     * @return true for a key that names one signature only, so a signature found under it needs no check.
     */
    static boolean isExact(final long key)
    {
        return key >= 0;
    }
}
