package dev.filesys.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Watches another JVM: its heap through JMX (attach API, local management agent) and its resident set from
 * {@code /proc}; samples every 100 ms on a virtual thread while a measurement runs.
 */
final class JvmMonitor implements AutoCloseable {

    private final long pid;
    private final JMXConnector connector;
    private final MemoryMXBean memory;
    private final AtomicLong peakHeap = new AtomicLong();
    private final AtomicLong peakRss = new AtomicLong();
    private volatile boolean sampling;
    private Thread sampler;

    JvmMonitor(long pid) throws Exception {
        this.pid = pid;
        VirtualMachine vm = VirtualMachine.attach(String.valueOf(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        this.connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
        MBeanServerConnection connection = connector.getMBeanServerConnection();
        this.memory = ManagementFactory.newPlatformMXBeanProxy(
                connection, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    }

    long heapUsed() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    long heapMax() {
        return memory.getHeapMemoryUsage().getMax();
    }

    /** Heap still in use after a full collection (what the connections and sessions really hold). */
    long heapAfterGc() {
        memory.gc();
        memory.gc();
        return heapUsed();
    }

    long rss() throws IOException {
        return statusValue("VmRSS");
    }

    /** The peak resident set since the JVM started (the kernel's high-water mark). */
    long rssHighWaterMark() throws IOException {
        return statusValue("VmHWM");
    }

    /** The process's threads (the kernel's count: platform threads, including the carriers of virtual threads). */
    long threads() throws IOException {
        return statusValue("Threads") / 1024;
    }

    /** Open sockets of the process (file descriptors that are sockets). */
    long sockets() throws IOException {
        long count = 0;
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith("socket:")) {
                        count++;
                    }
                } catch (IOException e) {
                    // closed while listing
                }
            }
        }
        return count;
    }

    void startSampling() {
        peakHeap.set(0);
        peakRss.set(0);
        sampling = true;
        sampler = Thread.ofVirtual().start(() -> {
            while (sampling) {
                try {
                    peakHeap.accumulateAndGet(heapUsed(), Math::max);
                    peakRss.accumulateAndGet(rss(), Math::max);
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the JVM went away; the measurement reports what it has
                    return;
                }
            }
        });
    }

    /** Stops sampling; answers {peak heap used, peak RSS} seen while sampling. */
    long[] stopSampling() throws InterruptedException {
        sampling = false;
        sampler.join();
        return new long[] {peakHeap.get(), peakRss.get()};
    }

    private long statusValue(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException(key + " not in /proc/" + pid + "/status");
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
