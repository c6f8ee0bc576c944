package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.Connection;
import org.multiprocessing4j.Multiprocessing;
import org.multiprocessing4j.SerializableRunnable;
import org.multiprocessing4j.connection.TlsConfig;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The body of a manager's child JVM: bind the server, report the address (or why it could not
 * bind) through a pipe to the parent, serve until told to shut down.
 */
public final class ServerMain {

    private ServerMain() {}

    /**
     * What the child needs: types, key (null: the inherited process key), allow-list, address
     * (null: fresh), TLS settings (null: plaintext).
     */
    public record Spec(Map<String, Registration> registry, byte[] authkey, List<String> allowed, String address,
                       TlsConfig tls)
            implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        /** Travels as {@link Form}: its registrations' classes by name. */
        @Serial
        private Object writeReplace() {
            return new Form(this);
        }
    }

    /**
     * A {@link Spec} on its way to the manager's JVM: each registration's interface and
     * implementation by class name, the rest as it is. A {@code Class} in a JDK object stream
     * travels as its class descriptor, which the reading JVM looks up and checks field by field;
     * the 29 registrations of a {@code SyncManager} (58 classes) took a new server JVM ~100 ms
     * to read, most of its start-up after its connection.
     */
    private static final class Form implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String[] typeIds;
        private final String[] interfaces;
        private final String[] implementations;
        private final java.util.function.Supplier<?>[] suppliers;
        private final byte[] authkey;
        private final List<String> allowed;
        private final String address;
        private final TlsConfig tls;

        Form(Spec spec) {
            int n = spec.registry().size();
            typeIds = new String[n];
            interfaces = new String[n];
            implementations = new String[n];
            suppliers = new java.util.function.Supplier<?>[n];
            int i = 0;
            for (Registration r : spec.registry().values()) {
                typeIds[i] = r.typeId();
                interfaces[i] = r.iface().getName();
                implementations[i] = r.implementation() == null ? null : r.implementation().getName();
                suppliers[i] = r.supplier();
                i++;
            }
            authkey = spec.authkey();
            allowed = spec.allowed();
            address = spec.address();
            tls = spec.tls();
        }

        @Serial
        private Object readResolve() throws java.io.ObjectStreamException {
            var registry = new java.util.LinkedHashMap<String, Registration>();
            for (int i = 0; i < typeIds.length; i++) {
                registry.put(typeIds[i], new Registration(typeIds[i], load(interfaces[i]), suppliers[i],
                        implementations[i] == null ? null : load(implementations[i])));
            }
            return new Spec(Map.copyOf(registry), authkey, allowed, address, tls);
        }

        /** As the object stream resolves classes: the thread's context class loader, else this class's. */
        private static Class<?> load(String name) throws java.io.InvalidClassException {
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            try {
                return Class.forName(name, false, context != null ? context : Form.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                var refused = new java.io.InvalidClassException(name, "a registered class of the manager is not on "
                        + "its JVM's class path");
                refused.initCause(e);
                throw refused;
            }
        }
    }

    /** The child's target; captures only the spec and the pipe end. */
    public static SerializableRunnable target(Spec spec, Connection report) {
        return () -> run(spec, report);
    }

    private static void run(Spec spec, Connection report) {
        byte[] key = spec.authkey() != null ? spec.authkey() : Multiprocessing.currentProcess().authkey();
        var server = new Server(spec.registry(), key, spec.allowed(), spec.tls());
        String address;
        try {
            address = server.bind(spec.address());
        } catch (RuntimeException e) {
            report.send(ServerProcess.ERROR_PREFIX + e.getMessage());
            report.close();
            return;
        }
        report.send(address);
        report.close();
        server.serveForever();
    }
}
