package org.multiprocessing4j.internal.connection;

import org.multiprocessing4j.internal.os.Entropy;
import org.multiprocessing4j.internal.spawn.ControlServer;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where other processes claim copies of this JVM's pipe ends. Each export is claimable once, by
 * whoever proves knowledge of its own random secret, which travels only inside the serialised
 * connection (itself sent over an authenticated channel). The claim is an ordinary connection
 * to this JVM's {@link ControlServer}, with the export's id and secret instead of a process's.
 *
 * <pre>
 *  step  claiming process                       this JVM (control server)
 *  1     HELLO  export id (8 bytes)          →  looks the export up and removes it
 *  2-5   the HMAC handshake, keyed with the export's secret
 *  6                                            relays frames between the claimed socket and the end
 * </pre>
 *
 * Nothing the claimant sends is decoded: the end only relays whole frames of the pipe.
 */
final class PipeBroker {

    /** How long an export waits for its claim before releasing its hold on the pipe. */
    static final Duration CLAIM_LIMIT = Duration.ofSeconds(60);


    private PipeBroker() {}

    /** Registers a claimable copy of {@code end} (which already counts it as a holder). */
    static PipeEndHandle export(SharedEnd end) {
        var server = ControlServer.get();
        long id = ControlServer.newId();
        var secret = new byte[32];
        Entropy.fill(secret);
        server.expectConnection(id, secret, null).whenComplete((link, error) -> {
            if (error != null) {
                end.release(); // a claimant that failed to authenticate
                return;
            }
            var ch = (SocketChannel) link.channel();
            try {
                end.attach(new SocketTransport(ch, "a copy of the pipe end in another process", true, true),
                        Long.toString(id));
            } catch (IOException e) {
                SocketEndpoints.closeQuietly(ch);
                end.release();
            }
        });
        Runnable withdraw = () -> {
            if (server.forgetConnection(id)) {
                end.release(); // never claimed
            }
        };
        CompletableFuture.delayedExecutor(CLAIM_LIMIT.toMillis(), TimeUnit.MILLISECONDS).execute(withdraw);
        Connections.RecipientExports.collect(withdraw);
        return new PipeEndHandle(server.socket().toString(), id, secret, end.isReadable(), end.isWritable());
    }
}
