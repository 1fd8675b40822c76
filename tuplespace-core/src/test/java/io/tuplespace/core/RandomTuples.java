package io.tuplespace.core;

import java.util.Arrays;
import java.util.Random;

/**
 * Random tuples and templates for the randomized storage tests: arity 1 to 10 (mostly up to 3), few distinct
 * values so they collide, actual, formal and wildcard fields, and a quarter of the templates prefix templates.
 */
final class RandomTuples extends Random
{
    private static final Formal[] FORMALS = { Formal.BOOLEAN, Formal.INT, Formal.LONG, Formal.DOUBLE, Formal.STRING,
        Formal.BYTES };

    RandomTuples(final long seed)
    {
        super(seed);
    }

    Tuple tuple()
    {
        final int arity = 1 + nextInt(nextInt(4) == 0 ? 10 : 3);
        final Object[] values = new Object[arity];
        for (int i = 0; i < arity; i++)
        {
            values[i] = value(nextInt(i == 0 ? 2 : 6));
        }
        return Tuple.of(values);
    }

    private Object value(final int type)
    {
        switch (type)
        {
            case 0:
                return "s" + nextInt(5);
            case 1:
                return (long)nextInt(50);
            case 2:
                return nextInt(4);
            case 3:
                return nextInt(3) * 0.5;
            case 4:
                return nextBoolean();
            default:
                return new byte[]{ (byte)nextInt(3) };
        }
    }

    Template template()
    {
        final Tuple shape = tuple();
        return templateFor(shape);
    }

    Template templateFor(final Tuple tuple)
    {
        // A quarter are prefix templates of the tuple's first fields, which also match longer tuples.
        final boolean isPrefix = nextInt(4) == 0;
        final Object[] fields = new Object[isPrefix ? 1 + nextInt(tuple.size()) : tuple.size()];
        for (int i = 0; i < fields.length; i++)
        {
            final int kind = nextInt(3);
            fields[i] = 0 == kind ? tuple.get(i) : 1 == kind ? FORMALS[tuple.type(i).ordinal()] : Formal.ANY;
        }
        return isPrefix ? Template.prefix(fields) : Template.of(fields);
    }

    static Template wildcards(final int arity)
    {
        final Object[] fields = new Object[arity];
        Arrays.fill(fields, Formal.ANY);
        return Template.of(fields);
    }
}
