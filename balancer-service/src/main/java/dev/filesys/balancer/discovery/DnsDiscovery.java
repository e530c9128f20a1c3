package dev.filesys.balancer.discovery;

import dev.filesys.balancer.BalancerProperties;
import dev.filesys.balancer.BalancerProperties.Discovery;
import dev.filesys.balancer.registry.ServerRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Keeps the registry's discovered servers in step with a DNS name, when one is configured: several balancer replicas
 * each find the file-services on their own, because a heartbeat through a load-balanced Service reaches only one of them. Every
 * {@code interval} the name is resolved (the first time right at start-up); each address is a server at
 * {@code scheme://address:port} with the id {@code ip-} and the address, dots and colons turned into hyphens
 * ({@code ip-10-1-2-3}), which stays the same for as long as the address does. A file-service names its own id in its
 * availability answers, and codes are signed for that id, so the derived one only keys the registry.
 *
 * <p>When the name does not resolve (DNS unreachable, or no ready pod behind a headless Service), the servers found
 * last stay: the failure protocol takes care of any that are gone, and a hiccup of DNS does not empty the rotation.
 */
@Component
class DnsDiscovery implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(DnsDiscovery.class);

    private final ServerRegistry registry;
    private final Discovery settings;
    private final AddressResolver resolver;
    private volatile boolean failing;

    @Autowired
    DnsDiscovery(ServerRegistry registry, BalancerProperties properties) {
        this(registry, properties.discovery(), AddressResolver.SYSTEM);
    }

    DnsDiscovery(ServerRegistry registry, Discovery settings, AddressResolver resolver) {
        this.registry = registry;
        this.settings = settings;
        this.resolver = resolver;
    }

    /** One round: resolves the name and hands what it found to the registry; keeps the last servers if it fails. */
    void refresh() {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(settings.dnsName());
        } catch (UnknownHostException e) {
            if (!failing) {
                failing = true;
                log.warn("cannot resolve {}: keeping the servers discovered so far", settings.dnsName());
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("{} resolves again", settings.dnsName());
        }
        Map<String, String> found = new TreeMap<>();
        addresses.forEach(address -> found.put(serverId(address), url(address)));
        registry.replaceDiscovered(found);
    }

    /** {@code ip-10-1-2-3} for 10.1.2.3, {@code ip-fd00-0-0-0-0-0-0-1} for fd00::1: a valid server id, one per address. */
    static String serverId(InetAddress address) {
        return "ip-"
                + literal(address).toLowerCase(Locale.ROOT).replace('.', '-').replace(':', '-');
    }

    private String url(InetAddress address) {
        String host = address instanceof Inet6Address ? "[" + literal(address) + "]" : literal(address);
        return settings.scheme() + "://" + host + ":" + settings.port();
    }

    /** The address as text, without an IPv6 scope ({@code %eth0}), which is meaningless to other hosts. */
    private static String literal(InetAddress address) {
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        return scope < 0 ? text : text.substring(0, scope);
    }

    /** A job on the service's scheduler that resolves the name at once and then every interval, if a name is set. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        if (!settings.enabled()) {
            return;
        }
        log.info(
                "discovering file-services at {}://{}:{} every {} ms",
                settings.scheme(),
                settings.dnsName(),
                settings.port(),
                settings.interval().toMillis());
        tasks.addFixedDelayTask(new FixedDelayTask(this::refresh, settings.interval(), Duration.ZERO));
    }
}
