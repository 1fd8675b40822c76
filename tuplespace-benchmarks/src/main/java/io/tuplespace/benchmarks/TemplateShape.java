package io.tuplespace.benchmarks;

/**
 * Which fields of a template carry an actual value, for templates over the sample tuples of {@link SampleTuples}
 * (String, long, double). The shape decides which index, if any, an engine can use to find a match.
 */
public enum TemplateShape
{
    /** The key string as an actual in field 0, formals after: (key, LONG, DOUBLE). */
    ACTUAL_FIRST,
    /** The long as an actual in field 1, formals around it: (STRING, value, DOUBLE). */
    ACTUAL_NON_FIRST,
    /** Formals only: (STRING, LONG, DOUBLE), which matches every sample tuple and selects the oldest. */
    FORMALS_ONLY
}
