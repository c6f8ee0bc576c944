/**
 * Contract suites: one abstract class per public interface ({@code LockContract},
 * {@code QueueContract}, ...) whose tests hold for every implementation, run here against the
 * shared-memory objects under the {@code spawn} and {@code thread} start methods and against a
 * manager's proxies, each with real child processes where processes are involved.
 *
 * <p>A new backend implements {@link org.multiprocessing4j.contract.ContractBackend} and adds one
 * small subclass per suite ({@code class LockOnRedisTest extends LockContract}); another Maven
 * module gets the suites from this module's {@code tests} jar.
 */
package org.multiprocessing4j.contract;
