package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.connection.TlsConfig;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The bridge from the public {@link TlsConfig}, which alone reads its passwords, to the
 * {@link SSLEngine}s of {@link TlsChannel}: the public class installs its context factory when
 * it is initialised (as {@code Connection} does in {@link Connections}). One context per
 * configuration and JVM, built on first use, so the stores are read once.
 */
public final class TlsContexts {

    private static volatile Function<TlsConfig, SSLContext> factory;
    private static final Map<TlsConfig, SSLContext> CONTEXTS = new ConcurrentHashMap<>();

    private TlsContexts() {}

    public static void install(Function<TlsConfig, SSLContext> f) {
        factory = f;
    }

    /**
     * A fresh engine for one connection: a server engine presents the key store's certificate
     * (and requires a client's if so configured); a client engine verifies the server, and its
     * host name unless turned off.
     *
     * @param host the host the client connected to (for hostname verification); ignored by a server
     * @throws IllegalArgumentException if the configuration's stores cannot be read here
     */
    static SSLEngine engine(TlsConfig tls, boolean client, String host, int port) {
        SSLContext context = CONTEXTS.computeIfAbsent(tls, factory); // the config's class is initialised: it exists
        SSLEngine engine = client ? context.createSSLEngine(host, port) : context.createSSLEngine();
        engine.setUseClientMode(client);
        SSLParameters p = engine.getSSLParameters();
        p.setProtocols(tls.protocols().toArray(String[]::new));
        if (client) {
            p.setEndpointIdentificationAlgorithm(tls.hostnameVerification() ? "HTTPS" : null);
        } else {
            p.setNeedClientAuth(tls.requireClientCertificate());
        }
        engine.setSSLParameters(p);
        return engine;
    }
}
