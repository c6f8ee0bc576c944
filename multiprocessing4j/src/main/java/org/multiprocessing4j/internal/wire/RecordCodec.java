package org.multiprocessing4j.internal.wire;

import org.multiprocessing4j.SerializationException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The reflection behind {@link SimpleCodec}'s records and enum constants. A record's components
 * are read from its fields (as JDK serialisation reads them: an accessor written by hand is not
 * called), and a record is made again through its canonical constructor, as JDK serialisation
 * and Fory both make one (so a compact constructor's checks run on the receiving side too); an
 * enum constant is found by its name, as JDK serialisation finds it. A class named in a message
 * is checked against the channel's allow-list before it is loaded, and loaded without being
 * initialised until it is used. SimpleCodec writes the bytes; this class only finds and calls.
 *
 * <p>A record class this module cannot open (a named module that does not open its package to
 * us) has no form here: {@link #components} returns null and the serializer writes the record.
 * Thread-safe.
 */
final class RecordCodec {

    private static final int MAX_RESOLVED = 256;

    /** How to take a record class apart and make it again, or {@link #CLOSED}. */
    private static final ClassValue<Form> FORMS = new ClassValue<>() {
        @Override
        protected Form computeValue(Class<?> type) {
            return Form.of(type);
        }
    };
    private static final Form CLOSED = new Form(null, null);

    /** Classes resolved by name for a class loader; cleared when it grows past {@link #MAX_RESOLVED}. */
    private static final ConcurrentHashMap<Key, Class<?>> RESOLVED = new ConcurrentHashMap<>();

    private record Key(ClassLoader loader, String name) {}

    private RecordCodec() {}

    /**
     * The components of {@code record}, in declaration order, or null if its class cannot be
     * opened here (the serializer then writes it).
     */
    static Object[] components(Record record) {
        Form form = FORMS.get(record.getClass());
        if (form == CLOSED) {
            return null;
        }
        Object[] values = new Object[form.fields.length];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = form.fields[i].get(record);
            } catch (IllegalAccessException e) {
                return null; // opened in Form.of: cannot happen
            }
        }
        return values;
    }

    /**
     * The record class named {@code name}, checked: allowed on this channel, a record, open here.
     *
     * @param allowed the classes this channel may decode, by binary name
     * @throws SerializationException if the class is not allowed, not on the class path, not a
     *         record, or cannot be opened here
     */
    static Class<?> type(String name, Predicate<String> allowed) {
        Class<?> type = allowedClass(name, allowed);
        if (!type.isRecord()) {
            throw new SerializationException("cannot deserialise: corrupt simple value (" + name + " is not a record class)", name, null);
        }
        if (FORMS.get(type) == CLOSED) {
            throw new SerializationException("cannot deserialise record " + name + ": its canonical constructor cannot be"
                    + " opened here (open its package to org.multiprocessing4j)", name, null);
        }
        return type;
    }

    /**
     * The record of {@code type} (from {@link #type}) made from {@code components}.
     *
     * @throws SerializationException if the count or types of the components do not fit, or the
     *         record's constructor refuses them
     */
    static Object create(Class<?> type, Object[] components) {
        Form form = FORMS.get(type);
        String name = type.getName();
        if (components.length != form.fields.length) {
            throw new SerializationException("cannot deserialise: corrupt simple value (" + components.length
                    + " components for record " + name + ", which has " + form.fields.length + ")", name, null);
        }
        try {
            return form.constructor.newInstance(components);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new SerializationException("cannot deserialise record " + name + ": its constructor refused the components: "
                    + cause, name, cause);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("cannot deserialise: corrupt simple value (components of record " + name
                    + " of the wrong types: " + e.getMessage() + ")", name, e);
        } catch (ReflectiveOperationException e) {
            throw new SerializationException("cannot deserialise record " + name + ": " + e, name, e);
        }
    }

    /**
     * The enum named {@code name}, checked: allowed on this channel and an enum.
     *
     * @throws SerializationException if the class is not allowed, not on the class path, or not an enum
     */
    static Class<?> enumType(String name, Predicate<String> allowed) {
        Class<?> type = allowedClass(name, allowed);
        if (!type.isEnum()) {
            throw new SerializationException("cannot deserialise: corrupt simple value (" + name + " is not an enum)", name, null);
        }
        return type;
    }

    /**
     * The constant named {@code constant} of {@code type} (from {@link #enumType}), as JDK
     * serialisation finds it: by name.
     *
     * @throws SerializationException if the enum has no such constant (another version of it)
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object constant(Class<?> type, String constant) {
        try {
            return Enum.valueOf((Class) type, constant);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("cannot deserialise: enum " + type.getName() + " has no constant " + constant
                    + " in this process (another version of the class?)", type.getName(), e);
        }
    }

    /** The class named {@code name}, once {@code allowed} accepts the name (before it is loaded). */
    private static Class<?> allowedClass(String name, Predicate<String> allowed) {
        if (!allowed.test(name)) {
            throw new SerializationException("cannot deserialise: class " + name + " is not allowed on this channel", name, null);
        }
        return resolve(name);
    }

    /** As object streams resolve classes: the thread's context class loader, else this class's; not initialised. */
    private static Class<?> resolve(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader loader = context != null ? context : RecordCodec.class.getClassLoader();
        var key = new Key(loader, name);
        Class<?> type = RESOLVED.get(key);
        if (type == null) {
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new SerializationException("cannot deserialise: class " + name + " is not on this process's class path",
                        name, e);
            }
            if (RESOLVED.size() >= MAX_RESOLVED) {
                RESOLVED.clear();
            }
            RESOLVED.put(key, type);
        }
        return type;
    }

    /** A record class's component fields and canonical constructor, opened for reflection. */
    private static final class Form {
        private final Field[] fields;
        private final Constructor<?> constructor;

        private Form(Field[] fields, Constructor<?> constructor) {
            this.fields = fields;
            this.constructor = constructor;
        }

        static Form of(Class<?> type) {
            if (!type.isRecord()) {
                return CLOSED;
            }
            RecordComponent[] parts = type.getRecordComponents();
            Field[] fields = new Field[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) {
                    fields[i] = type.getDeclaredField(parts[i].getName());
                    types[i] = parts[i].getType();
                    if (!fields[i].trySetAccessible()) {
                        return CLOSED;
                    }
                }
                Constructor<?> constructor = type.getDeclaredConstructor(types);
                return constructor.trySetAccessible() ? new Form(fields, constructor) : CLOSED;
            } catch (NoSuchFieldException | NoSuchMethodException e) {
                return CLOSED; // every record has them
            }
        }
    }
}
