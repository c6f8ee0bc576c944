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
