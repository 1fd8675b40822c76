package io.tuplespace.client;

import io.tuplespace.core.Formal;
import io.tuplespace.core.InvalidTupleException;
import io.tuplespace.core.SharedBytes;
import io.tuplespace.core.Template;
import io.tuplespace.core.Tuple;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps entries to tuples and back without hand-written code, the JavaSpaces way. An entry is a record, or a class
 * with a public no-argument constructor whose public, non-static, non-transient, non-final fields are its state
 * (a JavaSpaces {@code Entry}). Primitive fields are matched as their boxed types and, never null, are always
 * actual values in a template: declare a field boxed to be able to leave it out of a template.
 * <p>
 * Layout: for each class from the topmost one below {@code Object} down to the entry's own class, the class name,
 * then that class's fields sorted by name (record components in order). So an entry of a subclass starts with
 * exactly its superclass's layout, and a superclass template, sent as a {@link Template#prefix prefix template},
 * matches it: JavaSpaces subtype matching.
 * <p>
 * Field values: Boolean, Integer, Long, Double, String and byte[] map to tuple fields of those types; any other
 * type is marshalled with Java serialization into byte[] and matched by equality of that form, exactly as
 * JavaSpaces matches marshalled fields. A {@code null} field is stored as a field of a type the declared field
 * never has (INT, or LONG for Integer fields); in a template, {@code null} is the wildcard. Thread-safe.
 */
public final class EntryMapper
{
    private static final Map<Class<?>, List<Layout>> LAYOUTS = new ConcurrentHashMap<>();

    private EntryMapper()
    {
    }

    /**
     * @param entry to map.
     * @return its tuple.
     * @throws InvalidTupleException if it is not a record or an entry class, or a field cannot be marshalled.
     */
    public static Tuple toTuple(final Object entry)
    {
        return Tuple.of(values(entry, false));
    }

    /**
     * @param template an entry whose null fields are wildcards.
     * @return a prefix template that matches entries of its class and of every subclass.
     */
    public static Template toTemplate(final Object template)
    {
        return Template.prefix(values(template, true));
    }

    /**
     * Rebuild an entry, of its own (sub)class, from its tuple.
     *
     * @param tuple made by {@link #toTuple(Object)}.
     * @param loader to load the entry's classes with.
     * @return the entry.
     * @throws InvalidTupleException if the tuple is not an entry's, or a class cannot be loaded or built.
     */
    public static Object fromTuple(final Tuple tuple, final ClassLoader loader)
    {
        final List<Object> values = new ArrayList<>();
        Class<?> concrete = null;
        int position = 0;
        while (position < tuple.size())
        {
            if (!(tuple.get(position) instanceof String))
            {
                throw new InvalidTupleException("not an entry's tuple: field " + position + " is no class name");
            }
            concrete = load(tuple.getString(position), loader);
            final Layout layout = layoutsOf(concrete).get(layoutsOf(concrete).size() - 1);
            for (int i = 0; i < layout.types.length; i++)
            {
                values.add(decode(tuple.get(position + 1 + i), layout.types[i]));
            }
            position += 1 + layout.types.length;
        }
        if (null == concrete)
        {
            throw new InvalidTupleException("not an entry's tuple: " + tuple);
        }
        return build(concrete, values);
    }

    private static Object[] values(final Object entry, final boolean isTemplate)
    {
        final List<Object> values = new ArrayList<>();
        for (final Layout layout : layoutsOf(entry.getClass()))
        {
            values.add(layout.type.getName());
            for (int i = 0; i < layout.types.length; i++)
            {
                final Object value = layout.read(entry, i);
                values.add(null == value ? (isTemplate ? Formal.ANY : nullMarker(layout.types[i])) :
                    encode(value, layout.types[i]));
            }
        }
        return values.toArray();
    }

    private static List<Layout> layoutsOf(final Class<?> type)
    {
        return LAYOUTS.computeIfAbsent(type, EntryMapper::describe);
    }

    private static List<Layout> describe(final Class<?> type)
    {
        final List<Layout> chain = new ArrayList<>();
        for (Class<?> c = type; null != c && Object.class != c && Record.class != c; c = c.getSuperclass())
        {
            chain.add(0, new Layout(c));
        }
        if (chain.isEmpty())
        {
            throw new InvalidTupleException(type.getName() + " is not an entry: no class below Object");
        }
        return chain;
    }

    private static boolean isBuiltin(final Class<?> type)
    {
        return Boolean.class == type || Integer.class == type || Long.class == type || Double.class == type ||
            String.class == type || byte[].class == type;
    }

    private static Object nullMarker(final Class<?> declared)
    {
        return Integer.class == declared ? (Object)0L : (Object)0;
    }

    private static boolean isNullMarker(final Object value, final Class<?> declared)
    {
        return Integer.class == declared ? value instanceof Long : value instanceof Integer;
    }

    private static Object encode(final Object value, final Class<?> declared)
    {
        if (isBuiltin(declared))
        {
            return value;
        }
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(value);
            out.flush();
            return bytes.toByteArray();
        }
        catch (final IOException ex)
        {
            throw new InvalidTupleException("cannot marshal a " + value.getClass().getName() + ": " + ex);
        }
    }

    private static Object decode(final Object field, final Class<?> declared)
    {
        // A large byte[] or marshalled field may have travelled through shared memory.
        final Object value = field instanceof SharedBytes ? ((SharedBytes)field).toByteArray() : field;
        if (isNullMarker(value, declared))
        {
            return null;
        }
        if (isBuiltin(declared))
        {
            return value;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream((byte[])value)))
        {
            return in.readObject();
        }
        catch (final IOException | ClassNotFoundException ex)
        {
            throw new InvalidTupleException("cannot unmarshal a " + declared.getName() + ": " + ex);
        }
    }

    private static Class<?> load(final String name, final ClassLoader loader)
    {
        try
        {
            return Class.forName(name, false, loader);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new InvalidTupleException("entry class " + name + " is not on the class path");
        }
    }

    private static Object build(final Class<?> type, final List<Object> values)
    {
        try
        {
            if (type.isRecord())
            {
                final Class<?>[] parameterTypes = Arrays.stream(type.getRecordComponents())
                    .map(RecordComponent::getType).toArray(Class<?>[]::new);
                final Constructor<?> constructor = type.getDeclaredConstructor(parameterTypes);
                constructor.setAccessible(true);
                return constructor.newInstance(values.toArray());
            }
            final Object entry = type.getConstructor().newInstance();
            int index = 0;
            for (final Layout layout : layoutsOf(type))
            {
                for (final Field field : layout.fields)
                {
                    field.set(entry, values.get(index++));
                }
            }
            return entry;
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new InvalidTupleException("cannot build a " + type.getName() + ": " + ex);
        }
    }

    /**
     * The fields one class of an entry's chain adds, in tuple order.
     */
    private static final class Layout
    {
        final Class<?> type;
        final Field[] fields;
        final RecordComponent[] components;
        final Class<?>[] types;

        Layout(final Class<?> type)
        {
            this.type = type;
            if (type.isRecord())
            {
                components = type.getRecordComponents();
                fields = new Field[0];
                types = Arrays.stream(components).map(c -> box(c.getType())).toArray(Class<?>[]::new);
            }
            else
            {
                components = null;
                fields = Arrays.stream(type.getDeclaredFields())
                    .filter(Layout::isEntryField)
                    .sorted(Comparator.comparing(Field::getName))
                    .toArray(Field[]::new);
                types = Arrays.stream(fields).map(f -> box(f.getType())).toArray(Class<?>[]::new);
            }
        }

        /**
         * A primitive field is matched as its boxed type; being never null, it is always an actual value in a
         * template: declare it boxed to be able to leave it out.
         */
        private static Class<?> box(final Class<?> type)
        {
            if (!type.isPrimitive())
            {
                return type;
            }
            return boolean.class == type ? Boolean.class : int.class == type ? Integer.class :
                long.class == type ? Long.class : double.class == type ? Double.class :
                java.lang.invoke.MethodType.methodType(type).wrap().returnType();
        }

        Object read(final Object entry, final int index)
        {
            try
            {
                if (null != components)
                {
                    final java.lang.reflect.Method accessor = components[index].getAccessor();
                    accessor.setAccessible(true);
                    return accessor.invoke(entry);
                }
                return fields[index].get(entry);
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new InvalidTupleException("cannot read " + type.getName() + ": " + ex);
            }
        }

        private static boolean isEntryField(final Field field)
        {
            final int modifiers = field.getModifiers();
            return Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) &&
                !Modifier.isTransient(modifiers) && !Modifier.isFinal(modifiers);
        }
    }
}
