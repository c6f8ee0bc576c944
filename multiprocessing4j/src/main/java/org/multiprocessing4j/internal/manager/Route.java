package org.multiprocessing4j.internal.manager;

import org.multiprocessing4j.connection.TlsConfig;

import java.util.List;

/**
 * Where a proxy's calls go: a connection pool to a manager's server ({@link ClientEndpoint}),
 * or the server itself when the proxy lives in the server's JVM ({@link Server}).
 */
public interface Route {

    /** Performs the request; throws what the method threw there. */
    Object call(Wire.Request request) throws Throwable;

    /** The server's address in {@link Wire#format} form. */
    String address();

    /** The key a proxy must carry when it travels: null when the receiver's own key is the same. */
    byte[] carriedAuthkey();

    /** Extra allow-list entries for strict (TCP) channels. */
    List<String> allowed();

    /** The TLS settings of the server's connections (a proxy carries them), or null for plaintext. */
    TlsConfig tls();
}
