package io.tuplespace.javaspaces;

import io.tuplespace.client.EntryMapper;
import io.tuplespace.core.Formal;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;
import net.jini.core.entry.Entry;
import net.jini.core.entry.UnusableEntryException;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.rmi.MarshalException;

/**
 * Maps JavaSpaces entries to tuples, templates to prefix templates, and tuples back to entries, with no code per
 * entry class. Entries are the classes the Jini Entry Specification describes (a public class with a public
 * no-argument constructor, whose public, non-static, non-transient, non-final fields hold object references) and,
 * beyond JavaSpaces, records that implement {@link Entry} (their components are their fields).
 * <p>
 * <b>Layout.</b> The layout is the client's {@link EntryMapper}'s, so an entry written here and one written with
 * {@code TupleSpace.out(Object)} are the same tuple. For each class of the entry's chain, from the topmost class
 * below {@code Object} down to the entry's own class: the class name (a String field), then that class's own
 * entry fields <em>sorted by name</em> (record components in declaration order):
 * <pre>
 *   class Task implements Entry { public Long id; public String name; }
 *   class UrgentTask extends Task { public Integer priority; }
 *
 *   new UrgentTask(7, "x", 1)  -&gt;  ("Task", 7L, "x", "UrgentTask", 1)     (names shortened)
 * </pre>
 * An entry of a subclass therefore starts with exactly its superclass's fields. A template becomes a
 * {@link Template#prefix prefix template}, which also matches longer tuples: a template of class T matches entries
 * of T and of every subclass of T, and the entry comes back as its own class (JavaSpaces subtype matching). A
 * template of a subclass never matches an entry of its superclass: the superclass's tuple is shorter.
 * <p>
 * <b>Field values.</b> Fields declared Boolean, Integer, Long, Double, String or byte[] map to tuple fields of
 * those types. A field of any other type is marshalled with Java serialization into a byte[] and matched by
 * equality of those bytes, exactly as JavaSpaces matches the marshalled form of every field: two values match
 * when they serialize to the same bytes, not when {@code equals} says so.
 * <p>
 * <b>Nulls.</b> A null field of an entry is stored as a marker of a type the declared field never has (an int 0, or
 * a long 0 for Integer fields) and comes back as null. A null field of a template is a wildcard
 * ({@link Formal#ANY}), and a null template matches every entry. Primitive components of records are always
 * actual values in a template; Entry classes may not have primitive fields, as in JavaSpaces.
 * <p>
 * Thread-safe.
 */
public final class EntryCodec
{
    /** A null template: any tuple that starts with a class name. */
    private static final Template ANY_ENTRY = Template.prefix(Formal.STRING);

    private static final ClassValue<String> INVALID_REASON = new ClassValue<>()
    {
        protected String computeValue(final Class<?> type)
        {
            return invalidReason(type);
        }
    };

    private EntryCodec()
    {
    }

    /**
     * @param entry to write.
     * @return its tuple.
     * @throws NullPointerException     if it is null.
     * @throws IllegalArgumentException if its class is not a valid entry class (see the class comment).
     * @throws MarshalException         if a field cannot be serialized.
     */
    public static Tuple toTuple(final Entry entry) throws MarshalException
    {
        if (null == entry)
        {
            throw new NullPointerException("cannot write a null entry");
        }
        if (entry instanceof EntrySnapshot)
        {
            return ((EntrySnapshot)entry).tuple;
        }
        checkValid(entry.getClass());
        try
        {
            return EntryMapper.toTuple(entry);
        }
        catch (final InvalidTupleException ex)
        {
            throw new MarshalException("cannot marshal " + entry.getClass().getName() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param template an entry whose null fields are wildcards, or null to match every entry.
     * @return a prefix template that matches entries of its class and of every subclass.
     * @throws IllegalArgumentException if its class is not a valid entry class.
     * @throws MarshalException         if a field cannot be serialized.
     */
    public static Template toTemplate(final Entry template) throws MarshalException
    {
        if (null == template)
        {
            return ANY_ENTRY;
        }
        if (template instanceof EntrySnapshot)
        {
            return ((EntrySnapshot)template).template;
        }
        checkValid(template.getClass());
        try
        {
            return EntryMapper.toTemplate(template);
        }
        catch (final InvalidTupleException ex)
        {
            throw new MarshalException(
                "cannot marshal template " + template.getClass().getName() + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Rebuild an entry of its own (sub)class from its tuple. Classes are loaded with {@code loader}, then with the
     * thread's context class loader.
     *
     * @param tuple  made by {@link #toTuple(Entry)} (or {@code TupleSpace.out(Object)}).
     * @param loader to load the entry's classes with; null for the context class loader.
     * @return the entry.
     * @throws UnusableEntryException if the tuple is not an entry's, a class cannot be loaded or built, or a field
     *                                cannot be deserialized.
     */
    public static Entry toEntry(final Tuple tuple, final ClassLoader loader) throws UnusableEntryException
    {
        final ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
        final ClassLoader first = null != loader ? loader : contextLoader;
        try
        {
            return asEntry(EntryMapper.fromTuple(tuple, first));
        }
        catch (final RuntimeException ex)
        {
            if (null != contextLoader && contextLoader != first)
            {
                try
                {
                    return asEntry(EntryMapper.fromTuple(tuple, contextLoader));
                }
                catch (final RuntimeException ignore)
                {
                    // Report the failure with the loader the caller asked for.
                }
            }
            throw new UnusableEntryException(ex);
        }
    }

    /**
     * @param template a template, or null.
     * @return the class loader to rebuild its matches with: its class's, else the thread's context loader.
     */
    static ClassLoader loaderOf(final Object template)
    {
        if (template instanceof EntrySnapshot)
        {
            return ((EntrySnapshot)template).loader;
        }
        final ClassLoader loader = null == template ? null : template.getClass().getClassLoader();
        return null != loader ? loader : Thread.currentThread().getContextClassLoader();
    }

    /**
     * Marshal an entry once, for {@link TupleSpaceJavaSpace#snapshot(Entry)}.
     *
     * @param entry to marshal; null stays null (the template that matches every entry).
     * @throws MarshalException if a field cannot be serialized.
     */
    static Entry snapshot(final Entry entry) throws MarshalException
    {
        if (null == entry || entry instanceof EntrySnapshot)
        {
            return entry;
        }
        return new EntrySnapshot(toTuple(entry), toTemplate(entry), entry);
    }

    private static Entry asEntry(final Object value)
    {
        if (!(value instanceof Entry))
        {
            throw new ClassCastException(value.getClass().getName() + " is not a net.jini.core.entry.Entry");
        }
        return (Entry)value;
    }

    private static void checkValid(final Class<?> type)
    {
        final String reason = INVALID_REASON.get(type);
        if (null != reason)
        {
            throw new IllegalArgumentException(reason);
        }
    }

    private static String invalidReason(final Class<?> type)
    {
        if (type.isRecord())
        {
            return null;
        }
        if (!Modifier.isPublic(type.getModifiers()))
        {
            return "entry class " + type.getName() + " is not public";
        }
        try
        {
            type.getConstructor();
        }
        catch (final NoSuchMethodException ex)
        {
            return "entry class " + type.getName() + " needs a public no-argument constructor";
        }
        for (Class<?> c = type; null != c && Object.class != c; c = c.getSuperclass())
        {
            for (final Field field : c.getDeclaredFields())
            {
                final int modifiers = field.getModifiers();
                if (Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) &&
                    !Modifier.isTransient(modifiers) && !Modifier.isFinal(modifiers) && field.getType().isPrimitive())
                {
                    return "primitive field " + field + " is not allowed in an entry: declare it boxed";
                }
            }
        }
        return null;
    }
}
